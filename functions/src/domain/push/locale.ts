export type PushLanguage = 'en' | 'zh';

/** Chinese for any zh tag (zh, zh-CN, zh_TW, zh-Hans...), English for everything else. */
export function pushLanguage(locale: string | undefined): PushLanguage {
  return locale && /^zh([-_]|$)/i.test(locale) ? 'zh' : 'en';
}
