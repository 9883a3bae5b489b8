import { describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PromptCache, PromptPlayer, createTtsProvider, parseTtsConfig, synthesizeAll } from '../../src/index.js';
import { FakeBaidu } from './fake-baidu.js';

/** Handles that would keep a process alive or leak per call. */
function handles(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of process.getActiveResourcesInfo()) if (r !== 'FSReqCallback') counts[r] = (counts[r] ?? 0) + 1;
  return counts;
}

describe('resources', () => {
  it('a whole chain (Baidu with fallback, cache, playback cut mid-prompt) leaves no sockets, timers or processes after close', async () => {
    const before = handles();
    const fake = await FakeBaidu.start();
    const dir = await mkdtemp(path.join(os.tmpdir(), 'waihu-tts-leak-'));
    const parsed = parseTtsConfig({
      provider: 'baidu', credentials: { appId: '1', apiKey: fake.apiKey, secretKey: fake.secretKey },
      endpoints: { tokenUrl: fake.tokenUrl, ttsUrl: fake.ttsUrl },
    });
    if (!parsed.ok) throw new Error('config');
    const tts = createTtsProvider(parsed.value, { cache: new PromptCache({ dir }), baidu: { retries: 1, backoffMs: 1 } });
    try {
      await synthesizeAll(tts, '第一句话，您好。');
      fake.alwaysFault = { kind: 'err', errNo: 503 };
      await synthesizeAll(tts, '走备用的一句'); // espeak-ng child process
      fake.alwaysFault = null;
      const player = new PromptPlayer({ tts });
      const p = player.play({ text: '这句话会被打断，因为客户开口说话了。', recording: '' });
      expect(await p.read()).not.toBeNull();
      p.stop();
      expect((await p.ended).reason).toBe('cut');
    } finally {
      await tts.close();
      await fake.close();
      await rm(dir, { recursive: true, force: true });
    }
    await new Promise((r) => setTimeout(r, 50));
    const after = handles();
    for (const kind of ['TCPSocketWrap', 'TCPServerWrap', 'ProcessWrap', 'PipeWrap']) expect(after[kind] ?? 0, kind).toBe(before[kind] ?? 0);
    // The test runner's own timers come and go; ours must not add any.
    expect(after.Timeout ?? 0).toBeLessThanOrEqual(before.Timeout ?? 0);
  });
});
