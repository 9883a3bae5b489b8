/**
 * Downloading a stored file: `GET /api/files/:id`. The row is read through the caller's scoped
 * client, so another enterprise's file is a 404. Within the enterprise, managers see every file;
 * an agent only the files they made (an import report holds other people's customers).
 */
import type { FastifyInstance } from 'fastify';
import type { Services } from '../app.js';
import { ApiError, notFound } from '../errors.js';
import { MANAGERS, MEMBERS } from '../auth/roles.js';
import { dbOf, principalOf } from '../auth/plugin.js';
import { StorageError } from './file-store.js';
import type { FileStore } from './file-store.js';
import { storageApiError } from './stored-files.js';

const errorSchema = {
  type: 'object',
  properties: { error: { type: 'object', properties: { code: { type: 'string' }, message: { type: 'string' }, retryable: { type: 'boolean' } } } },
} as const;

export async function fileRoutes(app: FastifyInstance, services: Services & { files: FileStore }): Promise<void> {
  app.get<{ Params: { id: number } }>('/files/:id', {
    config: { roles: MEMBERS },
    schema: {
      tags: ['files'],
      summary: 'Download a stored file (a report of rejected import rows, an export)',
      params: { type: 'object', required: ['id'], additionalProperties: false, properties: { id: { type: 'integer', minimum: 1 } } },
      response: { 200: { description: 'the file', type: 'string', format: 'binary' }, '4xx': errorSchema, '5xx': errorSchema },
    },
  }, async (request, reply) => {
    const principal = principalOf(request);
    const row = await dbOf(request).storedFile.findUnique({ where: { id: request.params.id } });
    if (!row || (!MANAGERS.includes(principal.role) && row.createdById !== principal.userId)) throw notFound('file');
    if (row.expiresAt !== null && row.expiresAt.getTime() <= services.clock()) {
      throw new ApiError(410, 'FILE_EXPIRED', `the file expired at ${row.expiresAt.toISOString()}; import again for a new report`);
    }
    let stream;
    try {
      stream = await services.files.open(row.storageKey);
    } catch (e) {
      if (e instanceof StorageError) throw storageApiError(e);
      throw e;
    }
    const ascii = row.fileName.replace(/[^\x20-\x7e]|["\\]/g, '_');
    return reply
      .header('content-type', row.contentType)
      .header('content-length', row.sizeBytes)
      .header('content-disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(row.fileName)}`)
      .send(stream);
  });
}
