/**
 * One table of every UI string (zh-CN first, English second) and the language switch. Pages
 * call `t(key)`; the key type comes from the Chinese table, and the English table must have the
 * same keys (a missing translation is a type error, not a blank on screen).
 */
import { createSignal } from 'solid-js';
import { zh } from './zh.js';
import { en } from './en.js';

export type MessageKey = keyof typeof zh;
export type Locale = 'zh-CN' | 'en';
export const LOCALES: readonly Locale[] = ['zh-CN', 'en'];

const tables: Record<Locale, Record<MessageKey, string>> = { 'zh-CN': zh, en };
const STORAGE_KEY = 'waihu.locale';

function initialLocale(): Locale {
  try {
    const saved = globalThis.localStorage?.getItem(STORAGE_KEY);
    if (saved === 'en' || saved === 'zh-CN') return saved;
  } catch {
    // storage blocked (private mode): the default it is
  }
  return 'zh-CN';
}

const [locale, setLocaleSignal] = createSignal<Locale>(initialLocale());
export { locale };

export function setLocale(next: Locale): void {
  setLocaleSignal(next);
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, next);
  } catch {
    // not kept across reloads; the switch still works now
  }
  if (typeof document !== 'undefined') document.documentElement.lang = next;
}

/** The string for `key` in the current language, `{name}` placeholders filled from `vars`. */
export function t(key: MessageKey, vars?: Record<string, string | number>): string {
  const text = tables[locale()][key] ?? key;
  if (!vars) return text;
  return text.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m));
}

/** Whether `key` names a string of the table (for codes the server sends, such as error codes). */
export function hasKey(key: string): key is MessageKey {
  return key in zh;
}

/** Picks the language's half of a `{ zh, en }` pair the server sends (issue and rejection messages). */
export function pick(pair: { readonly zh: string; readonly en: string }): string {
  return locale() === 'en' ? pair.en : pair.zh;
}

/** Dates and numbers in the current language, Beijing time (the enterprise's clock). */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(locale(), { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false }).format(d);
}

export function formatNumber(n: number): string {
  return new Intl.NumberFormat(locale()).format(n);
}

/** A duration in milliseconds as m:ss. */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}
