import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { CachedTts, FallbackTts, PromptCache, TtsError, prerender, promptKey, synthesizeAll } from '../../src/index.js';
import { CountingTts } from './fake-provider.js';

let dir: string;
beforeEach(async () => { dir = await mkdtemp(path.join(os.tmpdir(), 'waihu-tts-cache-')); });
afterEach(async () => { await rm(dir, { recursive: true, force: true }); });

async function files(root: string): Promise<string[]> {
  const out: string[] = [];
  for (const sub of await readdir(root)) for (const f of await readdir(path.join(root, sub))) out.push(path.join(root, sub, f));
  return out;
}

describe('prompt cache', () => {
  it('keys by text, voice and engine id and version', () => {
    const base = { provider: 'baidu', version: '1', voice: 'spd=5', text: '您好' };
    const k = promptKey(base);
    expect(k).toMatch(/^[0-9a-f]{64}$/);
    for (const change of [{ provider: 'espeak' }, { version: '2' }, { voice: 'spd=6' }, { text: '您好。' }]) {
      expect(promptKey({ ...base, ...change })).not.toBe(k);
    }
  });

  it('synthesizes a fixed line once: memory hit, then disk hit in a new process', async () => {
    const inner = new CountingTts();
    const cache = new PromptCache({ dir });
    const tts = new CachedTts(inner, cache);
    const first = await synthesizeAll(tts, '欢迎致电');
    const again = await synthesizeAll(tts, '欢迎致电');
    expect(inner.calls).toBe(1);
    expect(again).toEqual(first);
    await new Promise((r) => setTimeout(r, 20)); // the disk write finishes after the audio
    expect(cache.stats().memoryHits).toBe(1);
    expect(await files(dir)).toHaveLength(1);
    expect((await files(dir)).some((f) => f.endsWith('.tmp'))).toBe(false);

    const restarted = new CachedTts(inner, new PromptCache({ dir }));
    expect(await synthesizeAll(restarted, '欢迎致电')).toEqual(first);
    expect(inner.calls).toBe(1);
    expect(restarted.cache.stats()).toMatchObject({ diskHits: 1, misses: 0 });
    // A different voice is a different line.
    await synthesizeAll(tts, '欢迎致电', { voice: { per: 0, spd: 9, pit: 5, vol: 5 } });
    expect(inner.calls).toBe(2);
  });

  it('concurrent requests for one line share a single synthesis and all get every chunk', async () => {
    const inner = new CountingTts();
    let open!: () => void;
    inner.gate = new Promise((r) => { open = r; });
    const tts = new CachedTts(inner, new PromptCache({ dir }));
    const all = Array.from({ length: 20 }, () => synthesizeAll(tts, '同一句话'));
    await new Promise((r) => setTimeout(r, 20));
    open();
    const results = await Promise.all(all);
    expect(inner.calls).toBe(1);
    for (const r of results) { expect(r.length).toBe(1200); expect(r).toEqual(results[0]); }
  });

  it('a failed synthesis is not cached and reaches every waiting request', async () => {
    const inner = new CountingTts();
    inner.failWith = new TtsError('TTS_SERVER', 'counting', 'down');
    const tts = new CachedTts(inner, new PromptCache({ dir }));
    const results = await Promise.allSettled([synthesizeAll(tts, '失败'), synthesizeAll(tts, '失败')]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(inner.calls).toBe(1);
    inner.failWith = null;
    expect((await synthesizeAll(tts, '失败')).length).toBe(1200);
    expect(inner.calls).toBe(2);
  });

  it('detects a damaged disk entry, deletes it and synthesizes again', async () => {
    const inner = new CountingTts();
    const tts = new CachedTts(inner, new PromptCache({ dir }));
    const good = await synthesizeAll(tts, '损坏测试');
    await new Promise((r) => setTimeout(r, 20));
    const [file] = await files(dir);
    const bytes = await readFile(file!);
    bytes[bytes.length - 3] = bytes[bytes.length - 3]! ^ 0xff; // flip bits in the audio: the checksum no longer matches
    await writeFile(file!, bytes);
    const fresh = new CachedTts(inner, new PromptCache({ dir }));
    expect(await synthesizeAll(fresh, '损坏测试')).toEqual(good);
    expect(inner.calls).toBe(2);
    expect(fresh.cache.stats().corrupt).toBe(1);
    // A truncated file (torn write from an older version, full disk) is caught too.
    await new Promise((r) => setTimeout(r, 20));
    await writeFile(file!, (await readFile(file!)).subarray(0, 100));
    const third = new PromptCache({ dir });
    expect(await third.get(fresh.keyOf('损坏测试'))).toBeNull();
    expect(third.stats().corrupt).toBe(1);
  });

  it('keeps memory under its byte budget, evicting the least recently used', async () => {
    const cache = new PromptCache({ memoryBytes: 10_000 });
    const pcm = (n: number): Int16Array => new Int16Array(1000).fill(n); // 2000 bytes each
    for (let i = 0; i < 5; i++) await cache.put(`k${i}`, pcm(i));
    expect(cache.getMemory('k0')).not.toBeNull(); // k0 becomes most recent
    await cache.put('k5', pcm(5));
    expect(cache.stats().memoryBytes).toBeLessThanOrEqual(10_000);
    expect(cache.getMemory('k1')).toBeNull();
    expect(cache.getMemory('k0')).not.toBeNull();
    expect(cache.getMemory('k5')).not.toBeNull();
  });

  it('prerenders a script\'s lines with bounded concurrency and reports failures by line', async () => {
    const inner = new CountingTts();
    inner.chunkDelayMs = 5;
    let active = 0;
    let peak = 0;
    const flaky = {
      ...inner,
      id: inner.id, version: inner.version, quality: inner.quality, voice: inner.voice,
      describe: () => inner.describe(), voiceKey: () => 'v', health: () => inner.health(), close: () => inner.close(),
      async *synthesize(text: string) {
        active++; peak = Math.max(peak, active);
        try {
          if (text.includes('坏')) throw new TtsError('TTS_BAD_TEXT', 'counting', 'cannot say that');
          yield* inner.synthesize(text);
        } finally { active--; }
      },
    };
    const tts = new CachedTts(flaky, new PromptCache({ dir }));
    const lines = ['第一句', '第二句', '坏句子', '第三句', '第一句', '', '第四句'];
    const report = await prerender(tts, lines, { concurrency: 2 });
    expect(report.total).toBe(5);
    expect(report.ok).toBe(4);
    expect(report.failed).toEqual([{ text: '坏句子', code: 'TTS_BAD_TEXT', retryable: false, message: 'cannot say that' }]);
    expect(peak).toBeLessThanOrEqual(2);
    const before = inner.calls;
    await synthesizeAll(tts, '第三句');
    expect(inner.calls).toBe(before); // pre-rendered: a call plays it from the cache
  });

  it('fallback audio is cached under the fallback engine, so the primary is tried again next time', async () => {
    const primary = new CountingTts('primary');
    const backup = new CountingTts('backup');
    primary.failWith = new TtsError('TTS_SERVER', 'primary', 'down');
    const cache = new PromptCache({ dir });
    const tts = new FallbackTts(new CachedTts(primary, cache), new CachedTts(backup, cache));
    await synthesizeAll(tts, '备用');
    expect([primary.calls, backup.calls]).toEqual([1, 1]);
    primary.failWith = null;
    await synthesizeAll(tts, '备用');
    expect([primary.calls, backup.calls]).toEqual([2, 1]);
  });
});
