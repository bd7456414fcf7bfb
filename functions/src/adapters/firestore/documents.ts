import { Timestamp } from 'firebase-admin/firestore';
import { z } from 'zod';
import { storedDocumentSchemas } from '../../contract/documents.js';

// The stored documents as the functions read them: the contract's shapes with firebase-admin's
// Timestamp, parsed on read by the converters in collections.ts.

const stored = storedDocumentSchemas(z.instanceof(Timestamp));

export const conversationDocSchema = stored.conversationDocSchema;
export const messageDocSchema = stored.messageDocSchema;
export const deviceDeliveryResultSchema = stored.deviceDeliveryResultSchema;
export const deliveryDocSchema = stored.deliveryDocSchema;
export const invitationDocSchema = stored.invitationDocSchema;
export const deviceDocSchema = stored.deviceDocSchema;
export const presenceDocSchema = stored.presenceDocSchema;
export const userProfileDocSchema = stored.userProfileDocSchema;
export const pushOutboxDocSchema = stored.pushOutboxDocSchema;
export const activeCallDocSchema = stored.activeCallDocSchema;
export const testPushLimitDocSchema = stored.testPushLimitDocSchema;
export const receiptDocSchema = stored.receiptDocSchema;
export const blockedDocSchema = stored.blockedDocSchema;
export const rateLimitDocSchema = stored.rateLimitDocSchema;
export const requestLimitDocSchema = stored.requestLimitDocSchema;
export const deletedUserDocSchema = stored.deletedUserDocSchema;
export const callDocSchema = stored.callDocSchema;

export type ConversationDoc = z.infer<typeof conversationDocSchema>;
export type MessageDoc = z.infer<typeof messageDocSchema>;
export type DeliveryDoc = z.infer<typeof deliveryDocSchema>;
export type InvitationDoc = z.infer<typeof invitationDocSchema>;
export type DeviceDoc = z.infer<typeof deviceDocSchema>;
export type PresenceDoc = z.infer<typeof presenceDocSchema>;
export type UserProfileDoc = z.infer<typeof userProfileDocSchema>;
export type PushOutboxDoc = z.infer<typeof pushOutboxDocSchema>;
export type ActiveCallDoc = z.infer<typeof activeCallDocSchema>;
export type TestPushLimitDoc = z.infer<typeof testPushLimitDocSchema>;
export type ReceiptDoc = z.infer<typeof receiptDocSchema>;
export type BlockedDoc = z.infer<typeof blockedDocSchema>;
export type RateLimitDoc = z.infer<typeof rateLimitDocSchema>;
export type RequestLimitDoc = z.infer<typeof requestLimitDocSchema>;
export type DeletedUserDoc = z.infer<typeof deletedUserDocSchema>;
export type CallDoc = z.infer<typeof callDocSchema>;
