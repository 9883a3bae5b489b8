/**
 * Runs the Prisma CLI as a child of this Node, with the project's config and the offline
 * schema engine, from any working directory.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { DB_PACKAGE_DIR, PRISMA_CONFIG, SCHEMA_ENGINE_SHIM } from './paths.js';

const require = createRequire(import.meta.url);

/** The CLI's entry script (run with `process.execPath`, no PATH lookup, no shell). */
export const PRISMA_CLI_ENTRY = require.resolve('prisma/build/index.js');

/** What a CLI run printed and how it ended. */
export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** How to run the CLI. */
export interface CliOptions {
  /** DATABASE_URL for prisma.config.ts; absolute (a relative SQLite path would move with cwd). */
  databaseUrl?: string;
  /** Print the CLI's output as it comes instead of capturing it. */
  inherit?: boolean;
}

/**
 * The environment of a CLI run: no update checks or telemetry, the shim as schema engine, and
 * this Node first on PATH (the CLI starts the shim by its `#!/usr/bin/env node` line).
 */
function cliEnv(databaseUrl: string | undefined): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    CHECKPOINT_DISABLE: '1',
    PRISMA_HIDE_UPDATE_MESSAGE: '1',
    PRISMA_SCHEMA_ENGINE_BINARY: SCHEMA_ENGINE_SHIM,
    PATH: [path.dirname(process.execPath), process.env['PATH'] ?? ''].join(path.delimiter),
  };
  if (databaseUrl !== undefined) env['DATABASE_URL'] = databaseUrl;
  return env;
}

/** Runs `prisma <args> --config prisma/prisma.config.ts` and resolves when it exits. */
export function runPrismaCli(args: readonly string[], options: CliOptions = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [PRISMA_CLI_ENTRY, ...args, '--config', PRISMA_CONFIG], {
      cwd: DB_PACKAGE_DIR,
      env: cliEnv(options.databaseUrl),
      stdio: options.inherit ? ['ignore', 'inherit', 'inherit'] : ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr }));
  });
}
