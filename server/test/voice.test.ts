/** Voice files (语音文件管理) over the API, on SQLite and PostgreSQL. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readWav, writeWav } from '@waihu/asr';
import { databases, multipart, startApi } from './support.js';
import type { TestApi } from './support.js';

/** A stereo 16 kHz WAV: a 440 Hz tone at `amplitude` after `leadMs` of silence. */
function toneWav(seconds: number, amplitude: number, leadMs = 0): Uint8Array {
  const rate = 16_000;
  const frames = Math.round(seconds * rate);
  const lead = Math.round((leadMs / 1000) * rate);
  const s = new Int16Array(frames * 2);
  for (let i = lead; i < frames; i++) s[2 * i] = s[2 * i + 1] = Math.round(amplitude * 32767 * Math.sin((2 * Math.PI * 440 * i) / rate));
  return writeWav(s, rate, 2);
}

describe.each(await databases())('voice files on %s', (kind) => {
  let api: TestApi;
  let leader: string;
  let agent: string;
  let bravo: string;
  const upload = (token: string, bytes: Uint8Array, fileName: string, fields: Record<string, string> = {}) => {
    const body = multipart(fileName, bytes);
    const boundary = body.headers['content-type']!.split('boundary=')[1]!;
    const extra = Object.entries(fields).map(([k, v]) => Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
    return api.app.inject({ method: 'POST', url: '/api/voice-files', headers: { ...body.headers, authorization: `Bearer ${token}` }, payload: Buffer.concat([...extra, body.payload]) });
  };
  beforeAll(async () => {
    api = await startApi(kind);
    [leader, agent, bravo] = await Promise.all([api.login('1001@acme'), api.login('2001@acme'), api.login('bravo')]);
  });
  afterAll(async () => { await api?.close(); });

  it('converts an upload to 8 kHz mono, keeps it, and plays it back', async () => {
    const r = await upload(leader, toneWav(1.5, 0.3), '开场白.wav', { note: '您好，这里是某某教育', kind: 'prompt' });
    expect(r.statusCode, r.body).toBe(201);
    const { voiceFile, warnings } = r.json();
    expect(voiceFile).toMatchObject({ name: '开场白', kind: 'prompt', note: '您好，这里是某某教育', originalName: '开场白.wav', durationMs: 1500 });
    expect(warnings).toEqual([]);
    const audio = await api.call('GET', voiceFile.url, agent);
    expect([audio.statusCode, audio.headers['content-type']]).toEqual([200, 'audio/wav']);
    const wav = readWav(audio.rawPayload);
    expect([wav.sampleRate, wav.channels.length, wav.channels[0]!.length]).toEqual([8000, 1, 12_000]);
    expect((await api.call('GET', '/api/voice-files', leader)).json().items.map((v: { name: string }) => v.name)).toEqual(['开场白']);
    expect((await api.call('GET', '/api/voice-files', bravo)).json().items).toEqual([]);
    expect((await api.call('GET', voiceFile.url, bravo)).statusCode).toBe(404);
  });

  it('warns about a quiet recording with a long silent start, and refuses what is not audio', async () => {
    const quiet = await upload(leader, toneWav(4, 0.01, 2500), 'quiet.wav', { name: '安静' });
    expect(quiet.statusCode, quiet.body).toBe(201);
    expect(quiet.json().warnings.map((w: { code: string }) => w.code)).toEqual(expect.arrayContaining(['TOO_QUIET', 'LONG_LEADING_SILENCE']));
    const text = await upload(leader, Buffer.from('not audio at all, just text'), 'fake.mp3');
    expect([text.statusCode, text.json().error.code]).toEqual([422, 'AUDIO_FORMAT_UNSUPPORTED']);
    const taken = await upload(leader, toneWav(0.5, 0.3), 'x.wav', { name: '开场白' });
    expect([taken.statusCode, taken.json().error.code]).toEqual([409, 'VOICE_NAME_TAKEN']);
    expect((await upload(leader, toneWav(0.5, 0.3), 'x.wav', { kind: 'music' })).statusCode).toBe(400);
    expect((await upload(agent, toneWav(0.5, 0.3), 'x.wav')).statusCode).toBe(403);
    expect(await api.db.voiceFile.count({ where: { enterpriseId: api.a.id } })).toBe(2);
  });

  it('renames and deletes, and the audio goes with the row', async () => {
    const v = (await api.call('GET', '/api/voice-files?q=安静', leader)).json().items[0];
    const renamed = await api.call('PATCH', `/api/voice-files/${v.id}`, leader, { name: '结束语', kind: 'ringback' });
    expect(renamed.json().voiceFile).toMatchObject({ name: '结束语', kind: 'ringback' });
    expect((await api.call('PATCH', `/api/voice-files/${v.id}`, leader, { name: '开场白' })).json().error.code).toBe('VOICE_NAME_TAKEN');
    expect((await api.call('PATCH', `/api/voice-files/${v.id}`, bravo, { name: 'x' })).statusCode).toBe(404);
    expect((await api.call('DELETE', `/api/voice-files/${v.id}`, leader)).statusCode).toBe(204);
    expect((await api.call('GET', v.url, leader)).statusCode).toBe(404);
  });
});
