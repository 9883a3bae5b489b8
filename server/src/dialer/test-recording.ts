/**
 * The test trunk's recordings (测试外线): a real stereo 8 kHz WAV for each simulated answered
 * call, laid out as a robot call's recording is — the customer on the left channel, the robot on
 * the right — with a voiced hum wherever the transcript says someone speaks, so the call page's
 * player, its channels and its click-a-turn seeking can be tried on the demo campaign. Nothing is
 * spoken: the simulated call has no audio to keep, and the record says it came from the test trunk.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeWav } from '@waihu/asr';
import type { TurnRecord } from '@waihu/dialogs';

const RATE = 8000;

/** Interleaved stereo samples: each turn a pitched hum with syllable-like loudness on its speaker's channel. */
export function testTrunkSamples(turns: readonly TurnRecord[], talkMs: number): Int16Array {
  const n = Math.max(1, Math.round((talkMs / 1000) * RATE));
  const out = new Int16Array(n * 2);
  for (const t of turns) {
    const channel = t.who === 'CALLEE' ? 0 : 1;
    const pitch = channel === 0 ? 180 : 240;
    const first = Math.max(0, Math.round((t.startMs / 1000) * RATE));
    const last = Math.min(n, Math.round((t.endMs / 1000) * RATE));
    for (let i = first; i < last; i++) {
      const s = (i - first) / RATE;
      // About four syllables a second, fading in and out, with a little pitch movement.
      const envelope = Math.sin(Math.PI * ((s * 4) % 1)) ** 2;
      const f = pitch * (1 + 0.08 * Math.sin(2 * Math.PI * 0.7 * s));
      const v = Math.sin(2 * Math.PI * f * s) + 0.4 * Math.sin(4 * Math.PI * f * s);
      out[2 * i + channel] = Math.round(6000 * envelope * v);
    }
  }
  return out;
}

/** Writes the WAV to a scratch file; the call store moves it into the recording store and removes it. */
export async function testTrunkRecording(turns: readonly TurnRecord[], talkMs: number): Promise<{ path: string; durationMs: number }> {
  const dir = join(tmpdir(), 'waihu-test-trunk');
  await mkdir(dir, { recursive: true });
  const path = join(dir, `${Date.now()}-${Math.random().toString(36).slice(2)}.wav`);
  await writeFile(path, writeWav(testTrunkSamples(turns, talkMs), RATE, 2));
  return { path, durationMs: talkMs };
}
