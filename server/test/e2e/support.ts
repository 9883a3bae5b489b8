/**
 * What the robot-call tests with real peers share: the loan sample's golden refusal (its callee
 * lines as espeak-ng pinyin), the test recognizer that maps an utterance the VAD cut to the
 * answer whose loudness envelope it matches, and audio helpers.
 */
import { spawnSync } from 'node:child_process';
import type { AsrAudio, AsrOpenOptions, AsrProvider, AsrResult, AsrStream, AsrStreamOutcome, EspeakTts } from '@waihu/asr';
import { compileTemplate } from '@waihu/engine';
import type { CompiledTemplate, Template } from '@waihu/engine';
import { sampleById } from '@waihu/scripts-templates';
import { peerAvailable } from '../../../dialogs/test/support/peers.js';

/**
 * Whether the tests with real peers can run: espeak-ng (the speech) and baresip (the customer).
 * Without them they skip with a message naming `what`; under WAIHU_REQUIRE_PEERS=1 a missing one fails.
 */
export function realPeersAvailable(what: string): boolean {
  const espeak = spawnSync('espeak-ng', ['--version']).status === 0;
  if (!espeak && process.env['WAIHU_REQUIRE_PEERS'] === '1') throw new Error('espeak-ng is required (WAIHU_REQUIRE_PEERS=1)');
  if (!espeak) console.warn(`SKIPPED ${what}: espeak-ng is not installed`);
  return espeak && peerAvailable('baresip');
}

/** The loan sample, compiled, and its flows' prompts with the test variables filled in. */
export function loanScript(): { source: Template; template: CompiledTemplate; flow(name: string): string } {
  const source = sampleById('loan').template;
  const { template } = compileTemplate(source);
  if (!template) throw new Error('the loan sample does not compile');
  const flow = (name: string): string => source.flows.find((f) => f.name === name)!.prompt.replace('{姓名}', VARS.姓名).replace(/\{额度[^}]*\}/, VARS.额度);
  return { source, template, flow };
}

export const RATE = 8000;
export const VARS = { 姓名: '张先生', 额度: '50万' };
/** The golden conversation's callee lines, as espeak-ng pinyin with tone numbers. */
export const ANSWERS = [
  { text: '暂时不需要，谢谢', pinyin: 'zan4 shi2 bu4 xu1 yao4, xie4 xie4' },
  { text: '不用了，谢谢你', pinyin: 'bu2 yong4 le, xie4 xie4 ni3' },
];

/** Loudness per 10 ms, mean-removed: a cheap fingerprint of an utterance. */
export function envelope(pcm: Int16Array): Float64Array {
  const n = Math.floor(pcm.length / 80);
  const e = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = i * 80; j < (i + 1) * 80; j++) s += pcm[j]! * pcm[j]!;
    e[i] = Math.log1p(Math.sqrt(s / 80));
  }
  return e;
}

/** The best normalized correlation of two envelopes over ±lag frames. */
export function envelopeMatch(a: Float64Array, b: Float64Array, maxLag = 120): number {
  let best = 0;
  for (let lag = -maxLag; lag <= maxLag; lag++) {
    let ab = 0, aa = 0, bb = 0;
    for (let i = 0; i < a.length; i++) {
      const j = i + lag;
      if (j < 0 || j >= b.length) continue;
      ab += a[i]! * b[j]!; aa += a[i]! * a[i]!; bb += b[j]! * b[j]!;
    }
    const r = aa > 0 && bb > 0 ? ab / Math.sqrt(aa * bb) : 0;
    if (r > best) best = r;
  }
  return best;
}

/**
 * The test recognizer: what it hears between the session's open and end is matched against
 * the answers' audio; the best match over 0.8 is the final text (nothing otherwise, like a
 * recognizer hearing noise). It answers at once, so turn latency shows the rest of the chain.
 */
export function fingerprintAsr(answers: readonly { text: string; pcm: Int16Array }[], heard: { text: string; score: number }[]): AsrProvider {
  const refs = answers.map((a) => ({ text: a.text, env: envelope(a.pcm) }));
  return {
    name: 'fingerprint',
    open(_options?: AsrOpenOptions): AsrStream {
      const chunks: Int16Array[] = [];
      const listeners = new Set<(r: AsrResult) => void>();
      const results: AsrResult[] = [];
      let settle!: (o: AsrStreamOutcome) => void;
      const finished = new Promise<AsrStreamOutcome>((r) => { settle = r; });
      let open = true;
      return {
        provider: 'fingerprint', finished,
        write(chunk: AsrAudio) {
          if (!open) return;
          chunks.push(chunk.sampleRate === RATE ? chunk.samples.slice() : chunk.samples.filter((_, i) => i % 2 === 0));
        },
        end() {
          if (!open) return;
          open = false;
          const pcm = new Int16Array(chunks.reduce((n, c) => n + c.length, 0));
          let at = 0;
          for (const c of chunks) { pcm.set(c, at); at += c.length; }
          const env = envelope(pcm);
          const scored = refs.map((r) => ({ text: r.text, score: envelopeMatch(r.env, env) })).sort((x, y) => y.score - x.score);
          const best = scored[0]!;
          heard.push(best);
          if (best.score >= 0.8) {
            const r: AsrResult = { kind: 'final', text: best.text, startMs: 0, endMs: Math.round(pcm.length / 8), confidence: best.score };
            results.push(r);
            for (const l of listeners) l(r);
          }
          settle({ reason: 'completed' });
        },
        close() { if (open) { open = false; settle({ reason: 'closed' }); } },
        onResult(l) { listeners.add(l); return () => listeners.delete(l); },
        async *[Symbol.asyncIterator]() { await finished; yield* results; },
      };
    },
    health: () => Promise.resolve({ provider: 'fingerprint', status: 'ok', openStreams: 0 }),
    close: () => Promise.resolve(),
  };
}

export async function synthesize(tts: EspeakTts, text: string): Promise<number> {
  let n = 0;
  for await (const chunk of tts.synthesize(text)) n += chunk.length;
  return n;
}

export const rms = (x: Int16Array, fromMs: number, toMs: number): number => {
  const a = Math.max(0, Math.round((fromMs * RATE) / 1000));
  const b = Math.min(x.length, Math.round((toMs * RATE) / 1000));
  let s = 0;
  for (let i = a; i < b; i++) s += x[i]! * x[i]!;
  return b > a ? Math.sqrt(s / (b - a)) : 0;
};
