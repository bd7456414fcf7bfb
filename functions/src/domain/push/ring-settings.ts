// No zod and nothing of the contract: config.ts, which every function loads, takes its defaults from here.

/** What the deployment decides about the ring, not the invitation: the params ANDROID_CALL_CHANNEL_ID and APNS_BUNDLE_ID. */
export interface RingSettings {
  /** The Android notification channel of incoming calls (notification ring style). */
  androidChannelId: string;
  /** The iOS app's bundle id: VoIP pushes go to the topic `<bundleId>.voip`. */
  apnsBundleId: string;
  /** APNS_ENVIRONMENT: where VoIP pushes go (absent: not known, nothing is called a mismatch). */
  apnsEnvironment?: 'sandbox' | 'production';
}

/** The params' defaults, written once: config.ts declares them with these, tests that replay a trigger use them. */
export const DEFAULT_RING_SETTINGS: RingSettings = { androidChannelId: 'beckon_calls', apnsBundleId: 'com.example.beckon' };
