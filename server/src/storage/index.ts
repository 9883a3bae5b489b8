/** The file store and the files kept in it for each enterprise. */
export { StorageError, checkKey } from './file-store.js';
export type { FileStore, StorageErrorCode } from './file-store.js';
export { LocalFileStore } from './local-store.js';
export { REPORT_TTL_MS, fileUrl, saveFile, storageApiError, storedFileSchema, sweepExpiredFiles } from './stored-files.js';
export type { SaveFileInput, StoredFileKind, StoredFileView } from './stored-files.js';
export { fileRoutes } from './routes.js';
export { reportKeeper } from './keeper.js';
export type { FileToKeep, KeepFile } from './keeper.js';
