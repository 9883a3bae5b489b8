/**
 * The dial in production. A trunk whose host is `test` is the built-in test trunk (测试外线): no
 * SIP, nothing leaves the machine; each number's last digit picks a scripted outcome and the
 * call lasts a few real seconds, so a marketer can run the demo campaign and watch progress;
 * answered calls keep a synthetic stereo recording (test-recording.ts).
 * Every record it makes says it came from the test trunk. Any other trunk dials through the
 * process's robot caller (server/src/calls/robot-caller.ts: one SipAgent, the enterprise's
 * speech engines, the task's script version, `runRobotCall`). What can only be fixed by a person
 * — no speech engines, a broken script version, no caller ID — becomes a DialerError that
 * pauses the task with its code instead of failing every lead. Without a robot caller (a
 * process started without one) real trunks fail with DIAL_NOT_CONFIGURED the same way.
 */
import { fakeTrunk } from './fake-trunk.js';
import { testTrunkRecording } from './test-recording.js';
import type { ScriptedCall } from './fake-trunk.js';
import type { CallRecord } from '@waihu/dialogs';
import { ApiError } from '../errors.js';
import type { RobotCallRequest } from '../calls/robot-caller.js';
import type { DialFn, DialLead } from './types.js';
import { DialerError, notConfigured } from './types.js';

/** What the dialer needs of the robot caller. */
export interface RobotDial {
  dial(req: RobotCallRequest): Promise<{ readonly record: CallRecord }>;
}

/** The script's variables for a lead: its name as 姓名, and its custom fields by key. */
function varsOf(lead: DialLead): Record<string, string> {
  const vars: Record<string, string> = { 姓名: lead.name };
  for (const [k, v] of Object.entries(lead.fields)) if (v !== null && v !== undefined) vars[k] = Array.isArray(v) ? v.join('、') : String(v);
  return vars;
}

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

export function productionDial(robot?: RobotDial): DialFn {
  const test = fakeTrunk({ script: (lead) => testTrunkScript(lead.phone), sleep: (ms) => new Promise((r) => setTimeout(r, ms)), now: Date.now });
  return async (lead, task, context) => {
    if (context.trunk?.host === TEST_TRUNK_HOST) {
      const record = await test.dial(lead, task, context);
      // Answered test calls leave a real stereo WAV (a hum where each side speaks) for the call page's player.
      const recording = record.outcome === 'ANSWERED' ? await testTrunkRecording(record.turns, record.talkMs) : null;
      return { ...record, recording, tags: [...record.tags, '测试外线'], gradeReasons: record.gradeReasons.map((r) => `${r}（测试外线，非真实通话）`) };
    }
    if (!robot || task.trunkId === null) throw notConfigured();
    try {
      const { record } = await robot.dial({
        enterpriseId: task.enterpriseId, templateVersionId: task.templateVersionId, trunkId: task.trunkId, number: lead.phone,
        callerId: context.callerNumber, vars: varsOf(lead), leadId: lead.id, taskId: task.id, agentGroupId: task.agentGroupId,
      });
      return record;
    } catch (e) {
      // A 4xx from the caller is a setting a person must fix; anything else may pass (retried later).
      if (e instanceof ApiError && e.status < 500) throw new DialerError(e.code, e.message, false);
      throw e;
    }
  };
}
