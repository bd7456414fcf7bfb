import { collections } from '../functions/src/adapters/firestore/collections.js';
import { chooseMedia } from '../functions/src/adapters/media/choose-media.js';
import type { MediaSettings } from '../functions/src/adapters/media/media-issuer.js';
import { getMediaCredentials } from '../functions/src/handlers/media-credentials.js';
import { adminDb } from '../test/support/admin.js';
import { signUp } from '../test/support/client.js';
import { respond, sendInvitation } from '../test/support/fixtures.js';
import { type Distribution, distribution, elapsed, ratio } from './stats.js';

export interface MediaCredentialsResults {
  provider: 'livekit';
  /** ms: the first credentials of a fresh process, which loads LiveKit's server SDK. */
  firstMs: number;
  credentials: Distribution;
  /** The floor: one read of the call document, which the handler must make anyway. */
  callRead: Distribution;
  credentialsOverCallReadP50: number;
}

const LIVEKIT: MediaSettings = {
  provider: 'livekit',
  ttlSeconds: 600,
  livekit: { url: 'wss://livekit.bench.test', apiKey: 'APIbench', apiSecret: 'bench-secret-of-at-least-thirty-two-chars' },
  agora: { appId: '', appCertificate: '' },
  p2p: { stunUrls: [], turnUrls: [], turnSecret: '' },
};

/**
 * What a credentials call costs: the handler of getMediaCredentials (read the call, check the
 * asker is in it, sign a LiveKit token, the dearest provider) run in this process against the
 * emulator, beside its floor, one read of the same document, round for round. The emulators of
 * the bench run MEDIA_PROVIDER=none, as the ring and push it measures do not depend on it.
 */
export async function measureMediaCredentials(rounds: number): Promise<MediaCredentialsResults> {
  const [caller, callee] = await Promise.all([signUp('Media Caller'), signUp('Media Callee')]);
  const sent = await sendInvitation(caller, { calleeId: callee.uid });
  await respond(callee, sent.invitationId, 'accept');
  const store = collections(adminDb());
  const deps = { store, media: () => chooseMedia(LIVEKIT), now: Date.now };

  let start = performance.now();
  await getMediaCredentials(deps, sent.callId, caller.uid);
  const firstMs = Math.round(elapsed(start) * 10) / 10;

  const credentials: number[] = [];
  const callRead: number[] = [];
  for (let i = 0; i < rounds; i++) {
    start = performance.now();
    await getMediaCredentials(deps, sent.callId, caller.uid);
    credentials.push(elapsed(start));
    start = performance.now();
    await store.call(sent.callId).get();
    callRead.push(elapsed(start));
  }
  const results = { credentials: distribution(credentials), callRead: distribution(callRead) };
  return { provider: 'livekit', firstMs, ...results, credentialsOverCallReadP50: ratio(results.credentials.p50, results.callRead.p50) };
}
