import { type IntParam, defineBoolean, defineInt, defineSecret, defineString } from 'firebase-functions/params';
import type { LimitedCallable } from './domain/users/request-limit.js';
import { RING_TIMEOUT_MAX_SECONDS, RING_TIMEOUT_MIN_SECONDS } from './contract/ring-time.js';
import { DEFAULT_MAX_CALL_MINUTES, DEFAULT_MAX_CALL_PARTICIPANTS } from './contract/call-limits.js';
import { DEFAULT_RING_SETTINGS } from './domain/push/ring-settings.js';
import { LIVENESS_DEFAULTS, type Liveness, livenessOf } from './domain/call/liveness.js';
import { logWarning } from './logs.js';

// Every setting Beckon reads, declared once. Values come from functions/.env files when
// emulated and are asked for (with these defaults) on `firebase deploy`.

/** Where every function runs: callables, triggers, tasks and the sweep, and the expiry queues' address. */
export const REGION = 'us-central1';

export const ringTimeoutSeconds = defineInt('RING_TIMEOUT_SECONDS', {
  default: 45,
  description: `How long an invitation rings before it is missed (${RING_TIMEOUT_MIN_SECONDS} to ${RING_TIMEOUT_MAX_SECONDS} s).`,
});

export const pushTransport = defineString('PUSH_TRANSPORT', {
  default: 'auto',
  description: 'fcm, emulator, disabled, or auto (emulator under the Functions emulator, fcm when deployed).',
});

export const maxRingSecondsParam = defineInt('MAX_RING_SECONDS', {
  default: RING_TIMEOUT_MAX_SECONDS,
  description: `The longest ringSeconds a caller may ask for (${RING_TIMEOUT_MIN_SECONDS} to ${RING_TIMEOUT_MAX_SECONDS} s); longer is invalid-argument.`,
});

/** A ring-time param held to its allowed range, so a typo cannot make calls ring for ever. */
function boundedRingSeconds(name: string, seconds: number, max: number): number {
  const bounded = Math.min(max, Math.max(RING_TIMEOUT_MIN_SECONDS, seconds));
  if (bounded !== seconds) logWarning('config.invalid', { param: name, value: seconds, used: bounded });
  return bounded;
}

/** MAX_RING_SECONDS, within the allowed range. */
export function maxRingSeconds(): number {
  return boundedRingSeconds('MAX_RING_SECONDS', maxRingSecondsParam.value(), RING_TIMEOUT_MAX_SECONDS);
}

/** The ring timeout in ms: RING_TIMEOUT_SECONDS within the allowed range, and no longer than MAX_RING_SECONDS. */
export function ringTimeoutMs(): number {
  return boundedRingSeconds('RING_TIMEOUT_SECONDS', ringTimeoutSeconds.value(), maxRingSeconds()) * 1000;
}

export const maxCallMinutes = defineInt('MAX_CALL_MINUTES', {
  default: DEFAULT_MAX_CALL_MINUTES,
  description: 'How long a call may go on from its first accept; past it, it ends (endedReason time_limit) and gives no more credentials.',
});

export const maxCallParticipantsParam = defineInt('MAX_CALL_PARTICIPANTS', {
  default: DEFAULT_MAX_CALL_PARTICIPANTS,
  description: 'How many people a call holds at once, the caller included; an accept or a join past it is resource-exhausted.',
});

/** MAX_CALL_PARTICIPANTS, at least two (a call of one is no call). */
export function maxCallParticipants(): number {
  return Math.max(2, maxCallParticipantsParam.value());
}

/** MAX_CALL_MINUTES in ms, at least one minute. */
export function maxCallMs(): number {
  return Math.max(1, maxCallMinutes.value()) * 60_000;
}

/** Bench mode: count Firestore reads and writes per function into `benchOps` (see op-counter.ts). */
export const countFirestoreOps = defineBoolean('COUNT_FIRESTORE_OPS', {
  default: false,
  description: 'Benchmarks only: count Firestore document reads and writes per function.',
});

/** The Android notification channel incoming calls are posted in (ring style `notification`). */
export const androidCallChannelId = defineString('ANDROID_CALL_CHANNEL_ID', {
  default: DEFAULT_RING_SETTINGS.androidChannelId,
  description: 'Android notification channel id for incoming calls; the app creates it with high importance and a ringtone.',
});

// APNs, for iOS VoIP rings (PushKit/CallKit): a token-based .p8 key from developer.apple.com.
// Leave the key id empty to send no VoIP pushes; devices with a voipToken then record
// `beckon/apns-not-configured`, and the diagnosis says so.

/** The .p8 key's PEM text: `firebase functions:secrets:set APNS_KEY < AuthKey_XXXXXXXXXX.p8`. */
export const apnsKey = defineSecret('APNS_KEY');

export const apnsKeyId = defineString('APNS_KEY_ID', { default: '', description: 'The 10-character id of the APNs .p8 key.' });

export const apnsTeamId = defineString('APNS_TEAM_ID', { default: '', description: 'The Apple developer team id that owns the key.' });

export const apnsBundleId = defineString('APNS_BUNDLE_ID', {
  default: DEFAULT_RING_SETTINGS.apnsBundleId,
  description: "The iOS app's bundle id; VoIP pushes go to the topic <bundleId>.voip.",
});

export const apnsEnvironment = defineString('APNS_ENVIRONMENT', {
  default: 'production',
  description: 'production (App Store and TestFlight builds) or sandbox (builds run from Xcode).',
  input: { select: { options: [{ value: 'production' }, { value: 'sandbox' }] } },
});

/** Abuse limits: invitations a caller may place per minute, in all and to any one callee. */
export const rateLimitPerMinute = defineInt('RATE_LIMIT_INVITATIONS_PER_MINUTE', {
  default: 30,
  description: 'Invitations one caller may place per minute, in all; beyond it sendCallInvitation answers resource-exhausted.',
});

export const rateLimitPerCalleePerMinute = defineInt('RATE_LIMIT_INVITATIONS_PER_CALLEE_PER_MINUTE', {
  default: 10,
  description: 'Invitations one caller may place to any one callee per minute.',
});

/**
 * Per-user limits on the callables a signed-in user can repeat at will (domain/users/request-limit.ts):
 * generous for a real app (an accept or a join now and then, credentials every few minutes, a
 * receipt per ring per device), at most 60 a minute each.
 */
/** One callable's per-user limit a minute: the same wording for each, so the six read alike. */
const perUserLimit = (name: string, callable: LimitedCallable, fallback: number, what = `${callable} requests`) =>
  defineInt(name, { default: fallback, description: `${what} one user may make per minute; beyond it, resource-exhausted.` });

export const responsesPerMinute = perUserLimit('RATE_LIMIT_RESPONSES_PER_MINUTE', 'respondToCallInvitation', 30);
export const joinsPerMinute = perUserLimit('RATE_LIMIT_JOINS_PER_MINUTE', 'joinCall', 20);
export const mediaCredentialsPerMinute = perUserLimit('RATE_LIMIT_MEDIA_CREDENTIALS_PER_MINUTE', 'getMediaCredentials', 30);
export const deviceRegistrationsPerMinute = perUserLimit('RATE_LIMIT_DEVICE_REGISTRATIONS_PER_MINUTE', 'registerDevice', 20);
export const acknowledgementsPerMinute = perUserLimit(
  'RATE_LIMIT_ACKNOWLEDGEMENTS_PER_MINUTE',
  'acknowledgeCallInvitation',
  60,
  'acknowledgeCallInvitation requests (delivery receipts, all devices together)',
);
export const callEndsPerMinute = perUserLimit('RATE_LIMIT_CALL_ENDS_PER_MINUTE', 'endCall', 30);

export const requestLimitParams = {
  respondToCallInvitation: responsesPerMinute,
  joinCall: joinsPerMinute,
  getMediaCredentials: mediaCredentialsPerMinute,
  registerDevice: deviceRegistrationsPerMinute,
  acknowledgeCallInvitation: acknowledgementsPerMinute,
  endCall: callEndsPerMinute,
} satisfies Record<LimitedCallable, IntParam>;

/** The most devices one account keeps: registering one more removes the one registered longest ago. */
export const maxDevicesPerUser = defineInt('MAX_DEVICES_PER_USER', {
  default: 10,
  description:
    'Devices one account keeps (each rings on every call); registering one more removes the device whose registration is oldest.',
});

/**
 * Every callable requires a valid App Check token when this is true: on for production (with App
 * Check set up in the apps), off on the emulators, where no app can get a real token.
 */
export const requireAppCheck = defineBoolean('REQUIRE_APP_CHECK', {
  default: false,
  description: 'Require a valid App Check token on every callable (set true in production once your apps send one).',
});

/** Transient push errors: attempts in all, and the first backoff (it doubles, with jitter, up to 4x). */
export const pushRetryMaxAttempts = defineInt('PUSH_RETRY_MAX_ATTEMPTS', {
  default: 4,
  description: 'Attempts in all at a ring push that fails transiently (1 turns retries off).',
});

export const pushRetryBaseDelayMs = defineInt('PUSH_RETRY_BASE_DELAY_MS', {
  default: 1000,
  description: 'The first wait before retrying a ring push, in ms; it doubles each time, up to 4 times this.',
});

/** How many expiry tasks one queue runs at once. Deployed, a low cap would hold a peak back; the emulator runs tasks early and retries them, so the launcher lowers it there. */
export const expiryMaxConcurrentDispatches = defineInt('EXPIRY_MAX_CONCURRENT_DISPATCHES', {
  default: 200,
  description: 'Expiry tasks one queue runs at once (each is one short transaction).',
});

/**
 * Group calls: a callee whose ring timed out while others are talking gets one more visible
 * notification, "the call you missed is still going, tap to join". Off unless asked for.
 */
export const notifyMissedOngoingCall = defineBoolean('NOTIFY_MISSED_ONGOING_CALL', {
  default: false,
  description: 'Tell a group callee whose ring timed out that the call is still going (tap to join).',
});

/** Liveness (domain/call/liveness.ts): how often an app in a call proves it is there, and how long a silent one keeps its call. */
export const callHeartbeatSeconds = defineInt('CALL_HEARTBEAT_SECONDS', {
  default: LIVENESS_DEFAULTS.heartbeatSeconds,
  description: 'How often an app in a call writes its heartbeat (at most a third of CALL_LIVENESS_TIMEOUT_SECONDS).',
});

export const callLivenessTimeoutSeconds = defineInt('CALL_LIVENESS_TIMEOUT_SECONDS', {
  default: LIVENESS_DEFAULTS.timeoutSeconds,
  description: 'A participant silent for longer has lost the call: they leave it (reason lost) and are no longer busy.',
});

/** The liveness settings, held to workable values (livenessOf); a change is logged once per instance. */
export function liveness(): Liveness {
  const settings = livenessOf(callHeartbeatSeconds.value(), callLivenessTimeoutSeconds.value());
  if (
    !livenessWarned &&
    (settings.heartbeatSeconds !== callHeartbeatSeconds.value() || settings.timeoutMs !== callLivenessTimeoutSeconds.value() * 1000)
  ) {
    livenessWarned = true;
    logWarning('config.invalid', {
      param: 'CALL_HEARTBEAT_SECONDS, CALL_LIVENESS_TIMEOUT_SECONDS',
      value: `${callHeartbeatSeconds.value()}, ${callLivenessTimeoutSeconds.value()}`,
      used: `${settings.heartbeatSeconds}, ${settings.timeoutMs / 1000}`,
    });
  }
  return settings;
}
let livenessWarned = false;

/**
 * Call waiting: a callee who is in a call is rung by a second call (its ring push marked
 * `callWaiting`), instead of the caller being answered `busy`; they may accept it with
 * `endCurrent`. Off unless asked for, as on most phones' carriers before it became the default.
 */
export const callWaiting = defineBoolean('CALL_WAITING', {
  default: false,
  description: 'Ring a callee who is in another call (a waiting call they may accept with endCurrent), instead of answering busy.',
});

// Media: call-scoped credentials for the call's room (see docs/media.md). `none` hands out none.

export const mediaProvider = defineString('MEDIA_PROVIDER', {
  default: 'none',
  description: 'none, livekit, agora or p2p: who carries the call media, and so which credentials accept and joinCall answer.',
  input: { select: { options: [{ value: 'none' }, { value: 'livekit' }, { value: 'agora' }, { value: 'p2p' }] } },
});

export const mediaTokenTtlSeconds = defineInt('MEDIA_TOKEN_TTL_SECONDS', {
  default: 600,
  description: 'How long a media token (and TURN credential) works; apps ask getMediaCredentials for a fresh one before then.',
});

export const livekitUrl = defineString('LIVEKIT_URL', { default: '', description: 'The LiveKit server apps connect to (wss://…).' });

export const livekitApiUrl = defineString('LIVEKIT_API_URL', {
  default: '',
  description: 'Where Beckon reaches the LiveKit server API (https://…); empty: LIVEKIT_URL with wss → https.',
});

export const livekitApiKey = defineString('LIVEKIT_API_KEY', { default: '', description: 'The LiveKit API key that signs room tokens.' });

/** `firebase functions:secrets:set LIVEKIT_API_SECRET`; any value when MEDIA_PROVIDER is not livekit. */
export const livekitApiSecret = defineSecret('LIVEKIT_API_SECRET');

export const agoraAppId = defineString('AGORA_APP_ID', { default: '', description: 'The Agora project’s App ID.' });

/** `firebase functions:secrets:set AGORA_APP_CERTIFICATE`; any value when MEDIA_PROVIDER is not agora. */
export const agoraAppCertificate = defineSecret('AGORA_APP_CERTIFICATE');

export const p2pStunUrls = defineString('P2P_STUN_URLS', {
  default: '',
  description: 'p2p: STUN servers, comma-separated (stun:host:port); empty: none (host candidates only, a LAN or localhost).',
});

export const p2pTurnUrls = defineString('P2P_TURN_URLS', {
  default: '',
  description: 'p2p: TURN servers, comma-separated (turn:host:3478?transport=udp, turns:…); credentials from P2P_TURN_SECRET.',
});

/** The TURN server's shared secret (coturn's static-auth-secret); any value when there is no TURN server. */
export const p2pTurnSecret = defineSecret('P2P_TURN_SECRET');

/** The secrets the callables that hand out media credentials bind. */
export const mediaSecrets = [livekitApiSecret, agoraAppCertificate, p2pTurnSecret];

export const healthCounterShards = defineInt('HEALTH_COUNTER_SHARDS', {
  default: 16,
  description:
    'How many documents each hour of delivery counters is spread over (getDeliveryHealth reads them all). Each ring and each receipt writes one, at random: about twice your steady rings a second keeps each near one write a second. See docs/operating.md.',
});

export const healthRetentionDays = defineInt('HEALTH_RETENTION_DAYS', {
  default: 90,
  description: 'How long delivery counters are kept (a TTL policy on expireAt deletes them).',
});
