import { createResilientAsrProvider, openAsrResources } from '@waihu/asr';
import { checkReplay } from '@waihu/engine';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/index.js';
import { LOAN, TEXTS, VARS, compiled, harness } from './harness.js';
import { ScriptedAsr, run } from './fakes.js';

describe('CallSession: silence, recognition failures and limits', () => {
  it('re-prompts after a silent listen, and hangs up politely after the second', async () => {
    const h = harness();
    await h.untilListening();
    const listenAt = h.clock.now();
    await run(h.clock, 5_980);
    expect(h.session.activity).toBe('listening'); // the timeout counts from the end of the prompt
    await run(h.clock, 40);
    expect(h.session.events.at(-1)?.type).toBe('silence');
    expect(h.session.events.at(-1)!.atMs).toBe(Math.round(listenAt + 6000));
    await h.untilListening();
    expect(h.tts.spoken.at(-1)).toBe('喂，您好，能听到吗？');
    const rec = await h.untilEnded(20_000);
    expect(rec.endReason).toBe('silence');
    expect(rec.counters?.silences).toBe(2);
    expect(h.tts.spoken.at(-1)).toBe('可能信号不太好，那我稍后再联系您，再见。');
    expect(rec.hangupBy).toBe('ROBOT');
    await h.leg.close();
  });

  it('answers a question, then goes back to the flow', async () => {
    const h = harness();
    await h.untilListening();
    await h.answer(5); // 利息多少
    expect(h.tts.spoken.some((t) => t.startsWith('年化利率最低7.2%起'))).toBe(true);
    expect(h.session.dialog?.path).toEqual(['开场白']);
    await h.answer(1);
    expect(h.session.dialog?.path).toEqual(['开场白', '职业']);
    h.session.hangup('callee');
    const rec = await h.untilEnded();
    expect(rec.tags).toContain('问利息');
    expect(rec.counters?.questions).toBe(1);
    expect(rec.turns.find((t) => t.text === '利息多少')?.matched?.some((m) => m.code === 'question')).toBe(true);
    await h.leg.close();
  });

  it('falls back to the second recognizer when the first fails, and the dialog does not notice', async () => {
    const clock = new ManualClock(0);
    const primary = new ScriptedAsr('primary', clock, TEXTS);
    const fallback = new ScriptedAsr('fallback', clock, TEXTS);
    primary.faults.push('ASR_AUTH');
    const asr = createResilientAsrProvider({ providers: [primary, fallback], clock, random: () => 0 });
    const h = harness({ asr, clock });
    await h.untilListening();
    await h.answer(1);
    expect(h.session.dialog?.path).toEqual(['开场白', '职业']);
    expect(primary.opened).toHaveLength(1);
    expect(fallback.opened.length).toBeGreaterThanOrEqual(1);
    h.session.hangup('callee');
    await h.untilEnded();
    expect(openAsrResources().streams).toBe(0);
    await h.leg.close();
  });

  it('never hangs when recognition fails for good: each failure is a silence, then the polite end', async () => {
    const h = harness();
    h.asr.faults.push('ASR_SERVER', 'stall');
    await h.untilListening();
    h.leg.say({ key: 1, ms: 1000 });
    await run(h.clock, 2500);
    expect(h.session.events.filter((e) => e.type === 'silence')).toHaveLength(1);
    expect(h.session.events.some((e) => e.type === 'utterance')).toBe(false);
    await h.untilListening();
    h.leg.say({ key: 1, ms: 1000 }); // this one stalls: the session's budget closes it
    const rec = await h.untilEnded(20_000);
    expect(rec.events.filter((e) => e.type === 'silence')).toHaveLength(2);
    expect(rec.endReason).toBe('silence');
    expect(h.session.resources()).toEqual({ timers: 0, asrStreams: 0, prompts: 0, subscriptions: 0 });
    await h.leg.close();
  });

  it('ends politely at the script\'s maximum call duration (the engine\'s guard)', async () => {
    const template = compiled('loan', (t) => ({ ...t, settings: { ...t.settings, maxCallMs: 10_000 } }));
    const h = harness({ template });
    await h.untilListening();
    for (let i = 0; i < 6 && h.session.activity !== 'ended'; i++) await h.answer(5);
    const rec = await h.untilEnded();
    expect(rec.endReason).toBe('max-duration');
    expect(h.tts.spoken.at(-1)).toBe('感谢您的耐心，今天先聊到这里，再见。');
    expect(checkReplay(template, { vars: VARS, atMs: 0 }, rec.events, h.session.effects)).toEqual({ same: true });
    await h.leg.close();
  });

  it('stops the call itself at its hard limit, graded from what was counted', async () => {
    const h = harness({ limits: { maxCallMs: 4000 } });
    const rec = await h.untilEnded(6000);
    expect(rec.endReason).toBe('max-duration');
    expect(rec.hangupBy).toBe('SYSTEM');
    expect(rec.talkMs).toBe(4000);
    expect(rec.grade).toBe('D');
    expect(h.session.resources()).toEqual({ timers: 0, asrStreams: 0, prompts: 0, subscriptions: 0 });
    expect(checkReplay(LOAN, { vars: VARS, atMs: 0 }, rec.events, h.session.effects)).toEqual({ same: true });
    await h.leg.close();
  });
});
