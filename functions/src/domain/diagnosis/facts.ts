import type { DeviceDeliveryResult, InvitationStatus, PushPriority, PushTransportName } from '../../contract/index.js';
import type { PresenceView } from '../users/presence.js';

/** One push's record on the invitation, times in epoch ms. */
export interface DeliveryFacts {
  state: string;
  transport?: PushTransportName;
  attemptedAt?: number;
  devices: DeviceDeliveryResult[];
  reason?: string;
  /** Times a later worker took over the push after the worker holding it died. */
  takeovers?: number;
}

/**
 * `full`: the callee, and an operator with admin access. `caller`: the caller, who learns nothing
 * of the callee's devices, push errors or presence; their facts hold none of it.
 */
export type DiagnosisView = 'full' | 'caller';

/** Everything stored about one invitation that a diagnosis reads; gathered by the Firestore adapter. */
export interface DiagnosisFacts {
  /** Absent: `full`. */
  view?: DiagnosisView;
  nowMs: number;
  invitation: {
    id: string;
    status: InvitationStatus;
    callerId: string;
    calleeId: string;
    conversationId: string;
    messageId: string;
    createdAt: number;
    expiresAt: number;
    calleeOnlineAtSend: boolean;
    respondedAt?: number;
    endedAt?: number;
    /** The first delivery receipt, epoch ms. */
    receivedAt?: number;
    delivery: DeliveryFacts;
    deliveries: Record<string, DeliveryFacts>;
  };
  /** The callee's devices that acknowledged ringing, first receipt each, epoch ms. */
  receipts: { deviceId: string; receivedAt: number; source?: string; priority?: PushPriority; originalPriority?: PushPriority }[];
  /** The system message, as stored in the conversation, if it exists. */
  message?: { invitationId: string; status: InvitationStatus };
  conversationMemberIds?: string[];
  presenceNow?: PresenceView;
  devicesNow: {
    deviceId: string;
    platform: string;
    hasToken: boolean;
    createdAt: number;
    updatedAt: number;
    tokenRemovedReason?: string;
  }[];
  /** The transport this backend would use now, when known (the CLI runs outside the functions). */
  configuredTransport?: PushTransportName;
}
