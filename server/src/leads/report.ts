/**
 * The report of rejected rows of an import: kept with the batch so it can be downloaded later
 * as a spreadsheet (the original cells of every rejected row, its row number and a 原因 column).
 *
 * Where it is kept: gzipped JSON lines in the file store, under a key starting with
 * {@link REPORT_KEY_PREFIX} that LeadBatch.rejectReportKey names; it lives as long as its batch.
 * An import writes it with {@link ReportWriter} as rows are rejected, so the rejected rows are
 * never all in memory: a first line with the sheet and header, a line per rejected row
 * `[row, code, zh, ...cells]` in the order they were rejected (nearly file order; the reader
 * sorts), and a last line with the sheet's width, which is only known at the end.
 *
 * JSON rather than the spreadsheet itself, because writing 100,000 rows as .xlsx costs seconds
 * the import should not spend, and the download may ask for .xls. Older batches hold the
 * report inline, as a `data:` URI of one gzipped JSON object, or in the file store as that same
 * object; {@link loadReport} reads all three. 200,000 rejected rows of three columns compress to
 * a few megabytes.
 */
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createGzip, gunzipSync, gzipSync } from 'node:zlib';
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

/**
 * The report inline, as the value of `LeadBatch.rejectReportKey`; null when nothing was
 * rejected. What batches held before the file store; imports without a store (the seed) still
 * write it (see {@link InlineReport}).
 */
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

const newReportKey = (enterpriseId: number): string => `${REPORT_KEY_PREFIX}${enterpriseId}/${randomBytes(12).toString('hex')}.jsonl.gz`;

/** Characters of lines held before they go to the compressor: small, for the reason spill.ts gives. */
const FLUSH_CHARS = 16 * 1024;

/** Where an import puts its rejected rows as they come (see {@link ReportWriter}). */
export interface ReportSink {
  add(r: RejectedRow): void;
  /** Call between batches of rows: may wait for the store. */
  flush(): Promise<void>;
  /** Completes the report, the header padded to `width`; returns the value for LeadBatch.rejectReportKey. */
  finish(width: number): Promise<string>;
  /** The import failed: removes what was stored. */
  discard(): Promise<void>;
}

/**
 * A report kept in memory and stored inline (a `data:` URI in the batch row), for imports given
 * no file store. Holds every rejected row: only for small files, like the seed's.
 */
export class InlineReport implements ReportSink {
  private readonly rows: RejectedRow[] = [];

  constructor(private readonly sheet: string, private readonly header: readonly CellValue[]) {}

  add(r: RejectedRow): void {
    this.rows.push(r);
  }

  async flush(): Promise<void> {}

  async finish(width: number): Promise<string> {
    const header = this.header.slice();
    while (header.length < width) header.push(null);
    return encodeReport(this.sheet, header, this.rows)!;
  }

  async discard(): Promise<void> {}
}

/**
 * A report written into the file store while the import reads: {@link add} rows as they are
 * rejected, {@link flush} between batches (it waits when the store is slower than the rows),
 * then {@link finish}, or {@link discard} when the import fails. Memory is one buffer of lines
 * and the compressor's window, whatever the number of rejected rows.
 */
export class ReportWriter implements ReportSink {
  /** The file-store key, for LeadBatch.rejectReportKey. */
  readonly key: string;
  private readonly gzip = createGzip({ level: 6 });
  private readonly stored: Promise<void>;
  private failure: unknown;
  private lines: string[] = [];
  private chars = 0;

  constructor(private readonly files: FileStore, enterpriseId: number, sheet: string, header: readonly CellValue[]) {
    this.key = newReportKey(enterpriseId);
    this.stored = files.put(this.key, this.gzip).then(() => undefined, (e: unknown) => { this.failure ??= e; });
    this.line(JSON.stringify({ v: 2, sheet, header }));
  }

  add(r: RejectedRow): void {
    this.line(JSON.stringify([r.row, r.code, r.zh, ...r.cells]));
  }

  private line(text: string): void {
    this.lines.push(text);
    this.chars += text.length + 1;
  }

  /** Hands the lines held to the compressor once there are enough of them. */
  async flush(all = false): Promise<void> {
    if (this.failure !== undefined) throw this.failure;
    if (this.lines.length === 0 || (!all && this.chars < FLUSH_CHARS)) return;
    const text = `${this.lines.join('\n')}\n`;
    this.lines = [];
    this.chars = 0;
    if (!this.gzip.write(text)) {
      const drained = once(this.gzip, 'drain').then(() => undefined, (e: unknown) => { this.failure ??= e; });
      await Promise.race([drained, this.stored]);
    }
    if (this.failure !== undefined) throw this.failure;
  }

  /** Ends the report with the sheet's width (the header is padded to it) and waits until it is stored; returns its key. */
  async finish(width: number): Promise<string> {
    this.line(JSON.stringify({ width }));
    await this.flush(true);
    this.gzip.end();
    await this.stored;
    if (this.failure !== undefined) throw this.failure;
    return this.key;
  }

  /** Stops writing and removes whatever was stored. */
  async discard(): Promise<void> {
    this.lines = [];
    this.gzip.destroy();
    await this.stored;
    await this.files.delete(this.key).catch(() => undefined);
  }
}

/** The report a batch names: from the file store, or inline from batches of before it; null when none. */
export async function loadReport(files: FileStore, key: string | null): Promise<DecodedReport | null> {
  if (key?.startsWith(REPORT_KEY_PREFIX)) return parseReport(gunzipSync(await files.read(key)));
  return decodeReport(key);
}

function parseReport(json: Buffer): DecodedReport {
  const text = json.toString('utf8');
  const firstLine = text.indexOf('\n');
  const first = JSON.parse(firstLine < 0 ? text : text.slice(0, firstLine)) as StoredReport | LinesHead;
  if (first.v === 1) {
    return {
      sheet: first.sheet,
      header: first.header,
      rows: first.rows.map(([row, code, zh, ...cells]) => ({ row: Number(row), code: String(code), zh: String(zh), cells })),
    };
  }
  // JSON lines (ReportWriter): rows in the order they were rejected, then the sheet's width.
  const rows: { row: number; code: string; zh: string; cells: CellValue[] }[] = [];
  let width = first.header.length;
  for (let start = firstLine + 1; start > 0 && start < text.length;) {
    const nl = text.indexOf('\n', start);
    const line = JSON.parse(text.slice(start, nl < 0 ? text.length : nl)) as CellValue[] | { width: number };
    if (Array.isArray(line)) {
      const [row, code, zh, ...cells] = line;
      rows.push({ row: Number(row), code: String(code), zh: String(zh), cells });
    } else width = Math.max(width, line.width);
    start = nl + 1;
  }
  rows.sort((a, b) => a.row - b.row);
  const header = first.header.slice();
  while (header.length < width) header.push(null);
  return { sheet: first.sheet, header, rows };
}

/** The first line of a JSON-lines report. */
interface LinesHead {
  readonly v: 2;
  readonly sheet: string;
  readonly header: readonly CellValue[];
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
