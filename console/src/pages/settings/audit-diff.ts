/**
 * An audit entry's before and after as rows people can read: nested JSON flattened to dotted
 * paths (`asr.concurrency`), one row per field the change sent (a PATCH sends only what it
 * changes, so fields it left out are not news), or per field the thing had when a DELETE sent
 * nothing. Pure, so it is tested without a browser.
 */

export interface DiffRow {
  readonly path: string;
  /** undefined: the earlier entry did not have this field (or there is no earlier entry). */
  readonly before: string | undefined;
  /** undefined: this change did not send the field. */
  readonly after: string | undefined;
  readonly changed: boolean;
}

/** The value the server writes in place of a secret. */
export const REDACTED = '[redacted]';

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `{ a: { b: 1 }, c: [1, 2] }` -> `a.b = 1`, `c = [1,2]` (arrays stay whole: their items have no names). */
export function flatten(value: unknown, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  if (value === undefined) return out;
  if (!isObj(value)) {
    out.set(prefix, typeof value === 'string' ? value : JSON.stringify(value));
    return out;
  }
  const entries = Object.entries(value);
  if (entries.length === 0 && prefix !== '') out.set(prefix, '{}');
  for (const [k, v] of entries) for (const [p, s] of flatten(v, prefix ? `${prefix}.${k}` : k)) out.set(p, s);
  return out;
}

export function diffRows(before: unknown, after: unknown): DiffRow[] {
  const b = before === null ? new Map<string, string>() : flatten(before);
  const a = after === null ? new Map<string, string>() : flatten(after);
  const paths = after === null ? [...b.keys()] : [...a.keys()];
  return paths.map((path) => {
    const was = b.get(path);
    const now = after === null ? undefined : a.get(path);
    // A secret is hidden on both sides: whether it changed cannot be told, so it is not claimed.
    const changed = was !== now && !(was === REDACTED && now === REDACTED);
    return { path, before: was, after: now, changed };
  });
}
