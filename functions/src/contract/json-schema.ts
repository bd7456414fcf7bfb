import { z } from 'zod';
import { blockUserRequestSchema } from './blocking.js';
import { joinCallRequestSchema } from './calls.js';
import { registerDeviceRequestSchema, unregisterDeviceRequestSchema } from './devices.js';
import { diagnoseCallInvitationRequestSchema, sendTestPushRequestSchema } from './diagnosis.js';
import { sendCallInvitationRequestSchema } from './invitations.js';
import { cancelCallInvitationRequestSchema, endCallRequestSchema, respondToCallInvitationRequestSchema } from './lifecycle.js';
import {
  callCancelledPushDataSchema,
  callInvitationPushDataSchema,
  callOngoingPushDataSchema,
  missedCallPushDataSchema,
} from './push-payloads.js';
import { acknowledgeCallInvitationRequestSchema } from './receipts.js';
import { storedDocumentSchemas } from './documents.js';
import {
  acknowledgeCallInvitationResponseSchema,
  blockUserResponseSchema,
  cancelCallInvitationResponseSchema,
  diagnoseCallInvitationResponseSchema,
  endCallResponseSchema,
  joinCallResponseSchema,
  registerDeviceResponseSchema,
  respondToCallInvitationResponseSchema,
  sendCallInvitationResponseSchema,
  sendGroupCallInvitationResponseSchema,
  sendTestPushResponseSchema,
  unblockUserResponseSchema,
  unregisterDeviceResponseSchema,
} from './responses.js';

// The contract as JSON Schema, for apps that cannot use the TypeScript types (Kotlin, Swift):
// generated from the very zod schemas the functions parse with. `npm run schema` writes them to
// schema/; a unit test fails when the files there are not what these schemas give.

/** Each callable's request, as the app sends it (defaults may be left out). */
const REQUESTS: Record<string, z.ZodType> = {
  sendCallInvitation: sendCallInvitationRequestSchema,
  respondToCallInvitation: respondToCallInvitationRequestSchema,
  cancelCallInvitation: cancelCallInvitationRequestSchema,
  endCall: endCallRequestSchema,
  joinCall: joinCallRequestSchema,
  acknowledgeCallInvitation: acknowledgeCallInvitationRequestSchema,
  registerDevice: registerDeviceRequestSchema,
  unregisterDevice: unregisterDeviceRequestSchema,
  blockUser: blockUserRequestSchema,
  unblockUser: blockUserRequestSchema,
  diagnoseCallInvitation: diagnoseCallInvitationRequestSchema,
  sendTestPush: sendTestPushRequestSchema,
};

/** Each callable's answer (sendCallInvitation: one callee, or `sendCallInvitation-group` for more). */
const RESPONSES: Record<string, z.ZodType> = {
  sendCallInvitation: sendCallInvitationResponseSchema,
  'sendCallInvitation-group': sendGroupCallInvitationResponseSchema,
  respondToCallInvitation: respondToCallInvitationResponseSchema,
  cancelCallInvitation: cancelCallInvitationResponseSchema,
  endCall: endCallResponseSchema,
  joinCall: joinCallResponseSchema,
  acknowledgeCallInvitation: acknowledgeCallInvitationResponseSchema,
  registerDevice: registerDeviceResponseSchema,
  unregisterDevice: unregisterDeviceResponseSchema,
  blockUser: blockUserResponseSchema,
  unblockUser: unblockUserResponseSchema,
  diagnoseCallInvitation: diagnoseCallInvitationResponseSchema,
  sendTestPush: sendTestPushResponseSchema,
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
