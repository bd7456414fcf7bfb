import { collection, doc, getDoc, orderBy, query, where } from 'firebase/firestore';
import { afterAll, describe, expect, it } from 'vitest';
import { collections } from '../../functions/src/adapters/firestore/collections.js';
import { emulatorTransport } from '../../functions/src/adapters/push/emulator-transport.js';
import { readInvitationTarget } from '../../functions/src/adapters/firestore/call-reads.js';
import { runCallEvent } from '../../functions/src/handlers/call-events.js';
import { deliverCallStatusPush } from '../../functions/src/handlers/deliver-invitation-push.js';
import { adminDb, finalDelivery, finalDeliveryOf, outboxOfKind } from '../support/admin.js';
import { type AppUser, deleteClientApps, signUp } from '../support/client.js';
import {
  callError,
  cancelCall,
  endCall,
  goOnline,
  registerDevice,
  respond,
  sendInvitation,
  storeCall,
  defaultLiveness,
} from '../support/fixtures.js';
import { listen } from '../support/listen.js';
import type { Invitation } from '../../functions/src/domain/call/invitation.js';

afterAll(deleteClientApps);

const historyMessage = async (user: AppUser, conversationId: string, messageId: string) =>
  (await getDoc(doc(user.db, 'conversations', conversationId, 'messages', messageId))).data();

const incomingCalls = (user: AppUser) =>
  query(collection(user.db, 'callInvitations'), where('calleeId', '==', user.uid), where('status', '==', 'ringing'), orderBy('createdAt'));

async function ringingCall(callerName = 'Caller') {
  const [caller, callee] = await Promise.all([signUp(callerName), signUp('Callee')]);
  await registerDevice(callee, { deviceId: 'phone', platform: 'android', locale: 'en' });
  await registerDevice(callee, { deviceId: 'tablet', platform: 'ios', locale: 'zh-CN' });
  const sent = await sendInvitation(caller, { calleeId: callee.uid });
  return { caller, callee, sent };
}

describe('accept', () => {
  it('gives the callee the room, tells the caller at once, and stops the ringing on every device', async () => {
    const { caller, callee, sent } = await ringingCall();
    const callerScreen = listen(doc(caller.db, 'callInvitations', sent.invitationId));
    await callerScreen.ready;

    const answer = await respond(callee, sent.invitationId, 'accept');

    expect(answer).toEqual({ status: 'accepted', callId: sent.callId, roomId: sent.roomId, conversationId: sent.conversationId });
    const activeCall = (await getDoc(doc(callee.db, 'activeCalls', callee.uid))).data();
    expect(activeCall).toMatchObject({ invitationId: sent.invitationId, roomId: sent.roomId });
    const seen = await callerScreen.waitFor((s) => s.data()?.status === 'accepted', "the caller's screen to show accepted");
    expect(seen.data()).toMatchObject({ respondedBy: callee.uid });
    callerScreen.stop();
    expect((await historyMessage(caller, sent.conversationId, sent.systemMessage.id))?.callInvitation.status).toBe('accepted');

    expect(await finalDeliveryOf(sent.invitationId, 'call_cancelled')).toMatchObject({ state: 'sent' });
    const stops = await outboxOfKind(sent.invitationId, 'call_cancelled');
    expect(stops.map((p) => p.deviceId).sort()).toEqual(['phone', 'tablet']);
    for (const stop of stops) {
      expect(stop.message.data).toEqual({ type: 'call_cancelled', invitationId: sent.invitationId, reason: 'answered_elsewhere' });
    }
    expect(await outboxOfKind(sent.invitationId, 'missed_call')).toHaveLength(0);
  });
});

describe('decline and cancel', () => {
  it('decline: the caller hears it, history says declined, every device stops ringing', async () => {
    const { caller, callee, sent } = await ringingCall();
    expect(await respond(callee, sent.invitationId, 'decline')).toEqual({ status: 'declined' });
    const invitation = (await getDoc(doc(caller.db, 'callInvitations', sent.invitationId))).data();
    expect(invitation).toMatchObject({ status: 'declined', respondedBy: callee.uid });
    expect((await historyMessage(callee, sent.conversationId, sent.systemMessage.id))?.callInvitation.status).toBe('declined');
    await finalDeliveryOf(sent.invitationId, 'call_cancelled');
    const stops = await outboxOfKind(sent.invitationId, 'call_cancelled');
    expect(stops.map((p) => p.message.data.reason)).toEqual(['declined', 'declined']);
    // It only takes a notification away: normal priority, so Android keeps the app's high-priority quota for rings (issue 21).
    expect(stops.find((p) => p.deviceId === 'phone')?.message.android).toMatchObject({ priority: 'normal', ttl: 60_000 });
  });

  it("cancel: the callee's popup goes away, and an offline callee's devices stop ringing too", async () => {
    const { caller, callee, sent } = await ringingCall();
    await goOnline(callee);
    const popup = listen(incomingCalls(callee));
    await popup.waitFor((s) => s.docs.some((d) => d.id === sent.invitationId), 'the call to ring');
    await finalDelivery(sent.invitationId);

    expect(await cancelCall(caller, sent.invitationId)).toEqual({ status: 'cancelled' });

    await popup.waitFor((s) => !s.docs.some((d) => d.id === sent.invitationId), 'the popup to go away');
    popup.stop();
    expect((await historyMessage(caller, sent.conversationId, sent.systemMessage.id))?.callInvitation.status).toBe('cancelled');
    await finalDeliveryOf(sent.invitationId, 'call_cancelled');
    const stops = await outboxOfKind(sent.invitationId, 'call_cancelled');
    expect(stops.map((p) => p.message.data.reason)).toEqual(['cancelled', 'cancelled']);
    expect(stops.find((p) => p.deviceId === 'phone')?.message.android).toMatchObject({ priority: 'high', ttl: 60_000 });
    expect(stops.find((p) => p.deviceId === 'tablet')?.message.apns.headers).toMatchObject({
      'apns-push-type': 'background',
      'apns-priority': '5',
    });
    // As on any phone, a call that rang and was hung up on is a missed call: a visible notice after
    // the stop, replacing the ringing one, in each device's language (issue 21).
    const [stopped, noticed] = await Promise.all([
      finalDeliveryOf(sent.invitationId, 'call_cancelled'),
      finalDeliveryOf(sent.invitationId, 'missed_call'),
    ]);
    expect(noticed.state).toBe('sent');
    expect(noticed.attemptedAt.toMillis()).toBeGreaterThanOrEqual(stopped.attemptedAt.toMillis());
    const notices = await outboxOfKind(sent.invitationId, 'missed_call');
    expect(notices.map((p) => [p.deviceId, p.message.data.reason]).sort()).toEqual([
      ['phone', 'cancelled'],
      ['tablet', 'cancelled'],
    ]);
    const onPhone = notices.find((p) => p.deviceId === 'phone')?.message.android;
    expect(onPhone).toMatchObject({ priority: 'high', notification: { tag: sent.invitationId, body: 'Missed video call from Caller' } });
    expect(notices.find((p) => p.deviceId === 'tablet')?.message.apns.headers).toMatchObject({ 'apns-collapse-id': sent.invitationId });

    const offline = await ringingCall();
    await cancelCall(offline.caller, offline.sent.invitationId);
    expect(await finalDeliveryOf(offline.sent.invitationId, 'call_cancelled')).toMatchObject({ state: 'sent' });
  });
});

describe('end', () => {
  it('either party hangs up an accepted call; history shows the duration', async () => {
    const { caller, callee, sent } = await ringingCall();
    await respond(callee, sent.invitationId, 'accept');
    expect(await endCall(caller, sent.invitationId)).toEqual({ status: 'ended' });
    const invitation = (await getDoc(doc(callee.db, 'callInvitations', sent.invitationId))).data();
    expect(invitation).toMatchObject({ status: 'ended', endedBy: caller.uid });
    expect((await getDoc(doc(callee.db, 'activeCalls', callee.uid))).exists()).toBe(false);
    const message = await historyMessage(callee, sent.conversationId, sent.systemMessage.id);
    expect(message?.callInvitation).toMatchObject({ status: 'ended', durationSeconds: expect.any(Number) });

    const second = await ringingCall();
    await respond(second.callee, second.sent.invitationId, 'accept');
    expect(await endCall(second.callee, second.sent.invitationId)).toEqual({ status: 'ended' });
  });
});

describe('the invitationId forms, as an Android or iOS app sends them without the library', () => {
  it('cancels, and ends, by invitationId; a repeat answers the same', async () => {
    const cancelled = await ringingCall();
    const byInvitation = { invitationId: cancelled.sent.invitationId };
    expect(await cancelled.caller.call('cancelCallInvitation', byInvitation)).toEqual({ status: 'cancelled' });
    expect(await cancelled.caller.call('cancelCallInvitation', byInvitation)).toEqual({ status: 'cancelled' });
    expect((await getDoc(doc(cancelled.caller.db, 'callInvitations', cancelled.sent.invitationId))).data()?.status).toBe('cancelled');

    const { caller, callee, sent } = await ringingCall();
    await callee.call('respondToCallInvitation', { invitationId: sent.invitationId, action: 'accept' });
    expect(await callee.call('endCall', { invitationId: sent.invitationId })).toEqual({ status: 'ended' });
    expect(await caller.call('endCall', { invitationId: sent.invitationId })).toEqual({ status: 'ended' });
    expect((await getDoc(doc(caller.db, 'callInvitations', sent.invitationId))).data()).toMatchObject({
      status: 'ended',
      endedBy: callee.uid,
    });
  });
});

describe('refusals', () => {
  it('answers permission-denied, not-found and failed-precondition with the current status', async () => {
    const { caller, callee, sent } = await ringingCall();
    const stranger = await signUp();
    const id = sent.invitationId;

    expect((await callError(respond(stranger, id, 'accept'))).code).toBe('permission-denied');
    expect((await callError(respond(caller, id, 'accept'))).code).toBe('permission-denied');
    expect((await callError(cancelCall(callee, id))).code).toBe('permission-denied');
    expect((await callError(endCall(stranger, id))).code).toBe('permission-denied');
    expect((await callError(respond(callee, 'no-such-invitation', 'accept'))).code).toBe('not-found');

    const early = await callError(endCall(caller, id));
    expect(early).toMatchObject({ code: 'failed-precondition', details: { status: 'ringing' } });

    await respond(callee, id, 'decline');
    for (const late of [() => respond(callee, id, 'accept'), () => cancelCall(caller, id), () => endCall(caller, id)]) {
      expect(await callError(late())).toMatchObject({ code: 'failed-precondition', details: { status: 'declined' } });
    }
    expect((await getDoc(doc(caller.db, 'callInvitations', id))).data()?.status).toBe('declined');
  });

  it('answers invalid-argument for a malformed request and changes nothing', async () => {
    const { callee, sent } = await ringingCall();
    for (const data of [
      { invitationId: sent.invitationId, action: 'maybe' },
      { invitationId: 'a/b', action: 'accept' },
      { action: 'accept' },
    ]) {
      const error = await callError(callee.call('respondToCallInvitation', data));
      expect(error.code).toBe('invalid-argument');
    }
    expect((await callError(callee.call('cancelCallInvitation', {}))).code).toBe('invalid-argument');
    expect((await callError(callee.call('endCall', { invitationId: '' }))).code).toBe('invalid-argument');
    expect((await getDoc(doc(callee.db, 'callInvitations', sent.invitationId))).data()?.status).toBe('ringing');
  });

  it('refuses to accept a call past its expiresAt and marks it missed, even before any timer ran', async () => {
    const { caller, callee, sent } = await ringingCall();
    const deps = { store: collections(adminDb()), now: () => sent.expiresAt + 1, liveness: defaultLiveness };
    const target = await readInvitationTarget(deps.store, sent.invitationId);
    await expect(runCallEvent(deps, target, { kind: 'accept', by: callee.uid, calleeId: callee.uid })).rejects.toMatchObject({
      code: 'failed-precondition',
      details: { status: 'missed' },
    });
    const invitation = (await getDoc(doc(caller.db, 'callInvitations', sent.invitationId))).data();
    expect(invitation).toMatchObject({ status: 'missed', respondedBy: null });
    expect((await historyMessage(caller, sent.conversationId, sent.systemMessage.id))?.callInvitation.status).toBe('missed');
  });
});

describe('retries: repeating the action that won', () => {
  it('answers as it did and changes nothing; a different action is still refused', async () => {
    const { caller, callee, sent } = await ringingCall();
    const id = sent.invitationId;
    const room = { status: 'accepted', callId: sent.callId, roomId: sent.roomId, conversationId: sent.conversationId };

    expect(await respond(callee, id, 'accept', 'phone')).toEqual(room);
    const acceptedAt = (await getDoc(doc(callee.db, 'callInvitations', id))).data()?.respondedAt;
    expect(await respond(callee, id, 'accept', 'phone')).toEqual(room);
    expect((await getDoc(doc(callee.db, 'callInvitations', id))).data()?.respondedAt).toEqual(acceptedAt);
    // The callee's other device did not join: it is told the call was answered elsewhere.
    expect(await callError(respond(callee, id, 'accept', 'tablet'))).toMatchObject({
      code: 'failed-precondition',
      details: { status: 'accepted' },
    });
    expect(await callError(respond(callee, id, 'accept'))).toMatchObject({ code: 'failed-precondition' });
    expect(await callError(respond(callee, id, 'decline', 'phone'))).toMatchObject({ code: 'failed-precondition' });
    expect(await callError(cancelCall(caller, id))).toMatchObject({ code: 'failed-precondition' });

    expect(await endCall(caller, id)).toEqual({ status: 'ended' });
    const ended = (await getDoc(doc(caller.db, 'callInvitations', id))).data();
    // Both hang up at once, or the caller retries: each hears "ended", and the call ended once.
    expect(await endCall(callee, id)).toEqual({ status: 'ended' });
    expect(await endCall(caller, id)).toEqual({ status: 'ended' });
    expect((await getDoc(doc(caller.db, 'callInvitations', id))).data()).toEqual(ended);
    expect(ended).toMatchObject({ endedBy: caller.uid });
    expect(await callError(respond(callee, id, 'accept', 'phone'))).toMatchObject({ details: { status: 'ended' } });
    expect(await finalDeliveryOf(id, 'call_cancelled')).toMatchObject({ state: 'sent' });
    expect(await outboxOfKind(id, 'call_cancelled')).toHaveLength(2);
  });

  it('a repeated decline or cancel answers the same and sends no second stop-ringing push', async () => {
    const declined = await ringingCall();
    expect(await respond(declined.callee, declined.sent.invitationId, 'decline', 'phone')).toEqual({ status: 'declined' });
    expect(await respond(declined.callee, declined.sent.invitationId, 'decline', 'tablet')).toEqual({ status: 'declined' });
    expect(await callError(cancelCall(declined.caller, declined.sent.invitationId))).toMatchObject({ details: { status: 'declined' } });

    const cancelled = await ringingCall();
    expect(await cancelCall(cancelled.caller, cancelled.sent.invitationId)).toEqual({ status: 'cancelled' });
    expect(await cancelCall(cancelled.caller, cancelled.sent.invitationId)).toEqual({ status: 'cancelled' });
    expect(await callError(respond(cancelled.callee, cancelled.sent.invitationId, 'accept'))).toMatchObject({
      details: { status: 'cancelled' },
    });

    for (const { sent } of [declined, cancelled]) {
      expect(await finalDeliveryOf(sent.invitationId, 'call_cancelled')).toMatchObject({ state: 'sent' });
      // One stop-ringing push per device (phone and tablet), whatever the repeats.
      expect(await outboxOfKind(sent.invitationId, 'call_cancelled')).toHaveLength(2);
    }
  });
});

describe('busy', () => {
  it('a callee in an accepted call is not rung; the caller is told at once, the callee gets a missed-call notice', async () => {
    const { caller, callee, sent } = await ringingCall();
    await respond(callee, sent.invitationId, 'accept');
    const other = await signUp('Second Caller');

    const second = await sendInvitation(other, { calleeId: callee.uid });

    expect(second.status).toBe('busy');
    expect(second.systemMessage.callInvitation.status).toBe('busy');
    expect(await finalDelivery(second.invitationId)).toMatchObject({ state: 'skipped' });
    await finalDeliveryOf(second.invitationId, 'missed_call');
    const notices = await outboxOfKind(second.invitationId, 'missed_call');
    const byDevice = Object.fromEntries(notices.map((p) => [p.deviceId, p.message]));
    expect(byDevice.phone.android.notification.body).toBe('Missed video call from Second Caller');
    expect(byDevice.tablet.apns.payload.aps.alert.body).toBe('来自 Second Caller 的未接视频通话');
    expect(byDevice.phone.data).toMatchObject({ type: 'missed_call', reason: 'busy', invitationId: second.invitationId });
    expect(await outboxOfKind(second.invitationId, 'call_invitation')).toHaveLength(0);

    // The caller of the accepted call is busy too; once it ends, both can be called again.
    expect((await sendInvitation(other, { calleeId: caller.uid })).status).toBe('busy');
    await endCall(caller, sent.invitationId);
    expect((await sendInvitation(other, { calleeId: callee.uid })).status).toBe('ringing');
  });
});

describe('pushes of the lifecycle', () => {
  it('are sent once even when the status trigger is delivered again', async () => {
    const { callee, sent } = await ringingCall();
    await respond(callee, sent.invitationId, 'decline');
    await finalDeliveryOf(sent.invitationId, 'call_cancelled');
    const deps = { store: collections(adminDb()), transport: () => emulatorTransport(collections(adminDb())), now: () => Date.now() };
    const again = await deliverCallStatusPush(deps, sent.invitationId, 'ringing', 'declined');
    // A repeat finds the push recorded, and says what the invitation's status was.
    expect(again).toEqual([{ skipped: true, duplicate: true, status: 'declined' }]);
    expect(await outboxOfKind(sent.invitationId, 'call_cancelled')).toHaveLength(2);
  });

  it('do not ring a call that stopped ringing before its invitation push went out', async () => {
    const [caller, callee] = await Promise.all([signUp(), signUp()]);
    await registerDevice(callee, { platform: 'android' });
    // An invitation the trigger only sees after it was cancelled: the trigger must skip, not ring.
    const stored = await storeCall(collections(adminDb()), {
      invitationId: `late-${caller.uid}`,
      callerId: caller.uid,
      calleeId: callee.uid,
      conversationId: `late-${caller.uid}`,
      status: 'cancelled',
    });
    const [invitation] = stored.invitations as [Invitation];
    const delivery = await finalDelivery(invitation.id);
    expect(delivery).toMatchObject({ state: 'skipped', devices: [] });
    expect(delivery.reason).toContain('cancelled');
    expect(await outboxOfKind(invitation.id, 'call_invitation')).toHaveLength(0);

    // Its status push, as the trigger would send it: stop ringing, but no missed-call notice, as nothing rang (issue 21).
    const deps = { store: collections(adminDb()), transport: () => emulatorTransport(collections(adminDb())), now: () => Date.now() };
    await deliverCallStatusPush(deps, invitation.id, 'ringing', 'cancelled');
    const notice = await finalDeliveryOf(invitation.id, 'missed_call');
    expect(notice).toMatchObject({ state: 'skipped', devices: [] });
    expect(notice.reason).toContain('nothing rang');
    expect(await outboxOfKind(invitation.id, 'missed_call')).toHaveLength(0);
  });
});
