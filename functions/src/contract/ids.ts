import { z } from 'zod';

export const MAX_ID_LENGTH = 128;

/**
 * Every id a client sends becomes (part of) a Firestore document path, so it must be a valid
 * document id: no "/", not "." or "..", not the reserved "__name__" form.
 */
export const idSchema = z
  .string()
  .max(MAX_ID_LENGTH, `must be at most ${MAX_ID_LENGTH} characters`)
  .refine((id) => id.trim().length > 0, 'must not be empty or blank')
  .refine((id) => !id.includes('/'), 'must not contain "/"')
  .refine((id) => id !== '.' && id !== '..', 'must not be "." or ".."')
  .refine((id) => !/^__.*__$/.test(id), 'must not have the reserved form __name__');
