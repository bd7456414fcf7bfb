import type { MediaIssuer } from '../adapters/media/media-issuer.js';
import { MediaNotConfigured } from '../adapters/media/media-issuer.js';
import { callOf } from '../adapters/firestore/call-mapping.js';
import type { Collections } from '../adapters/firestore/collections.js';
import type { MediaCredentials } from '../contract/index.js';
import { BeckonError } from '../domain/errors/beckon-error.js';
import type { Call } from '../domain/call/call.js';
import { mediaRefusal } from '../domain/call/media-access.js';
import { logEvent, logWarning } from '../logs.js';

export interface MediaDeps {
  store: Collections;
  /** The chosen provider's issuer; undefined when MEDIA_PROVIDER is none. Throws when its settings are incomplete. */
  media(): MediaIssuer | undefined;
  now(): number;
  /** MAX_CALL_MINUTES: no credentials for a call past it. */
  maxCallMs?(): number;
}

/**
 * getMediaCredentials({ callId }): a fresh grant for a participant of a call that is not over,
 * to reconnect or refresh before the last one expires.
 */
export async function getMediaCredentials(deps: MediaDeps, callId: string, uid: string): Promise<MediaCredentials> {
  const doc = (await deps.store.call(callId).get()).data();
  if (!doc) throw new BeckonError('not-found', 'callId: no such call', { field: 'callId' });
  const call = callOf(callId, doc);
  const maxCallMs = deps.maxCallMs?.();
  const refusal = mediaRefusal(call, uid, maxCallMs === undefined ? undefined : { nowMs: deps.now(), maxCallMs });
  if (refusal) {
    logWarning('call.media.refused', { callId, uid, reason: refusal.reason });
    throw new BeckonError(refusal.code, refusal.reason);
  }
  const media = await mediaFor(deps, call, uid);
  if (!media) throw new BeckonError('failed-precondition', 'MEDIA_PROVIDER is none: this server hands out no media credentials');
  return media;
}

/** The credentials for someone now in the call (an accept or join answers with them), or undefined for MEDIA_PROVIDER=none. */
export async function mediaFor(deps: MediaDeps, call: Call, uid: string): Promise<MediaCredentials | undefined> {
  let issuer: MediaIssuer | undefined;
  try {
    issuer = deps.media();
  } catch (error) {
    if (!(error instanceof MediaNotConfigured)) throw error;
    logWarning('config.invalid', { callId: call.callId, param: error.missing.join(','), reason: error.message });
    throw new BeckonError('failed-precondition', 'media is not configured on this server (its log says which setting is missing)');
  }
  if (!issuer) return undefined;
  const media = await issuer.issue({ callId: call.callId, uid, nowMs: deps.now() });
  logEvent('call.media.issued', { callId: call.callId, uid, provider: media.provider, expiresAt: media.expiresAt });
  return media;
}
