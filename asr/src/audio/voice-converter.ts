/**
 * Voice-file conversion on a worker thread: decoding and resampling a minute of mp3 costs
 * tens of milliseconds of CPU, which must not stall the calls' media on the main thread.
 */
import type { Worker } from 'node:worker_threads';
import type { ConvertedVoice, ConvertLimits } from './convert.js';
import { AudioError, type AudioErrorCode } from './errors.js';
import { startTsWorker } from './ts-worker.js';

type Reply =
  | { id: number; ok: true; voice: ConvertedVoice }
  | { id: number; ok: false; code: AudioErrorCode; message: string; details?: Record<string, string | number> };

interface Pending {
  resolve(v: ConvertedVoice): void;
  reject(e: AudioError): void;
}

/**
 * Converts voice files on one worker thread, started on first use. Requests queue in the
 * worker (uploads are rare; one thread is enough). The idle worker does not keep the process
 * alive; `close()` ends it. A crashed worker fails its requests with the retryable
 * AUDIO_WORKER_FAILED and is replaced on the next call.
 */
export class VoiceConverter {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private closed = false;
  private readonly limits: ConvertLimits;

  constructor(limits: ConvertLimits = {}) {
    this.limits = limits;
  }

  /** Like {@link convertVoiceFile}, off the main thread. */
  convert(bytes: Uint8Array, fileName: string): Promise<ConvertedVoice> {
    if (this.closed) return Promise.reject(new AudioError('AUDIO_CONVERTER_CLOSED', 'the voice converter is closed'));
    const worker = this.worker ?? this.start();
    const id = this.nextId++;
    return new Promise<ConvertedVoice>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.ref();
      worker.postMessage({ id, bytes, fileName, limits: this.limits });
    });
  }

  /** Ends the worker; requests still running fail with AUDIO_CONVERTER_CLOSED. */
  async close(): Promise<void> {
    this.closed = true;
    const w = this.worker;
    this.worker = undefined;
    this.failAll(new AudioError('AUDIO_CONVERTER_CLOSED', 'the voice converter was closed'));
    if (w) await w.terminate();
  }

  private start(): Worker {
    const w = startTsWorker(new URL('./convert-worker.ts', import.meta.url), undefined);
    w.on('message', (r: Reply) => {
      const p = this.pending.get(r.id);
      if (!p) return;
      this.pending.delete(r.id);
      if (this.pending.size === 0) w.unref();
      if (r.ok) p.resolve(r.voice);
      else p.reject(new AudioError(r.code, r.message, r.details));
    });
    const fail = (why: string): void => {
      if (this.worker !== w) return;
      this.worker = undefined;
      this.failAll(new AudioError('AUDIO_WORKER_FAILED', `the conversion worker ${why}`));
    };
    w.on('error', (e) => fail(`failed: ${e.message}`));
    w.on('exit', (code) => fail(`exited with code ${code}`));
    this.worker = w;
    return w;
  }

  private failAll(e: AudioError): void {
    const all = [...this.pending.values()];
    this.pending.clear();
    for (const p of all) p.reject(e);
  }
}
