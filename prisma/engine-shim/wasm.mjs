// Loads Prisma's WebAssembly schema engine. Its JS glue expects a bundler to have imported the
// .wasm file; Node 20 cannot `import` one without a flag, so it is instantiated by hand.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import * as glue from '@prisma/schema-engine-wasm/schema_engine_bg';

const require = createRequire(import.meta.url);

// Rust panics put their message here (the Prisma CLI defines the same global).
globalThis.PRISMA_WASM_PANIC_REGISTRY ??= {
  message: '',
  get() {
    return this.message;
  },
  set_message(message) {
    this.message = `RuntimeError: ${message}`;
  },
};

let loaded = false;

/** Instantiates the engine once and returns its JS glue (`SchemaEngine`, `version`). */
export function wasmEngine() {
  if (!loaded) {
    const dir = path.dirname(require.resolve('@prisma/schema-engine-wasm/schema_engine_bg'));
    const module = new WebAssembly.Module(fs.readFileSync(path.join(dir, 'schema_engine_bg.wasm')));
    const instance = new WebAssembly.Instance(module, { './schema_engine_bg.js': glue });
    glue.__wbg_set_wasm(instance.exports);
    instance.exports.__wbindgen_start();
    loaded = true;
  }
  return glue;
}

/** The message of the last Rust panic, if any. */
export function lastPanic() {
  return globalThis.PRISMA_WASM_PANIC_REGISTRY.get();
}
