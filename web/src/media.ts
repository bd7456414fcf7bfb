import type { Firestore } from 'firebase/firestore';
import { type CallHandle, type MediaCredentials, type P2PSession, type Stop, startP2PSession } from '../../client/src/index.js';
import { element, personName } from './view.js';

// The call's media in the demo: with MEDIA_PROVIDER=p2p (what `npm start` runs), the browsers
// connect peer to peer through the client library's session; with any other provider the demo
// only says which, as an app would hand the credentials to that provider's SDK.

/** p2p is a mesh: each person sends their video to every other. Past this many, use a media server. */
const MESH_LIMIT = 4;

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

interface Running {
  callId: string;
  session?: P2PSession;
  stream?: MediaStream;
}

let running: Running | undefined;

/** Exposed for the browser tests and for a curious developer's console: the live session's connections. */
declare global {
  interface Window {
    beckonMedia?: P2PSession;
  }
}

/** The handle's first grant of media credentials (a p2p session needs no fresh one while connected). */
function firstMedia(call: CallHandle): Promise<MediaCredentials> {
  return new Promise((resolve, reject) => {
    const grant: { media?: MediaCredentials; stop?: Stop } = {};
    grant.stop = call.onMedia((media) => {
      if (grant.media) return;
      grant.media = media;
      resolve(media);
      // Not there yet when the grant came before onMedia returned (one the accept answered): stopped below.
      void grant.stop?.();
    }, reject);
    if (grant.media) void grant.stop();
  });
}

/** Starts the call's media once (the call panel calls this at every update while the call is active). */
export async function startCallMedia(call: CallHandle, db: Firestore, video: boolean, participants: number): Promise<void> {
  const { callId } = call;
  if (running?.callId === callId) return;
  // Claimed before any wait: the panel calls this at every update, and a second update while the
  // first is still starting is the same call, not a second session.
  const previous = running;
  const current: Running = { callId };
  running = current;
  await stopSession(previous);
  if (running !== current) return;
  const box = $('call-media');
  const note = $('call-media-note');
  box.hidden = false;
  note.textContent = '';
  $('call-remote').replaceChildren();
  try {
    // From the call's handle: the accept's own answer when there is one, not asked for twice.
    const media = await firstMedia(call);
    if (media.provider !== 'p2p') {
      note.textContent = `Media by ${media.provider}: room ${media.room}. Hand media.token to the ${media.provider} SDK.`;
      return;
    }
    if (participants > MESH_LIMIT) {
      note.textContent = `Peer to peer is for small calls (up to ${MESH_LIMIT} people): use LiveKit or Agora (MEDIA_PROVIDER) for this one.`;
      return;
    }
    // 360p at 15 frames a second: enough for a call on a laptop, and light on a phone's battery
    // and on a mesh, where every person encodes their video once per other person.
    const camera = { width: { ideal: 640 }, height: { ideal: 360 }, frameRate: { ideal: 15 } };
    const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: video && camera });
    if (running !== current) {
      for (const track of stream.getTracks()) track.stop();
      return;
    }
    current.stream = stream;
    $<HTMLVideoElement>('call-local').srcObject = stream;
    $('call-local-tile').hidden = !video;
    $('call-camera').hidden = !video;
    current.session = startP2PSession({
      db,
      media,
      localStream: stream,
      onRemoteStream: (uid, remote) => showRemote(uid, remote, video),
      onPeerGone: (uid) => document.querySelector(`[data-peer="${CSS.escape(uid)}"]`)?.remove(),
      // Most media errors recover by themselves (a candidate of an offer that crossed another, a
      // signal retried): the console has them, the user does not. What does not recover is a
      // connection that stays down, which watchConnections() below puts in words.
      onError: (error) => console.warn('[media]', error),
      // `?relay` in the address: through the TURN server only (the browser tests prove coturn with it).
      iceTransportPolicy: new URLSearchParams(location.search).has('relay') ? 'relay' : 'all',
    });
    window.beckonMedia = current.session;
    showControls(current);
    watchConnections(current, note);
  } catch (error) {
    // No provider on this server, no camera, or the permission refused: the call goes on without video here.
    if (running === current) note.textContent = `No video: ${(error as Error).message}`;
  }
}

/** How long a connection may stay down (ICE restarts meanwhile) before the user is told. */
const DOWN_FOR_MS = 15_000;

/** Says what to do about a connection that stayed down, and takes it back once it recovers. */
function watchConnections(current: Running, note: HTMLElement): void {
  const downSince = new Map<string, number>();
  const timer = setInterval(() => {
    if (running !== current || !current.session) return clearInterval(timer);
    const now = Date.now();
    for (const [uid, pc] of current.session.peers) {
      if (pc.connectionState === 'failed' || pc.connectionState === 'disconnected') downSince.set(uid, downSince.get(uid) ?? now);
      else downSince.delete(uid);
    }
    const lost = [...downSince].filter(([, since]) => now - since >= DOWN_FOR_MS).map(([uid]) => personName(uid));
    note.textContent = lost.length ? `No connection to ${lost.join(', ')} for a while: check your network, or hang up and call again.` : '';
  }, 2_000);
}

export async function stopCallMedia(): Promise<void> {
  const current = running;
  running = undefined;
  window.beckonMedia = undefined;
  $('call-media').hidden = true;
  $('call-remote').replaceChildren();
  $<HTMLVideoElement>('call-local').srcObject = null;
  await stopSession(current);
}

async function stopSession(stopped: Running | undefined): Promise<void> {
  if (!stopped) return;
  await stopped.session?.leave();
  for (const track of stopped.stream?.getTracks() ?? []) track.stop();
}

/** A tile per person: their video, or for an audio call their name over an audio element. */
function showRemote(uid: string, stream: MediaStream, video: boolean): void {
  const existing = document.querySelector<HTMLMediaElement>(
    `[data-peer="${CSS.escape(uid)}"] video, [data-peer="${CSS.escape(uid)}"] audio`,
  );
  if (existing) {
    existing.srcObject = stream;
    return;
  }
  const player = video
    ? element('video', { autoplay: '', playsinline: '', 'aria-label': `${personName(uid)}'s video` })
    : element('audio', { autoplay: '', 'aria-label': `${personName(uid)}'s voice` });
  player.srcObject = stream;
  const tile = element(
    'figure',
    { class: video ? 'tile' : 'tile voice', 'data-peer': uid },
    player,
    element('figcaption', {}, personName(uid)),
  );
  $('call-remote').append(tile);
}

function showControls(current: Running): void {
  const mute = $<HTMLButtonElement>('call-mute');
  const camera = $<HTMLButtonElement>('call-camera');
  const audio = current.stream?.getAudioTracks()[0];
  const video = current.stream?.getVideoTracks()[0];
  mute.setAttribute('aria-pressed', 'false');
  camera.setAttribute('aria-pressed', 'false');
  mute.onclick = () => {
    if (!audio) return;
    audio.enabled = !audio.enabled;
    mute.setAttribute('aria-pressed', String(!audio.enabled));
    mute.textContent = audio.enabled ? 'Mute' : 'Unmute';
  };
  camera.onclick = () => {
    if (!video) return;
    video.enabled = !video.enabled;
    camera.setAttribute('aria-pressed', String(!video.enabled));
    camera.textContent = video.enabled ? 'Camera off' : 'Camera on';
  };
}
