import type { CallUpdate, HistoryMessage } from '../../client/src/index.js';
import { DEMO_USERS } from '../seed/demo-users.js';

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

/** What the caller's screen says. */
export function outgoingStatusText(update: CallUpdate, names: string[]): string {
  const who = names.join(', ');
  switch (update.status) {
    case 'ringing':
      return update.receivedAt === undefined ? `Calling ${who}…` : `Ringing ${who}…`;
    case 'active':
      return names.length > 1 ? 'Group call in progress' : `In call with ${who}`;
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

/** A callee's part as the call screen lists it: someone who left because their app went silent lost their connection. */
export const calleeStateText = (update: CallUpdate, uid: string, state: string): string =>
  state === 'left' && update.lostIds?.includes(uid) ? 'connection lost' : state;

/** One history line: a text, or a call with its live status (and an Accept button while it rings for me). */
export function callLine(message: HistoryMessage, me: string, acceptButton?: HTMLElement): HTMLLIElement {
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
    acceptButton,
    element('small', {}, time),
  );
}

/** One outbox entry: what a device of mine would have received. */
export function pushLine(push: Record<string, unknown>): HTMLLIElement {
  const message = push.message as {
    data?: Record<string, string>;
    android?: { notification?: { title?: string; body?: string } };
    webpush?: { notification?: { title?: string; body?: string } };
  };
  const notice = message.webpush?.notification ?? message.android?.notification;
  const time = (push.createdAt as { toDate(): Date }).toDate().toLocaleTimeString();
  const what = notice
    ? `${notice.title}: ${notice.body}`
    : `data ${message.data?.type ?? ''}${message.data?.reason ? ` (${message.data.reason})` : ''}`;
  return element(
    'li',
    { class: 'push', 'data-kind': String(push.kind) },
    element('span', { class: 'grow' }, `${String(push.kind)} → ${String(push.deviceId)} (${String(push.channel)}): ${what}`),
    element('small', {}, time),
  );
}
