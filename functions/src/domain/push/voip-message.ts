import type { Invitation } from '../call/invitation.js';
import { type PushDevice, callInvitationPushData, fcmData } from './push-message.js';

/** APNs refuses a VoIP payload over 5 KB. */
export const APNS_VOIP_PAYLOAD_LIMIT_BYTES = 5120;

/**
 * One request to APNs, exactly as Beckon's APNs sender makes it (the path is `/3/device/<token>`;
 * the sender adds the `authorization` JWT). The emulator transport stores it as it would be sent.
 */
export interface ApnsRequest {
  token: string;
  headers: {
    'apns-push-type': 'voip';
    'apns-topic': string;
    'apns-priority': '10';
    'apns-expiration': string;
  };
  payload: Record<string, unknown>;
}

export type VoipDevice = PushDevice & { voipToken: string };

/**
 * The VoIP push that wakes an iOS app through PushKit so it reports the call to CallKit. iOS ends
 * an app that gets a VoIP push without reporting a call, so this is sent for a new ring only,
 * never to stop one. It expires with the call: APNs drops it rather than ring late.
 */
export function voipRingRequest(invitation: Invitation, device: VoipDevice, nowMs: number, bundleId: string): ApnsRequest {
  const data = fcmData(callInvitationPushData(invitation, nowMs));
  return {
    token: device.voipToken,
    headers: {
      'apns-push-type': 'voip',
      'apns-topic': `${bundleId}.voip`,
      'apns-priority': '10',
      'apns-expiration': String(Math.floor(invitation.expiresAt / 1000)),
    },
    payload: fitVoipPayload({ aps: {}, ...data }),
  };
}

const byteLength = (payload: Record<string, unknown>) => new TextEncoder().encode(JSON.stringify(payload)).length;

/** Keeps the payload under APNs' limit: the photo goes first, then the name is shortened. The call's ids always stay. */
export function fitVoipPayload(payload: Record<string, unknown>): Record<string, unknown> {
  if (byteLength(payload) <= APNS_VOIP_PAYLOAD_LIMIT_BYTES) return payload;
  const { callerPhotoURL: _dropped, ...withoutPhoto } = payload;
  if (byteLength(withoutPhoto) <= APNS_VOIP_PAYLOAD_LIMIT_BYTES) return withoutPhoto;
  const name = Array.from(String(withoutPhoto.callerName ?? ''));
  let excess = byteLength(withoutPhoto) - APNS_VOIP_PAYLOAD_LIMIT_BYTES;
  while (excess > 0 && name.length > 1) excess -= byteLength({ c: name.pop() }) - byteLength({ c: '' });
  return { ...withoutPhoto, callerName: name.join('') };
}
