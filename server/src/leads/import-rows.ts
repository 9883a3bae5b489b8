/**
 * The reading half of a lead import, row by row as the file streams in: find the header
 * (columns.ts), plan each row (plan.ts), and look up which numbers already exist or are
 * blacklisted a chunk of {@link LOOKUP_CHUNK} numbers at a time while the worker reads on.
 *
 * Nothing here grows with the row count but the in-file duplicate index (first-rows.ts, a few
 * bytes a number): each accepted lead (number, name, its fields) and each lead to update
 * (id, name, merged fields) is appended to a temporary file (spill.ts) for the write; each
 * rejected row goes to the report in the file store as it comes (report.ts), and only the first
 * {@link INLINE_REJECTS} are kept for the answer. Rows waiting for a lookup (at most one chunk)
 * keep their cells, since a lookup can still reject them.
 */
import type { Db } from '@waihu/db';
import type { CellValue } from '@waihu/engine';
import type { SheetRow, SheetRows } from '@waihu/workbook';
import { ApiError } from '../errors.js';
import { HeaderSearch, layoutOf, noRowsIssue } from './columns.js';
import type { Layout, LayoutIssue } from './columns.js';
import type { FieldDef } from './fields.js';
import { parseStoredFields } from './fields.js';
import { RowPlanner, isRejected, rejectRow } from './plan.js';
import type { Candidate, RejectCode, RejectedRow } from './plan.js';
import type { ReportSink } from './report.js';
import { SpillFile } from './spill.js';
import { lookUp } from './lookup.js';
import type { Scratch } from './spill.js';

/** Phones per `in (…)` lookup: well under SQLite's and PostgreSQL's bound-parameter limits. */
export const LOOKUP_CHUNK = 1_000;

/** Rejected rows returned inline; all of them are in the downloadable report. */
export const INLINE_REJECTS = 100;

/** What to do with a row whose number is already a lead: reject it (the default) or update that lead. */
export type ExistingMode = 'skip' | 'update';

/** The sheet to import, its header, and the rows still to plan. */
export interface Located {
  readonly layout: Layout;
  /** Rows of the header's batch that come after it. */
  readonly rest: readonly SheetRow[];
  /** The rest of the sheet. */
  readonly batches: AsyncIterator<readonly SheetRow[]>;
  /** Widest row so far (rows above the header included). */
  readonly width: number;
}

/**
 * Reads sheets in order until one has a header among its first real rows; only the rows up
 * to it are read. The same refusals as before, located: LEAD_TEMPLATE_MISMATCH, or
 * LEAD_FILE_EMPTY when no sheet has a row.
 */
export async function locate(reader: SheetRows, defs: readonly FieldDef[]): Promise<Located> {
  const issues: LayoutIssue[] = [];
  for (let i = 0; i < reader.sheets.length; i++) {
    const name = reader.sheets[i]!;
    const search = new HeaderSearch();
    const batches = reader.rows(i)[Symbol.asyncIterator]();
    let width = 0;
    let gaveUp = false;
    for (let next = await batches.next(); !next.done && !gaveUp; next = await batches.next()) {
      const batch = next.value;
      for (let k = 0; k < batch.length; k++) {
        const { row, cells, red } = batch[k]!;
        const step = search.feed(row - 1, cells, red);
        if (step === 'gave-up') {
          gaveUp = true;
          break;
        }
        width = Math.max(width, cells.length);
        if (step === 'header') {
          const found = layoutOf(name, row - 1, cells, defs);
          if (!found.ok) {
            await batches.return?.();
            throw refused(found.issues);
          }
          return { layout: found.layout, rest: batch.slice(k + 1), batches, width };
        }
      }
    }
    await batches.return?.();
    const issue = search.issue(name);
    if (issue) issues.push(issue);
  }
  if (issues.length === 0) issues.push(noRowsIssue(reader.sheets[0] ?? ''));
  throw refused(issues);
}

function refused(issues: LayoutIssue[]): ApiError {
  const empty = issues.every((i) => i.code === 'FILE_NO_ROWS');
  return new ApiError(422, empty ? 'LEAD_FILE_EMPTY' : 'LEAD_TEMPLATE_MISMATCH',
    empty ? 'the file has no rows; nothing was imported' : `the file does not match the lead template: ${issues[0]!.en}; nothing was imported`,
    { issues });
}

const NO_FIELDS = '{}';
const fieldsJson = (fields: Candidate['fields']): string => {
  for (const _ in fields) return JSON.stringify(fields);
  return NO_FIELDS;
};

/** Where an import's rows go: its temporary folder, and how to start its report of rejected rows. */
export interface RowSinks {
  /**
   * The enterprise whose leads and blacklist the lookups read: the principal's, never from the
   * request (the lookups are raw SQL, outside the scoped client; see lookup.ts).
   */
  readonly enterpriseId: number;
  readonly scratch: Scratch;
  /** Called on the first rejected row. */
  readonly newReport: (header: readonly CellValue[]) => ReportSink;
}

/**
 * Plans and checks the rows of one import as they arrive. Feed it batches with {@link add},
 * then call {@link finish}; the database is only read here (the write is import.ts's). Call
 * {@link discard} if the import fails, {@link close} when it is over.
 */
export class ImportRows {
  readonly planner: RowPlanner;
  /** Leads to insert: [phone, name, fields] (the fields as an object: the line is their JSON, written once and stored as it is). */
  readonly accepted: SpillFile<[string, string, Candidate['fields']]>;
  /** Leads to update: [id, name, fields JSON]. */
  readonly updates: SpillFile<[number, string, string]>;
  /** Rejected rows per reason code, and in all. */
  readonly reasons: Partial<Record<RejectCode, number>> = {};
  rejected = 0;
  /** Widest row of the sheet: rejected rows and the header are padded to it, as the whole-sheet reader gave them. */
  width: number;
  /** Rows waiting for a lookup, and their cells (a lookup may still reject them): two arrays, not an object a row. */
  private pending: Candidate[] = [];
  private pendingCells: (readonly CellValue[])[] = [];
  /** The first rejected rows by row number (at most twice INLINE_REJECTS between trims). */
  private first: RejectedRow[] = [];
  private report: ReportSink | undefined;
  /** The report's file-store key once {@link finish} stored it; null when nothing was rejected. */
  reportKey: string | null = null;

  constructor(private readonly db: Db, readonly layout: Layout, private readonly existing: ExistingMode, width: number, private readonly sinks: RowSinks) {
    this.planner = new RowPlanner(layout);
    this.width = Math.max(width, layout.header.length);
    this.accepted = new SpillFile(sinks.scratch, 'accepted.jsonl');
    this.updates = new SpillFile(sinks.scratch, 'updates.jsonl');
  }

  async add(rows: readonly SheetRow[]): Promise<void> {
    for (const { row, cells, red } of rows) {
      if (cells.length > this.width) this.width = cells.length;
      const p = this.planner.plan(row, cells, red);
      if (p === null) continue;
      if (isRejected(p)) this.reject(p);
      else {
        this.pending.push(p);
        this.pendingCells.push(cells);
      }
    }
    // Written out before and after the lookup's round trips, so the lines die young (spill.ts).
    await this.report?.flush();
    // Every batch is settled before the next is taken: rows kept waiting for a fuller lookup
    // lived through the next batch's allocations too and were promoted (raw lookups cost the
    // same per number at 500 as at 1,000).
    while (this.pending.length > 0) await this.lookup();
    await Promise.all([this.report?.flush(), this.accepted.flush(), this.updates.flush()]);
  }

  /** Settles the last rows and completes the report; returns its file-store key (null: nothing rejected). */
  async finish(): Promise<string | null> {
    if (this.pending.length > 0) await this.lookup();
    this.trim();
    this.reportKey = this.report === undefined ? null : await this.report.finish(this.width);
    return this.reportKey;
  }

  /** The first {@link INLINE_REJECTS} rejected rows in file order, as wide as the sheet (after {@link finish}). */
  firstRejected(): RejectedRow[] {
    return this.first.map((r) => (r.cells.length < this.width ? { ...r, cells: pad(r.cells, this.width) } : r));
  }

  /** The header row as the whole-sheet reader gave it (padded to the sheet's width). */
  header(): CellValue[] {
    return pad(this.layout.header, this.width);
  }

  /** The import failed: the report is removed from the file store. */
  async discard(): Promise<void> {
    const report = this.report;
    this.report = undefined;
    await report?.discard();
  }

  /** Closes the temporary files (the caller's Scratch removes them). */
  async close(): Promise<void> {
    await Promise.all([this.accepted.close(), this.updates.close()]);
  }

  private reject(r: RejectedRow): void {
    this.rejected++;
    this.reasons[r.code] = (this.reasons[r.code] ?? 0) + 1;
    this.report ??= this.sinks.newReport(this.layout.header);
    this.report.add(r);
    // Rows come nearly in file order (a lookup's rejections trail by at most a chunk), so once
    // the first rows are known almost every later one is passed over here.
    const last = this.first.length >= INLINE_REJECTS ? this.first[INLINE_REJECTS - 1]! : undefined;
    if (last !== undefined && r.row > last.row) return;
    this.first.push(r);
    if (this.first.length >= 2 * INLINE_REJECTS) this.trim();
  }

  private trim(): void {
    this.first.sort((a, b) => a.row - b.row);
    if (this.first.length > INLINE_REJECTS) this.first.length = INLINE_REJECTS;
  }

  /** Looks up the pending numbers (both tables, one query each) and settles every pending row. */
  private async lookup(): Promise<void> {
    const whole = this.pending.length <= LOOKUP_CHUNK;
    const pending = whole ? this.pending : this.pending.splice(0, LOOKUP_CHUNK);
    const cells = whole ? this.pendingCells : this.pendingCells.splice(0, LOOKUP_CHUNK);
    if (whole) {
      this.pending = [];
      this.pendingCells = [];
    }
    const phones = JSON.stringify(pending.map((p) => p.phone));
    const update = this.existing === 'update';
    const { blacklisted: black, leads } = await lookUp(this.db, this.sinks.enterpriseId, phones, update);
    const blacklisted = new Set(black);
    const existing = new Map(leads.map((l) => [l[1], l]));
    for (let i = 0; i < pending.length; i++) {
      const p = pending[i]!;
      const lead = existing.get(p.phone);
      if (blacklisted.has(p.phone)) this.reject(rejectRow(p.row, cells[i]!, 'BLACKLISTED'));
      else if (lead === undefined) this.accepted.push([p.phone, p.name, p.fields]);
      else if (!update) this.reject(rejectRow(p.row, cells[i]!, 'DUPLICATE_EXISTING'));
      else {
        // The file speaks for the cells it fills: an empty name or field keeps what is stored.
        const [id, , name, fields] = lead;
        const merged = { ...parseStoredFields(fields ?? NO_FIELDS), ...p.fields };
        this.updates.push([id, p.name !== '' ? p.name : (name ?? ''), fieldsJson(merged)]);
      }
    }
  }
}

function pad(cells: readonly CellValue[], width: number): CellValue[] {
  const out = cells.slice();
  while (out.length < width) out.push(null);
  return out;
}
