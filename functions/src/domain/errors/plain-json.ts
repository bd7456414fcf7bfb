/** Keys that name the prototype machinery: decoded into an object, they change what it inherits. */
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Deeper than any request Beckon takes (its deepest is 2); deeper data is refused, not walked. */
export const MAX_REQUEST_DEPTH = 16;

/**
 * Where a request's data is not plain JSON data, or undefined when it is: an object whose
 * prototype is not a plain object's (a `__proto__` key in the JSON sets it while firebase-functions
 * decodes the request, and the fields it carries would then be read as the request's own), an own
 * `__proto__`, `constructor` or `prototype` key, or nesting deeper than MAX_REQUEST_DEPTH. A null
 * prototype is refused as well: only `"__proto__": null` in the JSON makes one.
 * Answers the dotted path of the first such place (`(request)` for the data itself).
 */
export function notPlainJsonAt(value: unknown, path: readonly string[] = []): string | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const here = path.length > 0 ? path.join('.') : '(request)';
  if (path.length >= MAX_REQUEST_DEPTH) return here;
  const entries: [string, unknown][] = Array.isArray(value) ? value.map((item, index) => [String(index), item]) : [];
  if (!Array.isArray(value)) {
    const prototype: unknown = Object.getPrototypeOf(value);
    // Null too: decoding gives every object a plain prototype, so null means a `"__proto__": null` set it.
    if (prototype !== Object.prototype) return here;
    for (const key of Object.keys(value)) {
      if (PROTOTYPE_KEYS.has(key)) return [...path, key].join('.');
      entries.push([key, (value as Record<string, unknown>)[key]]);
    }
  }
  for (const [key, item] of entries) {
    const found = notPlainJsonAt(item, [...path, key]);
    if (found) return found;
  }
  return undefined;
}
