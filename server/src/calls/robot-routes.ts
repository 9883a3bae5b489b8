/**
 * 测试呼叫: a manager places one real robot call with a script through a trunk, to hear the
 * script on a phone before a campaign. The request waits for the call to end (a test call lasts
 * at most a few minutes) and answers with the saved call, which is in /api/calls like any other.
 */
import type { FastifyInstance } from 'fastify';
import type { Services } from '../app.js';
import { MANAGERS } from '../auth/roles.js';
import { dbOf, enterpriseOf } from '../auth/plugin.js';
import type { RobotCaller } from './robot-caller.js';
import { attemptSchema, attemptSummary } from './views.js';

interface TestCallBody {
  templateId: number;
  trunkId: number;
  number: string;
  callerId?: string;
  vars?: Record<string, string>;
}

export async function robotCallRoutes(app: FastifyInstance, services: Services & { robotCaller: RobotCaller }): Promise<void> {
  app.post<{ Body: TestCallBody }>('/calls/test', {
    config: { roles: MANAGERS },
    schema: {
      tags: ['calls'],
      summary: '测试呼叫 Place one robot test call with a script through a trunk',
      description: 'Runs the script\'s current version against the number through the trunk with the enterprise\'s speech engines '
        + '(语音引擎), the same way the dialer does. **Synchronous**: the request waits until the call has ended and been saved '
        + '(ringing, the conversation and hang-up; keep the client timeout at a few minutes) and answers 200 with the saved call '
        + '(as in GET /api/calls; its transcript is at GET /api/calls/{attemptId}). A call that was not answered is still a 200 '
        + 'with its outcome. Refused before dialing: 404 NOT_FOUND for an unknown script or trunk; 409 SPEECH_NOT_CONFIGURED when the '
        + 'enterprise has no ASR or TTS engine, SCRIPT_INVALID, TEST_TRUNK (the built-in test trunk places no real calls), '
        + 'CALLER_ID_REQUIRED (no callerId given, no approved caller ID, no trunk user name).',
      body: {
        type: 'object', additionalProperties: false, required: ['templateId', 'trunkId', 'number'],
        properties: {
          templateId: { type: 'integer', minimum: 1, description: '话术 the script (its current version runs)' },
          trunkId: { type: 'integer', minimum: 1, description: '外线' },
          number: { type: 'string', pattern: '^[0-9+*#]{1,32}$', description: '被叫号码 the number to call' },
          callerId: { type: 'string', pattern: '^[0-9+]{1,32}$', description: '主叫号码 (default: the first approved caller ID, else the trunk user name)' },
          vars: { type: 'object', additionalProperties: { type: 'string', maxLength: 200 }, maxProperties: 50, description: '话术变量, e.g. {"姓名": "张先生"}' },
        },
      },
      response: {
        200: {
          type: 'object', required: ['attemptId', 'call'],
          properties: { attemptId: { type: 'integer' }, call: attemptSchema },
        },
      },
    },
  }, async (request) => {
    const b = request.body;
    const { attemptId } = await services.robotCaller.call({
      enterpriseId: enterpriseOf(request), templateId: b.templateId, trunkId: b.trunkId, number: b.number,
      callerId: b.callerId ?? null, vars: b.vars ?? {},
    });
    const row = await dbOf(request).callAttempt.findUniqueOrThrow({ where: { id: attemptId }, include: { recording: { select: { durationMs: true, sizeBytes: true } } } });
    return { attemptId, call: attemptSummary(row) };
  });
}
