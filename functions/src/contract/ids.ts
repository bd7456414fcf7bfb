import { z } from 'zod';

export const MAX_ID_LENGTH = 128;

/** A UTF-16 surrogate without its pair: not text, and Firestore refuses it in a document id. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Whether a string is well-formed UTF-16, as every string a client sends must be. */
export const isWellFormed = (text: string): boolean => !LONE_SURROGATE.test(text);
export const WELL_FORMED_MESSAGE = 'must be well-formed text (it holds a lone UTF-16 surrogate)';

/**
 * Every id a client sends becomes (part of) a Firestore document path, so it must be a valid
 * document id: no "/", not "." or "..", not the reserved "__name__" form.
 */
export const idSchema = z
  .string()
  .max(MAX_ID_LENGTH, `must be at most ${MAX_ID_LENGTH} characters`)
  .refine((id) => id.trim().length > 0, 'must not be empty or blank')
  .refine(isWellFormed, WELL_FORMED_MESSAGE)
  .refine((id) => !id.includes('/'), 'must not contain "/"')
  .refine((id) => id !== '.' && id !== '..', 'must not be "." or ".."')
  .refine((id) => !/^__.*__$/.test(id), 'must not have the reserved form __name__');
