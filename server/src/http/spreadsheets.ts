/**
 * Spreadsheets over HTTP, for every route that takes or gives one: reading a multipart upload
 * (the file and any text fields) and sending a workbook as a download.
 */
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { MultipartFile } from '@fastify/multipart';
import { ApiError } from '../errors.js';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const XLS_TYPE = 'application/vnd.ms-excel';
export type BookType = 'xlsx' | 'xls';

export interface Upload {
  readonly bytes: Buffer;
  readonly fileName: string;
  /** Text fields sent along, by name (the first of each). */
  readonly fields: Readonly<Record<string, string>>;
}

/** The multipart upload: the spreadsheet in field `file`, plus text fields. */
export async function readUpload(request: FastifyRequest): Promise<Upload> {
  let file: { bytes: Buffer; fileName: string } | null = null;
  const fields = await readParts(request, async (part) => {
    if (file === null) file = { bytes: await part.toBuffer(), fileName: part.filename };
    else await part.toBuffer(); // drained: a stray file part must not stall the stream
  });
  if (!file) throw new ApiError(400, 'FILE_MISSING', 'no file in the upload (field "file")');
  return { ...(file as { bytes: Buffer; fileName: string }), fields };
}

/** An upload whose file was streamed to a temporary file. Call `remove()` when done (in `finally`). */
export interface UploadOnDisk {
  /** The temporary file, in a folder of its own under the OS temp folder. */
  readonly path: string;
  readonly fileName: string;
  readonly sizeBytes: number;
  /** Text fields sent along, by name (the first of each). */
  readonly fields: Readonly<Record<string, string>>;
  /** Deletes the file and its folder; safe to call more than once. */
  remove(): Promise<void>;
}

/**
 * The multipart upload as {@link readUpload} reads it, but with the file streamed to a
 * temporary file instead of memory: for imports that read the file row by row, so the upload
 * is never held whole (not as multipart chunks, nor as one buffer). The size limit is the
 * multipart plugin's, as for readUpload; on any failure the file is already removed.
 */
export async function readUploadToFile(request: FastifyRequest): Promise<UploadOnDisk> {
  const dir = await mkdtemp(join(tmpdir(), 'waihu-upload-'));
  const remove = (): Promise<void> => rm(dir, { recursive: true, force: true });
  try {
    let file: { fileName: string; sizeBytes: number } | null = null;
    const path = join(dir, 'upload');
    const fields = await readParts(request, async (part) => {
      if (file !== null) {
        await part.toBuffer(); // drained: a stray file part must not stall the stream
        return;
      }
      const out = createWriteStream(path, { flags: 'wx' });
      await pipeline(part.file, out);
      // Over the limit the stream just ends early, cut short: refused as the plugin refuses it.
      if (part.file.truncated) throw new request.server.multipartErrors.RequestFileTooLargeError();
      file = { fileName: part.filename, sizeBytes: out.bytesWritten };
    });
    if (!file) throw new ApiError(400, 'FILE_MISSING', 'no file in the upload (field "file")');
    const { fileName, sizeBytes } = file as { fileName: string; sizeBytes: number };
    return { path, fileName, sizeBytes, fields, remove };
  } catch (e) {
    await remove();
    throw e;
  }
}

/** Walks the parts: file parts in field `file` go to `onFile`, others are drained; returns the text fields. */
async function readParts(request: FastifyRequest, onFile: (part: MultipartFile) => Promise<void>): Promise<Record<string, string>> {
  if (!request.isMultipart()) throw new ApiError(415, 'UNSUPPORTED_MEDIA_TYPE', 'upload the spreadsheet as multipart/form-data, field "file"');
  const fields: Record<string, string> = {};
  try {
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        if (part.fieldname === 'file') await onFile(part);
        else await part.toBuffer(); // drained: a stray file part must not stall the stream
      } else if (typeof part.value === 'string' && !(part.fieldname in fields)) {
        fields[part.fieldname] = part.value;
      }
    }
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (e instanceof ApiError || code === 'FST_REQ_FILE_TOO_LARGE') throw e;
    // A cut-off or mis-framed multipart body is the client's fault, not the server's.
    throw new ApiError(400, 'MALFORMED_BODY', `the upload could not be read: ${(e as Error).message}`);
  }
  return fields;
}

/** Sends bytes as a download named `name.format` (UTF-8 name for the browser, ASCII fallback). */
export function sendSpreadsheet(reply: FastifyReply, bytes: Uint8Array, name: string, format: BookType): FastifyReply {
  const file = `${name}.${format}`;
  return reply
    .header('content-type', format === 'xls' ? XLS_TYPE : XLSX_TYPE)
    .header('content-disposition', `attachment; filename="download.${format}"; filename*=UTF-8''${encodeURIComponent(file)}`)
    .send(Buffer.from(bytes));
}
