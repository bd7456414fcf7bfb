import {
  type Firestore,
  type Unsubscribe,
  Timestamp,
  addDoc,
  collection,
  doc,
  onSnapshot,
  query,
  serverTimestamp,
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
  /** A failure the app may show (a signal refused, a description the browser rejected). */
  onError?(error: unknown): void;
}

/** How long a signal lives: the rules allow an expiry within the hour; half of that leaves room for a device's clock drifting. */
const SIGNAL_LIFETIME_MS = 30 * 60 * 1000;

/** Signals older than this when a session starts are an earlier session's (a reload): skipped. */
const STALE_SIGNAL_MS = 2 * 60 * 1000;

interface Peer {
  pc: RTCPeerConnection;
  polite: boolean;
  makingOffer: boolean;
  ignoreOffer: boolean;
  /** Signals from this peer, handled one after another. */
  queue: Promise<void>;
}

type Signal =
  | { kind: 'offer' | 'answer'; description: RTCSessionDescriptionInit }
  | { kind: 'candidate'; candidate: RTCIceCandidateInit }
  | { kind: 'bye' };

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

  const send = (to: string, signal: Signal) => {
    const { kind, ...payload } = signal;
    return addDoc(signals, {
      from: me,
      to,
      kind,
      payload: JSON.stringify(payload),
      createdAt: serverTimestamp(),
      expireAt: Timestamp.fromMillis(Date.now() + SIGNAL_LIFETIME_MS),
    }).catch(report);
  };

  function connect(uid: string): Peer {
    const existing = peers.get(uid);
    if (existing) return existing;
    const pc = new RTCPeerConnection({ iceServers: media.iceServers ?? [] });
    const peer: Peer = { pc, polite: me < uid, makingOffer: false, ignoreOffer: false, queue: Promise.resolve() };
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

  async function receive(from: string, signal: Signal): Promise<void> {
    if (signal.kind === 'bye') return disconnect(from);
    const peer = connect(from);
    const { pc } = peer;
    if (signal.kind === 'candidate') {
      try {
        await pc.addIceCandidate(signal.candidate);
      } catch (error) {
        // A candidate of an offer this side ignored is expected to fail.
        if (!peer.ignoreOffer) throw error;
      }
      return;
    }
    const { description } = signal;
    const collision = description.type === 'offer' && (peer.makingOffer || pc.signalingState !== 'stable');
    peer.ignoreOffer = !peer.polite && collision;
    if (peer.ignoreOffer) return;
    await pc.setRemoteDescription(description);
    if (description.type === 'offer') {
      await pc.setLocalDescription();
      if (pc.localDescription) await send(from, { kind: 'answer', description: pc.localDescription.toJSON() });
    }
  }

  const stopSignals = onSnapshot(
    query(signals, where('to', '==', me)),
    (snapshot) => {
      for (const change of snapshot.docChanges()) {
        if (change.type !== 'added') continue;
        const data = change.doc.data() as { from: string; kind: Signal['kind']; payload: string; createdAt?: Timestamp | null };
        // A pending serverTimestamp reads null: the signal is new.
        const sentAt = data.createdAt?.toMillis() ?? Date.now();
        if (sentAt < startedAt - STALE_SIGNAL_MS || left) continue;
        const signal = { kind: data.kind, ...(JSON.parse(data.payload) as object) } as Signal;
        const peer = data.kind === 'bye' ? peers.get(data.from) : connect(data.from);
        if (!peer) continue;
        peer.queue = peer.queue.then(() => receive(data.from, signal)).catch(report);
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
      await Promise.all([...peers.keys()].map((uid) => send(uid, { kind: 'bye' })));
      for (const uid of [...peers.keys()]) disconnect(uid);
    },
  };
}
