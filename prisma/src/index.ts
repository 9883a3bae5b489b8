/**
 * @waihu/db — the database: one Prisma schema for SQLite (default) and PostgreSQL, the
 * committed migrations, and the client.
 *
 * ```ts
 * const url = databaseUrlFrom(process.env); // file:<repo>/data/waihu.db unless DATABASE_URL is set
 * await migrate(url);                       // apply committed migrations (server start-up)
 * const db = await createDb(url);           // Prisma client, same API on both providers
 * ```
 *
 * JSON columns are String text (see the header of prisma/schema.prisma); enum-like String
 * columns take the values listed in ./values.ts.
 */
export { databaseUrlFrom, isPostgres, isSqlite, redactUrl, DatabaseUrlError, DEFAULT_SQLITE_FILE } from './url.js';
export type { Db } from './client.js';
export { createDb } from './client.js';
export { migrate, MigrationError } from './migrate.js';
export { withDriverTransaction, isDriverUniqueViolation } from './driver.js';
export type { DriverTransaction, DriverValue } from './driver.js';
export { isPrismaError, isUniqueViolation, isNotFound, isForeignKeyViolation, uniqueConstraintOf } from './errors.js';
export * from './values.js';

export { Prisma } from './generated/sqlite/client.js';
export type {
  Enterprise,
  User,
  Session,
  Template,
  TemplateVersion,
  VoiceFile,
  UnmatchedUtterance,
  LeadBatch,
  Lead,
  Blacklist,
  Customer,
  CustomerType,
  CustomField,
  FollowUp,
  Assignment,
  CallTask,
  CallTaskLead,
  CallAttempt,
  Turn,
  Recording,
  Trunk,
  CallerId,
  Extension,
  AgentGroup,
  AgentGroupMember,
  SmsTemplate,
  Setting,
  AuditLog,
} from './generated/sqlite/client.js';
