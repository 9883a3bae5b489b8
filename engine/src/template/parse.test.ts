import { describe, expect, it } from 'vitest';
import { parseWorkbook } from './parse.js';
import type { CellValue, Sheet, Workbook } from './workbook.js';
import { DEFAULT_GRADE_RULES } from '../grade/grade.js';
import { DEFAULT_SETTINGS } from './settings.js';

const sheet = (name: string, rows: CellValue[][], more: Partial<Sheet> = {}): Sheet => ({ name, rows, ...more });
const wb = (...sheets: Sheet[]): Workbook => ({ sheets });
const FLOW_HEADER = ['流程名称', '话术内容', '肯定跳转', '否定跳转', '是否终止'];
const flows = (...rows: CellValue[][]): Sheet => sheet('流程', [FLOW_HEADER, ...rows]);
const codes = (r: ReturnType<typeof parseWorkbook>): string[] => r.issues.map((i) => i.code);

describe('parseWorkbook', () => {
  it('reads flows with defaults for everything left out', () => {
    const r = parseWorkbook(wb(flows(['开场白', '您好，请问是{姓名}吗？', '', '结束', '否'], ['结束', '好的，再见', '', '', '是'])));
    expect(r.issues).toEqual([]);
    expect(r.template?.flows.map((f) => [f.name, f.negativeJump, f.terminate])).toEqual([['开场白', '结束', false], ['结束', '', true]]);
    expect(r.template?.settings).toEqual(DEFAULT_SETTINGS);
    expect(r.template?.gradeRules).toEqual(DEFAULT_GRADE_RULES);
    expect(r.sources?.flows.rows).toEqual([2, 3]);
  });

  it('accepts English headers in any order, skips # rows and the note row', () => {
    const r = parseWorkbook(wb(sheet('Flows', [
      ['# my notes about this sheet'],
      ['terminate', 'prompt', 'name', 'Branch 1 Words', 'branch 1 target'],
      ['# 是否终止', '# 话术', '# 名称'],
      ['no', 'Hi', 'start', '上班、打工', 'end'],
      [],
      ['yes', 'Bye', 'end', '', ''],
    ])));
    expect(r.issues).toEqual([]);
    expect(r.template?.flows[0]?.branches).toEqual([{ words: ['上班', '打工'], target: 'end' }]);
    expect(r.sources?.flows.rows).toEqual([4, 6]);
    expect(r.sources?.flows.columns['name']).toEqual({ header: 'name', letter: 'C' });
  });

  it('skips rows the file marks in red, as the seeds\' templates mark their instructions', () => {
    const r = parseWorkbook(wb(sheet('流程', [
      ['说明：红色字体的行是填写说明，上传前可以不删'],
      FLOW_HEADER,
      ['流程名称必须唯一', '机器人说的话', '', '', ''],
      ['a', 'x', '', '', '是'],
    ], { red: [[0, 0], [2, 0], [2, 1]] })));
    expect(r.issues).toEqual([]);
    expect(r.template?.flows.map((f) => f.name)).toEqual(['a']);
  });

  it('finds the header below title rows', () => {
    const r = parseWorkbook(wb(sheet('流程', [['贷款邀约话术 v3'], [], FLOW_HEADER, ['a', 'x', '', '', '是']])));
    expect(r.template?.flows).toHaveLength(1);
    expect(r.sources?.flows.rows).toEqual([4]);
  });

  it('warns about unknown columns and sheets, and errors on duplicates and missing required ones', () => {
    const r = parseWorkbook(wb(
      sheet('流程', [['流程名称', '话术内容', '心情', '话术'], ['a', 'x', 'y', 'z']]),
      sheet('问题', [['回答'], ['我们是XX公司']]),
      sheet('统计', [['x']]),
    ));
    const unknown = r.issues.find((i) => i.code === 'COLUMN_UNKNOWN');
    expect(unknown).toMatchObject({ severity: 'warning', sheet: '流程', row: 1, column: 'C', header: '心情' });
    expect(r.issues.find((i) => i.code === 'COLUMN_DUPLICATE')).toMatchObject({ severity: 'error', column: 'D' });
    expect(r.issues.find((i) => i.code === 'HEADER_MISSING')).toMatchObject({ severity: 'error', sheet: '问题' });
    expect(r.issues.find((i) => i.code === 'SHEET_UNKNOWN')).toMatchObject({ severity: 'warning', sheet: '统计' });
  });

  it('reports a missing flow sheet and an empty workbook', () => {
    expect(codes(parseWorkbook(wb(sheet('问题', [['问题', '回答'], ['多少钱', '免费']]))))).toContain('SHEET_MISSING');
    expect(codes(parseWorkbook(wb(sheet('Sheet1', [[null, ''], []]))))).toEqual(['WORKBOOK_EMPTY']);
    expect(parseWorkbook(wb()).template).toBeNull();
  });

  it('locates bad cells: yes/no, seconds, choices', () => {
    const r = parseWorkbook(wb(sheet('流程', [
      ['流程名称', '话术内容', '是否终止', '等待秒数', '回答类型'],
      ['a', 'x', '也许', '100', '随便'],
    ])));
    expect(r.issues.map((i) => [i.code, i.row, i.column])).toEqual([
      ['CELL_INVALID', 2, 'C'], ['CELL_INVALID', 2, 'D'], ['CELL_INVALID', 2, 'E'],
    ]);
    expect(r.issues[0]?.message.zh).toContain('也许');
  });

  it('reads numbers and booleans where text is expected, warning where the value looks wrong', () => {
    const r = parseWorkbook(wb(sheet('流程', [
      ['流程名称', '话术内容', '录音文件', '是否终止'],
      [1, 3.14, 1001, true],
    ])));
    expect(r.template?.flows[0]).toMatchObject({ name: '1', prompt: '3.14', recording: '1001', terminate: true });
    expect(r.issues.map((i) => [i.code, i.column])).toEqual([['CELL_NOT_TEXT', 'B']]);
  });

  it('warns about merged cells and formulas at their cells', () => {
    const r = parseWorkbook(wb(sheet('流程', [FLOW_HEADER, ['a', 'x', '', '', ''], ['b', null, '', '', '是']], {
      merges: [{ startRow: 1, startCol: 1, endRow: 2, endCol: 1 }],
      formulas: [[1, 0]],
    })));
    expect(r.issues.map((i) => [i.code, i.sheet, i.row, i.column])).toEqual([['CELL_MERGED', '流程', 2, 'B'], ['CELL_FORMULA', '流程', 2, 'A']]);
    expect(r.issues[0]?.message.zh).toContain('B2:B3');
  });

  it('reads settings and word lists, locating invalid values', () => {
    const r = parseWorkbook(wb(flows(['a', 'x', '', '', '是']), sheet('设置', [
      ['项目', '值', '说明'],
      ['模板名称', '贷款邀约', ''],
      ['肯定词', '是的、好的，可以|行', ''],
      ['静默次数', '3', ''],
      ['等待秒数', '8', ''],
      ['问题匹配度', '2', ''],
      ['心情', '好', ''],
    ])));
    expect(r.template?.settings).toMatchObject({ name: '贷款邀约', maxSilences: 3, silenceTimeoutMs: 8000 });
    expect(r.template?.words.affirmative).toEqual(['是的', '好的', '可以', '行']);
    expect(r.issues.map((i) => [i.code, i.row, i.column])).toEqual([['SETTING_INVALID', 6, 'B'], ['SETTING_UNKNOWN', 7, 'A']]);
  });

  it('reads grade rules and locates malformed ones', () => {
    const r = parseWorkbook(wb(flows(['a', 'x', '', '', '是']), sheet('等级规则', [
      ['等级', '条件', '说明'],
      ['A', '肯定>=2', ''],
      ['A级', '问题>=3 且 交互>=4', ''],
      ['E', '交互<1', ''],
      ['B', '兴趣>=1', ''],
    ])));
    expect(r.template?.gradeRules.map((g) => g.grade)).toEqual(['A', 'A']);
    expect(r.issues.map((i) => [i.code, i.row, i.column])).toEqual([['GRADE_RULE_INVALID', 4, 'A'], ['GRADE_RULE_INVALID', 5, 'B']]);
  });

  it('reads a 10,000-row sheet, and refuses one past the limit', () => {
    const many: CellValue[][] = [['问题', '回答']];
    for (let i = 0; i < 10_000; i++) many.push([`问题${i}`, `回答${i}`]);
    const ok = parseWorkbook(wb(flows(['a', 'x', '', '', '是']), sheet('问题', many)));
    expect(ok.template?.questions).toHaveLength(10_000);
    const huge = parseWorkbook(wb(flows(['a', 'x', '', '', '是']), sheet('问题', Array.from({ length: 20_001 }, () => ['x']))));
    expect(codes(huge)).toContain('SHEET_TOO_LARGE');
  });
});
