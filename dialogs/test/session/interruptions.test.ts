import { checkReplay } from '@waihu/engine';
import { describe, expect, it } from 'vitest';
import { LOAN, VARS, harness, robotFlows } from './harness.js';
import { run } from './fakes.js';

const OPENING_MS = (text: string): number => Array.from(text).length * 40;

describe('CallSession: barge-in, backchannels, DTMF, hang-ups and machines', () => {
  it('stops the prompt at once when the callee talks over it, and answers what was said', async () => {
    const h = harness();
    await run(h.clock, 600);
    h.leg.say({ key: 6, ms: 1000 }); // 暂时不需要，谢谢 over the opening
    await run(h.clock, 400);
    const cutAt = h.clock.now(); // speech has lasted 300 ms + the VAD's 100 ms confirmation: paused by now
    const sentBefore = h.leg.sent.length;
    await run(h.clock, 600);
    expect(h.leg.sent.length - sentBefore).toBe(0); // silence on the wire while the callee speaks
    await h.untilListening();
    const r = h.session;
    expect(r.dialog?.path).toEqual(['开场白', '挽留']);
    const events = r.events.map((e) => e.type);
    expect(events).toEqual(['answered', 'utterance', 'promptInterrupted', 'promptFinished']);
    await h.answer(9); // 不用了 → 结束拒绝
    const rec = await h.untilEnded();
    const opening = rec.turns[0]!;
    expect(opening.who).toBe('ROBOT');
    expect(opening.bargedIn).toBe(true);
    expect(opening.endMs).toBeLessThan(cutAt + 1500);
    expect(rec.turns[1]).toMatchObject({ who: 'CALLEE', text: '暂时不需要，谢谢', flow: '开场白' });
    expect(rec.turns[2]!.latency).not.toBeNull();
    expect(rec.endReason).toBe('completed');
    expect(checkReplay(LOAN, { vars: VARS, atMs: 0 }, h.session.events, h.session.effects)).toEqual({ same: true });
    await h.leg.close();
  });

  it('lets a backchannel (嗯) over a prompt pause it only while it is recognized, then plays the rest', async () => {
    const h = harness();
    await run(h.clock, 800);
    h.leg.say({ key: 4, ms: 400 }); // 嗯, long enough to trip the VAD's barge-in
    await h.untilListening();
    const opening = h.tts.spoken[0]!;
    // Every frame of the opening went out: nothing was lost to the pause.
    expect(h.leg.robotMs).toBe(OPENING_MS(opening));
    const ev = h.session.events;
    expect(ev.map((e) => e.type)).toEqual(['answered', 'utterance', 'promptFinished']);
    expect(h.session.effects[1]).toEqual([]); // the engine: a backchannel, leave the prompt running
    expect(h.session.dialog?.counters.interactions).toBe(0);
    await h.answer(1);
    expect(h.session.dialog?.path).toEqual(['开场白', '职业']);
    h.session.hangup('callee');
    const rec = await h.untilEnded();
    expect(rec.turns[0]!.bargedIn).toBe(false);
    expect(rec.hangupBy).toBe('CALLEE');
    await h.leg.close();
  });

  it('does not let the callee interrupt a prompt whose node forbids barge-in', async () => {
    const h = harness({ template: (await import('./harness.js')).compiled('loan', (t) => ({ ...t, settings: { ...t.settings, bargeIn: false } })) });
    await run(h.clock, 600);
    h.leg.say({ key: 6, ms: 1000 });
    await h.untilListening();
    expect(h.leg.robotMs).toBe(OPENING_MS(h.tts.spoken[0]!));
    expect(h.session.events.map((e) => e.type)).toEqual(['answered', 'promptFinished']);
    h.session.hangup('callee');
    await h.untilEnded();
    await h.leg.close();
  });

  it('takes DTMF while listening (1 = yes) and as an interruption of a prompt', async () => {
    const h = harness();
    await h.untilListening();
    h.leg.press('1');
    await run(h.clock, 500);
    expect(h.session.dialog?.path).toEqual(['开场白', '职业']);
    h.leg.press('2'); // during 职业's prompt: 2 = no → 挽留
    await h.untilListening();
    expect(h.session.dialog?.path).toEqual(['开场白', '职业', '挽留']);
    h.session.hangup('callee');
    const rec = await h.untilEnded();
    expect(rec.events.filter((e) => e.type === 'dtmf')).toHaveLength(2);
    expect(rec.turns.filter((t) => t.who === 'CALLEE').map((t) => t.text)).toEqual(['[按键1]', '[按键2]']);
    expect(rec.turns.find((t) => t.flow === '职业' && t.who === 'ROBOT')?.bargedIn).toBe(true);
    await h.leg.close();
  });

  it('tears everything down when the callee hangs up in the middle of a prompt', async () => {
    const h = harness();
    await run(h.clock, 1000);
    void h.leg.close();
    h.session.hangup('callee');
    const rec = await h.untilEnded(2000);
    expect(rec.endReason).toBe('callee');
    expect(rec.hangupBy).toBe('CALLEE');
    expect(rec.turns[0]!.endMs).toBeLessThanOrEqual(1100);
    expect(rec.grade).toBe('D');
    expect(h.session.resources()).toEqual({ timers: 0, asrStreams: 0, prompts: 0, subscriptions: 0 });
    expect(h.clock.pendingTimers()).toBe(0);
  });

  it('takes a closed leg as the line going down when nobody says who hung up', async () => {
    const h = harness();
    await run(h.clock, 1000);
    void h.leg.close();
    const rec = await h.untilEnded(3000);
    expect(rec.endReason).toBe('network');
    expect(rec.hangupBy).toBe('SYSTEM');
  });

  it('hangs up on voicemail at once, with a tag and NO_ANSWER', async () => {
    const h = harness();
    await run(h.clock, 200);
    h.leg.say({ key: 8, ms: 2000 });
    const rec = await h.untilEnded(8000);
    expect(rec.machine).toBe('voicemail');
    expect(rec.tags).toContain('语音信箱');
    expect(rec.outcome).toBe('NO_ANSWER');
    expect(rec.outcomeSource).toBe('dialog');
    expect(rec.hangupBy).toBe('ROBOT');
    expect(rec.events.map((e) => e.type)).toEqual(['answered']);
    expect(robotFlows(rec)).toEqual(['开场白']);
    await h.leg.close();
  });

  it('hangs up on a secretary service (来电提醒) while listening', async () => {
    const h = harness();
    await h.untilListening();
    h.leg.say({ key: 7, ms: 2500 });
    const rec = await h.untilEnded(8000);
    expect(rec.machine).toBe('secretary');
    expect(rec.tags).toContain('秘书台');
    await h.leg.close();
  });
});
