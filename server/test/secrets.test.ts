import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SecretBox, SecretBoxError, loadOrCreateKeyFile, parseSecretKey } from '../src/secrets/box.js';
import { parseConfig } from '../src/config.js';

describe('sealed secrets', () => {
  it('opens what it sealed, differently each time, and refuses another key or an altered value', () => {
    const box = SecretBox.random();
    const a = box.seal('网关密码 p@ss');
    expect(a).toMatch(/^v1:/);
    expect(a).not.toContain('p@ss');
    expect(box.seal('网关密码 p@ss')).not.toBe(a);
    expect(box.open(a)).toBe('网关密码 p@ss');
    expect(() => SecretBox.random().open(a)).toThrow(SecretBoxError);
    const raw = Buffer.from(a.slice(3), 'base64');
    raw[raw.length - 1]! ^= 1;
    expect(() => box.open(`v1:${raw.toString('base64')}`)).toThrow(SecretBoxError);
    expect(() => box.open('plain')).toThrow(SecretBoxError);
  });

  it('creates the key file once, private, and reads it back', () => {
    const dir = mkdtempSync(join(tmpdir(), 'waihu-key-'));
    const key = loadOrCreateKeyFile(dir);
    expect(statSync(join(dir, 'secret.key')).mode & 0o777).toBe(0o600);
    expect(loadOrCreateKeyFile(dir).equals(key)).toBe(true);
    expect(SecretBox.fromKey(loadOrCreateKeyFile(dir)).open(SecretBox.fromKey(key).seal('x'))).toBe('x');
    writeFileSync(join(dir, 'secret.key'), 'short');
    expect(() => loadOrCreateKeyFile(dir)).toThrow(/32-byte key/);
    expect(readFileSync(join(dir, 'secret.key'), 'utf8')).toBe('short');
  });

  it('takes SECRET_KEY as base64 or hex, and says so when it is neither', () => {
    const hex = 'ab'.repeat(32);
    expect(parseSecretKey(hex)?.length).toBe(32);
    expect(parseSecretKey(Buffer.alloc(32, 7).toString('base64'))?.length).toBe(32);
    expect(parseSecretKey('too short')).toBeNull();
    const ok = parseConfig({ SECRET_KEY: hex });
    expect(ok.ok && ok.config.secretKey?.toString('hex')).toBe(hex);
    const bad = parseConfig({ SECRET_KEY: 'nope' });
    expect(bad.ok ? [] : bad.problems).toEqual([expect.stringContaining('SECRET_KEY')]);
  });
});
