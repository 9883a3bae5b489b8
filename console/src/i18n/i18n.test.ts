import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { locale, pick, setLocale, t } from './index.js';
import { zh } from './zh.js';
import { en } from './en.js';

const SRC = join(import.meta.dirname, '..');
const files = (dir: string): string[] => readdirSync(dir).flatMap((f) => {
  const p = join(dir, f);
  return statSync(p).isDirectory() ? files(p) : [p];
});

describe('i18n', () => {
  afterEach(() => setLocale('zh-CN'));
  it('speaks Chinese first and switches to English, filling placeholders', () => {
    expect(locale()).toBe('zh-CN');
    expect(t('pager.total', { n: 3 })).toBe('共 3 条');
    setLocale('en');
    expect(t('pager.total', { n: 3 })).toBe('3 in all');
    expect(pick({ zh: '中', en: 'en' })).toBe('en');
    expect(document.documentElement.lang).toBe('en');
  });
  it('has an English string for every key, and no English string left in Chinese', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zh).sort());
    const untranslated = Object.entries(en).filter(([, v]) => /[\u4e00-\u9fff]/.test(v)).map(([k]) => k);
    expect(untranslated).toEqual([]);
  });
  it('keeps UI text out of the components: no Chinese outside the tables (comments aside)', () => {
    const offenders: string[] = [];
    for (const f of files(SRC).filter((p) => /\.(tsx?)$/.test(p) && !p.includes(`${join('src', 'i18n')}`) && !p.endsWith('.test.ts') && !p.endsWith('.test.tsx'))) {
      const code = readFileSync(f, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
      // The language switch names each language in itself, as switches do.
      const lines = code.split('\n').filter((l) => /[\u4e00-\u9fff]/.test(l) && !l.includes('<option value="zh-CN">中文</option>'));
      if (lines.length > 0) offenders.push(`${relative(SRC, f)}: ${lines[0]!.trim()}`);
    }
    expect(offenders).toEqual([]);
  });
});
