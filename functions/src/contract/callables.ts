import { z } from 'zod';
import { blockUserRequestSchema } from './blocking.js';
import { joinCallRequestSchema } from './calls.js';
import { registerDeviceRequestSchema, unregisterDeviceRequestSchema } from './devices.js';
import { diagnoseCallInvitationRequestSchema, sendTestPushRequestSchema } from './diagnosis.js';
import { sendCallInvitationRequestSchema } from './invitations.js';
import { cancelCallInvitationRequestSchema, endCallRequestSchema, respondToCallInvitationRequestSchema } from './lifecycle.js';
import { getMediaCredentialsRequestSchema, getMediaCredentialsResponseSchema } from './media.js';
import { acknowledgeCallInvitationRequestSchema } from './receipts.js';
import { getDeliveryHealthRequestSchema, getDeliveryHealthResponseSchema } from './health.js';
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

/**
 * Every callable Beckon serves, by the name an app calls it by: the schema its request is parsed
 * with and the schema of its answer. The client library's `invoke`, the JSON Schema files and
 * the fuzz tests all read this one map, so a callable added here is known to all of them.
 */
export const callables = {
  sendCallInvitation: {
    request: sendCallInvitationRequestSchema,
    // One callee answers in the one-to-one shape; `calleeIds` in the group shape.
    response: z.union([sendCallInvitationResponseSchema, sendGroupCallInvitationResponseSchema]),
  },
  respondToCallInvitation: { request: respondToCallInvitationRequestSchema, response: respondToCallInvitationResponseSchema },
  cancelCallInvitation: { request: cancelCallInvitationRequestSchema, response: cancelCallInvitationResponseSchema },
  endCall: { request: endCallRequestSchema, response: endCallResponseSchema },
  joinCall: { request: joinCallRequestSchema, response: joinCallResponseSchema },
  getMediaCredentials: { request: getMediaCredentialsRequestSchema, response: getMediaCredentialsResponseSchema },
  acknowledgeCallInvitation: { request: acknowledgeCallInvitationRequestSchema, response: acknowledgeCallInvitationResponseSchema },
  registerDevice: { request: registerDeviceRequestSchema, response: registerDeviceResponseSchema },
  unregisterDevice: { request: unregisterDeviceRequestSchema, response: unregisterDeviceResponseSchema },
  blockUser: { request: blockUserRequestSchema, response: blockUserResponseSchema },
  unblockUser: { request: blockUserRequestSchema, response: unblockUserResponseSchema },
  diagnoseCallInvitation: { request: diagnoseCallInvitationRequestSchema, response: diagnoseCallInvitationResponseSchema },
  sendTestPush: { request: sendTestPushRequestSchema, response: sendTestPushResponseSchema },
  /** Operators only (the custom claim `beckonOperator: true`). */
  getDeliveryHealth: { request: getDeliveryHealthRequestSchema, response: getDeliveryHealthResponseSchema },
} as const;

export type CallableName = keyof typeof callables;
export const callableNames = Object.keys(callables) as CallableName[];

/** What an app sends to a callable (fields with a default may be left out). */
export type RequestOf<Name extends CallableName> = z.input<(typeof callables)[Name]['request']>;

/** What a callable answers. */
export type ResponseOf<Name extends CallableName> = z.output<(typeof callables)[Name]['response']>;

/** The top-level fields of a callable's request, as its schema declares them. */
export function requestFields(name: CallableName): string[] {
  const schema: z.ZodType = callables[name].request;
  return schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
}
