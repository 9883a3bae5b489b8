/** @waihu/server — the API. */
export { buildApp } from './app.js';
export type { AppDeps, Clock } from './app.js';
export { parseConfig, defaultConfig } from './config.js';
export type { Config } from './config.js';
export { seedDemo } from './seed.js';
export { TENANT_MODELS, scopedDb } from './tenancy.js';
