/**
 * Errors as people read them: the table's words for a known code, the server's message
 * otherwise, and validation details pinned to the field or cell they are about.
 */
import { ApiError } from '../api/client.js';
import { hasKey, t } from '../i18n/index.js';

/** The headline for an error: translated by code when the table knows it. */
export function errorText(e: unknown): string {
  if (e instanceof ApiError) {
    const key = `error.${e.code}`;
    if (hasKey(key)) return t(key);
    return e.message;
  }
  return e instanceof Error ? e.message : String(e);
}

interface PathDetail { readonly path: string; readonly message: string }

function isPathDetail(x: unknown): x is PathDetail {
  return typeof x === 'object' && x !== null && typeof (x as PathDetail).path === 'string' && typeof (x as PathDetail).message === 'string';
}

/**
 * Field name -> message from a 400's details (`[{ path: "/phone", message }]`) or a details
 * object keyed by field (`{ fields: { phone: "…" } }`), so a form can show each beside its input.
 */
export function fieldErrors(e: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!(e instanceof ApiError)) return out;
  const d = e.details;
  const list: unknown[] = Array.isArray(d) ? d : Array.isArray((d as { errors?: unknown[] } | undefined)?.errors) ? (d as { errors: unknown[] }).errors : [];
  for (const item of list) {
    if (!isPathDetail(item)) continue;
    const name = item.path.replace(/^\//, '').split('/')[0] ?? '';
    out[name || '_'] = item.message;
  }
  const field = (d as { field?: unknown } | undefined)?.field;
  if (typeof field === 'string') out[field] = e.message;
  const fields = (d as { fields?: unknown } | undefined)?.fields;
  if (fields && typeof fields === 'object' && !Array.isArray(fields)) {
    for (const [k, v] of Object.entries(fields as Record<string, unknown>)) {
      out[k] = typeof v === 'string' ? v : isPathDetail(v) ? v.message : JSON.stringify(v);
    }
  }
  return out;
}

/** Details that belong to no field, as lines of text. */
export function detailLines(e: unknown): string[] {
  if (!(e instanceof ApiError) || e.details === undefined || e.details === null) return [];
  const d = e.details;
  if (Array.isArray(d)) return d.map((x) => (isPathDetail(x) ? `${x.path || '/'}: ${x.message}` : typeof x === 'string' ? x : JSON.stringify(x)));
  if (typeof d === 'object') {
    const zh = (d as { zh?: unknown }).zh;
    if (typeof zh === 'string') return [zh];
  }
  return [];
}

export function isConflict(e: unknown): boolean {
  return e instanceof ApiError && e.status === 409;
}
