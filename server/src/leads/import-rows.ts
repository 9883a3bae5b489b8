/**
 * The reading half of a lead import, row by row as the file streams in: find the header
 * (columns.ts), plan each row (plan.ts), and look up which numbers already exist or are
 * blacklisted a chunk of {@link LOOKUP_CHUNK} numbers at a time while the worker reads on.
 *
 * What is kept until the insert, compactly: each accepted lead as its number, name and the
 * JSON text of its fields (not the row's cells); each lead to update as its id, name and
 * merged fields; each rejected row with its cells, for the report. Rows waiting for a lookup
 * (at most one chunk) keep their cells, since a lookup can still reject them.
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
import type { Candidate, RejectedRow } from './plan.js';
import type { LeadUpdate } from './bulk-update.js';
import type { NewLead } from './bulk-insert.js';

/** Phones per `in (…)` lookup: well under SQLite's and PostgreSQL's bound-parameter limits. */
export const LOOKUP_CHUNK = 1_000;

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

interface Pending extends Candidate {
  readonly cells: readonly CellValue[];
}

/** Accepted leads, column-wise: three arrays of strings rather than an object per lead. */
class NewLeads {
  readonly phones: string[] = [];
  readonly names: string[] = [];
  readonly fields: string[] = [];

  get length(): number {
    return this.phones.length;
  }

  push(phone: string, name: string, fields: string): void {
    this.phones.push(phone);
    this.names.push(name);
    this.fields.push(fields);
  }

  /** Rows for the insert, `size` at a time, so the statement objects never all exist at once. */
  *chunks(size: number): Generator<NewLead[]> {
    for (let i = 0; i < this.phones.length; i += size) {
      const end = Math.min(i + size, this.phones.length);
      const out: NewLead[] = [];
      for (let k = i; k < end; k++) out.push({ phone: this.phones[k]!, name: this.names[k]!, fields: this.fields[k]! });
      yield out;
    }
  }
}

const NO_FIELDS = '{}';
const fieldsJson = (fields: Candidate['fields']): string => {
  for (const _ in fields) return JSON.stringify(fields);
  return NO_FIELDS;
};

/**
 * Plans and checks the rows of one import as they arrive. Feed it batches with {@link add},
 * then call {@link finish}; the database is only read here (the write is import.ts's).
 */
export class ImportRows {
  readonly planner: RowPlanner;
  readonly accepted = new NewLeads();
  readonly updates: LeadUpdate[] = [];
  readonly rejected: RejectedRow[] = [];
  /** Widest row of the sheet: rejected rows and the header are padded to it, as the whole-sheet reader gave them. */
  width: number;
  private pending: Pending[] = [];

  constructor(private readonly db: Db, readonly layout: Layout, private readonly existing: ExistingMode, width: number) {
    this.planner = new RowPlanner(layout);
    this.width = Math.max(width, layout.header.length);
  }

  async add(rows: readonly SheetRow[]): Promise<void> {
    for (const { row, cells, red } of rows) {
      if (cells.length > this.width) this.width = cells.length;
      const p = this.planner.plan(row, cells, red);
      if (p === null) continue;
      if (isRejected(p)) this.rejected.push(p);
      else this.pending.push({ ...p, cells });
    }
    if (this.pending.length >= LOOKUP_CHUNK) await this.lookup();
  }

  async finish(): Promise<void> {
    if (this.pending.length > 0) await this.lookup();
    this.rejected.sort((a, b) => a.row - b.row);
    for (let i = 0; i < this.rejected.length; i++) {
      const r = this.rejected[i]!;
      if (r.cells.length < this.width) this.rejected[i] = { ...r, cells: pad(r.cells, this.width) };
    }
  }

  /** The header row as the whole-sheet reader gave it (padded to the sheet's width). */
  header(): CellValue[] {
    return pad(this.layout.header, this.width);
  }

  /** Looks up the pending numbers (both tables, one query each) and settles every pending row. */
  private async lookup(): Promise<void> {
    const pending = this.pending;
    this.pending = [];
    const phones = pending.map((p) => p.phone);
    const where = { phone: { in: phones } };
    const [black, leads] = await Promise.all([
      this.db.blacklist.findMany({ where, select: { phone: true } }),
      this.db.lead.findMany({ where, select: { phone: true, id: true, name: true, fields: this.existing === 'update' } }),
    ]);
    const blacklisted = new Set(black.map((b) => b.phone));
    const existing = new Map(leads.map((l) => [l.phone, l]));
    for (const p of pending) {
      const lead = existing.get(p.phone);
      if (blacklisted.has(p.phone)) this.rejected.push(rejectRow(p.row, p.cells, 'BLACKLISTED'));
      else if (lead === undefined) this.accepted.push(p.phone, p.name, fieldsJson(p.fields));
      else if (this.existing === 'skip') this.rejected.push(rejectRow(p.row, p.cells, 'DUPLICATE_EXISTING'));
      else {
        // The file speaks for the cells it fills: an empty name or field keeps what is stored.
        const merged = { ...parseStoredFields(lead.fields ?? NO_FIELDS), ...p.fields };
        this.updates.push({ id: lead.id, name: p.name !== '' ? p.name : lead.name, fields: fieldsJson(merged) });
      }
    }
  }
}

function pad(cells: readonly CellValue[], width: number): CellValue[] {
  const out = cells.slice();
  while (out.length < width) out.push(null);
  return out;
}
