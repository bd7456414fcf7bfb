import {
  type Firestore,
  type Unsubscribe,
  type DocumentData,
  Timestamp,
  collection,
  doc,
  getDocs,
  limit,
  onSnapshot,
  orderBy,
  query,
  serverTimestamp,
  setDoc,
  where,
} from 'firebase/firestore';
import type { MediaCredentials } from './contract.js';

/**
 * A peer-to-peer call (MEDIA_PROVIDER=p2p): one RTCPeerConnection to each other person in the call
 * (a mesh), with Firestore carrying the signaling (`calls/{callId}/signals`, which the rules open
 * to the people in the call now). Perfect negotiation: both sides may offer at any time (a camera
 * switched, a peer that joined), and of two offers that cross, the "polite" side (the lower uid)
 * rolls its own back. Candidates trickle as they come. Peers come and go with the call document.
 */
export interface P2PSession {
  /** The connection to each other participant, by uid (for stats, and for tests). */
  readonly peers: ReadonlyMap<string, RTCPeerConnection>;
  /** Replaces the outgoing track of that kind on every connection (a camera switch, camera off: `null`). */
  replaceTrack(kind: 'audio' | 'video', track: MediaStreamTrack | null): Promise<void>;
  /** Closes every connection and stops listening; tells the others with a `bye`. */
  leave(): Promise<void>;
}

export interface P2PSessionOptions {
  db: Firestore;
  /** From accept, joinCall or getMediaCredentials. */
  media: MediaCredentials;
  /** What this device sends: the camera and microphone, typically. */
  localStream: MediaStream;
  /** A remote participant's stream arrived (called again if it changes). */
  onRemoteStream(uid: string, stream: MediaStream): void;
  /** A remote participant left, or their connection closed for good. */
  onPeerGone?(uid: string): void;
  /**
   * `relay`: connect only through the TURN servers of `media.iceServers`, never directly (hides
   * each side's addresses from the other; also how a test proves the TURN server works). Default `all`.
   */
  iceTransportPolicy?: RTCIceTransportPolicy;
  /** A failure the app may show (a signal refused or malformed, a description the browser rejected). */
  onError?(error: unknown): void;
}

/** How long a signal lives: the rules allow an expiry within the hour; half of that leaves room for a device's clock drifting. */
const SIGNAL_LIFETIME_MS = 30 * 60 * 1000;

/**
 * Signals older than this when a session starts are an earlier session's (a reload): not asked
 * for. The margin keeps an offer a peer sent just before this session listened, and a device's
 * clock a little off.
 */
const STALE_SIGNAL_MS = 2 * 60 * 1000;

/** The rules let one sender write this many signals in one call (ids `{from}-{seq}`, seq below it). */
export const MAX_SIGNALS_PER_CALL = 500;

interface Peer {
  pc: RTCPeerConnection;
  polite: boolean;
  makingOffer: boolean;
  ignoreOffer: boolean;
  /** Signals from this peer, handled one after another. */
  queue: Promise<void>;
  /**
   * Candidates that came before any remote description (a fresh connection whose offer is still on
   * its way, or two offers that crossed): the browser refuses them then, so they wait for it.
   */
  early: RTCIceCandidateInit[];
}

type Signal =
  | { kind: 'offer' | 'answer'; description: RTCSessionDescriptionInit }
  | { kind: 'candidate'; candidate: RTCIceCandidateInit }
  | { kind: 'bye' };

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/**
 * A signal as another member wrote it, checked: anyone in the call may write any payload, and one
 * that is not what this library sends is refused here (reported, and the others handled).
 */
export function parseSignal(data: DocumentData): { from: string; signal: Signal } | Error {
  const { from, kind, payload } = data;
  if (typeof from !== 'string' || typeof payload !== 'string') return new Error('malformed signal: no sender or payload');
  let body: unknown;
  try {
    body = JSON.parse(payload);
  } catch {
    return new Error(`malformed ${String(kind)} signal of ${from}: its payload is not JSON`);
  }
  if (!isObject(body)) return new Error(`malformed ${String(kind)} signal of ${from}: its payload is not an object`);
  if (kind === 'bye') return { from, signal: { kind } };
  if (kind === 'candidate' && isObject(body.candidate)) return { from, signal: { kind, candidate: body.candidate as RTCIceCandidateInit } };
  const description = body.description;
  if (
    (kind === 'offer' || kind === 'answer') &&
    isObject(description) &&
    description.type === kind &&
    typeof description.sdp === 'string'
  ) {
    return { from, signal: { kind, description: { type: kind, sdp: description.sdp } } };
  }
  return new Error(`malformed ${String(kind)} signal of ${from}`);
}

export function startP2PSession(options: P2PSessionOptions): P2PSession {
  const { db, media, localStream } = options;
  if (media.provider !== 'p2p') throw new Error(`startP2PSession needs p2p credentials, got ${media.provider}`);
  const me = media.identity;
  const callId = media.room;
  const signals = collection(db, 'calls', callId, 'signals');
  const peers = new Map<string, Peer>();
  const connections = new Map<string, RTCPeerConnection>();
  const startedAt = Date.now();
  const report = (error: unknown) => options.onError?.(error);
  let left = false;

  // This user's signals in the call are numbered (the rules bound them): a session goes on from the
  // highest number this user already wrote in it (an earlier session, another device).
  const highestSent = async () => {
    const newest = await getDocs(query(signals, where('from', '==', me), orderBy('seq', 'desc'), limit(1)));
    const seq: unknown = newest.docs[0]?.data().seq;
    return typeof seq === 'number' ? seq : -1;
  };
  let nextSeq = 0;
  const numbered = highestSent().then((highest) => {
    nextSeq = highest + 1;
  });

  const write = async (to: string, signal: Signal): Promise<void> => {
    const { kind, ...payload } = signal;
    await numbered;
    for (let attempt = 0; ; attempt++) {
      const seq = nextSeq++;
      if (seq >= MAX_SIGNALS_PER_CALL) throw new Error(`this call's ${MAX_SIGNALS_PER_CALL} signals from ${me} are used up`);
      try {
        await setDoc(doc(signals, `${me}-${seq}`), {
          from: me,
          to,
          seq,
          kind,
          payload: JSON.stringify(payload),
          createdAt: serverTimestamp(),
          expireAt: Timestamp.fromMillis(Date.now() + SIGNAL_LIFETIME_MS),
        });
        return;
      } catch (error) {
        // A number another session of this user took meanwhile: go on past the highest written.
        const taken = attempt < 3 && (error as { code?: string }).code === 'permission-denied' && (await highestSent()) >= seq;
        if (!taken) throw error;
        nextSeq = Math.max(nextSeq, (await highestSent()) + 1);
      }
    }
  };
  const send = (to: string, signal: Signal) => write(to, signal).catch(report);

  function connect(uid: string): Peer {
    const existing = peers.get(uid);
    if (existing) return existing;
    const pc = new RTCPeerConnection({ iceServers: media.iceServers ?? [], iceTransportPolicy: options.iceTransportPolicy ?? 'all' });
    const peer: Peer = { pc, polite: me < uid, makingOffer: false, ignoreOffer: false, queue: Promise.resolve(), early: [] };
    peers.set(uid, peer);
    connections.set(uid, pc);
    for (const track of localStream.getTracks()) pc.addTrack(track, localStream);
    pc.onnegotiationneeded = async () => {
      try {
        peer.makingOffer = true;
        await pc.setLocalDescription();
        if (pc.localDescription) await send(uid, { kind: 'offer', description: pc.localDescription.toJSON() });
      } catch (error) {
        report(error);
      } finally {
        peer.makingOffer = false;
      }
    };
    pc.onicecandidate = ({ candidate }) => {
      if (candidate) void send(uid, { kind: 'candidate', candidate: candidate.toJSON() });
    };
    pc.ontrack = ({ streams: [stream] }) => {
      if (stream) options.onRemoteStream(uid, stream);
    };
    pc.onconnectionstatechange = () => {
      if (pc.connectionState === 'failed') pc.restartIce();
    };
    return peer;
  }

  function disconnect(uid: string): void {
    const peer = peers.get(uid);
    if (!peer) return;
    peer.pc.close();
    peers.delete(uid);
    connections.delete(uid);
    options.onPeerGone?.(uid);
  }

  async function addCandidate(peer: Peer, candidate: RTCIceCandidateInit): Promise<void> {
    try {
      await peer.pc.addIceCandidate(candidate);
    } catch (error) {
      // A candidate of an offer this side ignored is expected to fail.
      if (!peer.ignoreOffer) throw error;
    }
  }

  async function receive(from: string, signal: Signal): Promise<void> {
    if (signal.kind === 'bye') return disconnect(from);
    const peer = connect(from);
    const { pc } = peer;
    if (signal.kind === 'candidate') {
      if (!pc.remoteDescription) {
        peer.early.push(signal.candidate);
        return;
      }
      return addCandidate(peer, signal.candidate);
    }
    const { description } = signal;
    const collision = description.type === 'offer' && (peer.makingOffer || pc.signalingState !== 'stable');
    peer.ignoreOffer = !peer.polite && collision;
    if (peer.ignoreOffer) return;
    await pc.setRemoteDescription(description);
    // One that still fails belonged to a description never applied (an offer this side ignored).
    for (const candidate of peer.early.splice(0)) await pc.addIceCandidate(candidate).catch(() => undefined);
    if (description.type === 'offer') {
      await pc.setLocalDescription();
      if (pc.localDescription) await send(from, { kind: 'answer', description: pc.localDescription.toJSON() });
    }
  }

  // Only this session's: signals to this user from the last minutes, never the whole call's.
  const since = Timestamp.fromMillis(startedAt - STALE_SIGNAL_MS);
  const stopSignals = onSnapshot(
    query(signals, where('to', '==', me), where('createdAt', '>=', since)),
    (snapshot) => {
      for (const change of snapshot.docChanges()) {
        if (change.type !== 'added' || left) continue;
        const parsed = parseSignal(change.doc.data());
        if (parsed instanceof Error) {
          report(parsed);
          continue;
        }
        const { from, signal } = parsed;
        const peer = signal.kind === 'bye' ? peers.get(from) : connect(from);
        if (!peer) continue;
        peer.queue = peer.queue.then(() => receive(from, signal)).catch(report);
      }
    },
    report,
  );

  // Who is in the call now: the caller until they leave, each callee who accepted or joined.
  const stopCall: Unsubscribe = onSnapshot(
    doc(db, 'calls', callId),
    (snapshot) => {
      const call = snapshot.data() as
        { callerId: string; callerState: 'in' | 'left'; status: string; callees: Record<string, string> } | undefined;
      if (!call || left) return;
      const inCall = new Set(Object.entries(call.callees).flatMap(([uid, state]) => (state === 'accepted' ? [uid] : [])));
      if (call.callerState === 'in') inCall.add(call.callerId);
      if (call.status !== 'active' && call.status !== 'ringing') inCall.clear();
      for (const uid of inCall) if (uid !== me) connect(uid);
      for (const uid of [...peers.keys()]) if (!inCall.has(uid)) disconnect(uid);
    },
    report,
  );

  return {
    peers: connections,
    async replaceTrack(kind, track) {
      // By the transceiver's kind: a sender whose track was taken off (camera off) has none to ask.
      await Promise.all(
        [...peers.values()].flatMap(({ pc }) =>
          pc
            .getTransceivers()
            .filter((transceiver) => transceiver.receiver.track.kind === kind)
            .map((transceiver) => transceiver.sender.replaceTrack(track)),
        ),
      );
    },
    async leave() {
      if (left) return;
      left = true;
      stopSignals();
      stopCall();
      // Best effort: a peer who left first may no longer be signalled, and that is no failure.
      await Promise.all([...peers.keys()].map((uid) => write(uid, { kind: 'bye' }).catch(() => undefined)));
      for (const uid of [...peers.keys()]) disconnect(uid);
    },
  };
}
