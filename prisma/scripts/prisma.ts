/**
 * The Prisma CLI with the project's config, the offline schema engine and the same database
 * URL as the server (DATABASE_URL, default data/waihu.db):
 *
 *   npm run db:deploy                      apply committed migrations
 *   npm run db:prisma -- migrate status    anything else
 */
import fs from 'node:fs';
import path from 'node:path';
import { runPrismaCli } from '../src/prisma-cli.js';
import { databaseUrlFrom, isSqlite, sqliteFileOf } from '../src/url.js';

const url = databaseUrlFrom(process.env);
if (isSqlite(url)) fs.mkdirSync(path.dirname(sqliteFileOf(url)), { recursive: true });
const result = await runPrismaCli(process.argv.slice(2), { databaseUrl: url, inherit: true });
process.exitCode = result.code;
