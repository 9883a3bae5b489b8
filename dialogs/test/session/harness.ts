/**
 * One robot call in simulated time over the fakes: the sample 贷款邀约 script, a fake leg, the
 * scripted VAD and recognizer, and helpers that move time until the robot waits for the callee.
 */
import { PromptPlayer } from '@waihu/asr';
import type { AsrProvider } from '@waihu/asr';
import { compileTemplate } from '@waihu/engine';
import type { CompiledTemplate } from '@waihu/engine';
import { sampleById } from '@waihu/scripts-templates';
import { expect } from 'vitest';
import { CallSession, ManualClock } from '../../src/index.js';
import type { CallRecord, CallSessionOptions } from '../../src/index.js';
import { FakeLeg, FakeTts, ScriptedAsr, ScriptedVad, run } from './fakes.js';

/** What each tone key "says". */
export const TEXTS: Readonly<Record<number, string>> = {
  1: '有啊，最近正好要周转一下',
  2: '我在上班，单位有公积金',
  3: '好的',
  4: '嗯',
  5: '利息多少',
  6: '暂时不需要，谢谢',
  7: '您好，您拨打的用户已开启来电提醒服务，我们将以短信的形式通知机主',
  8: '您好，请在提示音后留言',
  9: '不用了，谢谢你',
  11: '您好，您拨打的号码是空号，请查证后再拨',
  12: '您拨打的电话已关机',
  13: '对不起，您拨打的用户正在通话中，请稍后再拨',
  14: '您拨打的用户已停机',
};

export function compiled(id: 'loan' | 'education' = 'loan', patch: (t: ReturnType<typeof sampleById>['template']) => ReturnType<typeof sampleById>['template'] = (t) => t): CompiledTemplate {
  const { template, issues } = compileTemplate(patch(sampleById(id).template));
  if (!template) throw new Error(JSON.stringify(issues));
  return template;
}

export const LOAN = compiled('loan');
export const VARS = { 姓名: '张先生', 额度: '50万' };

export interface Harness {
  readonly clock: ManualClock;
  readonly leg: FakeLeg;
  readonly asr: ScriptedAsr;
  readonly tts: FakeTts;
  readonly session: CallSession;
  readonly done: Promise<CallRecord>;
  /** Moves time until the robot listens (or the call ends); fails after `maxMs`. */
  untilListening(maxMs?: number): Promise<void>;
  untilEnded(maxMs?: number): Promise<CallRecord>;
  /** The callee says tone `key` for `ms`, then the robot's turn is awaited. */
  answer(key: number, ms?: number): Promise<void>;
}

export function harness(over: Partial<CallSessionOptions> & { asr?: AsrProvider } = {}): Harness {
  const clock = over.clock instanceof ManualClock ? over.clock : new ManualClock(0);
  const leg = new FakeLeg(clock);
  const asr = new ScriptedAsr('primary', clock, TEXTS);
  const tts = new FakeTts();
  const session = new CallSession({
    template: LOAN, vars: VARS, leg, vad: () => new ScriptedVad(), asr, prompts: new PromptPlayer({ tts }), clock,
    epochNow: () => 1_700_000_000_000 + clock.now(), call: { calleeNumber: '13800000000', callerNumber: '02100000000' }, ...over,
  });
  const done = session.run();
  let ended = false;
  void done.then(() => { ended = true; });
  const untilListening = async (maxMs = 30_000): Promise<void> => {
    for (let t = 0; t < maxMs; t += 20) {
      if (ended || session.activity === 'ended') return;
      if (session.activity === 'listening') return;
      await run(clock, 20);
    }
    throw new Error(`still ${session.activity} after ${maxMs} ms`);
  };
  const untilEnded = async (maxMs = 60_000): Promise<CallRecord> => {
    for (let t = 0; t < maxMs && !ended; t += 20) await run(clock, 20);
    expect(ended, `call still ${session.activity}`).toBe(true);
    return done;
  };
  return {
    clock, leg, asr, tts, session, done, untilListening, untilEnded,
    async answer(key, ms = 1000) {
      leg.say({ key, ms });
      for (let t = 0; t < ms + 5000 && session.activity === 'listening'; t += 20) await run(clock, 20);
      await untilListening();
    },
  };
}

/** The flows the robot spoke in, in order (from the record's robot turns). */
export function robotFlows(r: CallRecord): string[] {
  return r.turns.filter((t) => t.who === 'ROBOT').map((t) => t.flow ?? '');
}
