import type { Timestamp } from 'firebase/firestore';
import type {
  ActiveCallDocument,
  BlockedDocument,
  CallDocument,
  CallInvitationDocument,
  ConversationDocument,
  DeliveryDocument,
  DeviceDocument,
  MessageDocument,
  PresenceDocument,
  PushOutboxDocument,
  ReceiptDocument,
  UserProfileDocument,
} from '../../functions/src/contract/index.js';

// The stored documents as this SDK reads them: the functions' own shapes, with its Timestamp.

/** `callInvitations/{invitationId}` (caller and callee) */
export type InvitationDoc = CallInvitationDocument<Timestamp>;
/** `calls/{callId}` (its members) */
export type CallDoc = CallDocument<Timestamp>;
/** `conversations/{id}` */
export type ConversationDoc = ConversationDocument<Timestamp>;
/** `conversations/{id}/messages/{id}` */
export type MessageDoc = MessageDocument<Timestamp>;
/** `callInvitations/{id}/deliveries/{kind}` (the callee) */
export type DeliveryDoc = DeliveryDocument<Timestamp>;
/** `callInvitations/{id}/receipts/{deviceId}` (the callee) */
export type ReceiptDoc = ReceiptDocument<Timestamp>;
/** `users/{uid}/devices/{deviceId}` (its owner) */
export type DeviceDoc = DeviceDocument<Timestamp>;
/** `presence/{uid}` */
export type PresenceDoc = PresenceDocument<Timestamp>;
/** `users/{uid}` */
export type UserProfileDoc = UserProfileDocument<Timestamp>;
/** `activeCalls/{uid}` (its owner) */
export type ActiveCallDoc = ActiveCallDocument<Timestamp>;
/** `users/{uid}/blocked/{otherUid}` (its owner) */
export type BlockedDoc = BlockedDocument<Timestamp>;
/** `pushOutbox/{id}` (emulator only; a user reads the entries for their own uid) */
export type PushOutboxDoc = PushOutboxDocument<Timestamp>;
