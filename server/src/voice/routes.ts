/** 语音文件管理 over HTTP: upload (any common format), list, listen, rename, delete. */
import type { FastifyInstance } from 'fastify';
import type { Prisma } from '@waihu/db';
import type { Services } from '../app.js';
import { MANAGERS, MEMBERS } from '../auth/roles.js';
import { dbOf, enterpriseOf, principalOf } from '../auth/plugin.js';
import { ApiError, conflict, notFound } from '../errors.js';
import { isUniqueViolation } from '@waihu/db';
import { readUpload } from '../http/spreadsheets.js';
import { StorageError, storageApiError } from '../storage/index.js';
import { deleteVoice, uploadVoice, voiceFileView, voiceName } from './service.js';
import type { VoiceKind } from './service.js';
import { mustExist } from '../http/exists.js';

const TAGS = ['voice'];
const KINDS = ['prompt', 'ringback'] as const;
const idParams = { type: 'object', required: ['id'], additionalProperties: false, properties: { id: { type: 'integer', minimum: 1 } } } as const;
const voiceSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' }, name: { type: 'string' }, kind: { type: 'string', enum: KINDS }, note: { type: ['string', 'null'] },
    originalName: { type: ['string', 'null'] }, durationMs: { type: 'integer' }, sizeBytes: { type: 'integer' },
    url: { type: 'string', description: 'the converted audio (8 kHz 16-bit mono WAV)' }, createdAt: { type: 'string' },
  },
} as const;

const voiceExists = mustExist('voice file', (db, id) => db.voiceFile.findUnique({ where: { id }, select: { id: true } }));

export async function voiceRoutes(app: FastifyInstance, services: Services): Promise<void> {
  app.post('/voice-files', {
    config: { roles: MANAGERS },
    schema: {
      tags: TAGS, consumes: ['multipart/form-data'],
      summary: '上传语音 Upload a recording (wav, mp3, m4a/aac, amr, ogg, opus, flac; field "file"; optional fields name, kind prompt|ringback, note); it is converted to 8 kHz 16-bit mono',
      response: {
        201: {
          type: 'object',
          properties: {
            voiceFile: voiceSchema,
            warnings: { type: 'array', items: { type: 'object', properties: { code: { type: 'string' }, message: { type: 'string' } } }, description: 'loudness findings: too quiet, clipping, long silences' },
          },
        },
      },
    },
  }, async (request, reply) => {
    const { bytes, fileName, fields } = await readUpload(request);
    const kind = fields['kind'] ?? 'prompt';
    if (!(KINDS as readonly string[]).includes(kind)) throw new ApiError(400, 'VALIDATION', 'kind must be prompt or ringback', [{ path: '/kind', code: 'VALIDATION', message: 'prompt or ringback' }]);
    const note = fields['note']?.trim() || null;
    if (note !== null && note.length > 1000) throw new ApiError(400, 'VALIDATION', 'the note is longer than 1,000 characters', [{ path: '/note', code: 'VALIDATION', message: 'at most 1,000 characters' }]);
    const result = await uploadVoice(dbOf(request), services.files, services.voice, {
      enterpriseId: enterpriseOf(request), name: voiceName(fields['name'], fileName), kind: kind as VoiceKind, note, fileName, bytes,
      createdById: principalOf(request).userId, now: new Date(services.clock()),
    });
    return reply.status(201).send(result);
  });

  app.get<{ Querystring: { q?: string; kind?: VoiceKind } }>('/voice-files', {
    config: { roles: MANAGERS },
    schema: {
      tags: TAGS, summary: '语音文件 The enterprise\'s recordings, newest first',
      querystring: { type: 'object', additionalProperties: false, properties: { q: { type: 'string', minLength: 1, maxLength: 100 }, kind: { type: 'string', enum: KINDS } } },
      response: { 200: { type: 'object', properties: { items: { type: 'array', items: voiceSchema } } } },
    },
  }, async (request) => {
    const where: Prisma.VoiceFileWhereInput = { ...(request.query.q ? { name: { contains: request.query.q } } : {}), ...(request.query.kind ? { kind: request.query.kind } : {}) };
    return { items: (await dbOf(request).voiceFile.findMany({ where, orderBy: { id: 'desc' }, take: 5_000 })).map(voiceFileView) };
  });

  app.get<{ Params: { id: number } }>('/voice-files/:id/audio', {
    config: { roles: MEMBERS },
    schema: { tags: TAGS, summary: '试听 The converted recording as WAV', params: idParams, response: { 200: { type: 'string', format: 'binary' } } },
  }, async (request, reply) => {
    const row = await dbOf(request).voiceFile.findUnique({ where: { id: request.params.id } });
    if (!row) throw notFound('voice file');
    try {
      const stream = await services.files.open(row.storageKey);
      return reply.header('content-type', 'audio/wav').header('content-length', row.sizeBytes)
        .header('content-disposition', `inline; filename="voice.wav"; filename*=UTF-8''${encodeURIComponent(`${row.name}.wav`)}`).send(stream);
    } catch (e) {
      if (e instanceof StorageError) throw storageApiError(e);
      throw e;
    }
  });

  app.patch<{ Params: { id: number }; Body: { name?: string; kind?: VoiceKind; note?: string | null } }>('/voice-files/:id', {
    config: { roles: MANAGERS },
    preValidation: voiceExists,
    schema: {
      tags: TAGS, summary: '编辑语音 Rename a recording or change its kind or note', params: idParams,
      body: {
        type: 'object', additionalProperties: false, minProperties: 1,
        properties: { name: { type: 'string', minLength: 1, maxLength: 100 }, kind: { type: 'string', enum: KINDS }, note: { type: ['string', 'null'], maxLength: 1000 } },
      },
      response: { 200: { type: 'object', properties: { voiceFile: voiceSchema } } },
    },
  }, async (request) => {
    const { name, kind, note } = request.body;
    try {
      const row = await dbOf(request).voiceFile.update({
        where: { id: request.params.id },
        data: { ...(name !== undefined ? { name: name.trim() } : {}), ...(kind !== undefined ? { kind } : {}), ...(note !== undefined ? { note: note?.trim() || null } : {}) },
      });
      return { voiceFile: voiceFileView(row) };
    } catch (e) {
      if (isUniqueViolation(e)) throw conflict('VOICE_NAME_TAKEN', `a voice file named "${name}" already exists`, { name });
      throw e;
    }
  });

  app.delete<{ Params: { id: number } }>('/voice-files/:id', {
    config: { roles: MANAGERS },
    schema: { tags: TAGS, summary: '删除语音 Delete a recording', params: idParams, response: { 204: { type: 'null' } } },
  }, async (request, reply) => {
    await deleteVoice(dbOf(request), services.files, request.params.id);
    return reply.status(204).send();
  });
}
