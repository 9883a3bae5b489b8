/**
 * Keeping a file made while answering a request (a report of rejected rows): the caller's
 * enterprise, user and clock, in one place, so each import route only says what to keep.
 */
import type { FastifyRequest } from 'fastify';
import type { Services } from '../app.js';
import { dbOf, enterpriseOf, principalOf } from '../auth/plugin.js';
import { REPORT_TTL_MS, saveFile } from './stored-files.js';
import type { StoredFileView } from './stored-files.js';

export interface FileToKeep {
  readonly fileName: string;
  readonly contentType: string;
  readonly extension: string;
  readonly data: Uint8Array;
}

export type KeepFile = (file: FileToKeep) => Promise<StoredFileView>;

/** Keeps an import's report of rejected rows for {@link REPORT_TTL_MS}. */
export function reportKeeper(request: FastifyRequest, services: Pick<Services, 'files' | 'clock'>): KeepFile {
  return (file) => saveFile(dbOf(request), services.files, {
    enterpriseId: enterpriseOf(request), kind: 'import-rejects', createdById: principalOf(request).userId,
    now: new Date(services.clock()), ttlMs: REPORT_TTL_MS, ...file,
  });
}
