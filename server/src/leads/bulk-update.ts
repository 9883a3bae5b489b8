/**
 * Updating the leads an import with `existing=update` matched by number: their name and
 * custom fields, many rows per statement. Raw SQL for the reason bulk-insert.ts gives (the
 * client's per-row cost), and tenant-safe the same way: the enterprise is a parameter from the
 * principal, and every row is matched by id *and* enterprise.
 *
 * One statement text for both providers: a `WITH v(id, name, fields) AS (VALUES …)` list and
 * `UPDATE … FROM v` (SQLite 3.33+ and PostgreSQL alike). The id is cast because PostgreSQL
 * types an untyped parameter in VALUES as text.
 */
import { Prisma } from '@waihu/db';

/** Rows per statement: 3 parameters each; small for the reason bulk-insert.ts gives (the adapters' debug history keeps the last 100 statements). */
export const ROWS_PER_UPDATE = 200;

export interface LeadUpdate {
  readonly id: number;
  readonly name: string;
  /** JSON text of the custom fields (already merged with the stored ones). */
  readonly fields: string;
}

interface RawRunner {
  $executeRaw(query: Prisma.Sql): Prisma.PrismaPromise<number>;
}

/** Updates the leads, inside the caller's transaction; returns how many rows changed. */
export async function updateLeads(tx: RawRunner, enterpriseId: number, at: Date, leads: readonly LeadUpdate[]): Promise<number> {
  let updated = 0;
  for (let i = 0; i < leads.length; i += ROWS_PER_UPDATE) {
    const rows = leads.slice(i, i + ROWS_PER_UPDATE).map((l) => Prisma.sql`(CAST(${l.id} AS INTEGER), ${l.name}, ${l.fields})`);
    updated += await tx.$executeRaw(Prisma.sql`WITH v("id", "name", "fields") AS (VALUES ${Prisma.join(rows)})
      UPDATE "Lead" SET "name" = v."name", "fields" = v."fields", "updatedAt" = ${at}
      FROM v WHERE "Lead"."id" = v."id" AND "Lead"."enterpriseId" = ${enterpriseId}`);
  }
  return updated;
}
