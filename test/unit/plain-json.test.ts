import { describe, expect, it } from 'vitest';
import { MAX_REQUEST_DEPTH, notPlainJsonAt } from '../../functions/src/domain/errors/plain-json.js';

/** What firebase-functions hands a callable for this JSON text: JSON.parse, then a copy by assignment, key by key. */
function decoded(json: string): unknown {
  const copy = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(copy);
    if (value === null || typeof value !== 'object') return value;
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = copy(item);
    return out;
  };
  return copy(JSON.parse(json));
}

describe('notPlainJsonAt', () => {
  it('passes plain requests, nested objects and arrays, and null', () => {
    expect(notPlainJsonAt({ calleeIds: ['a', 'b'], conversationId: 'c', allowJoin: true })).toBeUndefined();
    expect(notPlainJsonAt({ a: { b: [{ c: 1 }] } })).toBeUndefined();
    expect(notPlainJsonAt(null)).toBeUndefined();
    expect(notPlainJsonAt('text')).toBeUndefined();
  });

  it('finds fields smuggled under __proto__, which a plain read would take for the request’s own', () => {
    const smuggled = decoded('{"__proto__": {"calleeId": "victim"}}') as { calleeId?: string };
    expect(smuggled.calleeId).toBe('victim');
    expect(notPlainJsonAt(smuggled)).toBe('(request)');
    expect(notPlainJsonAt(decoded('{"calleeId": "bob", "nested": {"__proto__": {"x": 1}}}'))).toBe('nested');
    // "__proto__": null leaves an object with no prototype and no trace of the key: refused too.
    expect(notPlainJsonAt(decoded('{"__proto__": null, "uid": "victim"}'))).toBe('(request)');
    expect(notPlainJsonAt(Object.create(null))).toBe('(request)');
  });

  it('refuses own constructor and prototype keys, naming where', () => {
    expect(notPlainJsonAt(JSON.parse('{"__proto__": 1}'))).toBe('__proto__');
    expect(notPlainJsonAt({ constructor: 'x' })).toBe('constructor');
    expect(notPlainJsonAt({ a: [{ prototype: {} }] })).toBe('a.0.prototype');
  });

  it('refuses data nested deeper than any request, without walking all of it', () => {
    let deep: unknown = 'bottom';
    for (let level = 0; level < 3_000; level++) deep = [deep];
    expect(notPlainJsonAt(deep)).toBe(Array.from({ length: MAX_REQUEST_DEPTH }, () => '0').join('.'));
  });
});
