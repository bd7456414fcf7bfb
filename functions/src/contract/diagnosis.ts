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
  /** The caller's view only, in place of the callee's checks. */
  'callee_side',
  'outcome',
] as const;
export type DiagnosisCheckId = (typeof diagnosisCheckIds)[number];
export type CheckStatus = 'pass' | 'warn' | 'fail' | 'skip';

export interface DiagnosisCheck {
  id: DiagnosisCheckId;
  status: CheckStatus;
  title: string;
  detail: string;
  advice?: string;
}

export interface DiagnoseCallInvitationResponse {
  invitationId: string;
  /** One sentence naming the first failing link, or saying that every link held. */
  verdict: string;
  checks: DiagnosisCheck[];
}

export const sendTestPushRequestSchema = z.object({
  deviceId: idSchema.optional(),
  lang: diagnosisLanguageSchema.default('en'),
});
export type SendTestPushRequest = z.input<typeof sendTestPushRequestSchema>;

export interface TestPushDeviceResult {
  deviceId: string;
  platform: string;
  ok: boolean;
  messageId?: string;
  errorCode?: string;
  /** What the result means and what to do, in the requested language. */
  explanation: string;
}

export interface SendTestPushResponse {
  transport: 'fcm' | 'emulator' | 'disabled';
  devices: TestPushDeviceResult[];
}
