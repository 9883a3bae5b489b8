/**
 * 未匹配管理: what callees said that the script did not understand, per script, and turning one
 * into a question, a sub-question, a branch word or a correction in one call (a new version).
 */
import type { FastifyInstance } from 'fastify';
import { compileTemplate, hasErrors, newQuestion } from '@waihu/engine';
import type { Template as ScriptTemplate } from '@waihu/engine';
import type { Db } from '@waihu/db';
import { ApiError, notFound } from '../errors.js';
import { MANAGERS } from '../auth/roles.js';
import { dbOf, principalOf } from '../auth/plugin.js';
import { addVersion, getScript, getVersion } from './store.js';

export type Resolution =
  | { readonly as: 'question'; readonly question?: string; readonly answer: string; readonly after?: 'return' | 'wait' | 'next' | 'hangup' }
  | { readonly as: 'alternative'; readonly questionIndex: number }
  | { readonly as: 'branch'; readonly flow: string; readonly branch: number }
  | { readonly as: 'correction'; readonly keyword?: string; readonly correction: string };

/** The script with the unmatched text folded in, or a coded error saying what does not fit. */
export function applyResolution(t: ScriptTemplate, text: string, r: Resolution): ScriptTemplate {
  switch (r.as) {
    case 'question':
      return { ...t, questions: [...t.questions, newQuestion(r.question ?? text, r.answer, { after: r.after ?? 'return' })] };
    case 'alternative': {
      const q = t.questions[r.questionIndex];
      if (!q) throw new ApiError(400, 'QUESTION_UNKNOWN', `no question #${r.questionIndex}`);
      return { ...t, questions: t.questions.map((x, i) => (i === r.questionIndex ? { ...x, alternatives: [...x.alternatives, text] } : x)) };
    }
    case 'branch': {
      const at = t.flows.findIndex((f) => f.name === r.flow);
      const flow = t.flows[at];
      if (!flow) throw new ApiError(400, 'FLOW_UNKNOWN', `no flow "${r.flow}"`);
      const branch = flow.branches[r.branch - 1];
      if (!branch) throw new ApiError(400, 'BRANCH_UNKNOWN', `flow "${r.flow}" has no branch ${r.branch}`);
      const branches = flow.branches.map((b, i) => (i === r.branch - 1 ? { ...b, words: [...b.words, text] } : b));
      return { ...t, flows: t.flows.map((f, i) => (i === at ? { ...f, branches } : f)) };
    }
    case 'correction':
      return { ...t, corrections: [...t.corrections, { keyword: r.keyword ?? text, correction: r.correction }] };
  }
}

async function unmatchedRow(db: Db, templateId: number, id: number): Promise<{ id: number; text: string }> {
  const row = await db.unmatchedUtterance.findFirst({ where: { id, templateId } });
  if (!row) throw notFound('unmatched utterance');
  return row;
}

export async function unmatchedRoutes(app: FastifyInstance): Promise<void> {
  const ids = { type: 'object', required: ['id'], properties: { id: { type: 'integer', minimum: 1 }, uid: { type: 'integer', minimum: 1 } } } as const;

  app.get<{ Params: { id: number }; Querystring: { flow?: string; resolved?: boolean; page: number; pageSize: number } }>('/scripts/:id/unmatched', {
    config: { roles: MANAGERS },
    schema: {
      tags: ['scripts'], summary: '未匹配管理 Utterances the script did not understand, most frequent first', params: ids,
      querystring: { type: 'object', additionalProperties: false, properties: { flow: { type: 'string', maxLength: 200 }, resolved: { type: 'boolean', default: false }, page: { type: 'integer', minimum: 1, default: 1 }, pageSize: { type: 'integer', minimum: 1, maximum: 200, default: 50 } } },
    },
  }, async (request) => {
    const db = dbOf(request);
    await getScript(db, request.params.id);
    const { flow, resolved, page, pageSize } = request.query;
    const where = { templateId: request.params.id, ...(flow ? { flow } : {}), resolvedAt: resolved ? { not: null } : null };
    const [items, total] = await Promise.all([
      db.unmatchedUtterance.findMany({ where, orderBy: [{ count: 'desc' }, { lastSeenAt: 'desc' }], skip: (page - 1) * pageSize, take: pageSize }),
      db.unmatchedUtterance.count({ where }),
    ]);
    return { total, items: items.map((u) => ({ id: u.id, text: u.text, flow: u.flow, count: u.count, firstSeenAt: u.firstSeenAt.toISOString(), lastSeenAt: u.lastSeenAt.toISOString(), resolvedAt: u.resolvedAt?.toISOString() ?? null })) };
  });

  app.post<{ Params: { id: number; uid: number }; Body: Resolution & { revision: number } }>('/scripts/:id/unmatched/:uid/resolve', {
    config: { roles: MANAGERS },
    schema: {
      tags: ['scripts'], summary: 'Turn an unmatched utterance into a question, a sub-question, a branch word or a correction (a new version)',
      params: ids,
      body: {
        type: 'object', required: ['revision', 'as'],
        properties: {
          revision: { type: 'integer', minimum: 0 },
          as: { type: 'string', enum: ['question', 'alternative', 'branch', 'correction'] },
          question: { type: 'string', minLength: 1, maxLength: 200 }, answer: { type: 'string', minLength: 1, maxLength: 4000 },
          after: { type: 'string', enum: ['return', 'wait', 'next', 'hangup'] },
          questionIndex: { type: 'integer', minimum: 0 }, flow: { type: 'string', minLength: 1, maxLength: 200 }, branch: { type: 'integer', minimum: 1 },
          keyword: { type: 'string', minLength: 1, maxLength: 200 }, correction: { type: 'string', minLength: 1, maxLength: 200 },
        },
        additionalProperties: false,
      },
    },
  }, async (request) => {
    const db = dbOf(request);
    const script = await getScript(db, request.params.id);
    const row = await unmatchedRow(db, script.id, request.params.uid);
    const body = request.body;
    if (body.as === 'question' && !body.answer) throw new ApiError(400, 'VALIDATION', 'a new question needs an answer');
    if (body.as === 'correction' && !body.correction) throw new ApiError(400, 'VALIDATION', 'a correction needs the corrected text');
    const { template } = await getVersion(db, script.id, script.currentVersion);
    const changed = applyResolution(template, row.text, body);
    const checked = compileTemplate(changed);
    if (hasErrors(checked.issues)) throw new ApiError(422, 'SCRIPT_INVALID', 'the change would break the script', { issues: checked.issues });
    const saved = await addVersion(db, principalOf(request).userId, script.id, body.revision, changed, `未匹配“${row.text}”→${body.as}`);
    await db.unmatchedUtterance.update({ where: { id: row.id }, data: { resolvedAt: new Date() } });
    return { script: saved, warnings: checked.issues };
  });
}
