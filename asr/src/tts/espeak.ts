/**
 * espeak-ng as the offline fallback, labelled test quality: Chinese text → tone-numbered pinyin
 * → `espeak-ng -v cmn-latn-pinyin --stdout` (a child process, no shell, text on stdin) → a
 * 22.05 kHz WAV → 8 kHz. Intelligible for tests and outages; robotic, so never the default
 * for customers.
 */
import { spawn } from 'node:child_process';
import { TtsError } from './errors.js';
import type { Semaphore } from './semaphore.js';
import { isAudioError, readWavPcm16Mono, resampleInt16 } from '../audio/index.js';
import { DEFAULT_VOICE, SAMPLE_RATE, systemClock, type Clock, type SynthesizeOptions, type TtsHealth, type TtsProvider, type TtsVoice } from './types.js';
import { toEspeakPinyin } from './zh-pinyin.js';

/** How the espeak-ng provider is built. */
export interface EspeakTtsOptions {
  /** Executable name or path; default `espeak-ng`. */
  readonly binary?: string;
  readonly voice?: TtsVoice;
  /** The child is killed after this long; default 15000. */
  readonly timeoutMs?: number;
  readonly clock?: Clock;
  /** Caps simultaneous espeak-ng processes (an outage can send every call here at once). */
  readonly semaphore?: Semaphore;
}

const ID = 'espeak';
/** Longest text per process: bounds memory and the time one request can hold a core. */
const MAX_CHARS = 2000;

/** espeak-ng arguments for a voice on Baidu's 0–15 scales. */
export function espeakArgs(voice: TtsVoice): string[] {
  const clamp = (v: number): number => Math.min(15, Math.max(0, v));
  // espeak counts each pinyin syllable as a word: Baidu's 5 becomes 200 syllables a minute,
  // a calm telephone pace once pauses are added (about 3.5 syllables a second).
  const wpm = Math.round(100 + clamp(voice.spd) * 20);
  const pitch = Math.round(clamp(voice.pit) * (99 / 15));
  const amplitude = Math.round(clamp(voice.vol) * 20);
  return ['-v', 'cmn-latn-pinyin', '--stdout', '-s', String(wpm), '-p', String(pitch), '-a', String(amplitude)];
}

/** Runs espeak-ng once; resolves its stdout. */
function runEspeak(binary: string, args: readonly string[], input: string, timeoutMs: number, signal?: AbortSignal): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) { reject(new TtsError('TTS_ABORTED', ID, 'aborted')); return; }
    const child = spawn(binary, args, { stdio: ['pipe', 'pipe', 'pipe'], shell: false });
    const out: Buffer[] = [];
    let err = '';
    let settled = false;
    const finish = (error: TtsError | null, value?: Buffer): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      if (error) {
        // SIGKILL: a wedged synthesizer must not linger; nothing of its output is kept.
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
        reject(error);
      } else {
        resolve(value!);
      }
    };
    const onAbort = (): void => finish(new TtsError('TTS_ABORTED', ID, 'aborted'));
    const timer = setTimeout(() => finish(new TtsError('TTS_TIMEOUT', ID, `espeak-ng did not finish within ${timeoutMs} ms`)), timeoutMs);
    signal?.addEventListener('abort', onAbort, { once: true });
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => { if (err.length < 2000) err += b.toString(); });
    child.on('error', (e: NodeJS.ErrnoException) => {
      finish(new TtsError('TTS_UNAVAILABLE', ID, e.code === 'ENOENT' ? `${binary} is not installed` : `${binary} could not start (${e.code ?? 'error'})`, { cause: e, retryable: false }));
    });
    child.on('close', (code, sig) => {
      if (code === 0) finish(null, Buffer.concat(out));
      else finish(new TtsError('TTS_SERVER', ID, `espeak-ng exited with ${code ?? sig}${err ? `: ${err.trim().slice(0, 200)}` : ''}`));
    });
    // The child may exit before reading everything (bad voice); EPIPE then is reported by 'close'.
    child.stdin.on('error', () => undefined);
    child.stdin.end(input);
  });
}

/** espeak-ng Mandarin as a {@link TtsProvider}, labelled `test` quality. */
export class EspeakTts implements TtsProvider {
  readonly id = ID;
  /** Bump when the text preparation (pinyin, numbers) or argument mapping changes. */
  readonly version = 'cmn-latn-pinyin.1';
  readonly quality = 'test' as const;
  readonly voice: TtsVoice;
  private readonly binary: string;
  private readonly clock: Clock;

  constructor(private readonly options: EspeakTtsOptions = {}) {
    this.voice = options.voice ?? DEFAULT_VOICE;
    this.binary = options.binary ?? 'espeak-ng';
    this.clock = options.clock ?? systemClock;
  }

  describe(): string {
    const v = this.voice;
    return `espeak-ng 普通话（测试音质 test quality） spd ${v.spd} pit ${v.pit} vol ${v.vol}`;
  }

  voiceKey(voice: TtsVoice = this.voice): string {
    // `per` (Baidu's speaker) has no espeak meaning, so it does not split the cache.
    return `spd=${voice.spd};pit=${voice.pit};vol=${voice.vol}`;
  }

  async *synthesize(text: string, options: SynthesizeOptions = {}): AsyncGenerator<Int16Array> {
    if (text.length > MAX_CHARS) throw new TtsError('TTS_BAD_TEXT', ID, `text longer than ${MAX_CHARS} characters`);
    const input = toEspeakPinyin(text);
    if (input.replace(/[ .,]/g, '') === '') throw new TtsError('TTS_BAD_TEXT', ID, 'nothing pronounceable in the text');
    const release = this.options.semaphore ? await this.options.semaphore.acquire(options.signal, this.options.timeoutMs ?? 15_000) : null;
    let wav: Buffer;
    try {
      wav = await runEspeak(this.binary, espeakArgs(options.voice ?? this.voice), input, this.options.timeoutMs ?? 15_000, options.signal);
    } finally {
      release?.();
    }
    let decoded;
    try {
      // The audio helper's reader trusts the bytes present over the 0x7ffff… sizes espeak-ng
      // writes when its output is a pipe.
      decoded = readWavPcm16Mono(wav);
    } catch (e) {
      throw new TtsError('TTS_BAD_RESPONSE', ID, `espeak-ng output is not a mono 16-bit WAV: ${isAudioError(e) ? e.message : String(e)}`, { cause: e });
    }
    yield resampleInt16(decoded.samples, decoded.sampleRate, SAMPLE_RATE);
  }

  /** The binary runs and the Mandarin voice produces audio for a short phrase. */
  async health(): Promise<TtsHealth> {
    const started = this.clock.now();
    const base = { provider: ID, quality: this.quality, description: this.describe() };
    try {
      let samples = 0;
      for await (const chunk of this.synthesize('你好')) samples += chunk.length;
      if (samples < SAMPLE_RATE / 10) throw new TtsError('TTS_UNAVAILABLE', ID, 'the Mandarin voice produced no audio', { retryable: false });
      return { ...base, ok: true, latencyMs: this.clock.now() - started, message: 'espeak-ng Mandarin (cmn-latn-pinyin) works; test quality only' };
    } catch (e) {
      const error = e instanceof TtsError ? e : new TtsError('TTS_UNAVAILABLE', ID, String(e));
      return { ...base, ok: false, latencyMs: this.clock.now() - started, code: error.code, message: error.message };
    }
  }

  async close(): Promise<void> {
    // Nothing long-lived: each request's process ends with it.
  }
}
