/**
 * Custom fields (定义字段) of leads: the enterprise's definitions, and one value checked against
 * its definition, from a spreadsheet cell or a JSON form alike. Values are stored in
 * `Lead.fields` JSON as text, numbers (type number), `YYYY-MM-DD` (date), a list of choices
 * (multiselect) or a normalized phone (phone).
 */
import type { CellValue } from '@waihu/engine';
import type { Db } from '@waihu/db';
import { normalizePhone } from './phone.js';

/** A custom field as the leads code uses it. */
export interface FieldDef {
  readonly key: string;
  readonly label: string;
  readonly type: 'text' | 'number' | 'date' | 'select' | 'multiselect' | 'phone';
  /** The choices of a select / multiselect; empty: any value. */
  readonly options: readonly string[];
  readonly required: boolean;
}

/** One stored value. */
export type FieldValue = string | number | string[];

/** Longest text value kept in a custom field. */
export const FIELD_TEXT_MAX = 500;

export type FieldCheck =
  | { readonly ok: true; readonly value: FieldValue | null }
  | { readonly ok: false; readonly code: 'FIELD_REQUIRED' | 'FIELD_INVALID'; readonly zh: string; readonly en: string };

const TYPES = new Set<FieldDef['type']>(['text', 'number', 'date', 'select', 'multiselect', 'phone']);

function parseOptions(raw: string | null): string[] {
  if (!raw) return [];
  try {
    const v: unknown = JSON.parse(raw);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

/** The enterprise's lead fields, in form order (the scoped client confines them). */
export async function leadFieldDefs(db: Db): Promise<FieldDef[]> {
  const rows = await db.customField.findMany({ where: { target: 'lead' }, orderBy: [{ sortOrder: 'asc' }, { id: 'asc' }] });
  return rows.map((r) => ({
    key: r.key,
    label: r.label,
    type: TYPES.has(r.type as FieldDef['type']) ? (r.type as FieldDef['type']) : 'text',
    options: parseOptions(r.options),
    required: r.required,
  }));
}

const invalid = (def: FieldDef, zh: string, en: string): FieldCheck => ({ ok: false, code: 'FIELD_INVALID', zh: `${def.label}：${zh}`, en: `${def.label}: ${en}` });

/** Excel's day 0 is 1899-12-30 (it counts 1900 as a leap year); 25569 is 1970-01-01. */
function serialToDate(serial: number): string | null {
  if (!(serial > 0 && serial < 2_958_466)) return null;
  return new Date(Math.round((serial - 25569) * 86_400_000)).toISOString().slice(0, 10);
}

function textToDate(text: string): string | null {
  const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(text);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
  return date.toISOString().slice(0, 10);
}

/**
 * Checks one value against its field. Empty (null, blank text, an empty list) is `null`, or
 * `FIELD_REQUIRED` for a required field.
 */
export function checkField(def: FieldDef, input: CellValue | readonly string[] | undefined): FieldCheck {
  const empty = input === null || input === undefined || (typeof input === 'string' && input.trim() === '') || (Array.isArray(input) && input.length === 0);
  if (empty) {
    return def.required ? { ok: false, code: 'FIELD_REQUIRED', zh: `${def.label}为必填项`, en: `${def.label} is required` } : { ok: true, value: null };
  }
  if (Array.isArray(input)) {
    if (def.type !== 'multiselect') return invalid(def, '只能填一个值', 'takes a single value');
    return choices(def, input.map((x) => String(x).trim()).filter((x) => x !== ''));
  }
  const cell = input as string | number | boolean;
  const text = typeof cell === 'string' ? cell.trim() : String(cell);
  switch (def.type) {
    case 'text':
      return text.length > FIELD_TEXT_MAX ? invalid(def, `超过 ${FIELD_TEXT_MAX} 个字符`, `longer than ${FIELD_TEXT_MAX} characters`) : { ok: true, value: text };
    case 'number': {
      const n = typeof cell === 'number' ? cell : Number(text.replace(/[,，\s]/g, ''));
      return typeof cell !== 'boolean' && Number.isFinite(n) && text !== '' ? { ok: true, value: n } : invalid(def, '应为数字', 'must be a number');
    }
    case 'date': {
      const d = typeof cell === 'number' ? serialToDate(cell) : textToDate(text);
      return d ? { ok: true, value: d } : invalid(def, '应为日期，如 2026-01-31', 'must be a date such as 2026-01-31');
    }
    case 'select':
      if (def.options.length > 0 && !def.options.includes(text)) return invalid(def, `应为以下之一：${def.options.join('、')}`, `must be one of ${def.options.join(', ')}`);
      return { ok: true, value: text };
    case 'multiselect':
      return choices(def, text.split(/[,，、;；|]/).map((x) => x.trim()).filter((x) => x !== ''));
    case 'phone': {
      const p = normalizePhone(typeof cell === 'boolean' ? text : cell);
      return p.ok ? { ok: true, value: p.phone } : invalid(def, p.reason.zh, p.reason.en);
    }
  }
}

function choices(def: FieldDef, values: string[]): FieldCheck {
  const bad = def.options.length > 0 ? values.filter((v) => !def.options.includes(v)) : [];
  if (bad.length > 0) return invalid(def, `“${bad.join('、')}”不在可选项中（${def.options.join('、')}）`, `"${bad.join(', ')}" not among ${def.options.join(', ')}`);
  if (values.length === 0) return checkField(def, null);
  return { ok: true, value: [...new Set(values)] };
}

/** A problem with one key of a `fields` object sent to the API. */
export interface FieldProblem {
  readonly key: string;
  readonly code: 'FIELD_UNKNOWN' | 'FIELD_REQUIRED' | 'FIELD_INVALID';
  readonly message: string;
}

/**
 * Checks a `fields` object from the API against the definitions: unknown keys, required
 * fields (only when `requireAll`, i.e. on create) and each value. Keys given as empty values
 * are listed in `cleared` (an edit removes them).
 */
export function checkFieldsObject(
  defs: readonly FieldDef[], input: Readonly<Record<string, unknown>>, requireAll: boolean,
): { fields: Record<string, FieldValue>; cleared: string[]; problems: FieldProblem[] } {
  const byKey = new Map(defs.map((d) => [d.key, d]));
  const problems: FieldProblem[] = [];
  const fields: Record<string, FieldValue> = {};
  const cleared: string[] = [];
  for (const key of Object.keys(input)) {
    if (!byKey.has(key)) problems.push({ key, code: 'FIELD_UNKNOWN', message: `no custom field "${key}" for leads` });
  }
  for (const def of defs) {
    const raw = input[def.key];
    if (raw === undefined && !requireAll) continue;
    const r = checkField(def, raw as CellValue | string[] | undefined);
    if (!r.ok) problems.push({ key: def.key, code: r.code, message: r.en });
    else if (r.value !== null) fields[def.key] = r.value;
    else if (raw !== undefined) cleared.push(def.key);
  }
  return { fields, cleared, problems };
}

/** Parses stored `fields` JSON; a damaged value reads as no fields rather than failing a list. */
export function parseStoredFields(json: string): Record<string, FieldValue> {
  try {
    const v: unknown = JSON.parse(json);
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, FieldValue>) : {};
  } catch {
    return {};
  }
}
