/**
 * The file store on Baidu Object Storage (BOS), through Baidu's own SDK (`@baiducloud/sdk`,
 * which signs every request with bce-auth-v1). Used for an enterprise's recordings when its
 * admin configures a bucket; everything else stays on the local store.
 *
 * The SDK is CommonJS without type declarations, so it is loaded with `createRequire` and only
 * the three calls used here are typed.
 */
import { createRequire } from 'node:module';
import { Readable } from 'node:stream';
import { StorageError, checkKey } from '../storage/index.js';
import type { FileStore } from '../storage/index.js';

/** Where an enterprise's bucket is and how to reach it. */
export interface BosConfig {
  /** e.g. `https://bj.bcebos.com` (the region's endpoint), or a local test server. */
  readonly endpoint: string;
  readonly bucket: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

interface SdkResponse {
  readonly http_headers: Record<string, string>;
  readonly body: unknown;
}
interface SdkBosClient {
  putObject(bucket: string, key: string, data: Buffer, options?: { headers?: Record<string, string | number> }): Promise<SdkResponse>;
  getObject(bucket: string, key: string): Promise<SdkResponse>;
  deleteObject(bucket: string, key: string): Promise<SdkResponse>;
}
interface Sdk {
  BosClient: new (config: { endpoint: string; credentials: { ak: string; sk: string } }) => SdkBosClient;
}

let sdk: Sdk | null = null;
function loadSdk(): Sdk {
  sdk ??= createRequire(import.meta.url)('@baiducloud/sdk') as Sdk;
  return sdk;
}

/** What the SDK rejects with: an HTTP error carries `status_code` and BOS's `code`. */
interface SdkError {
  readonly status_code?: number;
  readonly code?: string;
  readonly message?: string;
}

function storageError(what: string, key: string, e: unknown): StorageError {
  const err = (e ?? {}) as SdkError;
  const status = typeof err.status_code === 'number' ? err.status_code : null;
  if (status === 404) return new StorageError('STORAGE_NOT_FOUND', `no file ${key}`, false, { cause: e });
  // No HTTP status: the network (refused, reset, DNS). 5xx, 429 and a request timeout may pass;
  // other 4xx (bad credentials, no such bucket, access denied) need the configuration fixed.
  const retryable = status === null || status >= 500 || status === 429 || status === 408;
  const why = status === null ? (err.message ?? String(e)) : `HTTP ${status} ${err.code ?? ''}`.trim();
  return new StorageError('STORAGE_UNAVAILABLE', `BOS: ${what} ${key} failed (${why})`, retryable, { cause: e });
}

async function bytesOf(data: Uint8Array | Readable): Promise<Buffer> {
  if (!(data instanceof Readable)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const chunks: Buffer[] = [];
  for await (const chunk of data) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}

export class BosFileStore implements FileStore {
  private readonly client: SdkBosClient;

  constructor(readonly config: BosConfig) {
    const { BosClient } = loadSdk();
    this.client = new BosClient({ endpoint: config.endpoint, credentials: { ak: config.accessKeyId, sk: config.secretAccessKey } });
  }

  async put(key: string, data: Uint8Array | Readable): Promise<{ sizeBytes: number }> {
    checkKey(key);
    // A PutObject is all-or-nothing on BOS, so a reader never sees half a file. Recordings
    // are a few MB, so the body is sent from memory with its exact length.
    const body = await bytesOf(data);
    try {
      await this.client.putObject(this.config.bucket, key, body, { headers: { 'Content-Length': body.length, 'Content-Type': contentType(key) } });
    } catch (e) {
      throw storageError('writing', key, e);
    }
    return { sizeBytes: body.length };
  }

  async read(key: string): Promise<Buffer> {
    checkKey(key);
    try {
      const r = await this.client.getObject(this.config.bucket, key);
      return r.body as Buffer;
    } catch (e) {
      throw storageError('reading', key, e);
    }
  }

  async open(key: string): Promise<Readable> {
    return Readable.from([await this.read(key)]);
  }

  async delete(key: string): Promise<void> {
    checkKey(key);
    try {
      await this.client.deleteObject(this.config.bucket, key);
    } catch (e) {
      const err = storageError('deleting', key, e);
      if (err.code !== 'STORAGE_NOT_FOUND') throw err;
    }
  }
}

function contentType(key: string): string {
  if (key.endsWith('.wav')) return 'audio/wav';
  if (key.endsWith('.mp3')) return 'audio/mpeg';
  return 'application/octet-stream';
}
