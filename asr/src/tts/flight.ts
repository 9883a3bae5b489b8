/**
 * One synthesis shared by every request for the same prompt (single-flight): chunks are kept
 * as they arrive and each reader replays them from the start, so a late reader still gets the
 * whole prompt and an early one can start playing before synthesis ends.
 */
import { TtsError } from './errors.js';

/** A running (or finished) synthesis that any number of readers can follow. */
export class Flight {
  private readonly chunks: Int16Array[] = [];
  private done = false;
  private error: TtsError | null = null;
  private readonly wakers = new Set<() => void>();

  /** Resolves with every chunk once the source ends, or rejects with its error. */
  readonly finished: Promise<Int16Array[]>;

  constructor(source: AsyncIterable<Int16Array>, toError: (e: unknown) => TtsError) {
    this.finished = (async () => {
      try {
        for await (const chunk of source) {
          if (chunk.length === 0) continue;
          this.chunks.push(chunk);
          this.wake();
        }
        this.done = true;
        return this.chunks;
      } catch (e) {
        this.error = toError(e);
        throw this.error;
      } finally {
        this.wake();
      }
    })();
    // Readers report the error; this keeps an unread failure from becoming an unhandled rejection.
    this.finished.catch(() => undefined);
  }

  /** Every chunk from the first, as it becomes available. Leaving early does not stop the flight. */
  async *read(signal?: AbortSignal, provider = 'tts'): AsyncGenerator<Int16Array> {
    let i = 0;
    for (;;) {
      if (signal?.aborted) throw new TtsError('TTS_ABORTED', provider, 'aborted');
      if (i < this.chunks.length) { yield this.chunks[i++]!; continue; }
      if (this.error) throw this.error;
      if (this.done) return;
      await new Promise<void>((resolve) => {
        const wake = (): void => { this.wakers.delete(wake); signal?.removeEventListener('abort', wake); resolve(); };
        this.wakers.add(wake);
        signal?.addEventListener('abort', wake, { once: true });
      });
    }
  }

  private wake(): void {
    for (const w of [...this.wakers]) w();
  }
}
