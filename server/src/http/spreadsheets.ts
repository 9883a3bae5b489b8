/**
 * Spreadsheets over HTTP, for every route that takes or gives one: reading a multipart upload
 * (the file and any text fields) and sending a workbook as a download.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
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
  if (!request.isMultipart()) throw new ApiError(415, 'UNSUPPORTED_MEDIA_TYPE', 'upload the spreadsheet as multipart/form-data, field "file"');
  let file: { bytes: Buffer; fileName: string } | null = null;
  const fields: Record<string, string> = {};
  try {
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        if (part.fieldname === 'file' && file === null) file = { bytes: await part.toBuffer(), fileName: part.filename };
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
  if (!file) throw new ApiError(400, 'FILE_MISSING', 'no file in the upload (field "file")');
  return { ...file, fields };
}

/** Sends bytes as a download named `name.format` (UTF-8 name for the browser, ASCII fallback). */
export function sendSpreadsheet(reply: FastifyReply, bytes: Uint8Array, name: string, format: BookType): FastifyReply {
  const file = `${name}.${format}`;
  return reply
    .header('content-type', format === 'xls' ? XLS_TYPE : XLSX_TYPE)
    .header('content-disposition', `attachment; filename="download.${format}"; filename*=UTF-8''${encodeURIComponent(file)}`)
    .send(Buffer.from(bytes));
}
