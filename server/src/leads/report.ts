/**
 * The report of rejected rows of an import: kept with the batch so it can be downloaded later
 * as a spreadsheet (the original cells of every rejected row, its row number and a 原因 column).
 *
 * Where it is kept: gzipped JSON in the file store, under a key starting with
 * {@link REPORT_KEY_PREFIX} that LeadBatch.rejectReportKey names; it lives as long as its batch.
 * JSON rather than the spreadsheet itself, because writing 100,000 rows as .xlsx costs seconds
 * the import should not spend, and the download may ask for .xls. Batches imported before the
 * file store existed hold the report inline, as a `data:` URI of the same gzipped JSON;
 * {@link loadReport} reads both. 200,000 rejected rows of three columns compress to a few
 * megabytes.
 */
import { randomBytes } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { FileStore } from '../storage/index.js';
import type { CellValue, Workbook } from '@waihu/engine';
import type { RejectedRow } from './plan.js';

const PREFIX = 'data:application/vnd.waihu.lead-rejects+json;gzip;base64,';
/** First segment of the file-store keys of lead reports. */
export const REPORT_KEY_PREFIX = 'lead-rejects/';

interface StoredReport {
  readonly v: 1;
  readonly sheet: string;
  readonly header: readonly CellValue[];
  /** [row, code, zh, ...cells] */
  readonly rows: readonly (readonly CellValue[])[];
}

/** The report as the value of `LeadBatch.rejectReportKey`; null when nothing was rejected. */
export function encodeReport(sheet: string, header: readonly CellValue[], rejected: readonly RejectedRow[]): string | null {
  if (rejected.length === 0) return null;
  const sorted = [...rejected].sort((a, b) => a.row - b.row);
  const report: StoredReport = { v: 1, sheet, header, rows: sorted.map((r) => [r.row, r.code, r.zh, ...r.cells]) };
  return PREFIX + gzipSync(JSON.stringify(report), { level: 6 }).toString('base64');
}

export interface DecodedReport {
  readonly sheet: string;
  readonly header: readonly CellValue[];
  readonly rows: readonly { readonly row: number; readonly code: string; readonly zh: string; readonly cells: readonly CellValue[] }[];
}

/** The report as gzipped JSON; null when nothing was rejected. */
export function reportBytes(sheet: string, header: readonly CellValue[], rejected: readonly RejectedRow[]): Buffer | null {
  if (rejected.length === 0) return null;
  const sorted = [...rejected].sort((a, b) => a.row - b.row);
  const report: StoredReport = { v: 1, sheet, header, rows: sorted.map((r) => [r.row, r.code, r.zh, ...r.cells]) };
  return gzipSync(JSON.stringify(report), { level: 6 });
}

/**
 * Keeps a report in the file store; returns the key for LeadBatch.rejectReportKey, or null when
 * nothing was rejected. Written before the batch row: an import that then fails deletes it.
 */
export async function keepReport(files: FileStore, enterpriseId: number, sheet: string, header: readonly CellValue[], rejected: readonly RejectedRow[]): Promise<string | null> {
  const bytes = reportBytes(sheet, header, rejected);
  if (bytes === null) return null;
  const key = `${REPORT_KEY_PREFIX}${enterpriseId}/${randomBytes(12).toString('hex')}.json.gz`;
  await files.put(key, bytes);
  return key;
}

/** The report a batch names: from the file store, or inline from batches of before it; null when none. */
export async function loadReport(files: FileStore, key: string | null): Promise<DecodedReport | null> {
  if (key?.startsWith(REPORT_KEY_PREFIX)) return parseReport(gunzipSync(await files.read(key)));
  return decodeReport(key);
}

function parseReport(json: Buffer): DecodedReport {
  const report = JSON.parse(json.toString('utf8')) as StoredReport;
  return {
    sheet: report.sheet,
    header: report.header,
    rows: report.rows.map(([row, code, zh, ...cells]) => ({ row: Number(row), code: String(code), zh: String(zh), cells })),
  };
}

/** An inline (`data:`) report, or null when the key is empty or not one this code wrote. */
export function decodeReport(key: string | null): DecodedReport | null {
  if (!key?.startsWith(PREFIX)) return null;
  return parseReport(gunzipSync(Buffer.from(key.slice(PREFIX.length), 'base64')));
}

/** The downloadable spreadsheet: 行号, the file's own columns, 原因. */
export function reportWorkbook(report: DecodedReport): Workbook {
  // A loop, not Math.max(...rows): 200,000 arguments overflow the stack.
  const width = report.rows.reduce((w, r) => Math.max(w, r.cells.length), report.header.length);
  const pad = (cells: readonly CellValue[]): CellValue[] => Array.from({ length: width }, (_, i) => cells[i] ?? null);
  const rows: CellValue[][] = [['行号', ...pad(report.header), '原因']];
  for (const r of report.rows) rows.push([r.row, ...pad(r.cells), r.zh]);
  return { sheets: [{ name: '未导入的行', rows }] };
}
