// An app's code against the built package (`npm run build:client`), resolved by its name as an
// app that installed it would: test/unit/client-package.test.ts typechecks it. Never run.
import { initializeApp } from 'firebase/app';
import { getFirestore } from 'firebase/firestore';
import {
  type CallUpdate,
  type IncomingCall,
  type InvitationDoc,
  type MediaCredentials,
  type RequestOf,
  type RespondOptions,
  type ResponseOf,
  type Stop,
  type SendCallInvitationResponse,
  BeckonError,
  beckonClient,
  startP2PSession,
} from 'beckon-client';

export async function app(): Promise<void> {
  const beckon = beckonClient(initializeApp({ projectId: 'demo-app', apiKey: 'key' }), { region: 'europe-west1' });

  const call = await beckon.call('bob', { callType: 'audio', requestId: 'queued-while-offline-1', ringSeconds: 30 });
  // One callee or several: `group` tells which, and types the rest.
  if (!call.group) {
    const first: SendCallInvitationResponse = call.answer;
    console.log(call.invitationId, first.calleeOnline);
  }
  const stop = call.onChange((update: CallUpdate) => {
    const ringing: boolean = update.status === 'ringing' && update.receivedAt !== undefined;
    const inCall: boolean = update.status === 'active';
    console.log(ringing, inCall, update.callees);
  });
  stop();
  await call.cancel();

  // The call's media: credentials kept fresh, and for p2p the library's session.
  const stopMedia = beckon.keepMediaCredentials(call.callId, (media: MediaCredentials) => {
    if (media.provider === 'p2p') {
      const session = startP2PSession({
        db: getFirestore(),
        media,
        localStream: new MediaStream(),
        onRemoteStream: (uid: string, stream: MediaStream) => console.log(uid, stream.id),
      });
      void session.leave();
    } else {
      console.log(media.url, media.token, media.expiresAt);
    }
  });
  stopMedia();
  // @ts-expect-error the providers are livekit, agora and p2p
  const unknownProvider: MediaCredentials['provider'] = 'jitsi';
  console.log(unknownProvider);

  const unsubscribe = beckon.onIncomingCalls((calls: IncomingCall[]) => {
    for (const incoming of calls) void incoming.acknowledge({ deviceId: 'phone', source: 'listener' });
  });
  // Every stop is one type: awaitable, and a plain () => void where one is wanted.
  const stops: Stop[] = [unsubscribe, beckon.onCall('c', () => undefined), beckon.startPresence()];
  const asUnsubscribe: () => void = unsubscribe;
  asUnsubscribe();
  await Promise.all(stops.map((stop) => stop()));
  const fromPush = await beckon.callFromPush({ type: 'call_invitation', invitationId: 'i' });
  if (fromPush) {
    // The accept answers the call and its media: nothing to fetch a second time.
    const { roomId, callId, media } = await fromPush.accept({ deviceId: 'phone' });
    console.log(roomId.length, callId, media?.expiresAt);
  }
  const answer = await beckon.respond('i', 'decline');
  if (answer.status === 'declined') await beckon.acknowledge('i', { deviceId: 'phone', source: 'push' });

  try {
    await beckon.call(['bob', 'carol'], { conversationId: 'group' });
  } catch (error) {
    // The code types the details.
    if (error instanceof BeckonError && error.code === 'resource-exhausted') {
      const wait: number = error.details.retryAfterSeconds;
      console.log(wait);
    }
    if (error instanceof BeckonError && error.code === 'invalid-argument') console.log(error.details?.issues?.map((issue) => issue.field));
    if (error instanceof BeckonError && error.code === 'failed-precondition') console.log(error.details?.activeInvitationId);
  }
  // Every callable's request and answer, by its name.
  const request: RequestOf<'respondToCallInvitation'> = { invitationId: 'i', action: 'accept', deviceId: 'phone' };
  const answered = (response: ResponseOf<'respondToCallInvitation'>) => (response.status === 'accepted' ? response.roomId : null);
  console.log(request, answered);
  const ringsFor = (stored: InvitationDoc): number => stored.expiresAt.toMillis() - Date.now();
  console.log(ringsFor);
  const stopPresence = beckon.startPresence();
  await stopPresence();

  // The types are the contract's, not `any`: each of these is refused.
  // @ts-expect-error a callee is a uid
  await beckon.call(42);
  // @ts-expect-error the actions are accept and decline
  await beckon.respond('i', 'maybe');
  // @ts-expect-error a message goes only with a decline
  await beckon.respond('i', 'accept', { message: 'on my way' });
  // @ts-expect-error endCurrent goes only with an accept
  await beckon.respond('i', 'decline', { endCurrent: true });
  // @ts-expect-error an options object of one shape or the other, never both
  const mixed: RespondOptions = { message: 'later', endCurrent: true };
  console.log(mixed);
  // @ts-expect-error callType is video or audio
  await beckon.call('bob', { callType: 'hologram' });
  // @ts-expect-error ringSeconds is a number of seconds
  await beckon.call('bob', { ringSeconds: '30' });
  // @ts-expect-error a misspelt callable has no request type
  const misspelt: RequestOf<'sendCallInvitaton'> = {};
  // @ts-expect-error a misspelt field of a request
  const wrongField: RequestOf<'joinCall'> = { callID: 'c' };
  console.log(misspelt, wrongField);
  // @ts-expect-error a group call has no single invitation
  if (call.group) console.log(call.invitationId);
  call.onChange((update) => {
    // @ts-expect-error one vocabulary: an accepted call is `active`
    if (update.status === 'accepted') console.log(update);
  });
  try {
    await beckon.endCall('c');
  } catch (error) {
    if (error instanceof BeckonError) {
      // @ts-expect-error not a code Beckon answers
      if (error.code === 'not-a-code') console.log(error);
      // @ts-expect-error retryAfterSeconds belongs to resource-exhausted, not to not-found
      if (error.code === 'not-found') console.log(error.details.retryAfterSeconds);
    }
  }
}
