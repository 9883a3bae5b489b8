/**
 * Recordings on Baidu Object Storage through @baiducloud/sdk, against a local server that answers
 * PutObject/GetObject/DeleteObject as BOS's API reference says and verifies every signature.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BosFileStore, CallRecords, RecordingStorage } from '../src/calls/index.js';
import { bceSignature, startFakeBos } from '../src/calls/testing/fake-bos.js';
import type { FakeBos } from '../src/calls/testing/fake-bos.js';
import { LocalFileStore, StorageError } from '../src/storage/index.js';
import { startApi } from './support.js';
import type { TestApi } from './support.js';
import { callRecord } from '../src/calls/testing/records.js';

const AK = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
const SK = 'f0e1d2c3b4a5968778695a4b3c2d1e0f';

describe('bce-auth-v1 as documented', () => {
  it('reproduces the signature of the worked example in Baidu\'s reference', () => {
    // "生成认证字符串" example: PUT of part 9 of myfolder/readme.txt in bucket test, signed at 2015-04-27T08:23:49Z.
    const { signature, signedHeaders } = bceSignature({
      method: 'PUT', path: '/v1/test/myfolder/readme.txt', query: { partNumber: '9', uploadId: 'a44cc9bab11cbd156984767aad637851' },
      headers: { host: 'bj.bcebos.com', date: 'Mon, 27 Apr 2015 16:23:49 +0800', 'content-type': 'text/plain', 'content-length': '8', 'content-md5': 'NFzcPqhviddjRNnSOGo4rw==', 'x-bce-date': '2015-04-27T08:23:49Z' },
      accessKeyId: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', secretAccessKey: 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb', timestamp: '2015-04-27T08:23:49Z', expirationSeconds: 1800, signedHeaders: [],
    });
    expect(signature).toBe('d74a04362e6a848f5b39b15421cb449427f419c95a480fd6b8cf9fc783e2999e');
    expect([...signedHeaders].sort()).toEqual(['content-length', 'content-md5', 'content-type', 'host', 'x-bce-date']);
  });
});

describe('recordings on BOS', () => {
  let bos: FakeBos;
  let api: TestApi;
  let admin: string;
  let leader: string;
  let records: CallRecords;

  beforeAll(async () => {
    bos = await startFakeBos({ accessKeyId: AK, secretAccessKey: SK, buckets: ['waihu-rec'] });
    const dataDir = mkdtempSync(join(tmpdir(), 'waihu-bos-'));
    api = await startApi('sqlite', { dataDir });
    records = new CallRecords({ db: api.db, recordings: new RecordingStorage(api.db, new LocalFileStore(join(dataDir, 'files')), api.secrets) });
    [admin, leader] = await Promise.all([api.login('acme'), api.login('1001@acme')]);
  });
  afterAll(async () => {
    await api?.close();
    await bos?.close();
  });

  it('the SDK-backed store writes, reads and deletes objects with signatures the server accepts', async () => {
    const store = new BosFileStore({ endpoint: bos.endpoint, bucket: 'waihu-rec', accessKeyId: AK, secretAccessKey: SK });
    expect(await store.put('recordings/1/202611/a.wav', Buffer.from('RIFF-bytes'))).toEqual({ sizeBytes: 10 });
    expect(bos.buckets.get('waihu-rec')!.get('recordings/1/202611/a.wav')!.toString()).toBe('RIFF-bytes');
    expect((await store.read('recordings/1/202611/a.wav')).toString()).toBe('RIFF-bytes');
    const chunks: Buffer[] = [];
    for await (const c of await store.open('recordings/1/202611/a.wav')) chunks.push(c as Buffer);
    expect(Buffer.concat(chunks).toString()).toBe('RIFF-bytes');
    await store.delete('recordings/1/202611/a.wav');
    await store.delete('recordings/1/202611/a.wav'); // a missing key is not an error
    await expect(store.read('recordings/1/202611/a.wav')).rejects.toMatchObject({ code: 'STORAGE_NOT_FOUND', retryable: false });
    const last = bos.requests.at(-1)!;
    expect(last.code).toBe('NoSuchKey');
    expect(last.authorization).toMatch(/^bce-auth-v1\/a1b2c3d4e5f60718293a4b5c6d7e8f90\/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\/\d+\/[a-z0-9;-]*host[a-z0-9;-]*\/[0-9a-f]{64}$/);
    expect(bos.requests.filter((r) => r.method === 'PUT').every((r) => r.status === 200)).toBe(true);

    const wrong = new BosFileStore({ endpoint: bos.endpoint, bucket: 'waihu-rec', accessKeyId: AK, secretAccessKey: 'not-the-secret' });
    const e = await wrong.put('recordings/x.wav', Buffer.from('x')).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(StorageError);
    expect(e).toMatchObject({ code: 'STORAGE_UNAVAILABLE', retryable: false });
    expect(bos.requests.at(-1)!.code).toBe('SignatureDoesNotMatch');
    const noBucket = new BosFileStore({ endpoint: bos.endpoint, bucket: 'nope', accessKeyId: AK, secretAccessKey: SK });
    await expect(noBucket.put('k.wav', Buffer.from('x'))).rejects.toMatchObject({ code: 'STORAGE_NOT_FOUND' });
    bos.failAll = true;
    await expect(store.put('k.wav', Buffer.from('x'))).rejects.toMatchObject({ code: 'STORAGE_UNAVAILABLE', retryable: true });
    bos.failAll = false;
  });

  it('an admin configures BOS (checked with a probe, secret sealed); calls then keep their recording there, and old ones stay readable after switching back', async () => {
    const put = (body: unknown, token = admin) => api.call('PUT', '/api/settings/recording-storage', token, body);
    expect((await api.call('GET', '/api/settings/recording-storage', admin)).json()).toEqual({ kind: 'local', bos: null });
    const bad = await put({ kind: 'bos', endpoint: bos.endpoint, bucket: 'waihu-rec', accessKeyId: AK, secretAccessKey: 'wrong' });
    expect([bad.statusCode, bad.json().error.code]).toEqual([422, 'RECORDING_STORAGE_UNREACHABLE']);
    expect((await put({ kind: 'bos', endpoint: bos.endpoint, bucket: 'Bad_Bucket', accessKeyId: AK, secretAccessKey: SK })).statusCode).toBe(400);
    expect((await put({ kind: 'local' }, leader)).statusCode).toBe(403);
    const ok = await put({ kind: 'bos', endpoint: bos.endpoint, bucket: 'waihu-rec', accessKeyId: AK, secretAccessKey: SK });
    expect(ok.statusCode, ok.body).toBe(200);
    const bucket = { endpoint: bos.endpoint, bucket: 'waihu-rec', accessKeyId: AK, secretAccessKeySet: true };
    expect(ok.json()).toEqual({ kind: 'bos', bos: bucket });
    const row = await api.db.setting.findFirstOrThrow({ where: { enterpriseId: api.a.id, key: 'recordingStorage' } });
    expect(row.value).not.toContain(SK);
    expect(bos.buckets.get('waihu-rec')!.size).toBe(0); // the probe was removed

    const rec = callRecord();
    const { attemptId } = await records.save({ enterpriseId: api.a.id, templateVersionId: null }, rec);
    const r = await api.db.recording.findUniqueOrThrow({ where: { attemptId } });
    expect(r.storageKey).toMatch(new RegExp(`^bos://waihu-rec/recordings/${api.a.id}/202611/[0-9a-f]{24}\\.wav$`));
    const key = r.storageKey.slice('bos://waihu-rec/'.length);
    expect(Buffer.compare(bos.buckets.get('waihu-rec')!.get(key)!, Buffer.from(rec.recording!.bytes))).toBe(0);
    const audio = await api.call('GET', `/api/calls/${attemptId}/recording`, leader);
    expect(audio.statusCode).toBe(200);
    expect(Buffer.compare(audio.rawPayload, Buffer.from(rec.recording!.bytes))).toBe(0);

    // BOS down at the end of a call: nothing is half-kept, the WAV stays for a retry.
    bos.failAll = true;
    const before = await api.db.callAttempt.count();
    const failing = callRecord();
    await expect(records.save({ enterpriseId: api.a.id, templateVersionId: null }, failing)).rejects.toMatchObject({ code: 'STORAGE_UNAVAILABLE', retryable: true });
    expect(await api.db.callAttempt.count()).toBe(before);
    const down = await api.call('GET', `/api/calls/${attemptId}/recording`, leader);
    expect([down.statusCode, down.json().error]).toEqual([503, expect.objectContaining({ code: 'STORAGE_UNAVAILABLE', retryable: true })]);
    bos.failAll = false;

    // Back to local disk: new recordings go there, the old one is still read from BOS.
    expect((await put({ kind: 'local' })).json()).toEqual({ kind: 'local', bos: bucket });
    const next = await records.save({ enterpriseId: api.a.id, templateVersionId: null }, callRecord());
    expect((await api.db.recording.findUniqueOrThrow({ where: { attemptId: next.attemptId } })).storageKey).toMatch(/^recordings\//);
    expect((await api.call('GET', `/api/calls/${attemptId}/recording`, leader)).statusCode).toBe(200);
    expect((await api.call('GET', `/api/calls/${next.attemptId}/recording`, leader)).statusCode).toBe(200);
  });
});
