import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { loadScript, exportScript } from '@waihu/workbook';
import { newFlow } from '@waihu/engine';
import type { Template } from '@waihu/engine';
import { SAMPLES } from '@waihu/scripts-templates';
import { databases, multipart, startApi } from './support.js';
import type { TestApi } from './support.js';

const kinds = await databases();
const loan = SAMPLES.find((s) => s.id === 'loan')!;

describe.each(kinds)('scripts on %s', (kind) => {
  let api: TestApi;
  let admin: string;
  let leader: string;
  beforeAll(async () => {
    api = await startApi(kind, { uploadMaxBytes: 2 * 1024 * 1024 });
    admin = await api.login('acme');
    leader = await api.login('1001@acme');
  });
  afterAll(async () => { await api?.close(); });

  const upload = (token: string, name: string, bytes: Uint8Array, url = '/api/scripts') => {
    const body = multipart(name, bytes);
    return api.app.inject({ method: 'POST', url, headers: { ...body.headers, authorization: `Bearer ${token}` }, payload: body.payload });
  };

  it('uploads a sample spreadsheet, lists and reads it back', async () => {
    const r = await upload(admin, 'loan.xlsx', await readFile(loan.xlsx));
    expect(r.statusCode).toBe(201);
    const { script } = r.json();
    expect(script).toMatchObject({ name: loan.name, currentVersion: 1, revision: 0 });
    const list = await api.call('GET', '/api/scripts', leader);
    expect(list.json().items.map((s: { name: string }) => s.name)).toContain(loan.name);
    const got = await api.call('GET', `/api/scripts/${script.id}`, leader);
    expect(got.json().template).toEqual(loan.template);
  });

  it('stores nothing and returns every located issue when the script is broken', async () => {
    const before = await api.db.template.count();
    const broken: Template = { ...loan.template, flows: [newFlow('开场白', '', { positiveJump: '不存在' })] };
    const r = await upload(admin, 'broken.xlsx', exportScript(broken));
    expect(r.statusCode).toBe(422);
    expect(r.json().error.code).toBe('SCRIPT_INVALID');
    expect(r.json().error.details.issues.map((i: { code: string; sheet: string; row: number; column: string }) => [i.code, i.sheet, i.row, i.column])).toEqual(expect.arrayContaining([
      ['FLOW_PROMPT_MISSING', '流程', 3, 'B'], ['FLOW_JUMP_UNKNOWN', '流程', 3, 'F'], ['FLOW_NO_TERMINATE', '流程', null, 'N'],
    ]));
    expect(await api.db.template.count()).toBe(before);
  });

  it('refuses files that are not spreadsheets, too large, cut off or not multipart, with codes', async () => {
    const body = multipart('loan.xlsx', await readFile(loan.xlsx));
    const cut = await api.app.inject({ method: 'POST', url: '/api/scripts', headers: { ...body.headers, authorization: `Bearer ${admin}` }, payload: body.payload.subarray(0, 300) });
    expect([cut.statusCode, cut.json().error.code]).toEqual([400, 'MALFORMED_BODY']);
    const text = await upload(admin, 'notes.xlsx', Buffer.from('这不是表格'));
    expect([text.statusCode, text.json().error.code]).toEqual([400, 'NOT_A_SPREADSHEET']);
    const big = await upload(admin, 'big.xlsx', Buffer.alloc(3 * 1024 * 1024, 1));
    expect([big.statusCode, big.json().error.code]).toEqual([413, 'UPLOAD_TOO_LARGE']);
    const json = await api.call('POST', '/api/scripts', admin, { file: 'x' });
    expect([json.statusCode, json.json().error.code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
  });

  it('saves edits as new immutable versions, refusing a stale revision with 409', async () => {
    const created = (await upload(admin, 'loan.xlsx', await readFile(loan.xlsx))).json().script;
    const edited: Template = { ...loan.template, flows: loan.template.flows.map((f, i) => (i === 0 ? { ...f, prompt: `${f.prompt}（新版）` } : f)) };
    const saved = await api.call('PUT', `/api/scripts/${created.id}`, leader, { revision: 0, template: edited, note: '改开场白' });
    expect(saved.statusCode).toBe(200);
    expect(saved.json().script).toMatchObject({ currentVersion: 2, revision: 1 });
    const stale = await api.call('PUT', `/api/scripts/${created.id}`, admin, { revision: 0, template: loan.template });
    expect([stale.statusCode, stale.json().error.code]).toEqual([409, 'REVISION_CONFLICT']);
    const versions = await api.call('GET', `/api/scripts/${created.id}/versions`, admin);
    expect(versions.json().items.map((v: { number: number }) => v.number)).toEqual([2, 1]);
    const v1 = await api.call('GET', `/api/scripts/${created.id}/versions/1`, admin);
    expect(v1.json().template).toEqual(loan.template);
  });

  it('lets exactly one of two simultaneous edits win', async () => {
    const created = (await upload(admin, 'loan.xlsx', await readFile(loan.xlsx))).json().script;
    const [x, y] = await Promise.all([
      api.call('PUT', `/api/scripts/${created.id}`, admin, { revision: 0, template: loan.template, note: 'x' }),
      api.call('PUT', `/api/scripts/${created.id}`, leader, { revision: 0, template: loan.template, note: 'y' }),
    ]);
    expect([x.statusCode, y.statusCode].sort()).toEqual([200, 409]);
    expect((await api.call('GET', `/api/scripts/${created.id}/versions`, admin)).json().items).toHaveLength(2);
  });

  it('rejects edits that break the script or the shape, saying where', async () => {
    const created = (await upload(admin, 'loan.xlsx', await readFile(loan.xlsx))).json().script;
    const broken = { ...loan.template, flows: loan.template.flows.map((f, i) => (i === 0 ? { ...f, negativeJump: '火星' } : f)) };
    const r = await api.call('PUT', `/api/scripts/${created.id}`, admin, { revision: 0, template: broken });
    expect(r.statusCode).toBe(422);
    expect(r.json().error.details.issues[0]).toMatchObject({ code: 'FLOW_JUMP_UNKNOWN', path: 'flows[0].negativeJump' });
    const shape = await api.call('PUT', `/api/scripts/${created.id}`, admin, { revision: 0, template: { ...loan.template, flows: [{ name: 1 }] }, extra: true });
    expect(shape.statusCode).toBe(400);
    expect(shape.json().error.code).toBe('VALIDATION');
    const bad = await api.app.inject({ method: 'PUT', url: `/api/scripts/${created.id}`, headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' }, payload: '{"revision": 0, "template": ' });
    expect([bad.statusCode, bad.json().error.code]).toEqual([400, 'MALFORMED_BODY']);
  });

  it('keeps SQL and HTML in text verbatim', async () => {
    const created = (await upload(admin, 'loan.xlsx', await readFile(loan.xlsx))).json().script;
    const nasty = `<script>alert(1)</script>'; DROP TABLE "Template"; --`;
    const r = await api.call('PATCH', `/api/scripts/${created.id}`, admin, { revision: 0, name: nasty });
    expect(r.json().script.name).toBe(nasty);
    expect((await api.call('GET', `/api/scripts/${created.id}`, admin)).json().script.name).toBe(nasty);
  });

  it('downloads a spreadsheet that re-imports to the same script, and the blank template', async () => {
    const created = (await upload(admin, 'loan.xlsx', await readFile(loan.xlsx))).json().script;
    for (const format of ['xlsx', 'xls']) {
      const r = await api.call('GET', `/api/scripts/${created.id}/download?format=${format}`, admin);
      expect(r.statusCode).toBe(200);
      expect(r.headers['content-disposition']).toContain(encodeURIComponent(loan.name));
      expect((await loadScript(r.rawPayload)).template).toEqual(loan.template);
    }
    const blank = await api.call('GET', '/api/scripts/blank?format=xls', await api.login('2001@acme'));
    expect(blank.statusCode).toBe(200);
    expect((await loadScript(blank.rawPayload)).issues.map((i) => i.code)).toEqual(['FLOWS_EMPTY']);
  });

  it('simulates a conversation over HTTP with what matched and the grade', async () => {
    const created = (await upload(admin, 'loan.xlsx', await readFile(loan.xlsx))).json().script;
    const r = await api.call('POST', `/api/scripts/${created.id}/simulate`, leader, { lines: ['有需要', '我在上班', '好的', '<transfer ok>'], vars: { 姓名: '张先生' } });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ path: ['开场白', '职业', '信用贷', '转顾问'], grade: 'A', endReason: 'transferred' });
    expect(r.json().turns[2].trace.map((t: { code: string }) => t.code)).toContain('branch');
    const bad = await api.call('POST', `/api/scripts/${created.id}/simulate`, leader, { lines: ['<dtmf x>'] });
    expect([bad.statusCode, bad.json().error.code]).toEqual([400, 'SIMULATE_LINE_INVALID']);
  });

  it('lists unmatched utterances and turns them into a question, a sub-question, a branch word or a correction', async () => {
    const created = (await upload(admin, 'loan.xlsx', await readFile(loan.xlsx))).json().script;
    const add = (text: string, flow: string, count: number) =>
      api.db.unmatchedUtterance.create({ data: { enterpriseId: api.a.id, templateId: created.id, text, flow, count } });
    const q = await add('你们能放多久', '开场白', 5);
    const w = await add('搞个体户的', '职业', 3);
    const c = await add('待款', '开场白', 1);
    const list = await api.call('GET', `/api/scripts/${created.id}/unmatched`, leader);
    expect(list.json().items.map((u: { text: string }) => u.text)).toEqual(['你们能放多久', '搞个体户的', '待款']);
    const asQuestion = await api.call('POST', `/api/scripts/${created.id}/unmatched/${q.id}/resolve`, leader, { revision: 0, as: 'question', answer: '最长可以分36期。' });
    expect(asQuestion.statusCode).toBe(200);
    const branchIndex = loan.template.flows.find((f) => f.name === '职业')!.branches.length;
    const asBranch = await api.call('POST', `/api/scripts/${created.id}/unmatched/${w.id}/resolve`, leader, { revision: 1, as: 'branch', flow: '职业', branch: branchIndex });
    expect(asBranch.statusCode).toBe(200);
    const asCorrection = await api.call('POST', `/api/scripts/${created.id}/unmatched/${c.id}/resolve`, leader, { revision: 2, as: 'correction', correction: '贷款' });
    expect(asCorrection.json().script).toMatchObject({ currentVersion: 4, revision: 3 });
    const now = (await api.call('GET', `/api/scripts/${created.id}`, leader)).json().template as Template;
    expect(now.questions.at(-1)).toMatchObject({ question: '你们能放多久', answer: '最长可以分36期。' });
    expect(now.flows.find((f) => f.name === '职业')!.branches[branchIndex - 1]!.words).toContain('搞个体户的');
    expect(now.corrections.at(-1)).toEqual({ keyword: '待款', correction: '贷款' });
    expect((await api.call('GET', `/api/scripts/${created.id}/unmatched`, leader)).json().items).toEqual([]);
    const stale = await api.call('POST', `/api/scripts/${created.id}/unmatched/${q.id}/resolve`, leader, { revision: 0, as: 'question', answer: 'x' });
    expect(stale.statusCode).toBe(409);
  });

  it('shares a script with other enterprises, who can copy but not change it', async () => {
    const created = (await upload(admin, 'loan.xlsx', await readFile(loan.xlsx))).json().script;
    const bravo = await api.login('bravo');
    expect((await api.call('GET', '/api/scripts/shared', bravo)).json().items.map((s: { id: number }) => s.id)).not.toContain(created.id);
    await api.call('PATCH', `/api/scripts/${created.id}`, admin, { revision: 0, shared: true });
    const shared = (await api.call('GET', '/api/scripts/shared', bravo)).json().items;
    expect(shared.find((s: { id: number }) => s.id === created.id)).toMatchObject({ name: loan.name, from: '企业acme' });
    expect((await api.call('GET', '/api/scripts/shared', admin)).json().items.map((s: { id: number }) => s.id)).not.toContain(created.id);
    const copy = await api.call('POST', `/api/scripts/shared/${created.id}/copy`, bravo, { name: '借鉴的贷款话术' });
    expect(copy.statusCode).toBe(201);
    const mine = copy.json().script.id as number;
    expect((await api.call('GET', `/api/scripts/${mine}`, bravo)).json().template).toEqual(loan.template);
    expect((await api.call('GET', `/api/scripts/${created.id}`, bravo)).statusCode).toBe(404);
    await api.call('PATCH', `/api/scripts/${created.id}`, admin, { revision: 1, shared: false });
    expect((await api.call('POST', `/api/scripts/shared/${created.id}/copy`, bravo, {})).statusCode).toBe(404);
  });
});

