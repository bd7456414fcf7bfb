import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callOf } from '../../functions/src/adapters/firestore/call-mapping.js';
import { collections } from '../../functions/src/adapters/firestore/collections.js';
import { chooseMediaRooms } from '../../functions/src/adapters/media/media-rooms.js';
import type { MediaSettings } from '../../functions/src/adapters/media/media-issuer.js';
import { mediaRoomOf } from '../../functions/src/domain/call/media-access.js';
import { mediaRoomChange } from '../../functions/src/domain/call/media-room.js';
import { RefusedByService, isRetryableEventError } from '../../functions/src/domain/errors/retryable-error.js';
import { type MediaRoomEvent, closeMediaRoom } from '../../functions/src/handlers/close-media-room.js';
import { runCallEvent } from '../../functions/src/handlers/call-events.js';
import { blockUser } from '../../functions/src/handlers/block-user.js';
import { getMediaCredentials } from '../../functions/src/handlers/media-credentials.js';
import { chooseMedia } from '../../functions/src/adapters/media/choose-media.js';
import type { Call } from '../../functions/src/domain/call/call.js';
import { adminDb } from '../support/admin.js';
import { deleteClientApps, signUp } from '../support/client.js';
import {
  defaultLiveness,
  endCall,
  groupConversation,
  invitationFor,
  joinCall,
  respond,
  sendGroupCall,
  sendInvitation,
} from '../support/fixtures.js';
import { startLivekitStandIn } from '../support/livekit-stand-in.js';

// The emulators of `npm test` run with MEDIA_PROVIDER=none, so their callables record no media room
// change. Here real clients place and answer real calls on the emulators; each leave runs through
// the call events' own handler as it would with MEDIA_PROVIDER=livekit, which records the room's
// change with the call's (mediaRoomChanges); that record, as the closeMediaRoom trigger reads it,
// is then run against a local LiveKit stand-in that checks each request's token as LiveKit does.

const API_KEY = 'APIbeckonRooms';
const API_SECRET = 'livekit-rooms-secret-of-at-least-32-chars';
let livekit: Awaited<ReturnType<typeof startLivekitStandIn>>;

beforeAll(async () => {
  livekit = await startLivekitStandIn(API_KEY, API_SECRET);
});
afterAll(async () => {
  await livekit.close();
  await deleteClientApps();
});

const settings = (apiSecret = API_SECRET): MediaSettings => ({
  provider: 'livekit',
  ttlSeconds: 600,
  livekit: { url: livekit.url, apiKey: API_KEY, apiSecret },
  agora: { appId: '', appCertificate: '' },
  p2p: { stunUrls: [], turnUrls: [], turnSecret: '' },
});
const store = () => collections(adminDb());
const deps = (apiSecret?: string) => ({ store: store(), mediaRooms: () => chooseMediaRooms(settings(apiSecret)) });
const room = (callId: string) => mediaRoomOf(callId, API_SECRET);

async function readCall(callId: string): Promise<Call> {
  const doc = (await store().call(callId).get()).data();
  if (!doc) throw new Error(`no call ${callId}`);
  return callOf(callId, doc);
}

const livekitCalls = { store: store(), now: () => Date.now(), liveness: defaultLiveness, closesMediaRooms: () => true };

/** The room changes recorded for a call, oldest first, as the trigger hands them to the handler. */
async function recordedChanges(callId: string): Promise<MediaRoomEvent[]> {
  const records = await adminDb().collection('mediaRoomChanges').where('callId', '==', callId).get();
  return records.docs
    .map((record) => record.data())
    .sort((a, b) => a.changedAt.toMillis() - b.changedAt.toMillis())
    .map((data) => ({ callId, leaving: data.leaving, close: data.close, changedAtMs: data.changedAt.toMillis() }));
}

/** `uid` leaves the call (endCall) with MEDIA_PROVIDER=livekit, then the trigger's work runs; answers its event. */
async function leaveAndClose(uid: string, callId: string, forEveryone = false, apiSecret?: string): Promise<MediaRoomEvent> {
  const before = (await recordedChanges(callId)).length;
  await runCallEvent(livekitCalls, { callId }, { kind: 'leave', by: uid, forEveryone });
  const recorded = await recordedChanges(callId);
  expect(recorded).toHaveLength(before + 1);
  const event = recorded.at(-1) as MediaRoomEvent;
  await closeMediaRoom(deps(apiSecret), event);
  return event;
}

/** Alice calls Bob and Carol, both accept, and all three are connected to the call's room. */
async function groupCallInTheRoom() {
  const [alice, bob, carol] = await Promise.all([signUp('Alice'), signUp('Bob'), signUp('Carol')]);
  const conversationId = await groupConversation([alice, bob, carol]);
  const sent = await sendGroupCall(alice, { calleeIds: [bob.uid, carol.uid], conversationId });
  await Promise.all([respond(bob, invitationFor(sent, bob), 'accept'), respond(carol, invitationFor(sent, carol), 'accept')]);
  for (const user of [alice, bob, carol]) livekit.connect(room(sent.callId), user.uid);
  return { alice, bob, carol, sent };
}

describe('the media room closes behind whoever leaves (MEDIA_PROVIDER=livekit, against a stand-in)', () => {
  it('a one-to-one call that ends: both are taken out with their tokens revoked, and the room deleted', async () => {
    const [alice, bob] = await Promise.all([signUp('Alice'), signUp('Bob')]);
    const sent = await sendInvitation(alice, { calleeId: bob.uid });
    await respond(bob, sent.invitationId, 'accept');
    livekit.connect(room(sent.callId), alice.uid);
    livekit.connect(room(sent.callId), bob.uid);

    const event = await leaveAndClose(bob.uid, sent.callId);
    expect(event).toMatchObject({ leaving: [alice.uid, bob.uid], close: true });
    const revokeTokenTs = Math.floor(event.changedAtMs / 1000);
    const requests = livekit.requests.filter((request) => request.room === room(sent.callId));
    // The removals go out together, then the room is deleted.
    // Sorted as the expected list is (by UTF-16 code units): localeCompare orders case apart from it.
    const byIdentity = (a: { identity?: string }, b: { identity?: string }) => ((a.identity ?? '') < (b.identity ?? '') ? -1 : 1);
    expect(requests.slice(0, 2).sort(byIdentity)).toEqual(
      [alice.uid, bob.uid].sort().map((identity) => ({ method: 'RemoveParticipant', room: room(sent.callId), identity, revokeTokenTs })),
    );
    expect(requests.slice(2)).toEqual([{ method: 'DeleteRoom', room: room(sent.callId) }]);
    expect(livekit.roomExists(room(sent.callId))).toBe(false);
    expect(livekit.refusals).toEqual([]);
  });

  it('a group call goes on: whoever leaves is taken out, the room stays; a late retry leaves in someone who came back', async () => {
    const { alice, bob, carol, sent } = await groupCallInTheRoom();

    const left = await leaveAndClose(carol.uid, sent.callId);
    expect(left).toMatchObject({ leaving: [carol.uid], close: false });
    expect(livekit.connected(room(sent.callId))).toEqual([alice.uid, bob.uid].sort());
    expect(livekit.roomExists(room(sent.callId))).toBe(true);

    // Carol comes back; the event of her leaving is delivered again (Eventarc retries): she stays.
    await joinCall(carol, sent.callId);
    livekit.connect(room(sent.callId), carol.uid);
    const removalsBefore = livekit.requests.length;
    await closeMediaRoom(deps(), left);
    expect(livekit.requests.length).toBe(removalsBefore);
    expect(livekit.connected(room(sent.callId))).toContain(carol.uid);
    expect(livekit.refusals).toEqual([]);
  });

  it('whom someone in the call blocks is taken out of the room, and given no more credentials (issue 28)', async () => {
    const { alice, bob, carol, sent } = await groupCallInTheRoom();

    const before = (await recordedChanges(sent.callId)).length;
    await blockUser({ ...livekitCalls, userExists: async () => true }, bob.uid, carol.uid);
    const recorded = await recordedChanges(sent.callId);
    expect(recorded).toHaveLength(before + 1);
    expect(recorded.at(-1)).toMatchObject({ leaving: [carol.uid], close: false });
    await closeMediaRoom(deps(), recorded.at(-1) as MediaRoomEvent);
    expect(livekit.connected(room(sent.callId))).toEqual([alice.uid, bob.uid].sort());
    const credentials = (uid: string) =>
      getMediaCredentials({ store: store(), media: () => chooseMedia(settings()), now: () => Date.now() }, sent.callId, uid);
    await expect(credentials(bob.uid)).resolves.toMatchObject({ provider: 'livekit' });
    await expect(credentials(carol.uid)).rejects.toMatchObject({ code: 'permission-denied', message: 'you are not in this call' });
    expect(livekit.refusals).toEqual([]);
  });

  it('a failing LiveKit is tried again (the retried trigger), and a repeat after success is harmless', async () => {
    const [alice, bob] = await Promise.all([signUp('Alice'), signUp('Bob')]);
    const sent = await sendInvitation(alice, { calleeId: bob.uid });
    await respond(bob, sent.invitationId, 'accept');
    livekit.connect(room(sent.callId), bob.uid);
    const before = await readCall(sent.callId);
    await endCall(alice, sent.callId);
    // As the record says it: computed from the call before and after, as call-writes.ts does.
    const event = { callId: sent.callId, ...mediaRoomChange(before, await readCall(sent.callId)), changedAtMs: Date.now() };

    livekit.failNext(1, 503);
    const failure = await closeMediaRoom(deps(), event).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeDefined();
    expect(isRetryableEventError(failure)).toBe(true);
    await closeMediaRoom(deps(), event);
    expect(livekit.roomExists(room(sent.callId))).toBe(false);
    // Delivered once more after it succeeded: someone already gone and a room already deleted are done.
    await closeMediaRoom(deps(), event);
    expect(livekit.refusals).toEqual([]);
  });

  it('a request LiveKit refuses for its key is not retried for a day: it fails for good, and says why', async () => {
    const [alice, bob] = await Promise.all([signUp('Alice'), signUp('Bob')]);
    const sent = await sendInvitation(alice, { calleeId: bob.uid });
    await respond(bob, sent.invitationId, 'accept');
    const refused = await leaveAndClose(alice.uid, sent.callId, false, 'a-wrong-secret-of-at-least-32-characters').then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(RefusedByService);
    expect(isRetryableEventError(refused)).toBe(false);
    expect((refused as Error).message).toContain('401');
    livekit.refusals.length = 0;
  });
});
