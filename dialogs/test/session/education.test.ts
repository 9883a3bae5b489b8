/**
 * A sample script read from its committed spreadsheet (@waihu/workbook's loadScript) and one of
 * its golden conversations played through a CallSession, with a transfer an agent takes.
 */
import { readFile } from 'node:fs/promises';
import { checkReplay } from '@waihu/engine';
import { loadGolden, sampleById } from '@waihu/scripts-templates';
import { loadScript } from '@waihu/workbook';
import { describe, expect, it } from 'vitest';
import type { TransferContext } from '../../src/index.js';
import { ManualClock } from '../../src/index.js';
import { ScriptedAsr } from './fakes.js';
import { harness } from './harness.js';

describe('the education sample script, from its .xlsx, through a CallSession', () => {
  it('plays the golden “transfer ok” conversation to an agent taking over', async () => {
    const loaded = await loadScript(await readFile(sampleById('education').xlsx), { fileName: 'education.xlsx' });
    const template = loaded.compiled!;
    const golden = loadGolden('education').find((g) => g.lines.includes('<transfer ok>'))!;
    const said = golden.lines.filter((l) => !l.startsWith('<'));
    const clock = new ManualClock(0);
    const asked: { group: string; ctx: TransferContext }[] = [];
    const h = harness({
      clock, template, vars: golden.vars,
      asr: new ScriptedAsr('primary', clock, (key) => said[key - 20] ?? ''),
      transfer: { transfer: (group, ctx) => { asked.push({ group, ctx }); return Promise.resolve({ connected: true }); } },
    });
    await h.untilListening();
    for (let i = 0; i < said.length; i++) await h.answer(20 + i, 1200);
    const rec = await h.untilEnded();
    expect(h.session.dialog?.path).toEqual(golden.expect.path);
    expect(rec.endReason).toBe('transferred');
    expect(rec.hangupBy).toBeNull();
    expect(rec.callbackRequested).toBe(false);
    expect(rec.transferAt).not.toBeNull();
    expect(asked.map((a) => a.group)).toHaveLength(1);
    expect(asked[0]!.ctx.calleeNumber).toBe('13800000000');
    expect(rec.grade).toBe(golden.expect.grade);
    expect(checkReplay(template, { vars: golden.vars, atMs: 0 }, rec.events, h.session.effects)).toEqual({ same: true });
    await h.leg.close();
  });
});
