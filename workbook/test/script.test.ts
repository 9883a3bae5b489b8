import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { EMPTY_TEMPLATE, exportTemplate, newFlow } from '@waihu/engine';
import type { Template } from '@waihu/engine';
import { exportScript, loadScript, writeWorkbook } from '../src/index.js';
import { formatDoc } from '../src/format-doc.js';
import XLSX from 'xlsx';

const run = promisify(execFile);
const root = new URL('../../', import.meta.url);

const flow = newFlow;

const script: Template = {
  ...EMPTY_TEMPLATE,
  flows: [
    flow('开场白', '您好{姓名}，我是安心金融的小安，您最近有资金需求吗？', { negativeJump: '结束', positiveTag: '有需求' }),
    flow('需求', '您是上班还是做生意呢？', { branches: [{ words: ['上班'], target: '结束' }, { words: ['做生意'], target: '结束' }] }),
    flow('结束', '好的，稍后短信发您详情，再见。', { terminate: true }),
  ],
  questions: [{ question: '利息多少', alternatives: ['利率'], answer: '月息低至四厘。', recording: '', after: 'return', tag: '', note: '' }],
  corrections: [{ keyword: '尚班', correction: '上班' }],
};

describe('loadScript', () => {
  it('reads an exported .xlsx and .xls back to the same template, ready to run', async () => {
    for (const kind of ['xlsx', 'xls'] as const) {
      const loaded = await loadScript(exportScript(script, kind));
      expect(loaded.issues).toEqual([]);
      expect(loaded.template).toEqual(script);
      expect(loaded.compiled?.flows).toHaveLength(3);
    }
  });

  it('returns located issues and no runnable template for a broken script', async () => {
    const broken = { ...script, flows: script.flows.map((f, i) => (i === 0 ? { ...f, negativeJump: '再见' } : f)) };
    const loaded = await loadScript(exportScript(broken));
    expect(loaded.compiled).toBeNull();
    expect(loaded.issues.map((i) => [i.code, i.sheet, i.row, i.column])).toEqual([['FLOW_JUMP_UNKNOWN', '流程', 3, 'G']]);
  });

  it('checks recordings against the uploaded files', async () => {
    const withRec = { ...script, flows: script.flows.map((f, i) => (i === 2 ? { ...f, recording: '结束语.wav' } : f)) };
    const loaded = await loadScript(exportScript(withRec), { files: ['开场白.wav'] });
    expect(loaded.issues.map((i) => i.code)).toEqual(['RECORDING_MISSING']);
  });
});

describe('a messy real spreadsheet', () => {
  it('reads merged cells, formulas, numbers, extra columns and sheets, locating each problem', async () => {
    const flows = XLSX.utils.aoa_to_sheet([
      ['贷款话术（第二版）'],
      ['流程名称', '话术内容', '是否终止', '负责人'],
      ['开场白', '您好，有资金需求吗？', '否', '小王'],
      ['介绍', '我们利息低。', '否', ''],
      ['结束', 45658, '是', ''],
    ]);
    flows['!merges'] = [{ s: { r: 2, c: 3 }, e: { r: 3, c: 3 } }];
    flows['A6'] = { t: 's', v: '收尾', f: '"收"&"尾"' };
    flows['B6'] = { t: 's', v: '再见' };
    flows['C6'] = { t: 's', v: '是' };
    flows['!ref'] = 'A1:D6';
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, flows, '流程');
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([['备注'], ['随便写的']]), '草稿');
    const bytes = XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) as Buffer;
    const loaded = await loadScript(bytes);
    expect(loaded.issues.map((i) => [i.severity, i.code, i.sheet, i.row, i.column])).toEqual([
      ['warning', 'COLUMN_UNKNOWN', '流程', 2, 'D'],
      ['warning', 'CELL_MERGED', '流程', 3, 'D'],
      ['warning', 'CELL_FORMULA', '流程', 6, 'A'],
      ['warning', 'SHEET_UNKNOWN', '草稿', null, null],
      ['warning', 'FLOW_UNREACHABLE', '流程', 6, 'A'], // 收尾 follows the terminating 结束
    ]);
    expect(loaded.template?.flows.map((f) => f.name)).toEqual(['开场白', '介绍', '结束', '收尾']);
    expect(loaded.template?.flows[2]?.prompt).toBe('45658');
    expect(loaded.compiled).not.toBeNull();
  });

  it('names the expected headers when a column was renamed', async () => {
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([['流程名', '话术'], ['开场白', '您好']]), '流程');
    const loaded = await loadScript(XLSX.write(wb, { type: 'buffer', bookType: 'xls' }) as Buffer);
    expect(loaded.compiled).toBeNull();
    expect(loaded.issues[0]).toMatchObject({ code: 'HEADER_MISSING', sheet: '流程' });
    expect(loaded.issues[0]?.message.zh).toContain('流程名称');
  });
});

describe('docs/script-format.md', () => {
  it('is current with the layout table (run npm run docs:format)', async () => {
    expect(await readFile(new URL('docs/script-format.md', root), 'utf8')).toBe(`${formatDoc()}\n`);
  });
});

describe('CLIs', () => {
  const tsx = (args: string[]): Promise<{ stdout: string; stderr: string }> =>
    run(process.execPath, ['--import', 'tsx', ...args], { cwd: new URL('.', root).pathname, encoding: 'utf8' });

  it('simulate prints turns, matches and the grade from a lines file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'waihu-cli-'));
    await writeFile(join(dir, 's.xlsx'), exportScript(script));
    await writeFile(join(dir, 'lines.txt'), '# a warm lead\n有的\n利息多少\n尚班\n');
    const { stdout } = await tsx(['workbook/src/cli/simulate.ts', join(dir, 's.xlsx'), '--lines', join(dir, 'lines.txt'), '--var', '姓名=张先生']);
    expect(stdout).toContain('机器人[开场白]: 您好张先生，我是安心金融的小安');
    expect(stdout).toContain('纠正“尚班”→“上班”');
    expect(stdout).toMatch(/等级 grade: A 意向客户/);
    expect(stdout).toContain('路径 path: 开场白 → 需求 → 结束');
  });

  it('simulate reads piped lines interactively to the end', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'waihu-cli-'));
    await writeFile(join(dir, 's.xlsx'), exportScript(script));
    const child = execFile(process.execPath, ['--import', 'tsx', 'workbook/src/cli/simulate.ts', join(dir, 's.xlsx'), '--no-trace'], { cwd: new URL('.', root).pathname, encoding: 'utf8' });
    let stdout = '';
    child.stdout!.on('data', (d: string) => { stdout += d; });
    child.stdin!.end('有的\n上班\n');
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(0);
    expect(stdout).toContain('客户: 上班');
    expect(stdout).toContain('路径 path: 开场白 → 需求 → 结束');
  });

  it('simulate reports script errors with their cells and exits 1', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'waihu-cli-'));
    await writeFile(join(dir, 'bad.xlsx'), writeWorkbook(exportTemplate({ ...script, flows: [flow('a', '')] })));
    const err = await tsx(['workbook/src/cli/simulate.ts', join(dir, 'bad.xlsx')]).then(() => null, (e: { code: number; stderr: string }) => e);
    expect(err?.code).toBe(1);
    expect(err?.stderr).toContain('FLOW_PROMPT_MISSING 流程!B3 [话术内容]');
    expect(err?.stderr).toContain('FLOW_NO_TERMINATE');
  });

  it('simulate refuses a file that is not a spreadsheet, saying so', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'waihu-cli-'));
    await writeFile(join(dir, 'notes.xlsx'), '这不是表格');
    const err = await tsx(['workbook/src/cli/simulate.ts', join(dir, 'notes.xlsx')]).then(() => null, (e: { code: number; stderr: string }) => e);
    expect(err?.code).toBe(2);
    expect(err?.stderr).toContain('NOT_A_SPREADSHEET');
  });

  it('template:blank writes the documented blank template', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'waihu-cli-'));
    await tsx(['workbook/src/cli/blank.ts', join(dir, 'blank.xls')]);
    const loaded = await loadScript(await readFile(join(dir, 'blank.xls')));
    expect(loaded.template).toEqual(EMPTY_TEMPLATE);
    expect(loaded.issues.map((i) => i.code)).toEqual(['FLOWS_EMPTY']);
  });
});
