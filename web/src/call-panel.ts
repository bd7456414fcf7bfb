import type { Firestore } from 'firebase/firestore';
import type { CallHandle, CallUpdate, Stop } from '../../client/src/index.js';
import { startCallMedia, stopCallMedia } from './media.js';
import { element, partStateText, personName, statusText } from './view.js';

// The call screen, one call at a time per window: "Calling", then "Ringing" (the delivery
// receipt), the answers, who is in the call now, its media; and once the call is over for this
// window (it ended, or the user left a call that goes on), what happened and a Close button.

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

export interface PanelCall {
  call: CallHandle;
  /** The signed-in user, and whose call it is. */
  me: string;
  callerId: string;
  video: boolean;
  /** Who was rung, for "Calling Bob, Carol…". */
  names: string[];
  /** The caller's cancel while it rings (a callee has none). */
  cancel?: () => Promise<unknown>;
  hangUp: () => Promise<unknown>;
}

/** How long a hang-up waits for the media's goodbye. */
const MEDIA_GOODBYE_MS = 2_000;

let stopPanel: Stop | undefined;
let current: { callId: string; inIt: boolean } | undefined;
const listeners = new Set<() => void>();

/** Whether this window has a call ringing out or is in one: it places no other until that one is over. */
export const busyHere = (): boolean => current?.inIt ?? false;
/** The call this window is in, if any. */
export const callHere = (): string | undefined => (current?.inIt ? current.callId : undefined);
/** Called whenever busyHere() may have changed (the contacts' buttons, the history's Join). */
export const onPanelChange = (listener: () => void): void => void listeners.add(listener);
const changed = () => listeners.forEach((listener) => listener());

/** Marks this window busy while a call is being placed, before its handle exists. */
export function placing(): void {
  current = { callId: '', inIt: true };
  changed();
}

export function showCallPanel(db: Firestore, panelCall: PanelCall): void {
  void stopPanel?.();
  const { call, me, callerId, video, names } = panelCall;
  const panel = $('call-panel');
  const status = $('call-status');
  const people = $('call-callees');
  const cancel = $<HTMLButtonElement>('call-cancel');
  const hangUp = $<HTMLButtonElement>('call-hangup');
  const close = $<HTMLButtonElement>('call-close');
  panel.hidden = false;
  panel.dataset.callId = call.callId;
  panel.dataset.status = 'ringing';
  status.textContent = `Calling ${names.join(', ')}…`;
  people.replaceChildren();
  current = { callId: call.callId, inIt: true };
  changed();
  cancel.onclick = panelCall.cancel ? () => void panelCall.cancel?.() : null;
  let hungUp = false;
  hangUp.onclick = () => {
    hungUp = true;
    // The media says goodbye first (a `bye` reaches only people still in the call), but the
    // hang-up itself never waits on it for long: leaving is what the others must see.
    const media = stopCallMedia().catch((error: unknown) => console.warn('[media]', error));
    void Promise.race([media, new Promise((resolve) => setTimeout(resolve, MEDIA_GOODBYE_MS))])
      .then(panelCall.hangUp)
      .catch((error: unknown) => {
        hungUp = false;
        status.textContent = `Could not hang up: ${(error as Error).message}. Try again.`;
      });
  };
  close.onclick = () => closeCallPanel();
  cancel.hidden = !panelCall.cancel;
  hangUp.hidden = Boolean(panelCall.cancel);
  close.hidden = true;
  stopPanel = call.onChange((update: CallUpdate) => {
    const ringing = update.status === 'ringing';
    const inIt = (ringing || update.status === 'active') && update.participants.includes(me) && !hungUp;
    // Out of a call that goes on without this window (the user left a group call): it is over here.
    const left = update.status === 'active' && !inIt;
    status.textContent = left ? 'You left the call' : statusText(update, me, names);
    panel.dataset.status = left ? 'left' : update.status;
    current = { callId: call.callId, inIt };
    changed();
    cancel.hidden = !ringing || !panelCall.cancel;
    hangUp.hidden = !inIt || (ringing && Boolean(panelCall.cancel));
    const wasOpen = close.hidden;
    close.hidden = inIt;
    if (!inIt && wasOpen) close.focus();
    // The media starts with the call (its first accept) and stops when it is over for this window.
    const inCall = update.status === 'active' && inIt;
    if (inCall) void startCallMedia(call, db, video, update.participants.length);
    else if (!ringing || !inIt) void stopCallMedia();
    // Everyone but me: the caller, and each callee with their answer.
    const others = [...new Set([callerId, ...Object.keys(update.callees)])].filter((uid) => uid !== me);
    people.replaceChildren(
      ...others.map((uid) =>
        element(
          'li',
          { 'data-callee': uid === callerId ? '' : uid, 'data-person': uid },
          element('span', { class: 'grow' }, personName(uid)),
          element('span', { class: 'status' }, partStateText(update, uid, callerId)),
        ),
      ),
    );
  });
}

export function showCallPanelError(error: unknown): void {
  current = undefined;
  changed();
  $('call-panel').hidden = false;
  $('call-status').textContent = `The call could not be placed: ${(error as Error).message}`;
  $('call-cancel').hidden = true;
  $('call-hangup').hidden = true;
  $('call-close').hidden = false;
  $('call-close').onclick = () => closeCallPanel();
}

function closeCallPanel(): void {
  void stopPanel?.();
  stopPanel = undefined;
  void stopCallMedia();
  const panel = $('call-panel');
  panel.hidden = true;
  delete panel.dataset.callId;
  delete panel.dataset.status;
  if (current && !current.inIt) current = undefined;
  changed();
}
