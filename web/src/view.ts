import type { CallUpdate, HistoryMessage, IncomingCall } from '../../client/src/index.js';
import { DEMO_GROUP_ID, DEMO_USERS } from '../seed/demo-users.js';

type Child = Node | string | undefined;

/** A DOM element with attributes (`on…` ones as handlers) and children. */
export function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string | ((event: Event) => void)> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (typeof value === 'function') node.addEventListener(name.replace(/^on/, ''), value);
    else node.setAttribute(name, value);
  }
  node.append(...children.filter((child): child is Node | string => child !== undefined));
  return node;
}

export const personName = (uid: string): string => DEMO_USERS.find((user) => user.uid === uid)?.displayName ?? uid;

/** What the incoming-call dialog says: who calls, and for a group call whom else it rings ("Alice is calling you and Carol in Group (video)"). */
export function ringText(
  call: Pick<IncomingCall, 'callerName' | 'callType' | 'callWaiting' | 'conversationId'>,
  others?: string[],
): string {
  const also = others?.length ? ` and ${others.join(', ')}` : '';
  const group = others && call.conversationId === DEMO_GROUP_ID ? ' in Group' : '';
  return `${call.callerName} is calling you${also}${group} (${call.callType})${call.callWaiting ? ' while you are in a call' : ''}`;
}

/** What the call screen says, the caller's and a callee's alike. */
export function statusText(update: CallUpdate, me: string, names: string[]): string {
  const who = names.join(', ');
  switch (update.status) {
    case 'ringing':
      return update.receivedAt === undefined ? `Calling ${who}…` : `Ringing ${who}…`;
    case 'active': {
      // Who is in it now, not who was rung: someone who left is gone from this line.
      const others = update.participants.filter((uid) => uid !== me).map(personName);
      if (others.length === 0) return 'Waiting for the others to join…';
      return Object.keys(update.callees).length > 1
        ? `Group call in progress: with ${others.join(', ')}`
        : `In call with ${others.join(', ')}`;
    }
    case 'declined':
      return update.declineMessage ? `${who} declined: “${update.declineMessage}”` : `${who} declined`;
    case 'missed':
      return `No answer from ${who}`;
    case 'busy':
      return `${who} ${names.length > 1 ? 'are' : 'is'} busy`;
    case 'cancelled':
      return 'Call cancelled';
    default:
      // A party whose app went silent (crashed, lost its network) took the call down with them.
      return update.endedReason === 'lost' ? 'Call ended: connection lost' : 'Call ended';
  }
}

/** One person's part as the call screen lists it: the caller is in the call or left it; a callee who left because their app went silent lost their connection. */
export function partStateText(update: CallUpdate, uid: string, callerId: string): string {
  const over = update.status !== 'ringing' && update.status !== 'active';
  if (uid === callerId) return over ? 'caller' : update.participants.includes(uid) ? 'in the call' : 'left';
  const state = update.callees[uid] ?? '';
  if (state === 'left' && update.lostIds?.includes(uid)) return 'connection lost';
  return state === 'accepted' && !over ? 'accepted · in the call' : state;
}

/** One history line: a text, or a call with its live status (and an Accept or Join button when the user may get in). */
export function callLine(message: HistoryMessage, me: string, action?: HTMLElement): HTMLLIElement {
  const time = message.createdAt === undefined ? '' : new Date(message.createdAt).toLocaleTimeString();
  if (message.type === 'text') {
    return element(
      'li',
      {},
      element('span', { class: 'grow' }, `${personName(message.senderId)}: ${message.text}`),
      element('small', {}, time),
    );
  }
  const status = message.callInvitation?.status ?? message.call?.status ?? '';
  const answers =
    message.call && Object.keys(message.call.callees).length > 1
      ? Object.entries(message.call.callees)
          .map(([uid, state]) => `${uid === me ? 'you' : personName(uid)} ${state}`)
          .join(', ')
      : '';
  return element(
    'li',
    { 'data-call-id': message.call?.callId ?? '', 'data-status': status },
    element('span', { class: 'grow' }, `${message.text}${answers ? ` · ${answers}` : ''}`),
    element('span', { class: 'status' }, status),
    action,
    element('small', {}, time),
  );
}

/**
 * Why a stop-ringing push came, in words. The push goes to every device of the callee, the one that
 * answered too (it can tell from the reason that it has nothing to do), so the reason is not "elsewhere".
 */
const STOP_REASONS: Record<string, string> = {
  answered_elsewhere: 'stop ringing: answered',
  declined: 'stop ringing: declined',
  cancelled: 'stop ringing: the caller hung up',
  missed: 'stop ringing: no answer in time',
  busy: 'stop ringing: you took another call',
};

/** One outbox entry: what a device of mine would have received. */
export function pushLine(push: Record<string, unknown>): HTMLLIElement {
  const message = push.message as {
    data?: Record<string, string>;
    android?: { notification?: { title?: string; body?: string } };
    webpush?: { notification?: { title?: string; body?: string } };
  };
  const notice = message.webpush?.notification ?? message.android?.notification;
  const time = (push.createdAt as { toDate(): Date }).toDate().toLocaleTimeString();
  const reason = message.data?.reason;
  const what = notice
    ? `${notice.title}: ${notice.body}`
    : `data ${message.data?.type ?? ''}${reason ? ` (${STOP_REASONS[reason] ?? reason})` : ''}`;
  return element(
    'li',
    { class: 'push', 'data-kind': String(push.kind) },
    element('span', { class: 'grow' }, `${String(push.kind)} → ${String(push.deviceId)} (${String(push.channel)}): ${what}`),
    element('small', {}, time),
  );
}
