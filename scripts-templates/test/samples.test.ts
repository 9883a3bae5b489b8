/**
 * The samples as a marketer gets them: each committed .xlsx reads back clean and equal to its
 * TypeScript definition (and so does the legacy .xls), and every golden conversation plays out
 * exactly as written — path, tags, grade, why the call ended — and replays to the same effects.
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { DEFAULT_GRADE_RULES, checkReplay, compileTemplate, gradeCall, simulate } from '@waihu/engine';
import type { CompiledTemplate, Counters, Effect, Simulation } from '@waihu/engine';
import { exportScript, loadScript } from '@waihu/workbook';
import { SAMPLES, loadGolden } from '../src/index.js';
import type { GoldenConversation } from '../src/index.js';

/** Issues as compared: code and place, so a failure says what and where. */
const brief = (issues: readonly { code: string; severity: string; sheet: string | null; row: number | null }[]): string[] =>
  issues.map((i) => `${i.severity} ${i.code} ${i.sheet ?? ''}!${i.row ?? ''}`);

function compiledOrThrow(id: string, t: Parameters<typeof compileTemplate>[0]): CompiledTemplate {
  const r = compileTemplate(t);
  if (!r.template) throw new Error(`sample ${id} has errors: ${brief(r.issues).join('; ')}`);
  return r.template;
}

/** The effects each event produced in the simulation (events without a turn produced none). */
function recordedEffects(sim: Simulation): Effect[][] {
  const out: Effect[][] = [];
  let turn = 0;
  for (const e of sim.events) {
    const t = sim.turns[turn];
    if (t && t.atMs === e.atMs) {
      out.push([...t.effects]);
      turn++;
    } else out.push([]);
  }
  expect(turn, 'every simulated turn belongs to one event').toBe(sim.turns.length);
  return out;
}

/** Corrections applied during the call, as 关键词→纠正词. */
const correctionsOf = (sim: Simulation): string[] =>
  sim.turns.flatMap((t) => t.trace.filter((x) => x.code === 'correction').map((x) => `${String(x.data?.['keyword'])}→${String(x.data?.['correction'])}`));

/** The texts of `texts` the robot does not say in this order (all its lines read as one transcript). */
function notSaidInOrder(sim: Simulation, texts: readonly string[]): string[] {
  const transcript = sim.turns.flatMap((t) => t.robot.map((r) => r.text)).join('\n');
  let from = 0;
  return texts.filter((text) => {
    const at = transcript.indexOf(text, from);
    if (at < 0) return true;
    from = at + text.length;
    return false;
  });
}

const gradeCounters = (c: Counters): Pick<Counters, 'affirmative' | 'questions' | 'interactions' | 'refusals'> =>
  ({ affirmative: c.affirmative, questions: c.questions, interactions: c.interactions, refusals: c.refusals });

describe.each(SAMPLES.map((s) => [s.id, s] as const))('sample %s', (id, sample) => {
  const compiled = compiledOrThrow(id, sample.template);
  const golden: GoldenConversation[] = loadGolden(sample.id);

  it('compiles without errors or warnings, and grades by the default rules', () => {
    expect(brief(compileTemplate(sample.template).issues)).toEqual([]);
    expect(sample.template.gradeRules).toEqual(DEFAULT_GRADE_RULES);
  });

  it('the committed .xlsx reads back clean and equal to the definition (run npm run samples:build)', async () => {
    const loaded = await loadScript(await readFile(sample.xlsx), { fileName: `${id}.xlsx` });
    expect(brief(loaded.issues)).toEqual([]);
    expect(loaded.template).toEqual(sample.template);
    expect(loaded.compiled).not.toBeNull();
  });

  it('round-trips through legacy .xls', async () => {
    const loaded = await loadScript(exportScript(sample.template, 'xls'), { fileName: `${id}.xls` });
    expect(brief(loaded.issues)).toEqual([]);
    expect(loaded.template).toEqual(sample.template);
  });

  it('has realistic size: 7–13 flows, 8–15 questions, 3–8 corrections, 10+ golden conversations', () => {
    const t = sample.template;
    expect(t.flows.length).toBeGreaterThanOrEqual(7);
    expect(t.flows.length).toBeLessThanOrEqual(13);
    expect(t.questions.length).toBeGreaterThanOrEqual(8);
    expect(t.questions.length).toBeLessThanOrEqual(15);
    expect(t.corrections.length).toBeGreaterThanOrEqual(3);
    expect(t.corrections.length).toBeLessThanOrEqual(8);
    expect(t.flows.some((f) => f.transferGroup !== '')).toBe(true);
    expect(golden.length).toBeGreaterThanOrEqual(10);
  });

  it('golden conversations enter every flow and end in every way a call commonly ends', () => {
    const entered = new Set(golden.flatMap((g) => g.expect.path));
    expect(sample.template.flows.map((f) => f.name).filter((n) => !entered.has(n))).toEqual([]);
    const reasons = new Set(golden.map((g) => g.expect.endReason));
    for (const r of ['completed', 'transferred', 'silence', 'callee', 'question'] as const) expect(reasons, r).toContain(r);
    const lines = golden.flatMap((g) => g.lines);
    expect(lines).toContain('<transfer ok>');
    expect(lines).toContain('<transfer fail>');
    expect(lines.some((l) => l.startsWith('<dtmf'))).toBe(true);
    expect(golden.some((g) => (g.expect.corrections ?? []).length > 0)).toBe(true);
  });

  it.each(golden.map((g) => [g.name, g] as const))('%s', (_name, g) => {
    const sim = simulate(compiled, g.lines, { vars: g.vars });
    expect({ path: sim.path, tags: sim.tags, grade: sim.grade, endReason: sim.endReason }).toEqual({
      path: g.expect.path, tags: g.expect.tags, grade: g.expect.grade, endReason: g.expect.endReason,
    });
    expect(sim.unusedLines, 'every line is used before the call ends').toBe(0);
    if (g.expect.questions !== undefined) expect(sim.counters.questions).toBe(g.expect.questions);
    if (g.expect.counters) {
      expect(gradeCounters(sim.counters)).toMatchObject(g.expect.counters);
      // The grade follows from the stated counters under the default rules, not just from the run.
      const stated = { ...sim.counters, ...g.expect.counters };
      expect(gradeCall(DEFAULT_GRADE_RULES, stated).grade).toBe(g.expect.grade);
    }
    if (g.expect.corrections) expect(correctionsOf(sim)).toEqual(g.expect.corrections);
    if (g.expect.says) expect(notSaidInOrder(sim, g.expect.says), 'the robot says these, in this order').toEqual([]);

    expect(checkReplay(compiled, { vars: g.vars, atMs: 0 }, sim.events, recordedEffects(sim))).toEqual({ same: true });
  });
});
