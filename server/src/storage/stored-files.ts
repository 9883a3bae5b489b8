/**
 * Files kept for an enterprise: the bytes in the file store, a StoredFile row naming them. The
 * row is what makes a download tenant-scoped (it goes through the scoped client like any
 * read) and what lets expired files be swept.
 */
import { randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { Db } from '@waihu/db';
import { ApiError } from '../errors.js';
import { tenantOwned } from '../tenancy.js';
import { StorageError } from './file-store.js';
import type { FileStore } from './file-store.js';

/** What a stored file is; the first segment of its key. */
export type StoredFileKind = 'import-rejects' | 'export';

/** How long reports of rejected rows are kept: long enough to fix and re-upload. */
export const REPORT_TTL_MS = 30 * 24 * 3_600_000;

export interface StoredFileView {
  readonly id: number;
  readonly fileName: string;
  readonly contentType: string;
  readonly sizeBytes: number;
  /** Where to download it (with the caller's session). */
  readonly url: string;
  readonly expiresAt: string | null;
}

export interface SaveFileInput {
  readonly enterpriseId: number;
  readonly kind: StoredFileKind;
  readonly fileName: string;
  readonly contentType: string;
  /** The key's file extension, e.g. `xlsx`. */
  readonly extension: string;
  readonly data: Uint8Array | Readable;
  readonly createdById: number | null;
  readonly now: Date;
  /** null: kept until deleted. */
  readonly ttlMs: number | null;
}

export const fileUrl = (id: number): string => `/api/files/${id}`;

/** A new key: kind, enterprise and month make the store browsable; the random part makes it unguessable and unique. */
export function newStorageKey(kind: StoredFileKind, enterpriseId: number, now: Date, extension: string): string {
  const month = now.toISOString().slice(0, 7).replace('-', '');
  return `${kind}/${enterpriseId}/${month}/${randomBytes(12).toString('hex')}.${extension}`;
}

/** A storage failure as the API reports it. */
export function storageApiError(e: StorageError): ApiError {
  if (e.code === 'STORAGE_NOT_FOUND') return new ApiError(404, 'FILE_NOT_FOUND', 'the file is no longer kept');
  return new ApiError(503, e.code, 'the file store is unavailable; try again later', undefined, e.retryable);
}

/** Writes the bytes, then the row; a failed row write removes the bytes again. `db` is the caller's scoped client. */
export async function saveFile(db: Db, store: FileStore, input: SaveFileInput): Promise<StoredFileView> {
  const storageKey = newStorageKey(input.kind, input.enterpriseId, input.now, input.extension);
  let sizeBytes: number;
  try {
    ({ sizeBytes } = await store.put(storageKey, input.data));
  } catch (e) {
    if (e instanceof StorageError) throw storageApiError(e);
    throw e;
  }
  const expiresAt = input.ttlMs === null ? null : new Date(input.now.getTime() + input.ttlMs);
  try {
    const row = await db.storedFile.create({
      data: tenantOwned({
        kind: input.kind, storageKey, fileName: input.fileName, contentType: input.contentType, sizeBytes,
        createdById: input.createdById, createdAt: input.now, expiresAt,
      }),
    });
    return { id: row.id, fileName: row.fileName, contentType: row.contentType, sizeBytes, url: fileUrl(row.id), expiresAt: expiresAt?.toISOString() ?? null };
  } catch (e) {
    await store.delete(storageKey).catch(() => undefined);
    throw e;
  }
}

/**
 * Deletes files whose time is up, oldest first, at most `limit` per call: the bytes first, then
 * the row, so a crash between the two leaves a row whose bytes are gone (swept again next time),
 * never bytes no row points at. `db` is the unscoped client: this runs for every enterprise.
 */
export async function sweepExpiredFiles(db: Db, store: FileStore, now: Date, limit = 500): Promise<number> {
  const due = await db.storedFile.findMany({ where: { expiresAt: { lte: now } }, orderBy: { expiresAt: 'asc' }, take: limit, select: { id: true, storageKey: true } });
  for (const f of due) {
    await store.delete(f.storageKey);
    await db.storedFile.delete({ where: { id: f.id } });
  }
  return due.length;
}

/** JSON schema of {@link StoredFileView}. */
export const storedFileSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    fileName: { type: 'string' },
    contentType: { type: 'string' },
    sizeBytes: { type: 'integer' },
    url: { type: 'string', description: 'GET with the same session or token to download' },
    expiresAt: { type: ['string', 'null'], format: 'date-time' },
  },
} as const;
