/**
 * The voice converter's worker thread: runs {@link convertVoiceFile} off the main thread.
 * In: `{ id, bytes, fileName, limits }`. Out: `{ id, ok: true, voice }` (samples transferred)
 * or `{ id, ok: false, code, message, details }`.
 */
import { parentPort } from 'node:worker_threads';
import { convertVoiceFile, type ConvertLimits } from './convert.js';
import { AudioError } from './errors.js';

interface Request {
  readonly id: number;
  readonly bytes: Uint8Array;
  readonly fileName: string;
  readonly limits: ConvertLimits;
}

const port = parentPort;
if (!port) throw new Error('convert-worker.ts must run in a worker thread');

port.on('message', (req: Request) => {
  convertVoiceFile(req.bytes, req.fileName, req.limits).then(
    (voice) => port.postMessage({ id: req.id, ok: true, voice }, [voice.samples.buffer as ArrayBuffer]),
    (e: unknown) => {
      const err = e instanceof AudioError ? e : new AudioError('AUDIO_FILE_CORRUPT', `${req.fileName}: ${(e as Error).message}`, { fileName: req.fileName });
      port.postMessage({ id: req.id, ok: false, code: err.code, message: err.message, details: err.details });
    },
  );
});
