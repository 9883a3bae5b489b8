/** 中文 / English: every string comes from the i18n table, so switching re-renders in place. */
import type { JSX } from 'solid-js';
import { locale, setLocale, t } from '../i18n/index.js';
import type { Locale } from '../i18n/index.js';

export function LanguageSwitch(): JSX.Element {
  return (
    <label class="lang">
      <span class="visually-hidden">{t('layout.language')}</span>
      <select value={locale()} onChange={(e) => setLocale(e.currentTarget.value as Locale)} aria-label={t('layout.language')}>
        <option value="zh-CN">中文</option>
        <option value="en">English</option>
      </select>
    </label>
  );
}
