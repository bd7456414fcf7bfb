import type { DocumentReference, DocumentSnapshot } from 'firebase-admin/firestore';
import type { RingFacts } from '../../domain/call/call-admission.js';
import { aliveAtOf } from './call-mapping.js';
import type { Collections } from './collections.js';
import type { ActiveCallDoc, BlockedDoc, ConversationDoc, PresenceDoc, RateLimitDoc, UserProfileDoc } from './documents.js';
import { calleeKey, rateWindow } from './rate-limit-doc.js';
import { clientDocData } from './safe-read.js';

export interface RingFactsQuery {
  callerId: string;
  /** The Auth display name from the caller's ID token. */
  callerAuthName?: string;
  calleeIds: string[];
  conversationId: string;
  /** Whether each uid is an Auth user (cached per instance: adapters/auth/known-users.ts). */
  userExists(uid: string): Promise<boolean>;
}

/**
 * The ring path's one round of reads: the conversation, the caller's active call, profile and rate
 * window, and for each callee their active call, whether they blocked the caller, their presence
 * and whether they exist, all in parallel (one getAll and the Auth look-ups). Named facts out, so
 * the decision (domain/call/call-admission.ts) never picks results by position.
 */
export async function readRingFacts(store: Collections, query: RingFactsQuery): Promise<RingFacts> {
  const { callerId, calleeIds } = query;
  const callerRefs = {
    conversation: store.conversation(query.conversationId),
    activeCall: store.activeCall(callerId),
    profile: store.userProfile(callerId),
    rate: store.rateLimit(callerId),
  };
  const calleeRefs = calleeIds.map((uid) => ({
    activeCall: store.activeCall(uid),
    blocked: store.blocked(uid, callerId),
    presence: store.presence(uid),
  }));
  const refs = [...Object.values(callerRefs), ...calleeRefs.flatMap((callee) => Object.values(callee))] as DocumentReference[];
  const [exists, snapshots] = await Promise.all([Promise.all(calleeIds.map((uid) => query.userExists(uid))), store.db.getAll(...refs)]);
  const byPath = new Map(snapshots.map((snapshot) => [snapshot.ref.path, snapshot]));
  const read = <T>(ref: DocumentReference<T>) => byPath.get(ref.path) as DocumentSnapshot<T>;

  const callerActive = read<ActiveCallDoc>(callerRefs.activeCall).data();
  const profile = clientDocData(read<UserProfileDoc>(callerRefs.profile));
  const conversation = read<ConversationDoc>(callerRefs.conversation).data();
  const window = rateWindow(read<RateLimitDoc>(callerRefs.rate).data());
  return {
    caller: {
      uid: callerId,
      ...(query.callerAuthName === undefined ? {} : { authName: query.callerAuthName }),
      ...(profile ? { profile } : {}),
      ...(callerActive ? { activeCall: { invitationId: callerActive.invitationId, aliveAt: aliveAtOf(callerActive) } } : {}),
    },
    ...(conversation ? { conversation: { memberIds: conversation.memberIds } } : {}),
    ...(window ? { rateWindow: window } : {}),
    callees: calleeIds.map((calleeId, index) => {
      const refsOf = calleeRefs[index] as (typeof calleeRefs)[number];
      const presence = clientDocData(read<PresenceDoc>(refsOf.presence));
      const active = read<ActiveCallDoc>(refsOf.activeCall).data();
      return {
        calleeId,
        exists: exists[index] === true,
        blockedCaller: read<BlockedDoc>(refsOf.blocked).exists,
        ...(presence ? { presence: { state: presence.state, lastSeenAt: presence.lastSeenAt.toMillis() } } : {}),
        ...(active ? { inCallAliveAt: aliveAtOf(active) } : {}),
        rateKey: calleeKey(calleeId),
      };
    }),
  };
}
