import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { findSherpaModel } from '../../src/asr/sherpa/model-dir.js';
import { createSherpaProvider } from '../../src/asr/sherpa/sherpa-provider.js';
import { scriptedSpeech } from '../../src/testing/speech-script.js';
import { expectNothingOpen, outcomeCode, recognize } from './helpers.js';

const scratch = mkdtempSync(join(tmpdir(), 'waihu-sherpa-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
afterEach(() => expectNothingOpen());

describe('sherpa-onnx provider plumbing (no model needed)', () => {
  it('runs streams in the engine process: partials, finals, close mid-stream, shutdown', async () => {
    const p = createSherpaProvider({ modelDir: '/unused', engine: 'scripted', finalTimeoutMs: 2000 });
    await p.ready();
    const a = p.open();
    const b = p.open();
    for (const c of scriptedSpeech({ key: 1, speechMs: 1000 })) b.write(c);
    b.close();
    const { results, outcome } = await recognize(a, scriptedSpeech({ key: 2, speechMs: 1200 }));
    expect(outcomeCode(outcome)).toBe('completed');
    expect(results.map((r) => `${r.kind}:${r.text}`)).toEqual(['partial:听到500毫秒', 'partial:听到1000毫秒', 'final:听到1200毫秒']);
    expect(results.at(-1)).toMatchObject({ startMs: 0, endMs: 1200, confidence: 1 });
    expect(await b.finished).toEqual({ reason: 'closed' });
    await p.close();
  });

  it('refuses a missing model directory with ASR_MODEL_MISSING, without starting an engine', async () => {
    const p = createSherpaProvider({ modelDir: join(scratch, 'nope') });
    const { outcome } = await recognize(p.open(), []);
    expect(outcome.reason === 'error' && outcome.error).toMatchObject({ code: 'ASR_MODEL_MISSING', retryable: false, provider: 'sherpa' });
    expect((await p.health()).status).toBe('down');
    await p.close();
  });

  it('finds transducer, paraformer and CTC layouts, preferring int8, and names what is missing', () => {
    const dir = (name: string, files: string[]) => {
      const d = join(scratch, name);
      mkdirSync(d, { recursive: true });
      for (const f of files) writeFileSync(join(d, f), 'x');
      return d;
    };
    const zipformer = dir('zip', ['tokens.txt', 'encoder-epoch-99-avg-1.onnx', 'encoder-epoch-99-avg-1.int8.onnx', 'decoder-epoch-99-avg-1.onnx', 'joiner-epoch-99-avg-1.int8.onnx']);
    expect(findSherpaModel(zipformer, 's')).toMatchObject({ kind: 'transducer', modelConfig: { transducer: { encoder: join(zipformer, 'encoder-epoch-99-avg-1.int8.onnx') } } });
    expect(findSherpaModel(dir('para', ['tokens.txt', 'encoder.int8.onnx', 'decoder.int8.onnx']), 's').kind).toBe('paraformer');
    expect(findSherpaModel(dir('ctc', ['tokens.txt', 'ctc-epoch-20.int8.onnx']), 's').kind).toBe('zipformer2-ctc');
    expect(() => findSherpaModel(dir('empty', ['tokens.txt', 'README.md']), 's')).toThrow(/no streaming model/);
    expect(() => findSherpaModel(dir('notokens', ['encoder.onnx']), 's')).toThrow(/no tokens.txt/);
  });

  it('reports a corrupt model as ASR_MODEL_INVALID: the engine process dies, this one does not', async () => {
    const d = join(scratch, 'corrupt');
    mkdirSync(d, { recursive: true });
    for (const f of ['tokens.txt', 'encoder.onnx', 'decoder.onnx', 'joiner.onnx']) writeFileSync(join(d, f), 'not a model\n');
    const p = createSherpaProvider({ modelDir: d, numThreads: 1 });
    await expect(p.ready()).rejects.toMatchObject({ code: 'ASR_MODEL_INVALID', retryable: false });
    const { outcome } = await recognize(p.open(), []);
    expect(outcome.reason === 'error' && outcome.error.code).toBe('ASR_MODEL_INVALID');
    expect((await p.health()).status).toBe('down');
    await p.close();
  });
});

// A real model is recognised only where one has been fetched (npm run models:fetch).
const modelDir = process.env.ASR_SHERPA_MODEL_DIR;
describe.skipIf(!modelDir)('sherpa-onnx with a real streaming model (ASR_SHERPA_MODEL_DIR)', () => {
  it('loads the model and recognises without failing', async () => {
    const p = createSherpaProvider({ modelDir: modelDir!, numThreads: 1 });
    await p.ready();
    const { outcome } = await recognize(p.open(), scriptedSpeech({ key: 1, speechMs: 1000 }));
    expect(outcomeCode(outcome)).toBe('completed');
    await p.close();
  });
});
if (!modelDir) console.info('sherpa: no ASR_SHERPA_MODEL_DIR set, so the real-model test is skipped (npm run models:fetch downloads one where the internet is reachable)');
