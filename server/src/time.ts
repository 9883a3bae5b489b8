/**
 * Dates as people in the enterprise mean them. Enterprises are in mainland China (UTC+8, no
 * daylight saving), so a date-only filter such as `2026-11-21` is that calendar day in Beijing
 * time; a full date-time with an offset is taken as given.
 */

/** Beijing time's offset from UTC, in milliseconds. */
export const CHINA_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** JSON schema of a `from`/`to` query parameter: a date or a date-time. */
export const dateOrDateTime = { type: 'string', anyOf: [{ format: 'date' }, { format: 'date-time' }] } as const;

/** The first instant of a range bound (inclusive). */
export function rangeStart(value: string): Date {
  return DATE_ONLY.test(value) ? new Date(Date.parse(`${value}T00:00:00Z`) - CHINA_OFFSET_MS) : new Date(value);
}

/** The first instant after a range bound (exclusive): a date-only bound includes its whole day. */
export function rangeEnd(value: string): Date {
  return DATE_ONLY.test(value) ? new Date(Date.parse(`${value}T00:00:00Z`) - CHINA_OFFSET_MS + DAY_MS) : new Date(value);
}

/** A Prisma filter for `from <= x < to`, or undefined when neither bound is given. */
export function instantRange(from?: string, to?: string): { gte?: Date; lt?: Date } | undefined {
  if (from === undefined && to === undefined) return undefined;
  return { ...(from === undefined ? {} : { gte: rangeStart(from) }), ...(to === undefined ? {} : { lt: rangeEnd(to) }) };
}

/** `2026-11-21 17:00` in Beijing time, for spreadsheets people read. */
export function chinaDateTime(d: Date | null): string {
  if (!d) return '';
  return new Date(d.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');
}
