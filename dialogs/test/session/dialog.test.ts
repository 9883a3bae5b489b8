import { checkReplay } from '@waihu/engine';
import { describe, expect, it } from 'vitest';
import { LOAN, VARS, compiled, harness, robotFlows } from './harness.js';
import { ScriptedAsr, ScriptedVad } from './fakes.js';

describe('CallSession: a whole call in simulated time', () => {
  it('runs the loan script to a transfer that nobody answers, flags a callback, and replays exactly', async () => {
    const h = harness();
    await h.untilListening();
    expect(h.leg.robotMs).toBeGreaterThan(2000);
    await h.answer(1); // 有啊 → 职业
    await h.answer(2); // 上班 → 信用贷
    await h.answer(3); // 好的 → 转顾问 → nobody → 预约回电
    await h.answer(3); // 好的 → 约好回电 (ends)
    const r = await h.untilEnded();
    expect(r.events.map((e) => e.type)).toContain('transferResult');
    expect(r.callbackRequested).toBe(true);
    expect(r.tags).toEqual(expect.arrayContaining(['有资金需求', '意向信用贷', '转人工未接通', '预约回电']));
    expect(r.endReason).toBe('completed');
    expect(r.hangupBy).toBe('ROBOT');
    expect(r.transferAt).not.toBeNull();
    expect(robotFlows(r)).toContain('约好回电');
    const callee = r.turns.filter((t) => t.who === 'CALLEE');
    expect(callee.map((t) => t.text)).toEqual(['有啊，最近正好要周转一下', '我在上班，单位有公积金', '好的', '好的']);
    // Every reply to an utterance has its latency split; the parts add up.
    const replies = r.turns.filter((t) => t.who === 'ROBOT' && t.latency);
    expect(replies.length).toBeGreaterThanOrEqual(4);
    for (const t of replies) {
      const l = t.latency!;
      expect(l.endpointMs).toBeGreaterThanOrEqual(800);
      expect(l.recognitionMs).toBe(120);
      expect(l.totalMs).toBeCloseTo(l.endpointMs + l.recognitionMs + l.engineMs + l.promptStartMs, 0);
    }
    // Hot words: each recognition stream was opened with the listening node's hints.
    const listens = h.session.effects.flat().filter((e) => e.type === 'listen');
    expect(h.asr.opened[0]!.hotwords).toEqual(listens[0]!.hints);
    expect(checkReplay(LOAN, { vars: VARS, atMs: 0 }, h.session.events, h.session.effects)).toEqual({ same: true });
    expect(h.session.resources()).toEqual({ timers: 0, asrStreams: 0, prompts: 0, subscriptions: 0 });
    expect(ScriptedVad.open).toBe(0);
    expect(ScriptedAsr.open).toBe(0);
    await h.leg.close();
  });

  it('ends short answers sooner than open ones (endpointing per node)', async () => {
    const endpoint = async (answerKind: 'short' | 'open'): Promise<number> => {
      const h = harness({ template: compiled('loan', (t) => ({ ...t, settings: { ...t.settings, answerKind } })) });
      await h.untilListening();
      await h.answer(1);
      h.session.hangup('callee');
      const r = await h.untilEnded();
      await h.leg.close();
      return r.turns.find((t) => t.latency)!.latency!.endpointMs;
    };
    const short = await endpoint('short');
    const open = await endpoint('open');
    // The VAD's end of speech is padded by speechPadMs (30): endSilenceMs − 30 of measured wait.
    expect(short).toBeGreaterThanOrEqual(450);
    expect(short).toBeLessThan(600);
    expect(open).toBeGreaterThanOrEqual(850);
    expect(open).toBeLessThan(1000);
  });
});
