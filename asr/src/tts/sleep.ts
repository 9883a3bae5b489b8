/** Waiting that a barge-in or hang-up can cut short. */
import { TtsError } from './errors.js';

/** Resolves after `ms`, or rejects `TTS_ABORTED` as soon as `signal` fires (clearing the timer). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) { reject(new TtsError('TTS_ABORTED', 'tts', 'aborted')); return; }
    const onAbort = (): void => { clearTimeout(timer); reject(new TtsError('TTS_ABORTED', 'tts', 'aborted')); };
    const timer = setTimeout(() => { signal?.removeEventListener('abort', onAbort); resolve(); }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
