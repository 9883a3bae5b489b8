/**
 * Recognizing Prisma's known request errors by code, the same on both providers (both clients
 * share one runtime, so one `instanceof` covers them).
 */
import { Prisma } from './generated/sqlite/client.js';

/** A Prisma known request error with the given code (e.g. 'P2002'). */
export function isPrismaError(error: unknown, code: string): error is Prisma.PrismaClientKnownRequestError {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === code;
}

/** A unique constraint rejected the write (P2002): a duplicate phone, account, version number… */
export function isUniqueViolation(error: unknown): error is Prisma.PrismaClientKnownRequestError {
  return isPrismaError(error, 'P2002');
}

/** An update or delete found no row (P2025): also how a stale `revision` shows up. */
export function isNotFound(error: unknown): error is Prisma.PrismaClientKnownRequestError {
  return isPrismaError(error, 'P2025');
}

/** A foreign key rejected the write (P2003): a missing parent, or a row still referenced. */
export function isForeignKeyViolation(error: unknown): error is Prisma.PrismaClientKnownRequestError {
  return isPrismaError(error, 'P2003');
}

/**
 * Which unique constraint a P2002 broke, as text naming its columns (SQLite reports the fields,
 * PostgreSQL the index name, e.g. `User_callerNumber_key`): enough to tell which value is taken.
 */
export function uniqueConstraintOf(error: unknown): string {
  const meta = (error as { meta?: { target?: unknown; driverAdapterError?: { cause?: { constraint?: { fields?: string[]; index?: string } } } } }).meta;
  const c = meta?.driverAdapterError?.cause?.constraint;
  if (c?.fields) return c.fields.join(',');
  if (c?.index) return c.index;
  return String(meta?.target ?? '');
}
