import type { DiagnosisLanguage } from '../../contract/index.js';

/** Picks the text of the requested language; every sentence is written in both. */
export const say = (lang: DiagnosisLanguage, en: string, zh: string): string => (lang === 'zh' ? zh : en);

export function duration(ms: number, lang: DiagnosisLanguage): string {
  const seconds = Math.round(ms / 100) / 10;
  if (Math.abs(seconds) < 120) return say(lang, `${seconds} s`, `${seconds} 秒`);
  const minutes = Math.round(seconds / 6) / 10;
  if (Math.abs(minutes) < 120) return say(lang, `${minutes} min`, `${minutes} 分钟`);
  const days = Math.round(minutes / 144) / 10;
  return say(lang, `${days} days`, `${days} 天`);
}
