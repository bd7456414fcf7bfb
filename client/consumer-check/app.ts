// An app's code against the built package (`npm run build:client`), resolved by its name as an
// app that installed it would: test/unit/client-package.test.ts typechecks it. Never run.
import { initializeApp } from 'firebase/app';
import {
  type CallUpdate,
  type IncomingCall,
  type InvitationDoc,
  type SendCallInvitationResponse,
  BeckonError,
  beckonClient,
} from 'beckon-client';

export async function app(): Promise<void> {
  const beckon = beckonClient(initializeApp({ projectId: 'demo-app', apiKey: 'key' }), { region: 'europe-west1' });

  const call = await beckon.call('bob', { callType: 'audio', requestId: 'queued-while-offline-1' });
  const first: SendCallInvitationResponse | { callId: string } = call.answer;
  const stop = call.onChange((update: CallUpdate) => {
    const ringing: boolean = update.status === 'ringing' && update.receivedAt !== undefined;
    console.log(first.callId, ringing, update.callees);
  });
  stop();
  await call.cancel();

  const unsubscribe = beckon.onIncomingCalls((calls: IncomingCall[]) => {
    for (const incoming of calls) void incoming.acknowledge({ deviceId: 'phone', source: 'listener' });
  });
  unsubscribe();
  const fromPush = await beckon.callFromPush({ type: 'call_invitation', invitationId: 'i' });
  if (fromPush) {
    const { roomId } = await fromPush.accept({ deviceId: 'phone' });
    console.log(roomId.length);
  }
  const answer = await beckon.respond('i', 'decline');
  if (answer.status === 'declined') await beckon.acknowledge('i', { deviceId: 'phone', source: 'push' });

  try {
    await beckon.call(['bob', 'carol'], { conversationId: 'group' });
  } catch (error) {
    if (error instanceof BeckonError && error.code === 'resource-exhausted') console.log(error.details);
  }
  const ringsFor = (stored: InvitationDoc): number => stored.expiresAt.toMillis() - Date.now();
  console.log(ringsFor);
  const stopPresence = beckon.startPresence();
  await stopPresence();

  // The types are the contract's, not `any`: each of these is refused.
  // @ts-expect-error a callee is a uid
  await beckon.call(42);
  // @ts-expect-error the actions are accept and decline
  await beckon.respond('i', 'maybe');
  // @ts-expect-error callType is video or audio
  await beckon.call('bob', { callType: 'hologram' });
}
