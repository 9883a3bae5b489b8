/**
 * 定义字段: custom field definitions and the values records carry for them. One value is
 * checked by the leads module's `checkField` (server/src/leads/fields.ts), the one rule for a
 * spreadsheet cell or a form value of a lead or a customer; this file adds what the CRM needs
 * around it: definitions with their ids and order, and a whole `fields` object checked with
 * every problem located by JSON path.
 */
import type { CellValue } from '@waihu/engine';
import type { CustomField, CustomFieldTarget, CustomFieldType, Db } from '@waihu/db';
import { ApiError } from '../errors.js';
import { checkField } from '../leads/fields.js';
import type { FieldCheck, FieldValue } from '../leads/fields.js';

export { checkField };
export type { FieldCheck, FieldValue };

export interface FieldDef {
  readonly id: number;
  readonly target: CustomFieldTarget;
  readonly key: string;
  readonly label: string;
  readonly type: CustomFieldType;
  /** The choices of a select / multiselect; empty otherwise. */
  readonly options: readonly string[];
  readonly required: boolean;
  readonly sortOrder: number;
}

export type FieldValues = Record<string, FieldValue>;

/** One thing wrong with one value, located by JSON path (`/fields/wechat`). */
export interface FieldProblem {
  readonly path: string;
  readonly code: 'FIELD_UNKNOWN' | 'FIELD_REQUIRED' | 'FIELD_INVALID';
  readonly message: string;
}

export function toFieldDef(row: CustomField): FieldDef {
  let options: string[] = [];
  try {
    const parsed: unknown = row.options ? JSON.parse(row.options) : [];
    if (Array.isArray(parsed)) options = parsed.filter((o): o is string => typeof o === 'string');
  } catch {
    // Written only by the definition routes as a JSON array; an unreadable one offers no choices.
  }
  return { id: row.id, target: row.target as CustomFieldTarget, key: row.key, label: row.label, type: row.type as CustomFieldType, options, required: row.required, sortOrder: row.sortOrder };
}

/** The definitions of a form, in display order. */
export async function loadFieldDefs(db: Db, target: CustomFieldTarget): Promise<FieldDef[]> {
  const rows = await db.customField.findMany({ where: { target }, orderBy: [{ sortOrder: 'asc' }, { id: 'asc' }] });
  return rows.map(toFieldDef);
}

/** What JSON may carry as a value: a string, a number, a list of strings (multiselect), or null. */
function jsonValue(v: unknown): CellValue | string[] | undefined | false {
  if (v === undefined || v === null || typeof v === 'string' || typeof v === 'number') return v;
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v as string[];
  return false;
}

/**
 * Checks a whole `fields` object against the definitions (it replaces the record's values):
 * unknown keys, required fields, and each value; every problem, located. Empty values are
 * dropped; the rest come back normalized (numbers, `YYYY-MM-DD`, phones, deduplicated choices).
 */
export function checkFields(defs: readonly FieldDef[], input: Readonly<Record<string, unknown>>, basePath = '/fields'): { values: FieldValues; problems: FieldProblem[] } {
  const known = new Set(defs.map((d) => d.key));
  const problems: FieldProblem[] = Object.keys(input).filter((k) => !known.has(k))
    .map((k) => ({ path: `${basePath}/${k}`, code: 'FIELD_UNKNOWN', message: `no custom field "${k}" is defined` }));
  const values: FieldValues = {};
  for (const def of defs) {
    const raw = jsonValue(input[def.key]);
    const r: FieldCheck = raw === false ? { ok: false, code: 'FIELD_INVALID', zh: `${def.label}：值的类型不对`, en: `${def.label}: expected text, a number or a list of choices` } : checkField(def, raw);
    if (!r.ok) problems.push({ path: `${basePath}/${def.key}`, code: r.code, message: r.en });
    else if (r.value !== null) values[def.key] = r.value;
  }
  return { values, problems };
}

/** The 400 a form gets for field problems: the same shape as a JSON schema failure. */
export function fieldsInvalid(problems: readonly FieldProblem[]): ApiError {
  return new ApiError(400, 'VALIDATION', `invalid custom fields: ${problems.map((p) => `${p.path} ${p.message}`).join('; ')}`, problems);
}

/** A stored value as a spreadsheet cell (an export that `checkField` reads back the same). */
export function fieldToCell(value: unknown): CellValue {
  if (Array.isArray(value)) return value.join('，');
  if (typeof value === 'number' || typeof value === 'string') return value;
  return value === null || value === undefined ? null : JSON.stringify(value);
}

/** A record's stored `fields` JSON as an object (an unreadable one reads as empty). */
export function parseStoredFields(json: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(json);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
