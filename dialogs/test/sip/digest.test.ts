import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  answerDigestChallenge, computeDigestResponse, createDigestServer, createSipIds, DigestNonceCounter, digestCredentialsHeader,
  digestHa1, formatDigestChallenge, formatDigestCredentials, parseDigestChallenge, parseDigestCredentials, parseSipMessage,
  seededRandomBytes, type SipResult,
} from '../../src/index.js';
import { TRUNK_401 } from './corpus.js';

function value<T>(r: SipResult<T>): T {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.detail}`);
  return r.value;
}
const md5 = (s: string): string => createHash('md5').update(s).digest('hex');

describe('digest responses: RFC example vectors', () => {
  it('RFC 2617 §3.5 (MD5, qop=auth)', () => {
    expect(computeDigestResponse({
      algorithm: 'MD5', username: 'Mufasa', realm: 'testrealm@host.com', password: 'Circle Of Life',
      nonce: 'dcd98b7102dd2f0e8b11d0f600bfb0c093', method: 'GET', uri: '/dir/index.html', qop: 'auth', nc: '00000001', cnonce: '0a4f113b',
    })).toBe('6629fae49393a05397450978507c4ef1');
  });

  const rfc7616 = {
    username: 'Mufasa', realm: 'http-auth@example.org', password: 'Circle of Life', nonce: '7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v',
    method: 'GET', uri: '/dir/index.html', qop: 'auth', nc: '00000001', cnonce: 'f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ',
  };
  it('RFC 7616 §3.9.1 (MD5 and SHA-256)', () => {
    expect(computeDigestResponse({ ...rfc7616, algorithm: 'MD5' })).toBe('8ca523f5e9506fed4657c9700eebdbec');
    expect(computeDigestResponse({ ...rfc7616, algorithm: 'SHA-256' })).toBe('753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1');
  });

  it('RFC 2069 style (no qop) and MD5-sess follow the formulas', () => {
    const ha1 = md5('bob:biloxi.com:zanzibar');
    const ha2 = md5('REGISTER:sip:biloxi.com');
    const base = { username: 'bob', realm: 'biloxi.com', password: 'zanzibar', nonce: 'n1', method: 'REGISTER', uri: 'sip:biloxi.com' };
    expect(computeDigestResponse({ ...base, algorithm: 'MD5', qop: null, nc: null, cnonce: null })).toBe(md5(`${ha1}:n1:${ha2}`));
    const sess = md5(`${ha1}:n1:c1`);
    expect(computeDigestResponse({ ...base, algorithm: 'MD5-sess', qop: 'auth', nc: '00000002', cnonce: 'c1' })).toBe(md5(`${sess}:n1:00000002:c1:auth:${ha2}`));
    expect(computeDigestResponse({ ...base, algorithm: 'MD5', ha1, qop: null, nc: null, cnonce: null })).toBe(md5(`${ha1}:n1:${ha2}`));
  });
});

describe('digest client', () => {
  it('answers a trunk 401 with Authorization, counting nonces', () => {
    const res = parseSipMessage(TRUNK_401);
    if (!res.ok || res.message.kind !== 'response') throw new Error('corpus');
    const challenge = value(parseDigestChallenge(res.message.headers.get('WWW-Authenticate') ?? ''));
    expect(challenge).toMatchObject({ realm: 'trunk.example.cn', algorithm: 'MD5', qop: ['auth', 'auth-int'], opaque: '5ccc069c403ebaf9', stale: false });
    const counter = new DigestNonceCounter();
    const ids = createSipIds(seededRandomBytes(7));
    const req = { method: 'INVITE', uri: 'sip:13800138000@trunk.example.cn', username: 'robot', password: 'pw' };
    const creds = value(answerDigestChallenge(challenge, req, counter.next(challenge.nonce), ids.cnonce()));
    expect(creds).toMatchObject({ qop: 'auth', nc: '00000001', opaque: '5ccc069c403ebaf9' });
    expect(value(answerDigestChallenge(challenge, req, counter.next(challenge.nonce), 'c')).nc).toBe('00000002');
    expect(digestCredentialsHeader(res.message.status)).toBe('Authorization');
    expect(digestCredentialsHeader(407)).toBe('Proxy-Authorization');
    // What we format, we (and a server) read back.
    expect(value(parseDigestCredentials(formatDigestCredentials(creds)))).toEqual(creds);
  });

  it('refuses algorithms and qops it cannot do', () => {
    const base = { realm: 'r', nonce: 'n', opaque: null, stale: false, domain: null };
    const req = { method: 'INVITE', uri: 'sip:a@b', username: 'u', password: 'p' };
    expect(answerDigestChallenge({ ...base, algorithm: 'AKAv1-MD5', qop: [] }, req, 1, 'c').ok).toBe(false);
    expect(answerDigestChallenge({ ...base, algorithm: 'MD5', qop: ['weird'] }, req, 1, 'c').ok).toBe(false);
  });

  it('parses quoted strings with escapes and refuses broken challenges', () => {
    expect(value(parseDigestChallenge('Digest realm="a\\"b", nonce="x,y", stale=TRUE')).realm).toBe('a"b');
    expect(value(parseDigestChallenge('digest realm="r",nonce="n",stale=true')).stale).toBe(true);
    for (const bad of ['Basic realm="r"', 'Digest realm="r"', 'Digest realm="r, nonce="n"', 'Digest realm=, nonce=n']) {
      const r = parseDigestChallenge(bad, 'Proxy-Authenticate');
      expect(r.ok ? null : r.error.header).toBe('Proxy-Authenticate');
    }
    expect(parseDigestCredentials('Digest username="u", realm="r", nonce="n", uri="u", response="x", qop=auth').ok).toBe(false);
  });
});

describe('digest server', () => {
  const secret = 'a server secret of sixteen bytes+';
  const make = (seed = 1) => createDigestServer({ realm: 'waihu', secret, random: seededRandomBytes(seed), nonceTtlMs: 60_000 });
  const t0 = 1_700_000_000_000;
  const req = { method: 'REGISTER', uri: 'sip:waihu', username: '1001', password: 'pw' };

  it('accepts a correct answer without a nonce table, also with a stored HA1', () => {
    const server = make();
    const challenge = server.challenge(t0);
    expect(value(parseDigestChallenge(formatDigestChallenge(challenge)))).toEqual(challenge);
    const creds = value(answerDigestChallenge(challenge, req, 1, 'cn'));
    expect(server.verify(creds, { method: 'REGISTER', password: 'pw' }, t0 + 1000)).toEqual({ ok: true });
    // Another server instance with the same secret accepts it too.
    expect(make(99).verify(creds, { method: 'REGISTER', ha1: digestHa1('MD5', '1001', 'waihu', 'pw') }, t0 + 2000)).toEqual({ ok: true });
  });

  it('says stale for an old nonce, and refuses wrong passwords, forged nonces and other realms', () => {
    const server = make();
    const creds = value(answerDigestChallenge(server.challenge(t0), req, 1, 'cn'));
    const stale = server.verify(creds, { method: 'REGISTER', password: 'pw' }, t0 + 61_000);
    expect(stale.ok === false && [stale.reason, stale.challenge.stale]).toEqual(['stale', true]);
    const wrong = server.verify(creds, { method: 'REGISTER', password: 'nope' }, t0 + 1000);
    expect(wrong.ok === false && [wrong.reason, wrong.challenge.stale]).toEqual(['response-mismatch', false]);
    const forged = { ...creds, nonce: `${creds.nonce.slice(0, -2)}AA` };
    expect(server.verify(forged, { method: 'REGISTER', password: 'pw' }, t0).ok === false).toBe(true);
    const forgedVerdict = server.verify({ ...creds, nonce: 'short' }, { method: 'REGISTER', password: 'pw' }, t0);
    expect(forgedVerdict.ok === false && forgedVerdict.reason).toBe('nonce-invalid');
    const realm = server.verify({ ...creds, realm: 'other' }, { method: 'REGISTER', password: 'pw' }, t0);
    expect(realm.ok === false && realm.reason).toBe('realm-mismatch');
    const future = server.verify(value(answerDigestChallenge(server.challenge(t0 + 3_600_000), req, 1, 'c')), { method: 'REGISTER', password: 'pw' }, t0);
    expect(future.ok === false && future.reason).toBe('nonce-invalid');
  });

  it('does SHA-256 as well', () => {
    const server = createDigestServer({ realm: 'waihu', secret, random: seededRandomBytes(3), algorithm: 'SHA-256' });
    const creds = value(answerDigestChallenge(server.challenge(t0), req, 1, 'cn'));
    expect(creds.response).toHaveLength(64);
    expect(server.verify(creds, { method: 'REGISTER', password: 'pw' }, t0)).toEqual({ ok: true });
  });
});
