// `schema-engine cli <command>`: one-shot commands the CLI runs before starting the RPC engine.
// The answer is the exit code; a failure is a JSON log line on stderr carrying a Prisma error
// code (the CLI skips the first stderr line, hence the banner).
import fs from 'node:fs';
import path from 'node:path';
import { pgConfig } from './adapters.mjs';

function fail(errorCode, message) {
  process.stderr.write('schema-engine-shim\n');
  const line = { level: 'ERROR', target: 'schema_engine::logger', fields: { error_code: errorCode, message } };
  process.stderr.write(`${JSON.stringify(line)}\n`);
  process.exit(1);
}

function sqliteCommand(command, file) {
  if (command === 'can-connect-to-database') {
    if (!fs.existsSync(file)) fail('P1003', `Database ${path.basename(file)} does not exist at ${file}`);
  } else if (command === 'create-database') {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.closeSync(fs.openSync(file, 'a'));
  } else if (command === 'drop-database') {
    for (const suffix of ['', '-journal', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true });
  } else {
    fail('P1000', `schema-engine shim: unsupported command ${command}`);
  }
}

async function postgresCommand(command, url) {
  const { default: pg } = await import('pg');
  const config = pgConfig(url);
  const database = String(config.database ?? 'postgres');
  const ident = `"${database.replace(/"/g, '""')}"`;
  if (!['can-connect-to-database', 'create-database', 'drop-database'].includes(command)) {
    fail('P1000', `schema-engine shim: unsupported command ${command}`);
  }
  // create and drop run from the maintenance database, as the native engine does
  const client = new pg.Client(command === 'can-connect-to-database' ? config : { ...config, database: 'postgres' });
  try {
    await client.connect();
    if (command === 'create-database') await client.query(`CREATE DATABASE ${ident}`);
    if (command === 'drop-database') await client.query(`DROP DATABASE IF EXISTS ${ident}`);
  } catch (error) {
    if (error?.code === '3D000') fail('P1003', `Database ${ident} does not exist on the database server`);
    if (error?.code === '42P04') fail('P1009', `Database ${ident} already exists on the database server`);
    fail('P1001', `Can't reach database server: ${error?.message ?? error}`);
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * Runs one command and exits the process.
 * @param {string | undefined} command
 * @param {import('./adapters.mjs').Target | undefined} target
 */
export async function runCliCommand(command, target) {
  if (!target) fail('P1013', 'The provided database string is invalid (the schema-engine shim supports file: and postgresql:)');
  if (target.kind === 'sqlite') sqliteCommand(command, target.file);
  else await postgresCommand(command, target.url);
  process.exit(0);
}
