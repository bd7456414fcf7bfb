import { createHash } from 'node:crypto';

/**
 * What a device's FCM token is looked up by: its SHA-256, in hex. Firestore refuses an indexed
 * value over 1,500 bytes in a query, and FCM tokens may be longer (Beckon takes up to 4,096
 * characters); the digest is always 64 characters, and the token itself is left unindexed.
 */
export const fcmTokenHash = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');
