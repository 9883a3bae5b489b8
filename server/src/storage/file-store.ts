/**
 * Where the server keeps files (reports of rejected rows, exports; later recordings): one
 * interface, so local disk (the default, needing nothing) and object storage (issue 6: Baidu
 * BOS) are interchangeable. Keys are storage-relative names like `reports/7/3f2a….xlsx`, never
 * filesystem paths: callers cannot reach outside the store.
 */
import type { Readable } from 'node:stream';

export type StorageErrorCode = 'STORAGE_KEY_INVALID' | 'STORAGE_NOT_FOUND' | 'STORAGE_UNAVAILABLE';

/** A file-store failure. `retryable`: whether trying again later can help (a full disk, a network blip). */
export class StorageError extends Error {
  override readonly name = 'StorageError';
  constructor(readonly code: StorageErrorCode, message: string, readonly retryable: boolean, options?: { cause?: unknown }) {
    super(message, options);
  }
}

export interface FileStore {
  /** Writes the whole file; a reader never sees it half-written. Overwrites an existing key. */
  put(key: string, data: Uint8Array | Readable): Promise<{ readonly sizeBytes: number }>;
  /** A stream of the file's bytes; throws STORAGE_NOT_FOUND before the stream starts. */
  open(key: string): Promise<Readable>;
  /** The file's bytes. */
  read(key: string): Promise<Buffer>;
  /** Removes the file; a missing key is not an error (deletes are retried and swept). */
  delete(key: string): Promise<void>;
}

/** Keys: slash-separated segments of letters, digits, `.`, `_`, `-`; no empty, `.` or `..` segment. */
const SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9._-]*$/;
export const KEY_MAX = 512;

/** Throws STORAGE_KEY_INVALID unless `key` is a safe storage key. */
export function checkKey(key: string): void {
  const ok = key.length > 0 && key.length <= KEY_MAX && key.split('/').every((s) => SEGMENT.test(s) && s !== '.' && s !== '..');
  if (!ok) throw new StorageError('STORAGE_KEY_INVALID', `not a storage key: ${JSON.stringify(key.slice(0, 80))}`, false);
}
