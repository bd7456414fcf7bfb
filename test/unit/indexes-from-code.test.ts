import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CollectionGroup, Firestore } from 'firebase-admin/firestore';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { type Collections, collections } from '../../functions/src/adapters/firestore/collections.js';

// The emulator does not enforce composite indexes; production does. This reads every query built
// in the code, straight from its source, works out the index Firestore needs for it, and fails
// when firestore.indexes.json lacks it: the functions' queries on the collections registry
// (`store.invitations().where(...)`), and the apps' (the client library's and the demo's
// `query(collection(db, ...), where(...), orderBy(...))`).

type Direction = 'ASCENDING' | 'DESCENDING';

interface FoundQuery {
  file: string;
  /** The registry method (functions) or `collection`/`collectionGroup` (apps) the query starts from. */
  method: string;
  /** The collection id, when the code names it (apps); for the functions, the registry gives it. */
  collectionId?: string;
  /** A where(), orderBy() or collection path whose text is not a string literal: the index cannot be checked. */
  unresolved: string[];
  filters: { field: string; op: string }[];
  orderBy: { field: string; direction: Direction }[];
}

const CHAIN = new Set(['where', 'orderBy', 'limit', 'select', 'get', 'count', 'offset', 'startAfter', 'onSnapshot']);
// Filters that sit in an index's leading, unordered part: an array-contains is an equality on one element.
const EQUALITY = new Set(['==', 'in', 'array-contains', 'array-contains-any']);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

const directionArgument = (argument: ts.Expression | undefined): Direction =>
  argument && ts.isStringLiteralLike(argument) && argument.text === 'desc' ? 'DESCENDING' : 'ASCENDING';

/** A where() or orderBy() call's literal arguments into the query, or its text into `unresolved`. */
function addConstraint(query: FoundQuery, name: string, args: readonly ts.Expression[], text: string): void {
  const [first, second] = args;
  if (name === 'where' && first && second && ts.isStringLiteralLike(first) && ts.isStringLiteralLike(second)) {
    query.filters.unshift({ field: first.text, op: second.text });
  } else if (name === 'orderBy' && first && ts.isStringLiteralLike(first)) {
    query.orderBy.unshift({ field: first.text, direction: directionArgument(args[1]) });
  } else if (name === 'where' || name === 'orderBy') {
    query.unresolved.push(text.split('\n')[0] ?? name);
  }
}

const constrains = (query: FoundQuery) => query.filters.length > 0 || query.orderBy.length > 0 || query.unresolved.length > 0;

/** The functions' queries: admin SDK chains that start from a method of the collections registry. */
function adminQueriesIn(file: string, registryMethods: Set<string>): FoundQuery[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
  const found: FoundQuery[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && CHAIN.has(node.expression.name.text)) {
      const parent = node.parent;
      const continues = ts.isPropertyAccessExpression(parent) && CHAIN.has(parent.name.text);
      if (!continues) {
        const query: FoundQuery = { file, method: '', unresolved: [], filters: [], orderBy: [] };
        let link: ts.Expression = node;
        while (ts.isCallExpression(link) && ts.isPropertyAccessExpression(link.expression)) {
          const name = link.expression.name.text;
          if (!CHAIN.has(name)) {
            if (registryMethods.has(name)) query.method = name;
            break;
          }
          addConstraint(query, name, link.arguments, link.getText(source));
          link = link.expression.expression;
        }
        if (query.method && constrains(query)) found.push(query);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** The apps' queries: the modular SDK's `query(collection(db, ...path), ...constraints)`. */
function clientQueriesIn(file: string): FoundQuery[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
  const found: FoundQuery[] = [];
  const visit = (node: ts.Node) => {
    const [from, ...constraints] = ts.isCallExpression(node) ? node.arguments : [];
    if (
      ts.isCallExpression(node) &&
      ts.isIdentifier(node.expression) &&
      node.expression.text === 'query' &&
      from &&
      ts.isCallExpression(from) &&
      ts.isIdentifier(from.expression) &&
      (from.expression.text === 'collection' || from.expression.text === 'collectionGroup')
    ) {
      const query: FoundQuery = { file, method: from.expression.text, unresolved: [], filters: [], orderBy: [] };
      // collection(db, 'a', id, 'b'): the collection is the path's last segment.
      const last = from.arguments[from.arguments.length - 1];
      if (last && ts.isStringLiteralLike(last)) query.collectionId = last.text;
      else query.unresolved.push(from.getText(source));
      for (const constraint of [...constraints].reverse()) {
        if (ts.isCallExpression(constraint) && ts.isIdentifier(constraint.expression)) {
          addConstraint(query, constraint.expression.text, constraint.arguments, constraint.getText(source));
        } else {
          query.unresolved.push(constraint.getText(source));
        }
      }
      if (constrains(query)) found.push(query);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** The index a query needs, or undefined when Firestore's automatic single-field indexes serve it. */
function neededIndex(query: FoundQuery, collectionGroup: boolean) {
  const equalities = query.filters.filter((f) => EQUALITY.has(f.op)).map((f) => f.field);
  const ranges = query.filters.filter((f) => !EQUALITY.has(f.op)).map((f) => f.field);
  // A range field is ordered first, in the direction its orderBy (if any) gives.
  const ordered = [...new Set([...ranges, ...query.orderBy.map((o) => o.field)])].map((field) => ({
    field,
    direction: query.orderBy.find((o) => o.field === field)?.direction ?? ('ASCENDING' as Direction),
  }));
  const fields = [...new Set([...equalities, ...ordered.map((o) => o.field)])];
  if (fields.length <= 1) return collectionGroup ? { kind: 'single' as const, field: fields[0] as string } : undefined;
  if (ordered.length === 0 && !collectionGroup) return undefined; // equalities only: index merging
  return { kind: 'composite' as const, equalities: [...new Set(equalities)].sort(), ordered };
}

const indexes = JSON.parse(readFileSync('firestore.indexes.json', 'utf8')) as {
  indexes: { collectionGroup: string; queryScope: string; fields: { fieldPath: string; order?: Direction }[] }[];
  fieldOverrides: { collectionGroup: string; fieldPath: string; indexes: { queryScope: string }[] }[];
};

const store = collections(new Firestore({ projectId: 'demo-index-check' }));
const registryMethods = new Set(Object.keys(store).filter((key) => key !== 'db'));

/** The collection a query reads and whether across every parent (a collection group). */
function targetOf(query: FoundQuery): { collectionId: string; collectionGroup: boolean } {
  if (query.collectionId) return { collectionId: query.collectionId, collectionGroup: query.method === 'collectionGroup' };
  const target = (store[query.method as keyof Collections] as (...args: string[]) => unknown)('x', 'x');
  const collectionGroup = target instanceof CollectionGroup;
  const collectionId = collectionGroup
    ? (target as unknown as { _queryOptions: { collectionId: string } })._queryOptions.collectionId
    : (target as { id: string }).id;
  return { collectionId, collectionGroup };
}

const functionQueries = sourceFiles('functions/src').flatMap((file) => adminQueriesIn(file, registryMethods));
const appQueries = ['client/src', 'web/src'].flatMap(sourceFiles).flatMap(clientQueriesIn);
const describeQuery = (q: FoundQuery) => `${targetOf(q).collectionId}: ${q.filters.map((f) => `${f.field} ${f.op}`).join(', ')}`;

describe('every query in the code has its index in firestore.indexes.json', () => {
  const queries = [...functionQueries, ...appQueries];

  it("finds the functions' queries (the ring-timeout sweep and the token look-ups at least)", () => {
    expect(functionQueries.map(describeQuery)).toEqual(
      expect.arrayContaining([
        'callInvitations: sweepShard ==, status ==, expiresAt <',
        'devices: fcmTokenHash ==',
        'devices: voipToken ==',
      ]),
    );
  });

  it("finds the apps' queries (the client library's incoming calls and history, the demo's push panel at least)", () => {
    expect(appQueries.map((q) => `${describeQuery(q)} | ${q.orderBy.map((o) => `${o.field} ${o.direction}`).join(', ')}`)).toEqual(
      expect.arrayContaining([
        'callInvitations: calleeId ==, status == | createdAt ASCENDING',
        'messages:  | createdAt ASCENDING',
        'pushOutbox: uid == | createdAt DESCENDING',
      ]),
    );
  });

  it('can read every query: collections, fields and operators are written as literals', () => {
    expect(queries.flatMap((q) => q.unresolved.map((text) => `${q.file}: ${text}`))).toEqual([]);
  });

  it.each(queries.map((q) => [`${q.file}: ${describeQuery(q)} ${JSON.stringify(q.orderBy)}`, q] as const))('%s', (_, query) => {
    const { collectionId, collectionGroup } = targetOf(query);
    const scope = collectionGroup ? 'COLLECTION_GROUP' : 'COLLECTION';
    // A field exempted from indexing (indexes: [], against hot spots) must not be one a query
    // relies on the automatic single-field indexes for.
    const exempted = indexes.fieldOverrides
      .filter((o) => o.collectionGroup === collectionId && o.indexes.length === 0)
      .map((o) => o.fieldPath);
    const fields = [...query.filters.map((f) => f.field), ...query.orderBy.map((o) => o.field)];
    const needed = neededIndex(query, collectionGroup);
    if (!needed || needed.kind === 'single') {
      expect(
        fields.filter((field) => exempted.includes(field)),
        `fields of this query exempted from indexing`,
      ).toEqual([]);
    }
    if (!needed) return;
    if (needed.kind === 'single') {
      const override = indexes.fieldOverrides.find((o) => o.collectionGroup === collectionId && o.fieldPath === needed.field);
      expect(
        override?.indexes.map((i) => i.queryScope),
        `a ${scope} index on ${collectionId}.${needed.field}`,
      ).toContain(scope);
      return;
    }
    // The ordered part must match field for field and direction for direction.
    const wanted = needed.ordered.map((o) => `${o.field} ${o.direction}`);
    const declared = indexes.indexes.some((index) => {
      if (index.collectionGroup !== collectionId || index.queryScope !== scope) return false;
      const head = index.fields.slice(0, needed.equalities.length).map((f) => f.fieldPath);
      const tail = index.fields.slice(needed.equalities.length).map((f) => `${f.fieldPath} ${f.order ?? 'ASCENDING'}`);
      return JSON.stringify(head.sort()) === JSON.stringify(needed.equalities) && JSON.stringify(tail) === JSON.stringify(wanted);
    });
    expect(declared, `a ${scope} index on ${collectionId} (${[...needed.equalities, ...wanted].join(', ')})`).toBe(true);
  });
});
