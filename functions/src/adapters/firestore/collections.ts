import type {
  CollectionGroup,
  CollectionReference,
  DocumentData,
  DocumentReference,
  Firestore,
  FirestoreDataConverter,
  QueryDocumentSnapshot,
} from 'firebase-admin/firestore';
import type { z } from 'zod';
import {
  type TestPushLimitDoc,
  testPushLimitDocSchema,
  type ActiveCallDoc,
  activeCallDocSchema,
  type CallDoc,
  callDocSchema,
  type ConversationDoc,
  conversationDocSchema,
  type BlockedDoc,
  blockedDocSchema,
  type DeliveryDoc,
  deliveryDocSchema,
  type RateLimitDoc,
  rateLimitDocSchema,
  type RequestLimitDoc,
  requestLimitDocSchema,
  type DeletedUserDoc,
  deletedUserDocSchema,
  type DeviceDoc,
  deviceDocSchema,
  type InvitationDoc,
  invitationDocSchema,
  type MessageDoc,
  messageDocSchema,
  type PresenceDoc,
  presenceDocSchema,
  type PushOutboxDoc,
  pushOutboxDocSchema,
  type ReceiptDoc,
  receiptDocSchema,
  type UserProfileDoc,
  userProfileDocSchema,
} from './documents.js';
import type { PushKind } from '../../domain/push/push-plans.js';
import { paths } from './paths.js';

export { paths } from './paths.js';

function converter<T extends DocumentData>(schema: z.ZodType<T>): FirestoreDataConverter<T> {
  return {
    toFirestore: (value) => value as DocumentData,
    fromFirestore: (snapshot: QueryDocumentSnapshot) => schema.parse(snapshot.data()),
  };
}

const converters = {
  conversation: converter<ConversationDoc>(conversationDocSchema),
  message: converter<MessageDoc>(messageDocSchema),
  invitation: converter<InvitationDoc>(invitationDocSchema),
  device: converter<DeviceDoc>(deviceDocSchema),
  presence: converter<PresenceDoc>(presenceDocSchema),
  userProfile: converter<UserProfileDoc>(userProfileDocSchema),
  pushOutbox: converter<PushOutboxDoc>(pushOutboxDocSchema),
  activeCall: converter<ActiveCallDoc>(activeCallDocSchema),
  call: converter<CallDoc>(callDocSchema),
  testPushLimit: converter<TestPushLimitDoc>(testPushLimitDocSchema),
  receipt: converter<ReceiptDoc>(receiptDocSchema),
  delivery: converter<DeliveryDoc>(deliveryDocSchema),
  blocked: converter<BlockedDoc>(blockedDocSchema),
  rateLimit: converter<RateLimitDoc>(rateLimitDocSchema),
  requestLimit: converter<RequestLimitDoc>(requestLimitDocSchema),
  deletedUser: converter<DeletedUserDoc>(deletedUserDocSchema),
};

export interface Collections {
  /** The database itself, for transactions, batches and batched reads. */
  db: Firestore;
  conversation(conversationId: string): DocumentReference<ConversationDoc>;
  messages(conversationId: string): CollectionReference<MessageDoc>;
  invitations(): CollectionReference<InvitationDoc>;
  invitation(invitationId: string): DocumentReference<InvitationDoc>;
  /** The whole call: one per sendCallInvitation, whatever the number of callees. */
  call(callId: string): DocumentReference<CallDoc>;
  /** The delivery receipts of one invitation, one per device of the callee that rang. */
  receipts(invitationId: string): CollectionReference<ReceiptDoc>;
  /** The record of one kind of push of one invitation (call_invitation, call_cancelled, missed_call). */
  delivery(invitationId: string, kind: PushKind): DocumentReference<DeliveryDoc>;
  deliveries(invitationId: string): CollectionReference<DeliveryDoc>;
  devices(uid: string): CollectionReference<DeviceDoc>;
  device(uid: string, deviceId: string): DocumentReference<DeviceDoc>;
  /** Every user's devices at once: how a token is found whoever holds it. */
  allDevices(): CollectionGroup<DeviceDoc>;
  presence(uid: string): DocumentReference<PresenceDoc>;
  userProfile(uid: string): DocumentReference<UserProfileDoc>;
  pushOutbox(): CollectionReference<PushOutboxDoc>;
  activeCall(uid: string): DocumentReference<ActiveCallDoc>;
  /** Every user's entry: how the liveness sweep finds the silent ones. */
  activeCalls(): CollectionReference<ActiveCallDoc>;
  testPushLimit(uid: string): DocumentReference<TestPushLimitDoc>;
  /** `blockedUid` in `uid`'s block list. */
  blocked(uid: string, blockedUid: string): DocumentReference<BlockedDoc>;
  blockList(uid: string): CollectionReference<BlockedDoc>;
  rateLimit(callerId: string): DocumentReference<RateLimitDoc>;
  requestLimit(uid: string): DocumentReference<RequestLimitDoc>;
  deletedUser(uid: string): DocumentReference<DeletedUserDoc>;
}

export function collections(db: Firestore): Collections {
  return {
    db,
    conversation: (id) => db.collection(paths.conversations).doc(id).withConverter(converters.conversation),
    messages: (id) => db.collection(paths.conversations).doc(id).collection(paths.messages).withConverter(converters.message),
    invitations: () => db.collection(paths.callInvitations).withConverter(converters.invitation),
    invitation: (id) => db.collection(paths.callInvitations).doc(id).withConverter(converters.invitation),
    call: (id) => db.collection(paths.calls).doc(id).withConverter(converters.call),
    receipts: (id) => db.collection(paths.callInvitations).doc(id).collection(paths.receipts).withConverter(converters.receipt),
    delivery: (id, kind) =>
      db.collection(paths.callInvitations).doc(id).collection(paths.deliveries).doc(kind).withConverter(converters.delivery),
    deliveries: (id) => db.collection(paths.callInvitations).doc(id).collection(paths.deliveries).withConverter(converters.delivery),
    devices: (uid) => db.collection(paths.users).doc(uid).collection(paths.devices).withConverter(converters.device),
    device: (uid, deviceId) => db.collection(paths.users).doc(uid).collection(paths.devices).doc(deviceId).withConverter(converters.device),
    allDevices: () => db.collectionGroup(paths.devices).withConverter(converters.device),
    presence: (uid) => db.collection(paths.presence).doc(uid).withConverter(converters.presence),
    userProfile: (uid) => db.collection(paths.users).doc(uid).withConverter(converters.userProfile),
    pushOutbox: () => db.collection(paths.pushOutbox).withConverter(converters.pushOutbox),
    activeCall: (uid) => db.collection(paths.activeCalls).doc(uid).withConverter(converters.activeCall),
    activeCalls: () => db.collection(paths.activeCalls).withConverter(converters.activeCall),
    testPushLimit: (uid) => db.collection(paths.testPushLimits).doc(uid).withConverter(converters.testPushLimit),
    blocked: (uid, blockedUid) =>
      db.collection(paths.users).doc(uid).collection(paths.blocked).doc(blockedUid).withConverter(converters.blocked),
    blockList: (uid) => db.collection(paths.users).doc(uid).collection(paths.blocked).withConverter(converters.blocked),
    rateLimit: (callerId) => db.collection(paths.rateLimits).doc(callerId).withConverter(converters.rateLimit),
    requestLimit: (uid) => db.collection(paths.requestLimits).doc(uid).withConverter(converters.requestLimit),
    deletedUser: (uid) => db.collection(paths.deletedUsers).doc(uid).withConverter(converters.deletedUser),
  };
}

/** The owner uid of a device document found through the collection group. */
export function deviceOwner(device: DocumentReference<DeviceDoc>): string | undefined {
  return device.parent.parent?.id;
}
