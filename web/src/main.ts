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
  type CallHandle,
  type CallUpdate,
  type HistoryMessage,
  type HistoryStop,
  type IncomingCall,
  type Stop,
  beckonClient,
} from '../../client/src/index.js';
import { type PresenceView, isOnline } from '../../functions/src/domain/users/presence.js';
import { DEMO_GROUP_ID, DEMO_PASSWORD, DEMO_USERS, type DemoUser, demoDeviceId } from '../seed/demo-users.js';
import { emulatorApp } from './emulator-app.js';
import { startCallMedia, stopCallMedia } from './media.js';
import { callLine, calleeStateText, element, outgoingStatusText, personName, pushLine } from './view.js';

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

function showMe(me: DemoUser): void {
  const line = $('me');
  onSnapshot(doc(db, 'presence', me.uid), (snapshot) => {
    const online = snapshot.data()?.state === 'online';
    line.replaceChildren(
      element('span', { class: `dot${online ? ' online' : ''}`, 'aria-hidden': 'true' }),
      ` Signed in as ${me.displayName} · ${online ? 'online' : 'offline'}`,
    );
  });
}

function showContacts(me: DemoUser): void {
  const list = $('contacts');
  const others = DEMO_USERS.filter((user) => user.uid !== me.uid);
  const presence = new Map<string, PresenceView>();
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
    onSnapshot(
      doc(db, 'presence', other.uid),
      (snapshot) => {
        const data = snapshot.data();
        if (data?.lastSeenAt) presence.set(other.uid, { state: data.state, lastSeenAt: data.lastSeenAt.toMillis() });
        else presence.delete(other.uid);
        render();
      },
      // Someone who blocked you is refused to you by the rules: shown as offline, like no heartbeat.
      () => {
        presence.delete(other.uid);
        render();
      },
    );
    // Beckon's own rule (a heartbeat older than a minute is offline), checked again as time passes.
    const render = () => {
      const online = isOnline(presence.get(other.uid), Date.now());
      dot.className = `dot${online ? ' online' : ''}`;
      status.textContent = online ? 'online' : 'offline';
    };
    setInterval(render, 10_000);
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
  const place = async (start: () => ReturnType<typeof beckon.call>, callType: 'video' | 'audio') => {
    // One call at a time from a window: a second one waits until this one is over.
    if (inCallHere) return;
    inCallHere = true;
    showCallButtons();
    try {
      const call = await start();
      const names = call.invitations.map((invitation) => personName(invitation.calleeId));
      // Hang up: a one-to-one call ends; the caller of a group call leaves it to the others.
      showCallPanel(call, callType === 'video', names, {
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

let stopPanel: Stop | undefined;

/** This window has a call outgoing or in progress: it places no other until that one is over. */
let inCallHere = false;
const showCallButtons = () => {
  for (const button of document.querySelectorAll<HTMLButtonElement>('#contacts button')) button.disabled = inCallHere;
};

/** The call screen: "Calling", then "Ringing" (the delivery receipt), then each callee's answer. */
function showCallPanel(
  call: CallHandle,
  video: boolean,
  names: string[],
  actions: { cancel?: () => Promise<unknown>; hangUp: () => Promise<unknown> },
): void {
  void stopPanel?.();
  const { callId } = call;
  const panel = $('call-panel');
  const status = $('call-status');
  const callees = $('call-callees');
  const cancel = $<HTMLButtonElement>('call-cancel');
  const hangUp = $<HTMLButtonElement>('call-hangup');
  panel.hidden = false;
  panel.dataset.callId = callId;
  status.textContent = `Calling ${names.join(', ')}…`;
  callees.replaceChildren();
  cancel.onclick = actions.cancel ? () => void actions.cancel?.() : null;
  let hungUp = false;
  hangUp.onclick = () => {
    hungUp = true;
    void stopCallMedia().then(actions.hangUp);
  };
  cancel.hidden = !actions.cancel;
  hangUp.hidden = Boolean(actions.cancel);
  stopPanel = call.onChange((update: CallUpdate) => {
    // Out of a call that goes on without this window (its caller left a group call): it is over here.
    const gone = update.status === 'active' && !update.participants.includes(auth.currentUser?.uid ?? '');
    status.textContent = gone ? 'You left the call' : outgoingStatusText(update, names);
    panel.dataset.status = gone ? 'left' : update.status;
    const ringing = update.status === 'ringing';
    const inCall = update.status === 'active' && !gone;
    inCallHere = ringing || inCall;
    showCallButtons();
    cancel.hidden = !ringing || !actions.cancel;
    hangUp.hidden = !inCall && !(ringing && !actions.cancel);
    // The media starts with the call (its first accept) and stops when it is over for this window.
    const inIt = Object.values(update.callees).filter((state) => state === 'accepted').length + 1;
    if (inCall && !hungUp) void startCallMedia(call, db, video, inIt);
    else if (!ringing) void stopCallMedia();
    callees.replaceChildren(
      ...Object.entries(update.callees).map(([uid, state]) =>
        element(
          'li',
          { 'data-callee': uid },
          element('span', { class: 'grow' }, personName(uid)),
          element('span', { class: 'status' }, calleeStateText(update, uid, state)),
        ),
      ),
    );
  });
}

function showCallPanelError(error: unknown): void {
  inCallHere = false;
  showCallButtons();
  const panel = $('call-panel');
  panel.hidden = false;
  $('call-status').textContent = `The call could not be placed: ${(error as Error).message}`;
  $('call-cancel').hidden = true;
  $('call-hangup').hidden = true;
}

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
    caller.textContent = call.callWaiting
      ? `${call.callerName} is calling you (${call.callType}) while you are in a call`
      : `${call.callerName} is calling you (${call.callType})`;
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

async function answer(me: DemoUser, call: IncomingCall): Promise<void> {
  try {
    // Call waiting: the current call ends with this accept; its media stops first.
    if (call.callWaiting) await stopCallMedia();
    const accepted = await call.accept({ deviceId: demoDeviceId(me), ...(call.callWaiting ? { endCurrent: true } : {}) });
    showCallPanel(accepted, call.callType === 'video', [call.callerName], { hangUp: () => accepted.hangUp() });
  } catch (error) {
    showCallPanelError(error);
  }
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
        const ringing = message.type === 'system' && message.call ? ringingForMe.get(message.call.callId) : undefined;
        const acceptButton = ringing
          ? element('button', { type: 'button', class: 'accept', onclick: () => void answer(me, ringing) }, 'Accept')
          : undefined;
        return callLine(message, me.uid, acceptButton);
      }),
    );
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
      .map((d) => ({ id: d.id, members: (d.data().memberIds as string[]).filter((uid) => uid !== me.uid) }))
      .sort((a, b) => a.members.length - b.members.length || a.id.localeCompare(b.id));
    tabs.replaceChildren(
      ...conversations.map((conversation) =>
        element(
          'button',
          { type: 'button', role: 'tab', 'data-conversation-id': conversation.id, onclick: () => select(conversation.id) },
          conversation.id === DEMO_GROUP_ID ? 'Group' : conversation.members.map(personName).join(', '),
        ),
      ),
    );
    const first = conversations[0];
    if (selected === undefined && first) select(first.id);
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
