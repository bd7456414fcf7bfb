import { signInWithEmailAndPassword } from 'firebase/auth';
import {
  Timestamp,
  addDoc,
  collection,
  doc,
  getDoc,
  getDocs,
  limit,
  onSnapshot,
  orderBy,
  query,
  serverTimestamp,
  where,
} from 'firebase/firestore';
import {
  type CallSummary,
  type CallType,
  type HistoryMessage,
  type HistoryStop,
  type IncomingCall,
  beckonClient,
} from '../../client/src/index.js';
import { decideJoin } from '../../functions/src/domain/call/call-join.js';
import { type PresenceView, isOnline } from '../../functions/src/domain/users/presence.js';
import { DEMO_GROUP_ID, DEMO_PASSWORD, DEMO_USERS, type DemoUser, demoDeviceId } from '../seed/demo-users.js';
import { emulatorApp } from './emulator-app.js';
import { busyHere, callHere, onPanelChange, placing, showCallPanel, showCallPanelError } from './call-panel.js';
import { stopCallMedia } from './media.js';
import { callLine, element, personName, pushLine, ringText } from './view.js';

// The demo app: one browser window per demo user (`?as=alice`), against the emulators that
// `npm start` runs. Every call, answer, ring and history line goes through Beckon's client library;
// what a chat app reads on its own (contacts' presence, the conversation list, and, on the
// emulators only, the push outbox) it reads with the Firestore SDK.

const { app, auth, db } = emulatorApp();
const beckon = beckonClient(app);

// For the browser tests and your console: the page's Firestore, as any script on the page (an
// attacker's too) could reach it; the rules, not the page, decide what it may do.
declare global {
  interface Window {
    beckonDemo?: unknown;
  }
}
window.beckonDemo = {
  db,
  uid: () => auth.currentUser?.uid,
  firestore: { Timestamp, addDoc, collection, getDocs, query, serverTimestamp, where },
};

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

async function start(): Promise<void> {
  const key = new URLSearchParams(location.search).get('as') ?? 'alice';
  const me = DEMO_USERS.find((user) => user.key === key);
  if (!me) {
    $('me').textContent = `No demo user "${key}": open ?as=alice, ?as=bob or ?as=carol.`;
    return;
  }
  await signInWithEmailAndPassword(auth, me.email, DEMO_PASSWORD);
  document.title = `${me.displayName} · Beckon demo`;
  beckon.startPresence();
  showMe(me);
  showContacts(me);
  showIncoming(me);
  showHistory(me);
  showPushes(me);
}

/**
 * Follows one user's presence by Beckon's own rule (online, and a heartbeat within the minute),
 * checked again as time passes; mine and everyone else's alike, so that my header and the others'
 * windows agree. Someone who blocked you is refused to you by the rules: shown as offline, like no heartbeat.
 */
function followPresence(uid: string, show: (online: boolean) => void): void {
  let seen: PresenceView | undefined;
  const render = () => show(isOnline(seen, Date.now()));
  onSnapshot(
    doc(db, 'presence', uid),
    // My own write shows at once, with the server's time estimated.
    { includeMetadataChanges: uid === auth.currentUser?.uid },
    (snapshot) => {
      const data = snapshot.data({ serverTimestamps: 'estimate' });
      seen = data?.lastSeenAt ? { state: data.state, lastSeenAt: (data.lastSeenAt as Timestamp).toMillis() } : undefined;
      render();
    },
    () => {
      seen = undefined;
      render();
    },
  );
  setInterval(render, 10_000);
}

function showMe(me: DemoUser): void {
  const line = $('me');
  followPresence(me.uid, (online) =>
    line.replaceChildren(
      element('span', { class: `dot${online ? ' online' : ''}`, 'aria-hidden': 'true' }),
      ` Signed in as ${me.displayName} · ${online ? 'online' : 'offline'}`,
    ),
  );
}

function showContacts(me: DemoUser): void {
  const list = $('contacts');
  const others = DEMO_USERS.filter((user) => user.uid !== me.uid);
  const rows = others.map((other) => {
    const dot = element('span', { class: 'dot', 'aria-hidden': 'true' });
    const label = element('span', { class: 'grow' }, other.displayName);
    const status = element('span', { class: 'status' }, 'offline');
    const row = element(
      'li',
      {},
      dot,
      label,
      status,
      callButtons(
        other.displayName,
        () => beckon.call(other.uid, { callType: 'video' }),
        () => beckon.call(other.uid, { callType: 'audio' }),
      ),
    );
    followPresence(other.uid, (online) => {
      dot.className = `dot${online ? ' online' : ''}`;
      status.textContent = online ? 'online' : 'offline';
    });
    return row;
  });
  const groupIds = others.map((other) => other.uid);
  const group = element(
    'li',
    {},
    element('span', { class: 'dot', 'aria-hidden': 'true' }),
    element('span', { class: 'grow' }, `Group: ${DEMO_USERS.map((user) => user.displayName).join(', ')}`),
    callButtons(
      'the group',
      () => beckon.call(groupIds, { callType: 'video', conversationId: DEMO_GROUP_ID }),
      () => beckon.call(groupIds, { callType: 'audio', conversationId: DEMO_GROUP_ID }),
    ),
  );
  list.replaceChildren(...rows, group);
}

/** The video and audio call buttons of one contact (or the group), kept together when the row wraps. */
function callButtons(who: string, video: () => ReturnType<typeof beckon.call>, audio: () => ReturnType<typeof beckon.call>): HTMLElement {
  const place = async (start: () => ReturnType<typeof beckon.call>, callType: CallType) => {
    // One call at a time from a window: a second one waits until this one is over.
    if (busyHere()) return;
    placing();
    try {
      const call = await start();
      const names = call.invitations.map((invitation) => personName(invitation.calleeId));
      const me = auth.currentUser?.uid ?? '';
      // Hang up: a one-to-one call ends; the caller of a group call leaves it to the others.
      showCallPanel(db, {
        call,
        me,
        callerId: me,
        video: callType === 'video',
        names,
        cancel: () => call.hangUp(),
        hangUp: () => (call.group ? call.leave() : call.hangUp()),
      });
    } catch (error) {
      showCallPanelError(error);
    }
  };
  return element(
    'span',
    { class: 'actions' },
    element('button', { type: 'button', 'aria-label': `Video call ${who}`, onclick: () => void place(video, 'video') }, 'Video'),
    element('button', { type: 'button', 'aria-label': `Audio call ${who}`, onclick: () => void place(audio, 'audio') }, 'Audio'),
  );
}

/** The contacts' call buttons wait while this window has a call. */
const showCallButtons = () => {
  for (const button of document.querySelectorAll<HTMLButtonElement>('#contacts button')) button.disabled = busyHere();
};
onPanelChange(showCallButtons);

function showIncoming(me: DemoUser): void {
  const dialog = $('incoming');
  const caller = $('incoming-caller');
  const countdown = $('incoming-countdown');
  const title = $('incoming-title');
  const accept = $<HTMLButtonElement>('incoming-accept');
  const decline = $<HTMLButtonElement>('incoming-decline');
  const replies = [...$('incoming-replies').querySelectorAll<HTMLButtonElement>('button')];
  const acknowledged = new Set<string>();
  let shown: IncomingCall | undefined;
  // Calls this window answered: any other that stops ringing unanswered is a missed call.
  const answeredHere = new Set<string>();
  setInterval(() => {
    if (shown) countdown.textContent = `Rings for ${Math.max(0, Math.ceil((shown.expiresAt - Date.now()) / 1000))} s more`;
  }, 250);
  let ringingNow: IncomingCall[] = [];
  beckon.onIncomingCalls((calls) => {
    for (const gone of ringingNow.filter((before) => !calls.some((call) => call.invitationId === before.invitationId))) {
      if (!answeredHere.has(gone.invitationId)) void showIfMissed(gone);
    }
    ringingNow = calls;
    const [call] = calls;
    shown = call;
    dialog.hidden = !call;
    if (!call) return;
    dialog.dataset.invitationId = call.invitationId;
    dialog.dataset.callWaiting = String(call.callWaiting);
    // Call waiting: a second call while this window is in one; taking it ends the current one.
    title.textContent = call.callWaiting ? 'Call waiting' : 'Incoming call';
    accept.textContent = call.callWaiting ? 'End call and accept' : 'Accept';
    caller.textContent = ringText(call, ringsWith.get(call.callId));
    // A group call says so, and who else it rings: the call document is every callee's to read, once.
    if (call.callId !== call.invitationId && !ringsWith.has(call.callId)) void nameGroupRing(me, call, caller);
    countdown.textContent = `Rings for ${Math.max(0, Math.ceil((call.expiresAt - Date.now()) / 1000))} s more`;
    accept.focus();
    if (!acknowledged.has(call.invitationId)) {
      acknowledged.add(call.invitationId);
      void call.acknowledge({ deviceId: demoDeviceId(me), source: 'listener' }).catch(() => undefined);
    }
    accept.onclick = () => {
      answeredHere.add(call.invitationId);
      void answer(me, call);
    };
    decline.onclick = () => {
      answeredHere.add(call.invitationId);
      void call.decline().catch(() => undefined);
    };
    for (const reply of replies) {
      reply.onclick = () => {
        answeredHere.add(call.invitationId);
        void call.decline(reply.dataset.reply).catch(() => undefined);
      };
    }
  });
}

/**
 * A call that stopped ringing without an answer from here: if its caller hung up or nobody
 * answered, it is a missed call, as the phone's notification (the emulated push) says too.
 */
async function showIfMissed(call: IncomingCall): Promise<void> {
  const status = (await getDoc(doc(db, 'callInvitations', call.invitationId))).data()?.status as string | undefined;
  if (status !== 'cancelled' && status !== 'missed' && status !== 'busy') return;
  const notice = $('notice');
  notice.hidden = false;
  notice.dataset.invitationId = call.invitationId;
  notice.textContent = `Missed ${call.callType} call from ${call.callerName}${status === 'cancelled' ? ' (they hung up)' : ''}`;
}

/** Who else a group call rings, by call id: read once per call. */
const ringsWith = new Map<string, string[]>();

async function nameGroupRing(me: DemoUser, call: IncomingCall, line: HTMLElement): Promise<void> {
  const stored = (await getDoc(doc(db, 'calls', call.callId))).data() as { calleeIds?: string[] } | undefined;
  ringsWith.set(call.callId, (stored?.calleeIds ?? []).filter((uid) => uid !== me.uid).map(personName));
  if (line.closest<HTMLElement>('#incoming')?.dataset.invitationId === call.invitationId)
    line.textContent = ringText(call, ringsWith.get(call.callId));
}

async function answer(me: DemoUser, call: IncomingCall): Promise<void> {
  try {
    // Call waiting: the current call ends with this accept; its media stops first.
    if (call.callWaiting) await stopCallMedia();
    const accepted = await call.accept({ deviceId: demoDeviceId(me), ...(call.callWaiting ? { endCurrent: true } : {}) });
    showCallPanel(db, {
      call: accepted,
      me: me.uid,
      callerId: call.callerId,
      video: call.callType === 'video',
      names: [call.callerName],
      hangUp: () => accepted.hangUp(),
    });
  } catch (error) {
    showCallPanelError(error);
  }
}

/** Back into a call that goes on (a group call the user left, declined or missed): from its line in history. */
async function join(me: DemoUser, callId: string): Promise<void> {
  if (busyHere()) return;
  placing();
  try {
    const joined = await beckon.joinCall(callId, { deviceId: demoDeviceId(me) });
    const [call, snapshot] = await Promise.all([
      beckon.callHandle(callId, joined.media ? { media: joined.media } : {}),
      getDoc(doc(db, 'calls', callId)),
    ]);
    const stored = snapshot.data() as { callerId: string; callType: CallType };
    showCallPanel(db, {
      call,
      me: me.uid,
      callerId: stored.callerId,
      video: stored.callType === 'video',
      names: [],
      hangUp: () => call.leave(),
    });
  } catch (error) {
    showCallPanelError(error);
  }
}

/**
 * A call the user may get back into from history: it goes on, this window is not in it, and the
 * server's own join rule (decideJoin) lets them in. What the history line cannot tell (whether
 * someone in the call blocked the user) the server still decides.
 */
function mayJoin(call: CallSummary, me: string): boolean {
  if (callHere() === call.callId || call.full) return false;
  const decision = decideJoin({ ...call, callerIn: false }, me, { isConversationMember: true, blockedByMember: false });
  return decision.kind === 'join';
}

function showHistory(me: DemoUser): void {
  const tabs = $('conversations');
  const list = $('history');
  const older = $('history-older') as HTMLButtonElement;
  let selected: string | undefined;
  let stop: HistoryStop | undefined;
  // The library listens to the latest page; older ones come on request, or as the button above the
  // list scrolls into view, as a chat app loads more when you scroll up.
  older.onclick = () => stop?.loadOlder();
  new IntersectionObserver((entries) => {
    if (!older.hidden && entries.some((entry) => entry.isIntersecting)) stop?.loadOlder();
  }).observe(older);
  let ringingForMe = new Map<string, IncomingCall>();
  let messages: HistoryMessage[] = [];
  beckon.onIncomingCalls((calls) => {
    ringingForMe = new Map(calls.map((call) => [call.callId, call]));
    render();
  });
  const render = () =>
    list.replaceChildren(
      ...messages.map((message) => {
        const call = message.type === 'system' ? message.call : undefined;
        const ringing = call ? ringingForMe.get(call.callId) : undefined;
        const action = ringing
          ? element('button', { type: 'button', class: 'accept', onclick: () => void answer(me, ringing) }, 'Accept')
          : call && mayJoin(call, me.uid)
            ? element('button', { type: 'button', class: 'accept', onclick: () => void join(me, call.callId) }, 'Join')
            : undefined;
        return callLine(message, me.uid, action);
      }),
    );
  onPanelChange(render);
  const select = (conversationId: string) => {
    selected = conversationId;
    for (const tab of tabs.querySelectorAll('button')) tab.setAttribute('aria-selected', String(tab.dataset.conversationId === selected));
    void stop?.();
    stop = beckon.onConversation(conversationId, (next, page) => {
      messages = next;
      older.hidden = !page.hasOlder;
      render();
    });
  };
  const mine = query(collection(db, 'conversations'), where('memberIds', 'array-contains', me.uid));
  onSnapshot(mine, (snapshot) => {
    const conversations = snapshot.docs
      .map((d) => ({
        id: d.id,
        members: (d.data().memberIds as string[]).filter((uid) => uid !== me.uid),
        lastMessageAt: (d.data().lastMessageAt as Timestamp | undefined)?.toMillis() ?? 0,
      }))
      .sort((a, b) => a.members.length - b.members.length || a.id.localeCompare(b.id));
    // It opens on the conversation that spoke last, as a chat app does: a group call's line shows.
    const latest = [...conversations].sort((a, b) => b.lastMessageAt - a.lastMessageAt)[0];
    tabs.replaceChildren(
      ...conversations.map((conversation) =>
        element(
          'button',
          { type: 'button', role: 'tab', 'data-conversation-id': conversation.id, onclick: () => select(conversation.id) },
          conversation.id === DEMO_GROUP_ID ? 'Group' : conversation.members.map(personName).join(', '),
        ),
      ),
    );
    if (selected === undefined && latest) select(latest.id);
    else if (selected) select(selected);
  });
}

function showPushes(me: DemoUser): void {
  const list = $('pushes');
  const mine = query(collection(db, 'pushOutbox'), where('uid', '==', me.uid), orderBy('createdAt', 'desc'), limit(20));
  onSnapshot(mine, (snapshot) => list.replaceChildren(...snapshot.docs.map((d) => pushLine(d.data()))));
}

void start().catch((error: unknown) => {
  $('me').textContent = `Could not start: ${(error as Error).message}`;
});
