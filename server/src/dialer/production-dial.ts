/**
 * The dial in production. A trunk whose host is `test` is the built-in test trunk (测试外线): no
 * SIP, nothing leaves the machine; each number's last digit picks a scripted outcome and the
 * call lasts a few real seconds, so a marketer can run the demo campaign and watch progress.
 * Every record it makes says it came from the test trunk. Any other trunk needs the robot-call
 * runtime (`runRobotCall` from @waihu/dialogs). It landed while the dialer was being built but is
 * not wired in yet — that needs a process-wide SipAgent, the enterprise's recognizer, VAD and
 * prompt player (speech settings, voice files, TTS), the task's compiled template version, and
 * the agents hub's warm transfer — so those dials fail with DIAL_NOT_CONFIGURED and the dialer
 * pauses the task with that reason instead of failing its leads.
 */
import { fakeTrunk } from './fake-trunk.js';
import type { ScriptedCall } from './fake-trunk.js';
import type { DialFn } from './types.js';
import { notConfigured } from './types.js';

export const TEST_TRUNK_HOST = 'test';

/** What the test trunk does with a number, by its last digit. */
export function testTrunkScript(phone: string): ScriptedCall {
  const d = Number(phone.slice(-1));
  const talkMs = 6_000 + d * 900;
  switch (d) {
    case 0: return { outcome: 'ANSWERED', grade: 'A', ringMs: 3_000, talkMs, calleeSays: ['喂，你好', '可以，你说说看', '好的，加我微信吧'] };
    case 1: return { outcome: 'ANSWERED', grade: 'B', ringMs: 2_500, talkMs, calleeSays: ['嗯', '多少钱？'] };
    case 2: return { outcome: 'ANSWERED', grade: 'C', ringMs: 4_000, talkMs, calleeSays: ['嗯', '哦', '知道了'] };
    case 3: return { outcome: 'ANSWERED', grade: 'D', ringMs: 3_500, talkMs: 4_000, calleeSays: ['不需要，不要再打了'] };
    case 4: return { outcome: 'NO_ANSWER', ringMs: 8_000 };
    case 5: return { outcome: 'BUSY', ringMs: 1_500 };
    case 6: return { outcome: 'INVALID_NUMBER', ringMs: 2_000 };
    case 7: return { outcome: 'POWERED_OFF', ringMs: 2_000 };
    case 8: return { outcome: 'ANSWERED', grade: 'B', ringMs: 3_000, talkMs, calleeSays: ['你们是哪家公司？'] };
    default: return { outcome: 'ANSWERED', grade: 'C', ringMs: 2_000, talkMs, calleeSays: ['嗯嗯'] };
  }
}

export function productionDial(): DialFn {
  const test = fakeTrunk({ script: (lead) => testTrunkScript(lead.phone), sleep: (ms) => new Promise((r) => setTimeout(r, ms)), now: Date.now });
  return async (lead, task, context) => {
    if (context.trunk?.host === TEST_TRUNK_HOST) {
      const record = await test.dial(lead, task, context);
      return { ...record, tags: [...record.tags, '测试外线'], gradeReasons: record.gradeReasons.map((r) => `${r}（测试外线，非真实通话）`) };
    }
    throw notConfigured();
  };
}
