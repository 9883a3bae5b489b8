/** Robot calls on the server: keeping them (CallRecords, a CallStore over the database and the recording store) and reviewing them. */
export { CallRecords } from './call-store.js';
export type { CallContext, CallRecordsDeps } from './call-store.js';
export { RecordingStorage, RECORDING_STORAGE_KEY, recordingKey } from './recordings.js';
export type { RecordingTarget, StoredRecordingStorage } from './recordings.js';
export { BosFileStore } from './bos-store.js';
export type { BosConfig } from './bos-store.js';
export { callRoutes } from './routes.js';
export { recordingStorageRoutes } from './storage-routes.js';
