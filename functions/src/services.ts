import { getApps, initializeApp } from 'firebase-admin/app';
import { getAuth } from 'firebase-admin/auth';
import { getFirestore } from 'firebase-admin/firestore';
import type { Functions } from 'firebase-admin/functions';
import type { Messaging } from 'firebase-admin/messaging';
import { knownUsers } from './adapters/auth/known-users.js';
import { collections, type Collections } from './adapters/firestore/collections.js';
import { resolvePushTransport } from './adapters/push/choose-transport.js';
import { disabledTransport } from './adapters/push/disabled-transport.js';
import { emulatorTransport } from './adapters/push/emulator-transport.js';
import { type ApnsSender, type ApnsSettings, apnsSender } from './adapters/push/apns-sender.js';
import { fcmSender } from './adapters/push/fcm-transport.js';
import { type PushTransport, channelRouter } from './adapters/push/push-transport.js';
import { cloudTasksExpiryQueue } from './adapters/tasks/expiry-queue.js';
import {
  REGION,
  androidCallChannelId,
  apnsBundleId,
  apnsEnvironment,
  apnsKey,
  apnsKeyId,
  apnsTeamId,
  countFirestoreOps,
  maxDevicesPerUser,
  notifyMissedOngoingCall,
  pushRetryBaseDelayMs,
  pushRetryMaxAttempts,
  pushTransport,
  rateLimitPerCalleePerMinute,
  rateLimitPerMinute,
  requestLimitParams,
  ringTimeoutMs,
  maxRingSeconds,
  maxCallParticipants,
  maxCallMs,
  liveness,
  callWaiting,
  agoraAppCertificate,
  agoraAppId,
  livekitApiKey,
  livekitApiSecret,
  livekitApiUrl,
  livekitUrl,
  mediaProvider,
  mediaTokenTtlSeconds,
  p2pStunUrls,
  p2pTurnSecret,
  p2pTurnUrls,
  healthCounterShards,
  healthRetentionDays,
} from './config.js';
import type { HealthCounting } from './adapters/firestore/health-counters.js';
import { chooseMedia } from './adapters/media/choose-media.js';
import { type MediaRooms, chooseMediaRooms } from './adapters/media/media-rooms.js';
import type { MediaIssuer, MediaSettings } from './adapters/media/media-issuer.js';
import type { Liveness } from './domain/call/liveness.js';
import type { RingSettings } from './domain/push/ring-settings.js';
import type { RateLimits } from './domain/users/rate-limit.js';
import { type LimitedCallable, limitedCallables } from './domain/users/request-limit.js';
import { type RetryPolicy, ringRetryPolicy } from './domain/push/retry-policy.js';
import { installOpCounter } from './adapters/firestore/op-counter.js';
import { lazy } from './lazy.js';
import { attachFaultControl, faultInjectionArmed } from './faults/fault-injection.js';
import { expiryFunctionName, expiryQueueOf } from './domain/call/expiry-queues.js';
import type { ExpiryQueue } from './domain/call/expiry-queues.js';

/**
 * The one place SDK clients are created, each on first use: a cold start loads only what the
 * function that starts actually calls (Messaging, in particular, only when a push goes out).
 */
export interface Services {
  store: Collections;
  userExists(uid: string): Promise<boolean>;
  transport(): PushTransport;
  ringSettings(): RingSettings;
  rateLimits(): RateLimits;
  /** Each limited callable's requests a minute per user (domain/users/request-limit.ts). */
  requestLimits(): Record<LimitedCallable, number>;
  maxDevicesPerUser(): number;
  retryPolicy(): RetryPolicy;
  expiryQueue: ExpiryQueue;
  ringTimeoutMs(): number;
  /** MAX_RING_SECONDS: the longest `ringSeconds` a caller may ask for. */
  maxRingSeconds(): number;
  /** MAX_CALL_PARTICIPANTS: how many people a call placed now holds at once. */
  maxCallParticipants(): number;
  /** MAX_CALL_MINUTES in ms: a call going on longer ends (domain/call/call-time-limit.ts). */
  maxCallMs(): number;
  /** How often apps in a call beat, and how long a silent one keeps its call (domain/call/liveness.ts). */
  liveness(): Liveness;
  /** CALL_WAITING: a callee in another call is rung as a waiting call, and their other rings keep ringing when they accept one. */
  callWaiting(): boolean;
  notifyOngoingCall(): boolean;
  /** The chosen media provider's issuer; undefined for MEDIA_PROVIDER=none. */
  media(): MediaIssuer | undefined;
  /** The media server's rooms, to take out whoever leaves; undefined where there is none (none, p2p). */
  mediaRooms(): MediaRooms | undefined;
  /** Whether a media server keeps rooms to close (MEDIA_PROVIDER=livekit): read without the secret, which most functions do not bind. */
  closesMediaRooms(): boolean;
  /** HEALTH_COUNTER_SHARDS and HEALTH_RETENTION_DAYS: how the fleet's delivery counters are written. */
  healthCounting(): HealthCounting;
  now(): number;
}

/** The task-queue function that expires an invitation: one of several queues (see domain/call/expiry-queues.ts). */
const expiryFunctionFor = (invitationId: string) => `locations/${REGION}/functions/${expiryFunctionName(expiryQueueOf(invitationId))}`;

/** See knownUsers: how long an instance takes a user it has seen to still exist. */
const KNOWN_USER_TTL_MS = 5 * 60 * 1000;

let cached: Services | undefined;

export function services(): Services {
  if (cached) return cached;
  // Made already in one place: the emulators' stand-in for Eventarc makes it with a credential of its own.
  if (!getApps().some((app) => app.name === '[DEFAULT]')) initializeApp();
  const db = getFirestore();
  // The function's name labels the bench counts; only bench mode reads it.
  if (countFirestoreOps.value()) installOpCounter(db, process.env.FUNCTION_TARGET ?? 'unknown');
  const store = collections(db);
  if (faultInjectionArmed()) attachFaultControl(db);
  const loadMessaging = lazy<Messaging>(() => import('firebase-admin/messaging').then((m) => m.getMessaging()));
  const loadFunctions = lazy<Functions>(() => import('firebase-admin/functions').then((m) => m.getFunctions()));
  // One APNs connection per instance, opened on the first VoIP push.
  let apns: ApnsSender | undefined;
  cached = {
    store,
    userExists: knownUsers(
      async (uid) => {
        try {
          await getAuth().getUser(uid);
          return true;
        } catch (error) {
          if ((error as { code?: string }).code === 'auth/user-not-found') return false;
          throw error;
        }
      },
      { ttlMs: KNOWN_USER_TTL_MS, maxEntries: 10_000, now: () => Date.now() },
    ),
    transport() {
      switch (resolvePushTransport(pushTransport.value())) {
        case 'fcm':
          apns ??= apnsSender(readApnsSettings);
          return channelRouter('fcm', { fcm: fcmSender(loadMessaging), apns: apns.send });
        case 'emulator':
          return emulatorTransport(store);
        case 'disabled':
          return disabledTransport;
      }
    },
    retryPolicy: () => ringRetryPolicy(pushRetryMaxAttempts.value(), pushRetryBaseDelayMs.value()),
    maxDevicesPerUser: () => Math.max(1, maxDevicesPerUser.value()),
    rateLimits: () => ({ perMinute: rateLimitPerMinute.value(), perCalleePerMinute: rateLimitPerCalleePerMinute.value() }),
    requestLimits: () =>
      Object.fromEntries(limitedCallables.map((name) => [name, Math.max(1, requestLimitParams[name].value())])) as Record<
        LimitedCallable,
        number
      >,
    ringSettings: () => ({
      androidChannelId: androidCallChannelId.value(),
      apnsBundleId: apnsBundleId.value(),
      apnsEnvironment: apnsEnvironment.value() === 'sandbox' ? 'sandbox' : 'production',
    }),
    expiryQueue: cloudTasksExpiryQueue(loadFunctions, expiryFunctionFor),
    ringTimeoutMs,
    maxRingSeconds,
    maxCallParticipants,
    maxCallMs,
    liveness,
    callWaiting: () => callWaiting.value(),
    notifyOngoingCall: () => notifyMissedOngoingCall.value(),
    media: () => chooseMedia(readMediaSettings()),
    mediaRooms: () => chooseMediaRooms(readMediaSettings()),
    closesMediaRooms: () => mediaProvider.value() === 'livekit',
    healthCounting: () => ({
      shards: Math.max(1, healthCounterShards.value()),
      retentionMs: Math.max(1, healthRetentionDays.value()) * 24 * 3_600_000,
    }),
    now: () => Date.now(),
  };
  return cached;
}

/**
 * The APNs key and ids, or undefined when VoIP is not set up. The secret is readable only in the
 * functions that declare it (the push triggers); elsewhere, and without a key id, nothing goes to APNs.
 */
function readApnsSettings(): ApnsSettings | undefined {
  let key: string;
  try {
    key = apnsKey.value();
  } catch {
    return undefined;
  }
  const keyId = apnsKeyId.value();
  const teamId = apnsTeamId.value();
  if (!key.includes('PRIVATE KEY') || !keyId || !teamId) return undefined;
  return { key, keyId, teamId, environment: apnsEnvironment.value() === 'sandbox' ? 'sandbox' : 'production' };
}

const listOf = (value: string): string[] =>
  value
    .split(',')
    .map((url) => url.trim())
    .filter(Boolean);

/** A secret's value, or empty where the function does not bind it (only the callables that answer media do). */
function secretValue(secret: { value(): string }): string {
  try {
    return secret.value();
  } catch {
    return '';
  }
}

/** The media params and secrets, read at each use: the emulator and deploys may change them between instances. */
function readMediaSettings(): MediaSettings {
  const provider = mediaProvider.value();
  return {
    provider: provider === 'livekit' || provider === 'agora' || provider === 'p2p' ? provider : 'none',
    ttlSeconds: Math.max(60, mediaTokenTtlSeconds.value()),
    livekit: {
      url: livekitUrl.value(),
      apiKey: livekitApiKey.value(),
      apiSecret: secretValue(livekitApiSecret),
      apiUrl: livekitApiUrl.value(),
    },
    agora: { appId: agoraAppId.value(), appCertificate: secretValue(agoraAppCertificate) },
    p2p: { stunUrls: listOf(p2pStunUrls.value()), turnUrls: listOf(p2pTurnUrls.value()), turnSecret: secretValue(p2pTurnSecret) },
  };
}
