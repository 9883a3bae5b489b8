import { PromptPlayer } from '@waihu/asr';
import { describe, expect, it } from 'vitest';
import { ManualClock, runRobotCall } from '../../src/index.js';
import type { CallRecord, RobotCallOptions, TrunkConfig } from '../../src/index.js';
import { FakeAgent } from './fake-call.js';
import { FakeTts, ScriptedAsr, ScriptedVad, run } from './fakes.js';
import { LOAN, TEXTS, VARS } from './harness.js';

function setup(over: Partial<RobotCallOptions> = {}): { clock: ManualClock; agent: FakeAgent; saved: CallRecord[]; done: Promise<CallRecord> } {
  const clock = new ManualClock(0);
  const agent = new FakeAgent(clock);
  const saved: CallRecord[] = [];
  const done = runRobotCall({
    agent, trunk: {} as TrunkConfig, number: '13800000000', callerId: '02100000000', template: LOAN, vars: VARS,
    asr: new ScriptedAsr('primary', clock, TEXTS), vad: () => new ScriptedVad(), prompts: new PromptPlayer({ tts: new FakeTts() }),
    clock, epochNow: () => 1_700_000_000_000 + clock.now(),
    store: { save: (r) => { saved.push(r); return Promise.resolve({ attemptId: saved.length }); } }, ...over,
  });
  return { clock, agent, saved, done };
}

async function placed(s: ReturnType<typeof setup>): Promise<NonNullable<FakeAgent['calls'][number]>> {
  for (let i = 0; i < 10 && s.agent.calls.length === 0; i++) await run(s.clock, 20);
  return s.agent.calls[0]!;
}

describe('runRobotCall: dial, classify, talk, record', () => {
  it('keeps the SIP outcome when early media says nothing clear', async () => {
    const s = setup();
    const call = await placed(s);
    call.ring(0, 2000);
    call.reject(486);
    await run(s.clock, 2000);
    const r = await s.done;
    expect(r).toMatchObject({ outcome: 'BUSY', outcomeSource: 'sip', sipStatus: 486, answerAt: null, talkMs: 0, earlyMediaText: null, grade: null });
    expect(s.saved).toEqual([r]);
  });

  it.each([
    [11, 480, 'INVALID_NUMBER'],
    [12, 480, 'POWERED_OFF'],
    [13, 503, 'BUSY'],
    [14, 404, 'SUSPENDED'],
  ])('hears announcement %i in early media over SIP %i: %s', async (key, status, outcome) => {
    const s = setup({ cancelOnAnnouncement: false });
    const call = await placed(s);
    call.ring(key, 3000);
    call.reject(status);
    await run(s.clock, 2000);
    const r = await s.done;
    expect(r.outcome).toBe(outcome);
    expect(r.outcomeSource).toBe('early-media');
    expect(r.sipStatus).toBe(status);
    expect(r.earlyMediaText).toBe(TEXTS[key]);
  });

  it('cancels the ringing as soon as early media is clearly an announcement', async () => {
    const s = setup();
    const call = await placed(s);
    call.ring(11, 3000); // 空号…: the recognizer's partial after 500 ms is enough
    await run(s.clock, 2000);
    const r = await s.done;
    expect(call.cancelled).toBe(true);
    expect(r).toMatchObject({ outcome: 'INVALID_NUMBER', outcomeSource: 'early-media', sipStatus: 487 });
  });

  it('runs the robot when answered, hangs up when the script ends, and stores one complete record', async () => {
    const s = setup();
    const call = await placed(s);
    call.ring(0, 1000);
    await run(s.clock, 1000);
    call.pickUp();
    await run(s.clock, 7000); // the opening prompt
    call.rtp.say({ key: 6, ms: 1000 }); // 暂时不需要 → 挽留
    await run(s.clock, 10_000);
    call.rtp.say({ key: 9, ms: 1000 }); // 不用了 → 结束拒绝, goodbye, hang up
    await run(s.clock, 10_000);
    const r = await s.done;
    expect(call.hungUp).toBe(true);
    expect(r).toMatchObject({ outcome: 'ANSWERED', outcomeSource: 'sip', endReason: 'completed', hangupBy: 'ROBOT', grade: 'D', sipCallId: 'fake-call-1' });
    expect(r.answerAt! - r.ringAt!).toBeGreaterThanOrEqual(1000); // the answer is seen on the next 20 ms step
    expect(r.ringAt! - r.dialAt).toBe(0);
    expect(r.endAt - r.answerAt!).toBeGreaterThan(10_000);
    expect(r.tags).toEqual(['暂无需求', '无意向']);
    expect(s.saved).toHaveLength(1);
    expect(s.clock.pendingTimers()).toBe(0);
  });

  it('records the callee hanging up', async () => {
    const s = setup();
    const call = await placed(s);
    call.pickUp();
    await run(s.clock, 1500);
    call.remoteHangup();
    await run(s.clock, 100);
    const r = await s.done;
    expect(r).toMatchObject({ endReason: 'callee', hangupBy: 'CALLEE', outcome: 'ANSWERED' });
    expect(call.hungUp).toBe(false);
  });
});
