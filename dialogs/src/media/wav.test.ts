import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeG711Array } from './g711.js';
import { openResources } from './resources.js';
import { WAV_FORMAT, encodeWavPcm16, wavHeader } from './wav-format.js';
import { decodeStereoWav, decodeWav, readWavFile } from './wav-reader.js';
import { StereoWavRecorder } from './wav-recorder.js';

const dir = mkdtempSync(join(tmpdir(), 'waihu-wav-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ramp = (n: number, from: number): Int16Array => Int16Array.from({ length: n }, (_, i) => from + i);

describe('StereoWavRecorder', () => {
  it('streams frames (customer left, robot right), pads missing sides with silence and patches the header', async () => {
    const path = join(dir, 'call.wav');
    const rec = await StereoWavRecorder.open(path, { framesPerChunk: 4 });
    expect(openResources().files).toBe(1);
    for (let i = 0; i < 10; i++) rec.writeFrame(ramp(160, i * 1000), i % 3 === 0 ? null : ramp(160, -i * 1000));
    rec.writeSilence(2);
    const summary = await rec.close();
    expect(await rec.close()).toBe(summary);
    expect(summary).toMatchObject({ frames: 12, durationMs: 240, droppedFrames: 0, error: null });
    expect(openResources().files).toBe(0);
    const bytes = readFileSync(path);
    expect(bytes.length).toBe(44 + 12 * 160 * 4);
    expect(bytes.readUInt32LE(4)).toBe(36 + 12 * 160 * 4);
    expect(bytes.readUInt32LE(40)).toBe(12 * 160 * 4);
    expect(bytes.readUInt16LE(22)).toBe(2);
    const { left, right } = decodeStereoWav(bytes);
    expect(left[5 * 160 + 7]).toBe(5007);
    expect(right[5 * 160 + 7]).toBe(-5000 + 7);
    expect(right[3 * 160 + 7]).toBe(0);
    expect(left[11 * 160]).toBe(0);
  });

  it('refuses a path it cannot create with a coded error', async () => {
    await expect(StereoWavRecorder.open(join(dir, 'missing', 'x.wav'))).rejects.toMatchObject({ code: 'RECORDING_FAILED' });
    expect(openResources().files).toBe(0);
  });
});

describe('decodeWav (prompts)', () => {
  const pcm = Int16Array.from({ length: 800 }, (_, i) => Math.round(12000 * Math.sin(i / 5)));

  it('reads 8 kHz mono 16-bit PCM as is', async () => {
    expect(Array.from(decodeWav(encodeWavPcm16(pcm)))).toEqual(Array.from(pcm));
    const path = join(dir, 'prompt.wav');
    writeFileSync(path, encodeWavPcm16(pcm));
    expect((await readWavFile(path)).length).toBe(800);
  });

  it.each([['alaw', WAV_FORMAT.alaw], ['mulaw', WAV_FORMAT.mulaw]] as const)('decodes %s', (law, format) => {
    const coded = encodeG711Array(law, pcm);
    // A LIST chunk before fmt and an odd-sized chunk test the chunk walk.
    const list = Buffer.concat([Buffer.from('LIST'), Buffer.from([3, 0, 0, 0, 1, 2, 3, 0])]);
    const header = wavHeader(coded.length, { channels: 1, sampleRate: 8000, bitsPerSample: 8, format });
    const file = Buffer.concat([header.subarray(0, 12), list, header.subarray(12), coded]);
    const out = decodeWav(file);
    expect(out.length).toBe(800);
    expect(Math.max(...Array.from(out, (s, i) => Math.abs(s - pcm[i]!)))).toBeLessThan(12000 / 16 + 16);
  });

  it.each([
    [{ channels: 1, sampleRate: 16000, bitsPerSample: 16 }, /16000 Hz/],
    [{ channels: 2, sampleRate: 8000, bitsPerSample: 16 }, /2 channels/],
    [{ channels: 1, sampleRate: 8000, bitsPerSample: 32, format: WAV_FORMAT.float }, /IEEE float/],
    [{ channels: 1, sampleRate: 8000, bitsPerSample: 8 }, /8-bit/],
  ])('names what it found when the format is unsupported (%o)', (layout, found) => {
    const file = Buffer.concat([wavHeader(8, layout), Buffer.alloc(8)]);
    expect(() => decodeWav(file)).toThrowError(expect.objectContaining({ code: 'WAV_UNSUPPORTED', message: expect.stringMatching(found) }));
  });

  it('refuses files that are not WAV or lack chunks', () => {
    expect(() => decodeWav(Buffer.from('hello world, not a wav'))).toThrowError(expect.objectContaining({ code: 'WAV_MALFORMED' }));
    expect(() => decodeWav(wavHeader(0, { channels: 1, sampleRate: 8000, bitsPerSample: 16 }).subarray(0, 36))).toThrowError(expect.objectContaining({ code: 'WAV_MALFORMED' }));
  });
});
