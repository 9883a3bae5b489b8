/** The lint rule that keeps engine/ pure really fires (a rule that never fires guards nothing). */
import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';

const eslint = new ESLint({ cwd: new URL('../../', import.meta.url).pathname });
const lint = async (code: string): Promise<string[]> => {
  const [result] = await eslint.lintText(code, { filePath: 'engine/src/template/example.ts' });
  return result!.messages.map((m) => m.ruleId ?? m.message);
};

describe('engine purity', () => {
  it.each([
    ["import { readFileSync } from 'node:fs';\nexport const x = readFileSync;", 'no-restricted-imports'],
    ["import { pinyin } from 'pinyin-pro';\nexport const x = pinyin;", 'no-restricted-imports'],
    ['export const now = Date.now();', 'no-restricted-properties'],
    ['export const now = new Date();', 'no-restricted-syntax'],
    ['export const r = Math.random();', 'no-restricted-properties'],
    ['export const t = setTimeout(() => 0, 1);', 'no-restricted-globals'],
    ['export const env = process.env;', 'no-restricted-globals'],
    ["console.log('x');", 'no-restricted-globals'],
  ])('rejects %s', async (code, rule) => {
    expect(await lint(code)).toContain(rule);
  });

  it('accepts relative imports and pure code', async () => {
    expect(await lint("import { normalize } from '../nlu/index.js';\nexport const n = (s: string): string => normalize(s).normalize('NFKC');")).toEqual([]);
  });
});
