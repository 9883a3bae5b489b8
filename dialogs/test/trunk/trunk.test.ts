import { describe, expect, it } from 'vitest';
import { CallerIdPool, TrunkLines, callerIdAllowed, checkTrunkConfig, classifyDialEnd, dialString, q850Cause } from '../../src/trunk/index.js';
import type { TrunkConfig } from '../../src/trunk/index.js';

const trunk = (raw: Record<string, unknown> = {}): TrunkConfig => {
  const r = checkTrunkConfig({ name: '电信', host: '127.0.0.1', ...raw });
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.trunk;
};

describe('trunk settings', () => {
  it('fills the seed defaults', () => {
    expect(trunk()).toMatchObject({ port: 5060, transport: 'udp', mode: 'peer', lines: 1, campaignLines: 1, stripDigits: 0, addPrefix: '', ringTimeoutMs: 45_000 });
    expect(trunk({ calleePrefixes: '1, 010，021' }).calleePrefixes).toEqual(['1', '010', '021']);
  });

  it('says which field is wrong, all at once', () => {
    const r = checkTrunkConfig({ host: 'gw.example:5060', port: 70_000, mode: 'register', username: 'acct', lines: 4, campaignLines: 5, addPrefix: '9x', transport: 'tls', calleePrefixes: ['1a'] });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.map((i) => [i.path, i.code])).toEqual([
      ['/name', 'REQUIRED'], ['/host', 'FORMAT'], ['/transport', 'FORMAT'], ['/password', 'REQUIRED'], ['/campaignLines', 'RANGE'],
      ['/addPrefix', 'FORMAT'], ['/port', 'RANGE'], ['/calleePrefixes', 'FORMAT'],
    ]);
    expect(checkTrunkConfig({ name: 'x', host: '[::1]', lines: '3' })).toMatchObject({ ok: false, issues: [{ path: '/lines', code: 'TYPE' }] });
  });
});

describe('dial plan', () => {
  it('checks the callee prefix on the stored number, then strips and adds', () => {
    const t = trunk({ stripDigits: 1, addPrefix: '9', calleePrefixes: ['0', '13'] });
    expect(dialString(t, '01066668888')).toEqual({ ok: true, user: '91066668888' });
    expect(dialString(t, '13800138000')).toEqual({ ok: true, user: '93800138000' });
    expect(dialString(t, '15900000000')).toMatchObject({ ok: false, code: 'CALLEE_PREFIX_NOT_ALLOWED' });
    expect(dialString(trunk({ stripDigits: 10 }), '0')).toMatchObject({ ok: false, code: 'NUMBER_EMPTY_AFTER_STRIP' });
    expect(dialString(trunk(), '13800138000')).toEqual({ ok: true, user: '13800138000' });
  });

  it('lets only caller IDs with the trunk prefix out', () => {
    expect(callerIdAllowed(trunk({ callerIdPrefixes: ['0755'] }), '075582345678')).toBe(true);
    expect(callerIdAllowed(trunk({ callerIdPrefixes: ['0755'] }), '02155556666')).toBe(false);
    expect(callerIdAllowed(trunk(), '02155556666')).toBe(true);
  });
});

describe('caller-ID pools', () => {
  const seq = (...xs: number[]) => { let i = 0; return () => xs[i++ % xs.length]!; };

  it('rotates round robin, skipping numbers at their cap', () => {
    const pool = new CallerIdPool({ numbers: ['a', 'b', 'c'], rule: 'round-robin', maxConcurrentPerNumber: 1 });
    const r = seq(0);
    expect([pool.take('d1', r), pool.take('d1', r), pool.take('d1', r), pool.take('d1', r)]).toEqual(['a', 'b', 'c', null]);
    pool.release('b');
    pool.release('b'); // a second release of one call does not free a second slot
    expect([pool.take('d1', r), pool.take('d1', r)]).toEqual(['b', null]);
  });

  it('spreads by least use today and resets at the day boundary', () => {
    const pool = new CallerIdPool({ numbers: ['a', 'b'], rule: 'least-used', maxDailyPerNumber: 2 });
    const r = seq(0);
    const took = [];
    for (let i = 0; i < 5; i++) { const n = pool.take('d1', r); took.push(n); if (n) pool.release(n); }
    expect(took).toEqual(['a', 'b', 'a', 'b', null]);
    expect(pool.take('d2', r)).toBe('a');
  });

  it('picks at random among the free ones and honours the trunk filter', () => {
    const pool = new CallerIdPool({ numbers: ['0755-1', '021-1', '0755-2'], rule: 'random' });
    expect(pool.take('d', seq(0.99), (n) => n.startsWith('0755'))).toBe('0755-2');
    expect(pool.take('d', seq(0), (n) => n.startsWith('0755'))).toBe('0755-1');
    expect(new CallerIdPool({ numbers: ['x', 'y'], rule: 'fixed' }).take('d', seq(0.5))).toBe('x');
    expect(new CallerIdPool({ numbers: [], rule: 'random' }).take('d', seq(0.5))).toBeNull();
  });
});

describe('trunk lines', () => {
  it('keeps lines free for agents beyond the campaign share, and releases each line once', () => {
    const lines = new TrunkLines({ lines: 3, campaignLines: 2 });
    const c1 = lines.take('campaign')!;
    lines.take('campaign');
    expect(lines.take('campaign')).toBeNull();
    const a = lines.take('agent')!;
    expect([lines.take('agent'), lines.busy, lines.freeForCampaign]).toEqual([null, 3, 0]);
    c1.release();
    c1.release();
    expect([lines.busy, lines.freeForCampaign]).toEqual([2, 1]);
    a.release();
    expect(lines.freeForCampaign).toBe(1);
  });
});

describe('dial outcomes', () => {
  const of = (status: number, cause?: number) => classifyDialEnd({ kind: 'response', status, ...(cause === undefined ? {} : { cause }) }).outcome;

  it('maps SIP statuses to 呼叫结果 and keeps the status', () => {
    expect([of(200), of(486), of(600), of(480), of(408), of(404), of(484), of(604), of(603), of(487), of(503), of(500), of(403)]).toEqual([
      'ANSWERED', 'BUSY', 'BUSY', 'NO_ANSWER', 'NO_ANSWER', 'INVALID_NUMBER', 'INVALID_NUMBER', 'INVALID_NUMBER', 'REJECTED', 'CANCELED', 'NETWORK_ERROR', 'NETWORK_ERROR', 'NETWORK_ERROR',
    ]);
    expect(classifyDialEnd({ kind: 'response', status: 486, cause: 17 })).toEqual({ outcome: 'BUSY', sipStatus: 486, cause: 17, retryable: true });
  });

  it('trusts the Q.850 cause over a carrier\'s generic status', () => {
    expect([of(480, 20), of(404, 1), of(503, 1), of(480, 21), of(500, 86), of(503, 99)]).toEqual(['POWERED_OFF', 'INVALID_NUMBER', 'INVALID_NUMBER', 'REJECTED', 'SUSPENDED', 'NETWORK_ERROR']);
    expect(of(200, 16)).toBe('ANSWERED');
  });

  it('classifies timers and says what not to retry', () => {
    expect(classifyDialEnd({ kind: 'ring-timeout' })).toEqual({ outcome: 'NO_ANSWER', sipStatus: null, cause: null, retryable: true });
    expect(classifyDialEnd({ kind: 'no-response' }).outcome).toBe('NETWORK_ERROR');
    expect(classifyDialEnd({ kind: 'transport-error' }).retryable).toBe(true);
    expect(classifyDialEnd({ kind: 'cancelled' }).outcome).toBe('CANCELED');
    expect([of(404), of(603)].map((o) => o)).toEqual(['INVALID_NUMBER', 'REJECTED']);
    expect(classifyDialEnd({ kind: 'response', status: 603 }).retryable).toBe(false);
    expect(classifyDialEnd({ kind: 'response', status: 404 }).retryable).toBe(false);
  });

  it('reads the cause from a Reason header', () => {
    expect(q850Cause('Q.850;cause=17;text="User busy"')).toBe(17);
    expect(q850Cause('SIP;cause=200;text="x", Q.850 ; cause = 20')).toBe(20);
    expect([q850Cause('SIP;cause=487'), q850Cause(''), q850Cause(null), q850Cause('Q.850;cause=abc')]).toEqual([null, null, null, null]);
  });
});
