/** A finished robot call as the session hands it over, with a stereo WAV on disk: fixtures for the store and API tests. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeWav } from '@waihu/asr';
import type { CallRecord, TurnRecord } from '@waihu/dialogs';

const scratch = mkdtempSync(join(tmpdir(), 'waihu-calls-'));
let wavNo = 0;

/** A stereo 8 kHz WAV on disk, as the session leaves it: a tone left (customer) then right (robot). */
export function recordingFile(seconds = 2): { path: string; durationMs: number; bytes: Uint8Array } {
  const rate = 8000;
  const n = seconds * rate;
  const s = new Int16Array(n * 2);
  for (let i = 0; i < n; i++) s[2 * i + (i < n / 2 ? 0 : 1)] = Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / rate));
  const bytes = writeWav(s, rate, 2);
  const path = join(scratch, `call-${++wavNo}.wav`);
  writeFileSync(path, bytes);
  return { path, durationMs: seconds * 1000, bytes };
}

export const latency = { endpointMs: 600, recognitionMs: 120, engineMs: 1, promptStartMs: 35, totalMs: 756 };
export const turns: TurnRecord[] = [
  { seq: 0, who: 'ROBOT', text: '您好，我是某某贷款的客服，请问您最近有资金需求吗？', correctedText: null, matched: null, flow: '开场白', startMs: 300, endMs: 4200, latency: null, bargedIn: false, source: 'espeak-ng' },
  { seq: 1, who: 'CALLEE', text: '有的，想了解一下', correctedText: '有的，想了解一下', matched: [{ code: 'AFFIRMATIVE', note: '肯定: 有的' }], flow: '开场白', startMs: 4600, endMs: 5900, latency: null, bargedIn: false },
  { seq: 2, who: 'ROBOT', text: '好的，我们的利率很低。', correctedText: null, matched: null, flow: '介绍', startMs: 6656, endMs: 8800, latency, bargedIn: true, source: 'espeak-ng' },
  { seq: 3, who: 'CALLEE', text: '你们在哪里', correctedText: '你们在哪里', matched: [{ code: 'UNMATCHED', note: 'nothing matched' }], flow: '介绍', startMs: 8000, endMs: 9000, latency: null, bargedIn: false },
];

/** A CallRecord whose recording also carries the WAV's bytes, to compare with what was kept. */
export type FixtureRecord = Omit<CallRecord, 'recording'> & { readonly recording: { readonly path: string; readonly durationMs: number; readonly bytes: Uint8Array } | null };

export function callRecord(over: Partial<FixtureRecord> = {}): FixtureRecord {
  const dialAt = Date.parse('2026-11-21T02:00:00Z'); // 10:00 Beijing
  return {
    sipCallId: 'abc@127.0.0.1', calleeNumber: '13800138000', callerNumber: '02150001234',
    dialAt, ringAt: dialAt + 800, answerAt: dialAt + 5000, transferAt: null, endAt: dialAt + 15_000, talkMs: 10_000,
    outcome: 'ANSWERED', outcomeSource: 'sip', sipStatus: 200, cause: null, hangupBy: 'ROBOT', endReason: 'completed',
    grade: 'A', gradeReasons: ['肯定回答 1 次 ≥ 1'], tags: ['有资金需求'],
    counters: { affirmative: 1, questions: 0, interactions: 2, refusals: 0, silences: 0, unmatched: 1 } as CallRecord['counters'],
    events: [{ type: 'answered' }, { type: 'speech', text: '有的，想了解一下' }] as unknown as CallRecord['events'],
    turns, unmatched: [{ text: '你们在哪里', flow: '介绍' }],
    recording: recordingFile(), earlyMediaText: null, callbackRequested: false,
    ...over,
  };
}

