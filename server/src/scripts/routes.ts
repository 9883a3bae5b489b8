/**
 * Scripts (话术模板): upload a spreadsheet, list, read, edit as JSON, versions, download, the
 * blank template, and a text simulation over HTTP.
 */
import type { FastifyInstance } from 'fastify';
import { blankWorkbook, compileTemplate, hasErrors, simulate, LineError } from '@waihu/engine';
import type { Template as ScriptTemplate, TemplateIssue } from '@waihu/engine';
import { WorkbookError, exportScript, loadScript, writeWorkbook } from '@waihu/workbook';
import type { Services } from '../app.js';
import { ApiError } from '../errors.js';
import { readUpload, sendSpreadsheet } from '../http/spreadsheets.js';
import { MANAGERS, MEMBERS } from '../auth/roles.js';
import { dbOf, principalOf } from '../auth/plugin.js';
import { templateSchema } from './template-schema.js';
import { addVersion, createScript, getScript, getVersion, listScripts, listVersions, updateMeta } from './store.js';
import { unmatchedRoutes } from './unmatched.js';
import { sharedScriptRoutes } from './shared.js';

const idParams = { type: 'object', required: ['id'], properties: { id: { type: 'integer', minimum: 1 } } } as const;
const formatQuery = { type: 'object', additionalProperties: false, properties: { format: { type: 'string', enum: ['xlsx', 'xls'], default: 'xlsx' }, version: { type: 'integer', minimum: 1 } } } as const;

/** A script that cannot be used: 422 with every located issue, nothing stored. */
function invalid(issues: readonly TemplateIssue[]): ApiError {
  const errors = issues.filter((i) => i.severity === 'error').length;
  return new ApiError(422, 'SCRIPT_INVALID', `the script has ${errors} error(s); nothing was saved`, { issues });
}

async function readScriptFile(bytes: Buffer, fileName: string): Promise<{ template: ScriptTemplate; issues: readonly TemplateIssue[] }> {
  try {
    const loaded = await loadScript(bytes, { fileName });
    if (!loaded.template || !loaded.compiled) throw invalid(loaded.issues);
    return { template: loaded.template, issues: loaded.issues };
  } catch (e) {
    if (e instanceof WorkbookError) throw new ApiError(e.code === 'FILE_TOO_LARGE' ? 413 : 400, e.code, e.messageEn, { zh: e.messageZh }, e.retryable);
    throw e;
  }
}

const stem = (fileName: string): string => fileName.replace(/\.[^.]+$/, '').trim() || '未命名话术';

export async function scriptRoutes(app: FastifyInstance, services: Services): Promise<void> {
  await unmatchedRoutes(app);
  await sharedScriptRoutes(app, services);
  app.get<{ Querystring: { format: 'xlsx' | 'xls' } }>('/scripts/blank', {
    config: { roles: MEMBERS },
    schema: { tags: ['scripts'], summary: '空白模板 The blank script template, every column explained', querystring: formatQuery },
  }, async (request, reply) => sendSpreadsheet(reply, writeWorkbook(blankWorkbook(), { bookType: request.query.format }), '话术模板', request.query.format));

  app.post('/scripts', {
    config: { roles: MANAGERS },
    schema: { tags: ['scripts'], summary: 'Upload a script (.xlsx/.xls, multipart field "file"); 422 with located issues stores nothing', consumes: ['multipart/form-data'] },
  }, async (request, reply) => {
    const { bytes, fileName } = await readUpload(request);
    const { template, issues } = await readScriptFile(bytes, fileName);
    const name = template.settings.name || stem(fileName);
    const script = await createScript(dbOf(request), principalOf(request).userId, name, template, `上传 ${fileName}`);
    return reply.status(201).send({ script, warnings: issues });
  });

  app.get('/scripts', { config: { roles: MANAGERS }, schema: { tags: ['scripts'], summary: 'List scripts' } }, async (request) => ({ items: await listScripts(dbOf(request)) }));

  app.get<{ Params: { id: number } }>('/scripts/:id', {
    config: { roles: MANAGERS },
    schema: { tags: ['scripts'], summary: 'A script with its current version and warnings', params: idParams },
  }, async (request) => {
    const db = dbOf(request);
    const script = await getScript(db, request.params.id);
    const { template } = await getVersion(db, script.id, script.currentVersion);
    return { script, template, warnings: compileTemplate(template).issues };
  });

  app.put<{ Params: { id: number }; Body: { revision: number; template: ScriptTemplate; note?: string } }>('/scripts/:id', {
    config: { roles: MANAGERS },
    schema: {
      tags: ['scripts'], summary: 'Save an edited script as a new version (flows, questions, corrections, words, settings, grade rules); 409 when the revision is stale',
      params: idParams,
      body: { type: 'object', additionalProperties: false, required: ['revision', 'template'], properties: { revision: { type: 'integer', minimum: 0 }, note: { type: 'string', maxLength: 500 }, template: templateSchema } },
    },
  }, async (request) => {
    const { template, revision, note } = request.body;
    const checked = compileTemplate(template);
    if (!checked.template || hasErrors(checked.issues)) throw invalid(checked.issues);
    const script = await addVersion(dbOf(request), principalOf(request).userId, request.params.id, revision, template, note ?? null);
    return { script, warnings: checked.issues };
  });

  app.post<{ Params: { id: number }; Querystring: { revision: number } }>('/scripts/:id/file', {
    config: { roles: MANAGERS },
    schema: {
      tags: ['scripts'], summary: 'Upload a new version of a script from a spreadsheet', params: idParams, consumes: ['multipart/form-data'],
      querystring: { type: 'object', required: ['revision'], properties: { revision: { type: 'integer', minimum: 0 } } },
    },
  }, async (request) => {
    const { bytes, fileName } = await readUpload(request);
    const { template, issues } = await readScriptFile(bytes, fileName);
    const script = await addVersion(dbOf(request), principalOf(request).userId, request.params.id, request.query.revision, template, `上传 ${fileName}`);
    return { script, warnings: issues };
  });

  app.patch<{ Params: { id: number }; Body: { revision: number; name?: string; shared?: boolean } }>('/scripts/:id', {
    config: { roles: MANAGERS },
    schema: {
      tags: ['scripts'], summary: 'Rename or share (是否共享) a script', params: idParams,
      body: { type: 'object', additionalProperties: false, required: ['revision'], properties: { revision: { type: 'integer', minimum: 0 }, name: { type: 'string', minLength: 1, maxLength: 100 }, shared: { type: 'boolean' } } },
    },
  }, async (request) => {
    const { revision, ...changes } = request.body;
    return { script: await updateMeta(dbOf(request), request.params.id, revision, changes) };
  });

  app.get<{ Params: { id: number } }>('/scripts/:id/versions', {
    config: { roles: MANAGERS }, schema: { tags: ['scripts'], summary: 'Versions, newest first', params: idParams },
  }, async (request) => ({ items: await listVersions(dbOf(request), request.params.id) }));

  app.get<{ Params: { id: number; number: number } }>('/scripts/:id/versions/:number', {
    config: { roles: MANAGERS },
    schema: { tags: ['scripts'], summary: 'One version', params: { type: 'object', required: ['id', 'number'], properties: { id: { type: 'integer', minimum: 1 }, number: { type: 'integer', minimum: 1 } } } },
  }, async (request) => getVersion(dbOf(request), request.params.id, request.params.number));

  app.get<{ Params: { id: number }; Querystring: { format: 'xlsx' | 'xls'; version?: number } }>('/scripts/:id/download', {
    config: { roles: MANAGERS }, schema: { tags: ['scripts'], summary: 'Download as a spreadsheet (re-imports to the same script)', params: idParams, querystring: formatQuery },
  }, async (request, reply) => {
    const db = dbOf(request);
    const script = await getScript(db, request.params.id);
    const { template } = await getVersion(db, script.id, request.query.version ?? script.currentVersion);
    return sendSpreadsheet(reply, exportScript(template, request.query.format), script.name, request.query.format);
  });

  app.post<{ Params: { id: number }; Body: { lines: string[]; vars?: Record<string, string>; version?: number } }>('/scripts/:id/simulate', {
    config: { roles: MANAGERS },
    schema: {
      tags: ['scripts'], summary: 'Simulate a conversation: the callee\'s lines in, each turn with what matched and why, tags and grade out',
      params: idParams,
      body: {
        type: 'object', additionalProperties: false, required: ['lines'],
        properties: {
          lines: { type: 'array', maxItems: 200, items: { type: 'string', maxLength: 500 } },
          vars: { type: 'object', maxProperties: 50, additionalProperties: { type: 'string', maxLength: 200 } },
          version: { type: 'integer', minimum: 1 },
        },
      },
    },
  }, async (request) => {
    const db = dbOf(request);
    const script = await getScript(db, request.params.id);
    const { template } = await getVersion(db, script.id, request.body.version ?? script.currentVersion);
    const compiled = compileTemplate(template).template;
    if (!compiled) throw new ApiError(409, 'SCRIPT_NOT_RUNNABLE', 'this version of the script has errors');
    try {
      const sim = simulate(compiled, request.body.lines, { vars: request.body.vars ?? {} });
      return {
        turns: sim.turns.map((t) => ({ callee: t.callee, robot: t.robot, trace: t.trace })),
        path: sim.path, tags: sim.tags, grade: sim.grade, reasons: sim.reasons, endReason: sim.endReason, counters: sim.counters, unmatched: sim.unmatched,
      };
    } catch (e) {
      if (e instanceof LineError) throw new ApiError(400, e.code, e.message, { line: e.line });
      throw e;
    }
  });
}
