/**
 * `npm run db:generate` (and `postinstall`): derive the PostgreSQL schema, then generate both
 * Prisma clients into prisma/src/generated/{sqlite,postgresql}. Offline: the Rust-free client
 * needs no engine, and prisma.config.ts points the CLI at the schema-engine shim.
 */
import { performance } from 'node:perf_hooks';
import { PROVIDER_FILES, type Provider } from '../src/paths.js';
import { runPrismaCli } from '../src/prisma-cli.js';
import { writePostgresSchema } from './pg-schema.js';

const started = performance.now();
if (writePostgresSchema()) console.log('db: wrote prisma/postgresql/schema.prisma');

async function generate(provider: Provider): Promise<void> {
  const result = await runPrismaCli(['generate', '--schema', PROVIDER_FILES[provider].schema]);
  if (result.code !== 0) {
    process.stderr.write(result.stdout + result.stderr);
    throw new Error(`prisma generate failed for ${provider} (exit code ${result.code})`);
  }
}

// the two generations are independent: run them side by side
await Promise.all([generate('sqlite'), generate('postgresql')]);
console.log(`db: generated the SQLite and PostgreSQL clients in ${Math.round(performance.now() - started)} ms`);
