/** Phone normalization, custom field values and reading a lead sheet: the parts of leads without a database. */
import { describe, expect, it } from 'vitest';
import type { CellValue } from '@waihu/engine';
import { normalizePhone, phonePrefix } from '../src/leads/phone.js';
import { checkField, checkFieldsObject } from '../src/leads/fields.js';
import type { FieldDef } from '../src/leads/fields.js';
import { findLayout, leadTemplate } from '../src/leads/columns.js';
import { planRows } from '../src/leads/plan.js';
import { decodeReport, encodeReport, reportWorkbook } from '../src/leads/report.js';
import { defaultBatchCode } from '../src/leads/import.js';

describe('normalizePhone', () => {
  it.each([
    ['13800138000', '13800138000', 'mobile'],
    ['+86 138 0013 8000', '13800138000', 'mobile'],
    ['+86-138-0013-8000', '13800138000', 'mobile'],
    ['0086 13800138000', '13800138000', 'mobile'],
    ['8613800138000', '13800138000', 'mobile'],
    ['１３８００１３８０００', '13800138000', 'mobile'],
    ['＋８６ １３９－００１３－９０００', '13900139000', 'mobile'],
    ['138-0013-8000', '13800138000', 'mobile'],
    ['138\u00a00013\u30008000', '13800138000', 'mobile'],
    ['013800138000', '13800138000', 'mobile'],
    ['19912345678', '19912345678', 'mobile'],
    ['010-62345678', '01062345678', 'landline'],
    ['(010) 6234 5678', '01062345678', 'landline'],
    ['（021）62345678', '02162345678', 'landline'],
    ['02162345678', '02162345678', 'landline'],
    ['0755-2345678', '07552345678', 'landline'],
    ['0755-23456789', '075523456789', 'landline'],
    ['+86 10 62345678', '01062345678', 'landline'],
    ['+86 (0)10 62345678', '01062345678', 'landline'],
    ['0086-755-2345678', '07552345678', 'landline'],
    ['400-123-4567', '4001234567', 'service'],
    ['800 888 8888', '8008888888', 'service'],
    ['+86 400 123 4567', '4001234567', 'service'],
  ])('accepts %j as %s (%s)', (input, phone, kind) => {
    expect(normalizePhone(input)).toEqual({ ok: true, phone, kind });
  });

  it('reads number cells, putting back the leading zero a spreadsheet drops from a landline', () => {
    expect(normalizePhone(13800138000)).toMatchObject({ ok: true, phone: '13800138000' });
    expect(normalizePhone(1062345678)).toMatchObject({ ok: true, phone: '01062345678', kind: 'landline' });
    expect(normalizePhone(4001234567)).toMatchObject({ ok: true, phone: '4001234567', kind: 'service' });
    expect(normalizePhone(1.38e10 + 0.5)).toMatchObject({ ok: false, reason: { code: 'PHONE_CHARACTERS' } });
    // As text the missing zero is not guessed: the person typed it that way.
    expect(normalizePhone('1062345678')).toMatchObject({ ok: false, reason: { code: 'PHONE_INVALID' } });
  });

  it.each([
    ['', 'PHONE_EMPTY'],
    ['   ', 'PHONE_EMPTY'],
    [null, 'PHONE_EMPTY'],
    ['abc', 'PHONE_CHARACTERS'],
    ['138OO138000', 'PHONE_CHARACTERS'],
    ['1.38E+10', 'PHONE_CHARACTERS'],
    [true as unknown as string, 'PHONE_CHARACTERS'],
    ['+1 415 555 0100', 'PHONE_FOREIGN'],
    ['00852 2345 6789', 'PHONE_FOREIGN'],
    ['010-62345678-123', 'PHONE_EXTENSION'],
    ['010-62345678转8001', 'PHONE_EXTENSION'],
    ['0755 2345678 ext. 12', 'PHONE_EXTENSION'],
    ['(0755) 2345678-9', 'PHONE_EXTENSION'],
    ['13800138000#12', 'PHONE_EXTENSION'],
    ['62345678', 'PHONE_AREA_CODE_MISSING'],
    ['2345678', 'PHONE_AREA_CODE_MISSING'],
    ['12800138000', 'PHONE_INVALID'],
    ['1380013800', 'PHONE_INVALID'],
    ['138001380001', 'PHONE_INVALID'],
    ['010-12345678', 'PHONE_INVALID'],
    ['026-62345678', 'PHONE_INVALID'],
    ['011-62345678', 'PHONE_INVALID'],
    ['400-123-456', 'PHONE_INVALID'],
    ['10086', 'PHONE_INVALID'],
  ])('refuses %j: %s, with a reason in both languages', (input, code) => {
    const r = normalizePhone(input);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.reason.code).toBe(code);
    expect(r.reason.zh).toMatch(/[\u4e00-\u9fff]/);
    expect(r.reason.en).toMatch(/[a-z]/);
  });
});

describe('custom field values', () => {
  const defs: FieldDef[] = [
    { key: 'wechat', label: '微信', type: 'text', options: [], required: false },
    { key: 'age', label: '年龄', type: 'number', options: [], required: false },
    { key: 'since', label: '首次接触', type: 'date', options: [], required: false },
    { key: 'industry', label: '行业', type: 'select', options: ['教育', '金融'], required: true },
    { key: 'needs', label: '需求', type: 'multiselect', options: ['贷款', '保险', '理财'], required: false },
    { key: 'backup', label: '备用电话', type: 'phone', options: [], required: false },
  ];
  const [wechat, age, since, industry, needs, backup] = defs as [FieldDef, FieldDef, FieldDef, FieldDef, FieldDef, FieldDef];

  it('checks each type, from cells and from JSON', () => {
    expect(checkField(wechat, ' wx_123 ')).toEqual({ ok: true, value: 'wx_123' });
    expect(checkField(wechat, null)).toEqual({ ok: true, value: null });
    expect(checkField(age, '1,200')).toEqual({ ok: true, value: 1200 });
    expect(checkField(age, '三十')).toMatchObject({ ok: false, code: 'FIELD_INVALID' });
    expect(checkField(since, 46000)).toEqual({ ok: true, value: '2025-12-09' });
    expect(checkField(since, '2026年1月31日')).toEqual({ ok: true, value: '2026-01-31' });
    expect(checkField(since, '2026-02-30')).toMatchObject({ ok: false, code: 'FIELD_INVALID' });
    expect(checkField(industry, '金融')).toEqual({ ok: true, value: '金融' });
    expect(checkField(industry, '')).toMatchObject({ ok: false, code: 'FIELD_REQUIRED', zh: '行业为必填项' });
    expect(checkField(industry, '零售')).toMatchObject({ ok: false, code: 'FIELD_INVALID' });
    expect(checkField(needs, '贷款、保险，贷款')).toEqual({ ok: true, value: ['贷款', '保险'] });
    expect(checkField(needs, ['理财'])).toEqual({ ok: true, value: ['理财'] });
    expect(checkField(needs, '股票')).toMatchObject({ ok: false, code: 'FIELD_INVALID' });
    expect(checkField(backup, '010-62345678')).toEqual({ ok: true, value: '01062345678' });
    expect(checkField(backup, '123')).toMatchObject({ ok: false, code: 'FIELD_INVALID' });
  });

  it('checks a fields object: unknown keys, required ones on create, cleared ones on edit', () => {
    expect(checkFieldsObject(defs, { wechat: 'x', nope: 1 }, true).problems.map((p) => [p.key, p.code])).toEqual([['nope', 'FIELD_UNKNOWN'], ['industry', 'FIELD_REQUIRED']]);
    expect(checkFieldsObject(defs, { wechat: null, age: 3 }, false)).toEqual({ fields: { age: 3 }, cleared: ['wechat'], problems: [] });
  });
});

describe('reading a lead sheet', () => {
  const defs: FieldDef[] = [{ key: 'wechat', label: '微信', type: 'text', options: [], required: false }];
  const sheet = (rows: CellValue[][], red: [number, number][] = []) => ({ sheets: [{ name: '数据列表', rows, red }] });

  it('finds the header below notes, maps aliases and custom fields, warns about unknown columns', () => {
    const found = findLayout(sheet([['# 说明', null, null, null], [null, null, null, null], ['手机号码', '客户姓名', 'WeChat', '备注'], ['13800138000', '张三', 'zs', 'x']]), [
      { key: 'wechat', label: '微信号', type: 'text', options: [], required: false },
    ]);
    expect(found.ok).toBe(true);
    if (!found.ok) return;
    expect(found.layout).toMatchObject({ headerRow: 2, phoneCol: 0, nameCol: 1 });
    expect(found.layout.fieldCols.map((f) => [f.col, f.def.key])).toEqual([[2, 'wechat']]);
    expect(found.layout.warnings).toEqual([expect.objectContaining({ code: 'COLUMN_UNKNOWN', sheet: '数据列表', row: 3, column: 'D' })]);
  });

  it('finds a header below a title row', () => {
    const found = findLayout(sheet([['2026年11月 客户名单', null], ['姓名', '电话'], ['张三', '13800138000']]), defs);
    expect(found).toMatchObject({ ok: true, layout: { headerRow: 1, phoneCol: 1, nameCol: 0 } });
    if (found.ok) expect(planRows(found.layout).candidates).toHaveLength(1);
  });

  it('refuses a sheet with no phone column, saying where the header was', () => {
    const found = findLayout(sheet([['流程名称', '话术内容'], ['开场白', '您好']]), defs);
    expect(found).toMatchObject({ ok: false, issues: [{ code: 'PHONE_COLUMN_MISSING', sheet: '数据列表', row: 1, column: null }] });
    expect(findLayout({ sheets: [{ name: 'S', rows: [] }] }, defs)).toMatchObject({ ok: false, issues: [{ code: 'FILE_NO_ROWS' }] });
    const required = findLayout(sheet([['电话'], ['13800138000']]), [{ ...defs[0]!, required: true }]);
    expect(required).toMatchObject({ ok: false, issues: [{ code: 'REQUIRED_COLUMN_MISSING', row: 1 }] });
  });

  it('plans rows: skips blank and note rows (# or red), rejects bad phones and in-file duplicates with the first row', () => {
    const found = findLayout(sheet([
      ['姓名', '电话', '微信'],
      ['# 示例', null, null],
      ['张三', '138 0013 8000', 'zs'],
      [null, null, null],
      ['李四', '12345', null],
      ['王五', '+8613800138000', null],
      ['红字说明', '13900139000', null],
      ['赵六', 13700137000, null],
    ], [[6, 0]]), defs);
    if (!found.ok) throw new Error('layout');
    const plan = planRows(found.layout);
    expect(plan.total).toBe(4);
    expect(plan.candidates).toEqual([
      { row: 3, name: '张三', phone: '13800138000', fields: { wechat: 'zs' } },
      { row: 8, name: '赵六', phone: '13700137000', fields: {} },
    ]);
    expect(plan.rejected.map((r) => [r.row, r.code, r.zh])).toEqual([[5, 'PHONE_INVALID', expect.any(String)], [6, 'DUPLICATE_IN_FILE', '与第 3 行号码重复']]);
    expect(plan.rejected[1]!.cells).toEqual(['王五', '+8613800138000', null]);
  });

  it('keeps the rejected rows in a compact report that becomes a spreadsheet with 原因', () => {
    const key = encodeReport('数据列表', ['姓名', '电话'], [{ row: 3, code: 'PHONE_INVALID', zh: '无效', en: 'invalid', cells: ['甲', '123'] }]);
    expect(key).toMatch(/^data:/);
    const report = decodeReport(key)!;
    expect(reportWorkbook(report).sheets[0]!.rows).toEqual([['行号', '姓名', '电话', '原因'], [3, '甲', '123', '无效']]);
    expect(decodeReport(null)).toBeNull();
    expect(encodeReport('s', [], [])).toBeNull();
  });

  it('writes the template with the custom fields and a # note row', () => {
    const rows = leadTemplate(defs).sheets[0]!.rows;
    expect(rows[0]).toEqual(['姓名', '电话', '微信']);
    expect(String(rows[1]![0])).toMatch(/^# /);
  });

  it('turns a phone search into digits and names batches by China time', () => {
    expect(phonePrefix('+86 138-00')).toBe('13800');
    expect(phonePrefix('０１０')).toBe('010');
    expect(defaultBatchCode(new Date('2026-11-21T16:30:05Z'))).toBe('20261122-003005');
  });
});
