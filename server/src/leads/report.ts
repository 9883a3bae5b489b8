/**
 * The report of rejected rows of an import: kept with the batch so it can be downloaded later
 * as a spreadsheet (the original cells of every rejected row, its row number and a 原因 column).
 *
 * Where it is kept: the schema gives LeadBatch a `rejectReportKey` ("storage key of the
 * spreadsheet of rejected rows") but the server has no file storage yet, and the rows cannot
 * be regenerated (they were never stored). Until storage exists the key holds the report
 * itself, as a `data:` URI of gzipped JSON: a self-describing key that a storage module can
 * later replace with its own keys (`decodeReport` tells them apart by prefix). 200,000 rejected
 * rows of three columns compress to a few megabytes.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import type { CellValue, Workbook } from '@waihu/engine';
import type { RejectedRow } from './plan.js';

const PREFIX = 'data:application/vnd.waihu.lead-rejects+json;gzip;base64,';

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

/** The stored report, or null when the key is empty or not one this code wrote. */
export function decodeReport(key: string | null): DecodedReport | null {
  if (!key?.startsWith(PREFIX)) return null;
  const report = JSON.parse(gunzipSync(Buffer.from(key.slice(PREFIX.length), 'base64')).toString('utf8')) as StoredReport;
  return {
    sheet: report.sheet,
    header: report.header,
    rows: report.rows.map(([row, code, zh, ...cells]) => ({ row: Number(row), code: String(code), zh: String(zh), cells })),
  };
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
