#!/usr/bin/env node
// Offline stand-in for Prisma's native schema-engine binary (see README.md):
//   main.mjs --datamodels <schema.prisma>... [--datasource '{"url":...}']   JSON-RPC on stdio
//   main.mjs --datasource '{"url":...}' cli <command>                        one command
//   main.mjs --version
import fs from 'node:fs';
import { targetOf } from './adapters.mjs';

const argv = process.argv.slice(2);
const traceFile = process.env.SHIM_TRACE;
const trace = (line) => {
  if (traceFile) fs.appendFileSync(traceFile, `${line}\n`);
};
// the engine's log format: one JSON object per line on stderr
const log = (level, message) => {
  const line = { timestamp: new Date().toISOString(), level, fields: { message }, target: 'schema_engine_shim' };
  process.stderr.write(`${JSON.stringify(line)}\n`);
};

const datamodelPaths = [];
let datasource = {};
let command;
for (let i = 0; i < argv.length; i++) {
  const arg = argv[i];
  if (arg === '--datamodels') datamodelPaths.push(argv[++i]);
  else if (arg === '--datasource') datasource = JSON.parse(argv[++i]);
  else if (arg === '--enabled-preview-features' || arg === '--extension-types') i++;
  else if (arg === 'cli') command = argv[++i];
}
trace(`argv ${JSON.stringify(argv)} cwd ${process.cwd()}`);

if (argv.includes('--version') || argv.includes('-V')) {
  const { wasmEngine } = await import('./wasm.mjs');
  console.log(`schema-engine-wasm-shim ${wasmEngine().version()}`);
  process.exit(0);
}

const target = targetOf(datasource.url ?? process.env.DATABASE_URL ?? '', datasource.shadowDatabaseUrl);

if (command !== undefined || argv.includes('cli')) {
  const { runCliCommand } = await import('./cli-commands.mjs');
  await runCliCommand(command, target);
} else {
  const { serve } = await import('./rpc.mjs');
  serve({ datamodelPaths, target, log, trace });
}
