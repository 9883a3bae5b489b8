/** The simulator CLI, as an operator runs it, on every sample with its first golden conversation. */
import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { GRADE_LABEL_ZH } from '@waihu/engine';
import { SAMPLES, loadGolden } from '../src/index.js';

const run = promisify(execFile);
const root = new URL('../../', import.meta.url).pathname;

describe('npm run simulate on every sample', () => {
  it.each(SAMPLES.map((s) => [s.id, s] as const))('%s', async (id, sample) => {
    const golden = loadGolden(id)[0]!;
    const dir = await mkdtemp(join(tmpdir(), 'waihu-sample-'));
    await writeFile(join(dir, 'lines.txt'), `${golden.lines.join('\n')}\n`);
    const vars = Object.entries(golden.vars).flatMap(([k, v]) => ['--var', `${k}=${v}`]);
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'workbook/src/cli/simulate.ts', sample.xlsx, '--lines', join(dir, 'lines.txt'), ...vars], { cwd: root, encoding: 'utf8' });
    expect(stdout).toContain(`等级 grade: ${golden.expect.grade} ${GRADE_LABEL_ZH[golden.expect.grade]}`);
    expect(stdout).toContain(`路径 path: ${golden.expect.path.join(' → ')}`);
    expect(stdout).toContain(`结束 end: ${golden.expect.endReason}`);
  });
});
