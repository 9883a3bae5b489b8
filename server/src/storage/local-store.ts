/**
 * The file store on local disk, under one root folder (`DATA_DIR/files` by default). A write
 * goes to a temporary name beside its target and is renamed into place, so a crash mid-write
 * leaves no truncated file under a real key.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { StorageError, checkKey } from './file-store.js';
import type { FileStore } from './file-store.js';

const isMissing = (e: unknown): boolean => (e as NodeJS.ErrnoException).code === 'ENOENT';

function unavailable(what: string, e: unknown): StorageError {
  const code = (e as NodeJS.ErrnoException).code ?? 'unknown';
  // A full disk or too many open files may pass; a permission problem will not.
  const retryable = ['ENOSPC', 'EMFILE', 'ENFILE', 'EAGAIN', 'EBUSY', 'EIO'].includes(code);
  return new StorageError('STORAGE_UNAVAILABLE', `file store: ${what} failed (${code})`, retryable, { cause: e });
}

export class LocalFileStore implements FileStore {
  constructor(readonly root: string) {}

  private pathOf(key: string): string {
    checkKey(key);
    return join(this.root, ...key.split('/'));
  }

  async put(key: string, data: Uint8Array | Readable): Promise<{ sizeBytes: number }> {
    const target = this.pathOf(key);
    const temp = `${target}.${randomBytes(6).toString('hex')}.part`;
    try {
      await mkdir(dirname(target), { recursive: true });
      await pipeline(data instanceof Readable ? data : Readable.from([data]), createWriteStream(temp, { flags: 'wx' }));
      await rename(temp, target);
      return { sizeBytes: (await stat(target)).size };
    } catch (e) {
      await rm(temp, { force: true }).catch(() => undefined);
      if (e instanceof StorageError) throw e;
      throw unavailable(`writing ${key}`, e);
    }
  }

  async open(key: string): Promise<Readable> {
    const path = this.pathOf(key);
    try {
      await stat(path);
    } catch (e) {
      if (isMissing(e)) throw new StorageError('STORAGE_NOT_FOUND', `no file ${key}`, false);
      throw unavailable(`opening ${key}`, e);
    }
    return createReadStream(path);
  }

  async read(key: string): Promise<Buffer> {
    try {
      return await readFile(this.pathOf(key));
    } catch (e) {
      if (e instanceof StorageError) throw e;
      if (isMissing(e)) throw new StorageError('STORAGE_NOT_FOUND', `no file ${key}`, false);
      throw unavailable(`reading ${key}`, e);
    }
  }

  async delete(key: string): Promise<void> {
    try {
      await rm(this.pathOf(key), { force: true });
    } catch (e) {
      if (e instanceof StorageError) throw e;
      throw unavailable(`deleting ${key}`, e);
    }
  }
}
