import { z } from 'zod';
import { idSchema } from './ids.js';

export const diagnosisLanguageSchema = z.enum(['en', 'zh']);
export type DiagnosisLanguage = z.infer<typeof diagnosisLanguageSchema>;

export const diagnoseCallInvitationRequestSchema = z.object({
  invitationId: idSchema,
  lang: diagnosisLanguageSchema.default('en'),
});
export type DiagnoseCallInvitationRequest = z.input<typeof diagnoseCallInvitationRequestSchema>;

export const diagnosisCheckIds = [
  'persisted',
  'caller_confirmed',
  'callee_presence',
  'in_app_visible',
  'push_transport',
  'devices',
  'push_result',
  'push_timing',
  'ring_received',
  /** Android: did the ring arrive at the priority it was sent with (acknowledgeCallInvitation's priority fields)? */
  'ring_priority',
  /** The caller's view only, in place of the callee's checks. */
  'callee_side',
  'outcome',
] as const;
export type DiagnosisCheckId = (typeof diagnosisCheckIds)[number];

export const sendTestPushRequestSchema = z.object({
  deviceId: idSchema.optional(),
  lang: diagnosisLanguageSchema.default('en'),
});
export type SendTestPushRequest = z.input<typeof sendTestPushRequestSchema>;
