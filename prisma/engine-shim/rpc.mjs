// JSON-RPC 2.0 over stdin/stdout, one message per line, as the native schema engine speaks it.
// Requests run one at a time, in order. Most calls go straight to the wasm engine (same method
// names, same JSON shapes); `overrides` holds the ones where the two engines differ.
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import { adapterFactory, pgConfig } from './adapters.mjs';
import { wasmEngine, lastPanic } from './wasm.mjs';

const PANIC_EXIT_CODE = 101; // what the native engine exits with on a panic

/**
 * Serves the CLI until it closes stdin or sends SIGTERM.
 * @param {{ datamodelPaths: string[], target: import('./adapters.mjs').Target | undefined, log: (level: string, message: string) => void, trace: (line: string) => void }} options
 */
export function serve({ datamodelPaths, target, log, trace }) {
  const opened = [];
  let engine;
  let factory;

  async function getEngine() {
    if (!engine) {
      if (!target) throw new Error('schema-engine shim: unsupported datasource URL (use file:... or postgresql://...)');
      const wasm = wasmEngine();
      factory = bindMigrationAwareSqlAdapterFactory(await adapterFactory(target, opened));
      let datamodels = datamodelPaths.map((file) => [file, fs.readFileSync(file, 'utf8')]);
      // `migrate diff` starts the engine without a schema, but the engine learns the provider
      // from one (and panics on none): give it a bare datasource.
      if (datamodels.length === 0) {
        const provider = target.kind === 'sqlite' ? 'sqlite' : 'postgresql';
        datamodels = [['schema.prisma', `datasource db {\n  provider = "${provider}"\n}\n`]];
      }
      engine = await wasm.SchemaEngine.new({ datamodels }, (message) => log('INFO', message), factory);
    }
    return engine;
  }

  let ownRequestId = 1_000_000;
  function send(message) {
    trace(`send ${JSON.stringify(message).slice(0, 300)}`);
    process.stdout.write(`${JSON.stringify({ jsonrpc: '2.0', ...message })}\n`);
  }

  const emptyMigrationsList = (baseDir) => ({
    baseDir,
    lockfile: { path: 'migration_lock.toml', content: null },
    migrationDirectories: [],
    shadowDbInitScript: '',
  });

  const overrides = {
    // The wasm engine's reset is a no-op on SQLite; the native one deletes the file. The CLI
    // sends reset first, to a fresh engine, before anything has connected.
    async reset(params) {
      if (target?.kind !== 'sqlite') return (await getEngine()).reset(params);
      if (engine) throw new Error('schema-engine shim: SQLite reset must be the first call');
      for (const suffix of ['', '-journal', '-wal', '-shm']) fs.rmSync(target.file + suffix, { force: true });
      return {};
    },
    // The wasm engine fails (P1014) while _prisma_migrations does not exist; the native one
    // does not. Create the table by applying no migrations, then ask again.
    async devDiagnostic(params) {
      const e = await getEngine();
      try {
        return await e.devDiagnostic(params);
      } catch (error) {
        if (error?.code !== 'P1014' && !/_prisma_migrations/.test(String(error?.message))) throw error;
        await e.applyMigrations({ migrationsList: emptyMigrationsList(params.migrationsList.baseDir), filters: params.filters });
        return e.devDiagnostic(params);
      }
    },
    // The wasm engine has a shadow database only after devDiagnostic, and loses it when
    // migrations are applied in between: re-run it before the calls that need one.
    async evaluateDataLoss(params) {
      await overrides.devDiagnostic({ migrationsList: params.migrationsList, filters: params.filters });
      return (await getEngine()).evaluateDataLoss(params);
    },
    async createMigration(params) {
      await overrides.devDiagnostic({ migrationsList: params.migrationsList, filters: params.filters });
      return (await getEngine()).createMigration(params);
    },
    // The native engine prints the script by sending the CLI a `print` request.
    async diff(params) {
      const result = await (await getEngine()).diff(params);
      if (result.stdout) send({ id: ownRequestId++, method: 'print', params: { content: result.stdout.replace(/\n$/, '') } });
      return { exitCode: result.exitCode };
    },
    async getDatabaseVersion(params) {
      return (await getEngine()).version(params ?? null);
    },
    async createDatabase(params) {
      await (await getEngine()).ensureConnectionValidity(params);
      return { databaseName: target?.kind === 'sqlite' ? path.basename(target.file) : pgConfig(target.url).database };
    },
  };

  function rpcError(error, isPanic) {
    let message = String(error?.message ?? error);
    // driver errors reach the engine as an id in the adapter's error registry
    const id = /External error id#(\d+)/.exec(message)?.[1];
    const driverError = id && factory?.errorRegistry.consumeError(Number(id))?.error;
    if (driverError) message += `\nDriver error: ${driverError.message ?? JSON.stringify(driverError)}`;
    const data = { is_panic: isPanic, message, error_code: error?.code, meta: error?.meta, error: { message } };
    return { code: 4466, message: 'An error happened. Check the data field for details.', data };
  }

  async function handle(request) {
    const override = overrides[request.method];
    if (override) return override(request.params);
    const e = await getEngine();
    if (typeof e[request.method] !== 'function') {
      throw new Error(`schema-engine shim: ${request.method} is not supported by the wasm schema engine`);
    }
    return e[request.method](request.params);
  }

  // A Rust panic inside an async wasm task surfaces as an uncaught RuntimeError: answer the
  // running request with a panic error and exit as the native engine does.
  let current;
  process.on('uncaughtException', (error) => {
    const message = lastPanic() || String(error?.message ?? error);
    log('ERROR', message);
    if (current) send({ id: current.id, error: rpcError(new Error(message), true) });
    process.exit(PANIC_EXIT_CODE);
  });

  let queue = Promise.resolve();
  const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  lines.on('line', (line) => {
    if (!line.trim()) return;
    const request = JSON.parse(line);
    if (!request.method) return; // the CLI's answer to one of our `print` requests
    queue = queue.then(async () => {
      current = request;
      trace(`${request.method} ${JSON.stringify(request.params ?? {}).slice(0, 300)}`);
      try {
        send({ id: request.id, result: (await handle(request)) ?? {} });
      } catch (error) {
        log('ERROR', String(error?.message ?? error));
        send({ id: request.id, error: rpcError(error, false) });
      }
      current = undefined;
    });
  });

  // The CLI ends stdin and sends SIGTERM as soon as it is done with the engine: finish the
  // running request (briefly), close every connection, exit.
  let exiting = false;
  async function shutdown() {
    if (exiting) return;
    exiting = true;
    await Promise.race([queue, new Promise((resolve) => setTimeout(resolve, 2000))]);
    await Promise.allSettled(opened.map((adapter) => adapter.dispose()));
    try {
      engine?.free();
    } catch {
      // already freed by a panic
    }
    process.exit(0);
  }
  lines.on('close', shutdown);
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}
