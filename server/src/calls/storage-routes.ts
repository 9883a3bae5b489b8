/**
 * 录音存储: where an enterprise's call recordings go — the server's disk (the default) or the
 * enterprise's own Baidu Object Storage bucket. Saving BOS settings first writes and deletes a
 * small probe object with them, so wrong credentials or an unreachable endpoint are refused
 * here, not discovered after the first call. The secret key is sealed and never returned.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Services } from '../app.js';
import { ADMINS } from '../auth/roles.js';
import { dbOf, enterpriseOf, principalOf } from '../auth/plugin.js';
import { ApiError } from '../errors.js';
import { tenantOwned } from '../tenancy.js';
import { StorageError } from '../storage/index.js';
import type { FileStore } from '../storage/index.js';
import type { BosConfig } from './bos-store.js';
import { BosFileStore } from './bos-store.js';
import { RECORDING_STORAGE_KEY } from './recordings.js';
import type { StoredRecordingStorage } from './recordings.js';

type Body = { kind: 'local' } | { kind: 'bos'; endpoint: string; bucket: string; accessKeyId: string; secretAccessKey: string };

const viewSchema = {
  type: 'object',
  properties: {
    kind: { type: 'string', enum: ['local', 'bos'], description: 'where new recordings go' },
    bos: {
      type: ['object', 'null'], description: 'the bucket (kept after switching back to local: older recordings are read from it)',
      properties: {
        endpoint: { type: 'string' }, bucket: { type: 'string' }, accessKeyId: { type: 'string' },
        secretAccessKeySet: { type: 'boolean', description: 'the secret key is stored (never returned)' },
      },
    },
  },
} as const;

function view(s: StoredRecordingStorage): Record<string, unknown> {
  return { kind: s.kind, bos: s.bos ? { endpoint: s.bos.endpoint, bucket: s.bos.bucket, accessKeyId: s.bos.accessKeyId, secretAccessKeySet: true } : null };
}

export async function recordingStorageRoutes(
  app: FastifyInstance,
  services: Services & { bosStore?: (c: BosConfig) => FileStore },
): Promise<void> {
  const bos = services.bosStore ?? ((c: BosConfig) => new BosFileStore(c));

  app.get('/settings/recording-storage', {
    config: { roles: ADMINS },
    schema: { tags: ['settings'], summary: '录音存储 Where call recordings are kept: local disk or a BOS bucket', response: { 200: viewSchema } },
  }, async (request) => {
    return view(await services.recordings.setting(enterpriseOf(request)));
  });

  app.put<{ Body: Body }>('/settings/recording-storage', {
    config: { roles: ADMINS },
    schema: {
      tags: ['settings'],
      summary: '录音存储 Keep new recordings on local disk, or in a Baidu Object Storage bucket (checked with a probe object first)',
      body: {
        type: 'object', required: ['kind'],
        oneOf: [
          { type: 'object', additionalProperties: false, required: ['kind'], properties: { kind: { const: 'local' } } },
          {
            type: 'object', additionalProperties: false, required: ['kind', 'endpoint', 'bucket', 'accessKeyId', 'secretAccessKey'],
            properties: {
              kind: { const: 'bos' },
              endpoint: { type: 'string', pattern: '^https?://[^/\\s]+/?$', maxLength: 200, description: 'e.g. https://bj.bcebos.com' },
              bucket: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$', description: 'BOS bucket names: 3–63 lowercase letters, digits, hyphens' },
              accessKeyId: { type: 'string', minLength: 1, maxLength: 200 },
              secretAccessKey: { type: 'string', minLength: 1, maxLength: 200 },
            },
          },
        ],
      },
      response: { 200: viewSchema },
    },
  }, async (request) => {
    const b = request.body;
    let stored: StoredRecordingStorage;
    if (b.kind === 'local') {
      stored = { kind: 'local', bos: (await services.recordings.setting(enterpriseOf(request))).bos };
    } else {
      const config = { endpoint: b.endpoint.replace(/\/$/, ''), bucket: b.bucket, accessKeyId: b.accessKeyId, secretAccessKey: b.secretAccessKey };
      const store = bos(config);
      const probe = `recordings/probe-${randomBytes(8).toString('hex')}.txt`;
      try {
        await store.put(probe, Buffer.from('waihu'));
        await store.delete(probe);
      } catch (e) {
        if (!(e instanceof StorageError)) throw e;
        throw new ApiError(422, 'RECORDING_STORAGE_UNREACHABLE', `the bucket could not be written with these settings: ${e.message}`, { zh: '无法使用该配置写入存储桶' }, e.retryable);
      }
      stored = { kind: 'bos', bos: { ...config, secretAccessKey: services.secrets.seal(b.secretAccessKey) } };
    }
    const now = new Date(services.clock());
    await dbOf(request).setting.upsert({
      where: { enterpriseId_key: { enterpriseId: enterpriseOf(request), key: RECORDING_STORAGE_KEY } },
      create: tenantOwned({ key: RECORDING_STORAGE_KEY, value: JSON.stringify(stored), updatedById: principalOf(request).userId, updatedAt: now }),
      update: { value: JSON.stringify(stored), updatedById: principalOf(request).userId, updatedAt: now },
    });
    return view(stored);
  });
}
