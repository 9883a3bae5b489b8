import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { EspeakTts, TtsError, synthesizeAll } from '../../src/index.js';

function rms(pcm: Int16Array): number {
  let s = 0;
  for (const v of pcm) s += v * v;
  return Math.sqrt(s / Math.max(1, pcm.length));
}

function processCount(): number {
  return process.getActiveResourcesInfo().filter((r) => r === 'ProcessWrap').length;
}

let dir: string;
let hanging: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'waihu-espeak-'));
  // `exec` so killing the child kills the sleeper itself (no orphaned grandchild).
  hanging = path.join(dir, 'hanging-espeak');
  await writeFile(hanging, '#!/bin/sh\nexec sleep 30\n');
  await chmod(hanging, 0o755);
});
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

describe('espeak-ng offline synthesis (test quality)', () => {
  it('speaks a Chinese sentence with numbers as plausible, non-silent 8 kHz audio', async () => {
    const tts = new EspeakTts();
    const text = '您好，我是城市花园的置业顾问，首付只要3成，电话13800138000。';
    const pcm = await synthesizeAll(tts, text);
    const seconds = pcm.length / 8000;
    // ~40 syllables at a calm pace: several seconds, not a blip and not a runaway.
    expect(seconds).toBeGreaterThan(4);
    expect(seconds).toBeLessThan(20);
    expect(rms(pcm)).toBeGreaterThan(300);
    // Speech has pauses: some 20 ms frames are much quieter than the loudest.
    const frameRms = Array.from({ length: Math.floor(pcm.length / 160) }, (_, i) => rms(pcm.subarray(i * 160, i * 160 + 160)));
    expect(Math.min(...frameRms)).toBeLessThan(Math.max(...frameRms) / 10);
    await new Promise((r) => setTimeout(r, 20)); // the process handle closes just after 'close'
    expect(processCount()).toBe(0);
  });

  it('a faster voice is shorter; the voice settings change the cache key', async () => {
    const slow = new EspeakTts({ voice: { per: 0, spd: 2, pit: 5, vol: 5 } });
    const fast = new EspeakTts({ voice: { per: 0, spd: 12, pit: 5, vol: 5 } });
    const [a, b] = await Promise.all([synthesizeAll(slow, '今天天气很好'), synthesizeAll(fast, '今天天气很好')]);
    expect(b.length).toBeLessThan(a.length * 0.8);
    expect(slow.voiceKey()).not.toBe(fast.voiceKey());
    expect(slow.describe()).toContain('test quality');
  });

  it('health says it works and that it is test quality', async () => {
    const h = await new EspeakTts().health();
    expect(h).toMatchObject({ ok: true, provider: 'espeak', quality: 'test' });
    expect(h.description).toContain('测试音质');
  });

  it('a missing binary is a permanent TTS_UNAVAILABLE, and health says so', async () => {
    const tts = new EspeakTts({ binary: path.join(dir, 'no-such-espeak') });
    const e = await synthesizeAll(tts, '你好').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(TtsError);
    expect(e).toMatchObject({ code: 'TTS_UNAVAILABLE', retryable: false });
    expect(await tts.health()).toMatchObject({ ok: false, code: 'TTS_UNAVAILABLE' });
  });

  it('kills a process that does not finish in time', async () => {
    const tts = new EspeakTts({ binary: hanging, timeoutMs: 150 });
    const started = Date.now();
    const e = await synthesizeAll(tts, '你好').catch((x: unknown) => x);
    expect(e).toMatchObject({ code: 'TTS_TIMEOUT', retryable: true });
    expect(Date.now() - started).toBeLessThan(2000);
    await new Promise((r) => setTimeout(r, 50));
    expect(processCount()).toBe(0);
  });

  it('an abort kills the process at once', async () => {
    const tts = new EspeakTts({ binary: hanging, timeoutMs: 10_000 });
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 50);
    const e = await synthesizeAll(tts, '你好', { signal: ac.signal }).catch((x: unknown) => x);
    expect(e).toMatchObject({ code: 'TTS_ABORTED' });
    await new Promise((r) => setTimeout(r, 50));
    expect(processCount()).toBe(0);
  });

  it('refuses text with nothing to pronounce', async () => {
    const e = await synthesizeAll(new EspeakTts(), '。。。').catch((x: unknown) => x);
    expect(e).toMatchObject({ code: 'TTS_BAD_TEXT', retryable: false });
  });
});
