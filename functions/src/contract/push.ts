import type { CallType } from './invitations.js';

export const pushTransportNames = ['fcm', 'emulator', 'disabled'] as const;
export type PushTransportName = (typeof pushTransportNames)[number];

/** `pending` and `sending` are the states before the trigger has finished; the rest are final. */
export type DeliveryState = 'pending' | 'sending' | 'sent' | 'partial' | 'failed' | 'no_devices' | 'disabled' | 'expired' | 'skipped';

export interface DeviceDeliveryResult {
  deviceId: string;
  platform: string;
  ok: boolean;
  messageId?: string;
  errorCode?: string;
}

/** The data payload of the call-invitation push; FCM data values are strings only. */
export interface CallInvitationPushData {
  type: 'call_invitation';
  invitationId: string;
  conversationId: string;
  callerId: string;
  callerName: string;
  callType: CallType;
  roomId: string;
  /** epoch ms, as a decimal string */
  expiresAt: string;
  [key: string]: string;
}
