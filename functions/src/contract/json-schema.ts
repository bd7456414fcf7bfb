import { z } from 'zod';
import { callables } from './callables.js';
import {
  callCancelledPushDataSchema,
  callInvitationPushDataSchema,
  callOngoingPushDataSchema,
  missedCallPushDataSchema,
} from './push-payloads.js';
import { storedDocumentSchemas } from './documents.js';
import { sendCallInvitationResponseSchema, sendGroupCallInvitationResponseSchema } from './responses.js';

// The contract as JSON Schema, for apps that cannot use the TypeScript types (Kotlin, Swift):
// generated from the very zod schemas the functions parse with. `npm run schema` writes them to
// schema/; a unit test fails when the files there are not what these schemas give.

/** Each callable's request, as the app sends it (defaults may be left out). */
const REQUESTS: Record<string, z.ZodType> = Object.fromEntries(Object.entries(callables).map(([name, { request }]) => [name, request]));

/** Each callable's answer; sendCallInvitation's two shapes are two files (`sendCallInvitation-group` for more than one callee). */
const RESPONSES: Record<string, z.ZodType> = {
  ...Object.fromEntries(Object.entries(callables).map(([name, { response }]) => [name, response])),
  sendCallInvitation: sendCallInvitationResponseSchema,
  'sendCallInvitation-group': sendGroupCallInvitationResponseSchema,
};

/** Each push's data payload, by its `type`. */
const PUSH_PAYLOADS: Record<string, z.ZodType> = {
  call_invitation: callInvitationPushDataSchema,
  call_cancelled: callCancelledPushDataSchema,
  missed_call: missedCallPushDataSchema,
  call_ongoing: callOngoingPushDataSchema,
};

/** How a Firestore Timestamp arrives in a native SDK's map of a document. */
const firestoreTimestamp = z
  .object({ seconds: z.number().int(), nanoseconds: z.number().int() })
  .meta({ description: 'a Firestore Timestamp (com.google.firebase.Timestamp on Android, Timestamp in the iOS SDK)' });

/** The documents an app reads, by their path pattern. */
const stored = storedDocumentSchemas(firestoreTimestamp);
const DOCUMENTS: Record<string, z.ZodType> = {
  conversations: stored.conversationDocSchema,
  'conversation-messages': stored.messageDocSchema,
  callInvitations: stored.invitationDocSchema,
  'callInvitation-deliveries': stored.deliveryDocSchema,
  'callInvitation-receipts': stored.receiptDocSchema,
  calls: stored.callDocSchema,
  presence: stored.presenceDocSchema,
  users: stored.userProfileDocSchema,
  'user-devices': stored.deviceDocSchema,
  'user-blocked': stored.blockedDocSchema,
  activeCalls: stored.activeCallDocSchema,
};

/**
 * What Beckon sends (answers, pushes, documents), open to fields it does not list at every level:
 * Beckon adds fields rather than renames them, and an app must not break on a new one. (zod's
 * "input" view is the open one: it reads an object with extra keys and drops them.)
 */
const openSchema = (schema: z.ZodType) => z.toJSONSchema(schema, { io: 'input' });

/**
 * Every schema file, by its path under schema/. Rules that JSON Schema cannot say (an id must not
 * contain "/", exactly one of calleeId and calleeIds) are the server's to check, and it answers
 * `invalid-argument` naming the field.
 */
export function contractJsonSchemas(): Record<string, unknown> {
  const files: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries(REQUESTS)) {
    files[`requests/${name}.json`] = { title: `${name} request`, ...z.toJSONSchema(schema, { io: 'input' }) };
  }
  for (const [name, schema] of Object.entries(RESPONSES)) {
    files[`responses/${name}.json`] = { title: `${name} response`, ...openSchema(schema) };
  }
  for (const [path, schema] of Object.entries(DOCUMENTS)) {
    files[`documents/${path}.json`] = { title: `${path} document`, ...openSchema(schema) };
  }
  for (const [type, schema] of Object.entries(PUSH_PAYLOADS)) {
    files[`push/${type}.json`] = { title: `${type} push data`, ...openSchema(schema) };
  }
  return files;
}
