import { describe, expect, it } from 'vitest';
import { TokenCache, type FetchedToken } from '../../src/shared/token-cache.js';

function setup(lifetimeMs: number, marginMs: number) {
  let now = 1_000;
  const issued: string[] = [];
  let release: (() => void) | undefined;
  let gate: Promise<void> | undefined;
  const cache = new TokenCache({
    now: () => now,
    marginMs,
    fetch: async (): Promise<FetchedToken> => {
      if (gate) await gate;
      const value = `t${issued.length + 1}`;
      issued.push(value);
      return { value, expiresAtMs: now + lifetimeMs };
    },
  });
  return {
    cache, issued,
    advance: (ms: number) => { now += ms; },
    hold: () => { gate = new Promise((r) => { release = r; }); },
    release: () => { gate = undefined; release?.(); },
  };
}

describe('TokenCache', () => {
  it('fetches once for concurrent callers and reuses the token until the margin', async () => {
    const s = setup(3_600_000, 60_000);
    s.hold();
    const [a, b, c] = [s.cache.get(), s.cache.get(), s.cache.get()];
    s.release();
    expect(await Promise.all([a, b, c])).toEqual(['t1', 't1', 't1']);
    s.advance(3_600_000 - 60_001);
    expect(await s.cache.get()).toBe('t1');
    s.advance(2);
    expect(await s.cache.get()).toBe('t2');
    expect(s.cache.fetches).toBe(2);
  });

  it('caps the margin at half a short lifetime, so a short-lived token is still used', async () => {
    const s = setup(10_000, 3_600_000);
    expect(await s.cache.get()).toBe('t1');
    s.advance(4_999);
    expect(await s.cache.get()).toBe('t1');
    s.advance(2);
    expect(await s.cache.get()).toBe('t2');
  });

  it('drops only the token the API rejected', async () => {
    const s = setup(3_600_000, 60_000);
    await s.cache.get();
    s.cache.invalidate('someone-else');
    expect(await s.cache.get()).toBe('t1');
    s.cache.invalidate('t1');
    expect(await s.cache.get()).toBe('t2');
    s.cache.clear();
    expect(await s.cache.get()).toBe('t3');
  });

  it('an aborting caller fails at once with its own error; the shared fetch still serves others', async () => {
    const s = setup(3_600_000, 60_000);
    s.hold();
    const abort = new AbortController();
    const mine = s.cache.get(abort.signal, () => new Error('mine aborted'));
    const other = s.cache.get();
    abort.abort();
    await expect(mine).rejects.toThrow('mine aborted');
    s.release();
    expect(await other).toBe('t1');
    expect(s.cache.fetches).toBe(1);
  });

  it('a failed fetch is not cached: the next caller tries again', async () => {
    let fail = true;
    const cache = new TokenCache({
      now: () => 0, marginMs: 0,
      fetch: async () => { if (fail) throw new Error('down'); return { value: 'ok', expiresAtMs: 1_000 }; },
    });
    await expect(cache.get()).rejects.toThrow('down');
    fail = false;
    expect(await cache.get()).toBe('ok');
  });
});
