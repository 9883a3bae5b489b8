/**
 * Where an enterprise's call recordings are kept: the server's file store (local disk) unless
 * the enterprise's admin configured a BOS bucket (Setting `recordingStorage`). A Recording
 * row's `storageKey` says where its file is — a plain key for the local store,
 * `bos://<bucket>/<key>` for BOS — so switching the setting later never strands an old
 * recording: it is read from where it was written (with the enterprise's current credentials).
 */
import { randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { Db } from '@waihu/db';
import type { SecretBox } from '../secrets/box.js';
import { StorageError } from '../storage/index.js';
import type { FileStore } from '../storage/index.js';
import { BosFileStore } from './bos-store.js';
import type { BosConfig } from './bos-store.js';

/** The Setting row's key. */
export const RECORDING_STORAGE_KEY = 'recordingStorage';

/** A bucket and its credentials, the secret key sealed with the server's SecretBox. */
export interface StoredBos {
  readonly endpoint: string;
  readonly bucket: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

/**
 * The setting as stored. `bos` is kept when the enterprise switches back to local disk: the
 * recordings already in the bucket must stay playable.
 */
export interface StoredRecordingStorage {
  readonly kind: 'local' | 'bos';
  readonly bos: StoredBos | null;
}

const BOS_PREFIX = 'bos://';

/** A new key for a recording: enterprise and month make the store browsable, the random part unguessable. */
export function recordingKey(enterpriseId: number, now: Date): string {
  const month = now.toISOString().slice(0, 7).replace('-', '');
  return `recordings/${enterpriseId}/${month}/${randomBytes(12).toString('hex')}.wav`;
}

/** Where one recording goes: the store, and what the Recording row records. */
export interface RecordingTarget {
  readonly store: FileStore;
  /** The Recording.storageKey for a key in this store. */
  locate(key: string): string;
}

export class RecordingStorage {
  constructor(
    private readonly db: Db,
    private readonly local: FileStore,
    private readonly secrets: SecretBox,
    /** Tests pass a factory to watch BOS traffic; by default the SDK-backed store. */
    private readonly bos: (config: BosConfig) => FileStore = (c) => new BosFileStore(c),
  ) {}

  /** The enterprise's setting; `local` when it has none. */
  async setting(enterpriseId: number): Promise<StoredRecordingStorage> {
    const row = await this.db.setting.findUnique({ where: { enterpriseId_key: { enterpriseId, key: RECORDING_STORAGE_KEY } } });
    return row ? (JSON.parse(row.value) as StoredRecordingStorage) : { kind: 'local', bos: null };
  }

  private async bosStore(enterpriseId: number, bucket?: string): Promise<FileStore> {
    const { bos } = await this.setting(enterpriseId);
    if (!bos) throw new StorageError('STORAGE_UNAVAILABLE', 'the recording is on BOS but the enterprise has no BOS credentials configured', false);
    return this.bos({ endpoint: bos.endpoint, bucket: bucket ?? bos.bucket, accessKeyId: bos.accessKeyId, secretAccessKey: this.secrets.open(bos.secretAccessKey) });
  }

  /** Where a new recording of this enterprise goes. */
  async target(enterpriseId: number): Promise<RecordingTarget> {
    const s = await this.setting(enterpriseId);
    if (s.kind === 'local' || !s.bos) return { store: this.local, locate: (key) => key };
    const bucket = s.bos.bucket;
    return { store: await this.bosStore(enterpriseId), locate: (key) => `${BOS_PREFIX}${bucket}/${key}` };
  }

  /** The store and key a Recording.storageKey names. */
  private async resolve(enterpriseId: number, storageKey: string): Promise<{ store: FileStore; key: string }> {
    if (!storageKey.startsWith(BOS_PREFIX)) return { store: this.local, key: storageKey };
    const rest = storageKey.slice(BOS_PREFIX.length);
    const slash = rest.indexOf('/');
    return { store: await this.bosStore(enterpriseId, rest.slice(0, slash)), key: rest.slice(slash + 1) };
  }

  async open(enterpriseId: number, storageKey: string): Promise<Readable> {
    const { store, key } = await this.resolve(enterpriseId, storageKey);
    return store.open(key);
  }

  async delete(enterpriseId: number, storageKey: string): Promise<void> {
    const { store, key } = await this.resolve(enterpriseId, storageKey);
    await store.delete(key);
  }
}
