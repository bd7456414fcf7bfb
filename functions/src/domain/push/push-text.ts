import type { CallType } from '../../contract/index.js';
import { UNNAMED_CALLER } from '../users/caller-identity.js';
import { type PushLanguage, pushLanguage } from './locale.js';

export interface NotificationText {
  title: string;
  body: string;
}

/** A caller without a readable name is "Someone" in the callee's language. */
function shownName(language: PushLanguage, callerName: string): string {
  return callerName === UNNAMED_CALLER && language === 'zh' ? '有人' : callerName;
}

export function callInvitationText(locale: string | undefined, name: string, callType: CallType): NotificationText {
  const language = pushLanguage(locale);
  const callerName = shownName(language, name);
  if (language === 'zh') {
    const kind = callType === 'video' ? '视频通话' : '语音通话';
    return { title: `${kind}邀请`, body: `${callerName} 邀请您进行${kind}` };
  }
  const kind = callType === 'video' ? 'a video call' : 'an audio call';
  const title = callType === 'video' ? 'Incoming video call' : 'Incoming audio call';
  return { title, body: `${callerName} is inviting you to ${kind}` };
}

/** The text of the system message in the conversation; clients may render their own from `callInvitation`. */
export function systemMessageText(callerName: string, callType: CallType): string {
  return callType === 'video' ? `${callerName} started a video call` : `${callerName} started an audio call`;
}

export function missedCallText(locale: string | undefined, name: string, callType: CallType): NotificationText {
  const language = pushLanguage(locale);
  const callerName = shownName(language, name);
  if (language === 'zh') {
    const kind = callType === 'video' ? '视频通话' : '语音通话';
    return { title: '未接来电', body: `来自 ${callerName} 的未接${kind}` };
  }
  const kind = callType === 'video' ? 'video call' : 'audio call';
  return { title: 'Missed call', body: `Missed ${kind} from ${callerName}` };
}

export function ongoingCallText(locale: string | undefined, name: string, callType: CallType): NotificationText {
  const language = pushLanguage(locale);
  const callerName = shownName(language, name);
  if (language === 'zh') {
    const kind = callType === 'video' ? '视频通话' : '语音通话';
    return { title: '通话仍在进行', body: `${callerName} 的${kind}仍在进行，点击加入` };
  }
  const kind = callType === 'video' ? 'video call' : 'audio call';
  return { title: 'Call in progress', body: `${callerName}'s ${kind} is still going. Tap to join.` };
}
