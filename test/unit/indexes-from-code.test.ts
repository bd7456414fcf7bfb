import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CollectionGroup, Firestore } from 'firebase-admin/firestore';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { type Collections, collections } from '../../functions/src/adapters/firestore/collections.js';

// The emulator does not enforce composite indexes; production does. This reads every query the
// functions build on the collections registry, straight from their source, works out the index
// Firestore needs for it, and fails when firestore.indexes.json lacks it.

interface FoundQuery {
  file: string;
  method: string;
  /** A where() or orderBy() whose field is not a string literal: the index cannot be checked. */
  unresolved: string[];
  filters: { field: string; op: string }[];
  orderBy: string[];
}

const CHAIN = new Set(['where', 'orderBy', 'limit', 'select', 'get', 'count', 'offset', 'startAfter', 'onSnapshot']);
const EQUALITY = new Set(['==', 'in']);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

function queriesIn(file: string, registryMethods: Set<string>): FoundQuery[] {
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
          const [first, second] = link.arguments;
          if (name === 'where' && first && second && ts.isStringLiteralLike(first) && ts.isStringLiteralLike(second)) {
            query.filters.unshift({ field: first.text, op: second.text });
          } else if (name === 'orderBy' && first && ts.isStringLiteralLike(first)) {
            query.orderBy.unshift(first.text);
          } else if (name === 'where' || name === 'orderBy') {
            query.unresolved.push(link.getText(source).split('\n')[0] ?? name);
          } else if (!CHAIN.has(name)) {
            if (registryMethods.has(name)) query.method = name;
            break;
          }
          link = link.expression.expression;
        }
        if (query.method && (query.filters.length > 0 || query.orderBy.length > 0 || query.unresolved.length > 0)) found.push(query);
      }
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
  const ordered = [...new Set([...ranges, ...query.orderBy])];
  const fields = [...new Set([...equalities, ...ordered])];
  if (fields.length <= 1) return collectionGroup ? { kind: 'single' as const, field: fields[0] as string } : undefined;
  if (ordered.length === 0 && !collectionGroup) return undefined; // equalities only: index merging
  return { kind: 'composite' as const, equalities: [...new Set(equalities)].sort(), ordered };
}

const indexes = JSON.parse(readFileSync('firestore.indexes.json', 'utf8')) as {
  indexes: { collectionGroup: string; queryScope: string; fields: { fieldPath: string }[] }[];
  fieldOverrides: { collectionGroup: string; fieldPath: string; indexes: { queryScope: string }[] }[];
};

describe('every query the functions make has its index in firestore.indexes.json', () => {
  const store = collections(new Firestore({ projectId: 'demo-index-check' }));
  const registryMethods = new Set(Object.keys(store).filter((key) => key !== 'db'));
  const queries = sourceFiles('functions/src').flatMap((file) => queriesIn(file, registryMethods));

  it('finds the queries in the code (the ring-timeout sweep and the token look-ups at least)', () => {
    const described = queries.map((q) => `${q.method}: ${q.filters.map((f) => `${f.field} ${f.op}`).join(', ')}`);
    expect(described).toEqual(
      expect.arrayContaining(['invitations: sweepShard ==, status ==, expiresAt <', 'allDevices: fcmToken ==', 'allDevices: voipToken ==']),
    );
  });

  it('can read every query: fields and operators are written as literals', () => {
    expect(queries.flatMap((q) => q.unresolved.map((text) => `${q.file}: ${text}`))).toEqual([]);
  });

  it.each(queries.map((q) => [`${q.method} in ${q.file}: ${JSON.stringify({ where: q.filters, orderBy: q.orderBy })}`, q] as const))(
    '%s',
    (_, query) => {
      const target = (store[query.method as keyof Collections] as (...args: string[]) => unknown)('x', 'x');
      const collectionGroup = target instanceof CollectionGroup;
      const collectionId = collectionGroup
        ? (target as unknown as { _queryOptions: { collectionId: string } })._queryOptions.collectionId
        : (target as { id: string }).id;
      const scope = collectionGroup ? 'COLLECTION_GROUP' : 'COLLECTION';
      // A field exempted from indexing (indexes: [], against hot spots) must not be one a query
      // relies on the automatic single-field indexes for.
      const exempted = indexes.fieldOverrides
        .filter((o) => o.collectionGroup === collectionId && o.indexes.length === 0)
        .map((o) => o.fieldPath);
      const fields = [...query.filters.map((f) => f.field), ...query.orderBy];
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
      const declared = indexes.indexes.some((index) => {
        if (index.collectionGroup !== collectionId || index.queryScope !== scope) return false;
        const paths = index.fields.map((f) => f.fieldPath);
        const head = paths.slice(0, needed.equalities.length).sort();
        const tail = paths.slice(needed.equalities.length);
        return JSON.stringify(head) === JSON.stringify(needed.equalities) && JSON.stringify(tail) === JSON.stringify(needed.ordered);
      });
      expect(declared, `a ${scope} index on ${collectionId} (${[...needed.equalities, ...needed.ordered].join(', ')})`).toBe(true);
    },
  );
});
