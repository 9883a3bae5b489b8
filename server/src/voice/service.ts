/**
 * 语音文件管理: recordings an enterprise uploads for its scripts (prompts) and ringbacks. Any
 * common format is accepted and converted once, off the main thread, to what the calls play:
 * 8 kHz 16-bit mono WAV, kept in the file store. The loudness check's findings come back as
 * warnings — a quiet prompt is the marketer's call to make, not a refusal.
 */
import { randomBytes } from 'node:crypto';
import type { Db, VoiceFile } from '@waihu/db';
import { isUniqueViolation } from '@waihu/db';
import { AudioError, checkLoudness, writeWav } from '@waihu/asr';
import type { LoudnessProblem, VoiceConverter } from '@waihu/asr';
import { ApiError, conflict, notFound } from '../errors.js';
import { tenantOwned } from '../tenancy.js';
import type { FileStore } from '../storage/index.js';
import { StorageError, storageApiError } from '../storage/index.js';

export type VoiceKind = 'prompt' | 'ringback';

export interface VoiceFileView {
  readonly id: number;
  readonly name: string;
  readonly kind: string;
  readonly note: string | null;
  readonly originalName: string | null;
  readonly durationMs: number;
  readonly sizeBytes: number;
  readonly url: string;
  readonly createdAt: string;
}

export interface LoudnessWarning {
  readonly code: LoudnessProblem;
  readonly message: string;
}

export const voiceFileView = (v: VoiceFile): VoiceFileView => ({
  id: v.id, name: v.name, kind: v.kind, note: v.note, originalName: v.originalName, durationMs: v.durationMs, sizeBytes: v.sizeBytes,
  url: `/api/voice-files/${v.id}/audio`, createdAt: v.createdAt.toISOString(),
});

const nameTaken = (name: string): ApiError => conflict('VOICE_NAME_TAKEN', `a voice file named "${name}" already exists`, { name });

/** The upload's name: what the user typed, else the file name without its extension. */
export function voiceName(given: string | undefined, fileName: string): string {
  const name = (given ?? fileName.replace(/\.[^.]+$/, '')).trim();
  if (name === '' || name.length > 100) throw new ApiError(400, 'VALIDATION', 'the voice file needs a name of 1 to 100 characters', [{ path: '/name', code: 'VALIDATION', message: '1 to 100 characters' }]);
  return name;
}

export interface UploadVoice {
  readonly enterpriseId: number;
  readonly name: string;
  readonly kind: VoiceKind;
  readonly note: string | null;
  readonly fileName: string;
  readonly bytes: Uint8Array;
  readonly createdById: number;
  readonly now: Date;
}

/** Converts, stores and records an upload; nothing is kept if any step fails. */
export async function uploadVoice(db: Db, files: FileStore, converter: VoiceConverter, input: UploadVoice): Promise<{ voiceFile: VoiceFileView; warnings: LoudnessWarning[] }> {
  if (await db.voiceFile.findFirst({ where: { name: input.name }, select: { id: true } })) throw nameTaken(input.name);
  let voice;
  try {
    voice = await converter.convert(input.bytes, input.fileName);
  } catch (e) {
    if (e instanceof AudioError) {
      const status = e.code === 'AUDIO_FILE_TOO_LARGE' ? 413 : e.retryable ? 503 : 422;
      throw new ApiError(status, e.code, e.message, e.details, e.retryable);
    }
    throw e;
  }
  const loudness = checkLoudness(voice.samples, voice.sampleRate);
  const wav = writeWav(voice.samples, voice.sampleRate);
  const key = `voice/${input.enterpriseId}/${randomBytes(12).toString('hex')}.wav`;
  try {
    await files.put(key, wav);
  } catch (e) {
    if (e instanceof StorageError) throw storageApiError(e);
    throw e;
  }
  try {
    const row = await db.voiceFile.create({
      data: tenantOwned({
        name: input.name, kind: input.kind, note: input.note, storageKey: key, originalName: input.fileName.slice(0, 255),
        durationMs: voice.durationMs, sizeBytes: wav.length, createdById: input.createdById, createdAt: input.now,
      }),
    });
    return { voiceFile: voiceFileView(row), warnings: loudness.problems.map((p) => ({ code: p, message: describe(p) })) };
  } catch (e) {
    await files.delete(key).catch(() => undefined);
    if (isUniqueViolation(e)) throw nameTaken(input.name);
    throw e;
  }
}

function describe(p: LoudnessProblem): string {
  switch (p) {
    case 'SILENT': return 'the recording is silent';
    case 'TOO_QUIET': return 'the recording is quiet: callees may not hear it well';
    case 'TOO_LOUD': return 'the recording is very loud';
    case 'CLIPPING': return 'the recording clips (distorts at its loudest)';
    case 'LONG_LEADING_SILENCE': return 'long silence before the speech: callees may think the line is dead';
    case 'LONG_TRAILING_SILENCE': return 'long silence after the speech';
  }
}

export async function deleteVoice(db: Db, files: FileStore, id: number): Promise<void> {
  const row = await db.voiceFile.findUnique({ where: { id } });
  if (!row) throw notFound('voice file');
  await db.voiceFile.delete({ where: { id } });
  await files.delete(row.storageKey).catch(() => undefined);
}
