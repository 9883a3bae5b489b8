/**
 * The registrar core with REGISTERs as a baresip softphone and a desk phone write them:
 * digest (challenge, stale nonce, wrong password, unknown or foreign user), expiry in
 * simulated time, several contacts per AOR, wildcard removal, the Call-ID/CSeq rule, caps,
 * and the online/offline events agent states are built on.
 */
import { describe, expect, it } from 'vitest';
import { Registrar } from '../../src/registrar/index.js';
import type { ExtensionAccount, RegistrarOptions, RegistrationSource } from '../../src/registrar/index.js';
import { newSipRequest, parseSipMessage, seededRandomBytes } from '../../src/sip/index.js';
import type { SipRequest } from '../../src/sip/index.js';
import { ScriptedPhone, challengeOf, contactsOf } from './phone.js';
import type { RegisterSpec } from './phone.js';

const EXTENSIONS: Record<string, ExtensionAccount> = {
  'ent-a.example/8001': { extensionId: 'ext-a-8001', enterpriseId: 'ent-a', password: 's3cret-8001' },
  'ent-a.example/8002': { extensionId: 'ext-a-8002', enterpriseId: 'ent-a', password: 'desk-8002' },
  'ent-b.example/8001': { extensionId: 'ext-b-8001', enterpriseId: 'ent-b', password: 'other-8001' },
};
const T0 = 1_800_000_000_000;

function newRegistrar(options: Partial<RegistrarOptions> = {}): Registrar {
  return new Registrar({
    lookup: (domain, user) => EXTENSIONS[`${domain}/${user}`] ?? null,
    secret: 'registrar-test-secret-0123456789', random: seededRandomBytes(7), ...options,
  });
}

const udp = (address: string, port: number): RegistrationSource => ({ transport: 'udp', address, port });

/** The phone's two-step registration: unauthenticated, then answering the 401. */
function registerAuthed(registrar: Registrar, phone: ScriptedPhone, spec: RegisterSpec, source: RegistrationSource, nowMs: number, password?: string) {
  const first = registrar.handle(phone.register({ ...spec }), source, nowMs);
  expect(first.response.status).toBe(401);
  const pw = password ?? EXTENSIONS[`${phone.domain}/${phone.user}`]!.password;
  const second = registrar.handle(phone.register({ ...spec, cseq: spec.cseq + 1, auth: { challenge: challengeOf(first.response), password: pw } }), source, nowMs);
  return { first, second };
}

describe('Registrar: digest authentication', () => {
  it('challenges a baresip REGISTER, accepts the answer, and binds the contact at its source', () => {
    const registrar = newRegistrar();
    const phone = new ScriptedPhone('baresip', '8001', 'ent-a.example', '127.0.0.1', 5080);
    const { first, second } = registerAuthed(registrar, phone, { cseq: 1, expires: 600 }, udp('127.0.0.1', 5080), T0);

    expect(first.outcome).toBe('challenged');
    expect(first.refusal).toMatchObject({ code: 'AUTH_REQUIRED', status: 401, retryable: true });
    const challenge = challengeOf(first.response);
    expect(challenge).toMatchObject({ realm: 'ent-a.example', algorithm: 'MD5', qop: ['auth'], stale: false });
    expect(first.response.headers.get('To')).toMatch(/;tag=/);
    expect(first.response.headers.get('CSeq')).toBe('1 REGISTER');

    expect(second.response.status).toBe(200);
    expect(second).toMatchObject({ outcome: 'registered', extensionId: 'ext-a-8001', refusal: null });
    expect(second.events).toEqual([{ type: 'online', extensionId: 'ext-a-8001', enterpriseId: 'ent-a', aor: 'sip:8001@ent-a.example', cause: 'registered' }]);
    expect(contactsOf(second.response)).toEqual([{ uri: 'sip:8001-0x55d1c0@127.0.0.1:5080;transport=udp', expires: 600 }]);
    expect(second.response.headers.get('Contact')).toContain('+sip.instance="<urn:uuid:6f1c1d0e-8001>"');

    const [bound] = registrar.lookup('sip:8001@ENT-A.example', T0 + 1000);
    expect(bound).toMatchObject({
      aor: 'sip:8001@ent-a.example', extensionId: 'ext-a-8001', enterpriseId: 'ent-a', contact: 'sip:8001-0x55d1c0@127.0.0.1:5080;transport=udp',
      source: { transport: 'udp', address: '127.0.0.1', port: 5080 }, natted: false, expiresAtMs: T0 + 600_000, callId: phone.callId, cseq: 2,
      instance: 'urn:uuid:6f1c1d0e-8001', userAgent: 'baresip v1.0.0 (x86_64/linux)',
    });
    expect(registrar.lookupExtension('ext-a-8001', T0)).toHaveLength(1);
  });

  it('keeps a NATed desk phone reachable at the source of its REGISTER, not its private Contact', () => {
    const registrar = newRegistrar();
    const desk = new ScriptedPhone('desk', '8002', 'ent-a.example', '192.168.1.23', 5062);
    const { second } = registerAuthed(registrar, desk, { cseq: 7, expires: 3600 }, udp('203.0.113.7', 40123), T0);
    expect(second.response.status).toBe(200);
    const [bound] = registrar.lookup('sip:8002@ent-a.example', T0);
    expect(bound).toMatchObject({ contact: 'sip:8002@192.168.1.23:5062', natted: true, source: { address: '203.0.113.7', port: 40123 }, userAgent: 'Yealink SIP-T46S 66.85.0.5' });
  });

  it('refuses a wrong password, an unknown extension and another user\'s AOR with 403, and binds nothing', () => {
    const registrar = newRegistrar();
    const phone = new ScriptedPhone('baresip', '8001', 'ent-a.example', '127.0.0.1', 5080);
    const wrong = registerAuthed(registrar, phone, { cseq: 1 }, udp('127.0.0.1', 5080), T0, 'guess').second;
    expect(wrong.response.status).toBe(403);
    expect(wrong.refusal).toMatchObject({ code: 'AUTH_FAILED', retryable: false });

    const stranger = new ScriptedPhone('baresip', '9999', 'ent-a.example', '127.0.0.1', 5080);
    const unknown = registerAuthed(registrar, stranger, { cseq: 1 }, udp('127.0.0.1', 5080), T0, 'anything').second;
    expect(unknown.response.status).toBe(403);
    expect(unknown.refusal?.code).toBe('UNKNOWN_EXTENSION');
    expect(unknown.response.reason).toBe(wrong.response.reason); // nothing tells the two apart on the wire

    const challenge = challengeOf(registrar.handle(phone.register({ cseq: 3 }), udp('127.0.0.1', 5080), T0).response);
    const foreign = registrar.handle(phone.register({ cseq: 4, auth: { challenge, password: 'desk-8002', username: '8002' } }), udp('127.0.0.1', 5080), T0);
    expect(foreign.response.status).toBe(403);
    expect(foreign.refusal?.code).toBe('USER_MISMATCH');
    expect(registrar.size).toEqual({ bindings: 0, aors: 0 });
  });

  it('answers an expired nonce with stale=true, then accepts the answer to the new one', () => {
    const registrar = newRegistrar({ nonceTtlMs: 300_000 });
    const phone = new ScriptedPhone('desk', '8002', 'ent-a.example', '10.0.0.5', 5060);
    const src = udp('10.0.0.5', 5060);
    const old = challengeOf(registrar.handle(phone.register({ cseq: 1 }), src, T0).response);
    const late = registrar.handle(phone.register({ cseq: 2, auth: { challenge: old, password: 'desk-8002' } }), src, T0 + 301_000);
    expect(late.response.status).toBe(401);
    expect(late.refusal?.code).toBe('AUTH_STALE');
    const fresh = challengeOf(late.response);
    expect(fresh.stale).toBe(true);
    const retried = registrar.handle(phone.register({ cseq: 3, auth: { challenge: fresh, password: 'desk-8002' } }), src, T0 + 301_000);
    expect(retried.response.status).toBe(200);
  });

  it('scopes credentials to their enterprise domain: a nonce of one realm is worthless in another', () => {
    const registrar = newRegistrar();
    const a = new ScriptedPhone('baresip', '8001', 'ent-a.example', '127.0.0.1', 5080);
    const b = new ScriptedPhone('baresip', '8001', 'ent-b.example', '127.0.0.1', 5082);
    const challengeA = challengeOf(registrar.handle(a.register({ cseq: 1 }), udp('127.0.0.1', 5080), T0).response);
    // Same user number, enterprise B, replaying A's challenge with B's password.
    const forged = registrar.handle(b.register({ cseq: 2, auth: { challenge: { ...challengeA, realm: 'ent-b.example' }, password: 'other-8001' } }), udp('127.0.0.1', 5082), T0);
    expect(forged.response.status).toBe(401);
    expect(forged.refusal?.code).toBe('AUTH_REQUIRED');
    expect(registerAuthed(registrar, b, { cseq: 3 }, udp('127.0.0.1', 5082), T0).second.extensionId).toBe('ext-b-8001');
    expect(registerAuthed(registrar, a, { cseq: 3 }, udp('127.0.0.1', 5080), T0).second.extensionId).toBe('ext-a-8001');
    expect(registrar.lookup('sip:8001@ent-a.example', T0)[0]?.enterpriseId).toBe('ent-a');
    expect(registrar.lookup('sip:8001@ent-b.example', T0)[0]?.enterpriseId).toBe('ent-b');
  });

  it('ignores Basic and other-realm Authorization headers and challenges', () => {
    const registrar = newRegistrar();
    const phone = new ScriptedPhone('desk', '8002', 'ent-a.example', '10.0.0.5', 5060);
    const req = phone.register({ cseq: 1 });
    req.headers.append('Authorization', 'Basic ODAwMjpkZXNrLTgwMDI=');
    req.headers.append('Authorization', 'Digest username="8002", realm="elsewhere", nonce="x", uri="sip:a", response="00"');
    const result = registrar.handle(req, udp('10.0.0.5', 5060), T0);
    expect(result.refusal?.code).toBe('AUTH_REQUIRED');
  });
});

describe('Registrar: bindings and expiry', () => {
  it('expires a binding in simulated time, reports the extension offline once, and keeps it online across refreshes', () => {
    const registrar = newRegistrar();
    const phone = new ScriptedPhone('baresip', '8001', 'ent-a.example', '127.0.0.1', 5080);
    const src = udp('127.0.0.1', 5080);
    const { second } = registerAuthed(registrar, phone, { cseq: 1, expires: 120 }, src, T0);
    expect(second.events.map((e) => e.type)).toEqual(['online']);
    const challenge = challengeOf(registrar.handle(phone.register({ cseq: 10 }), src, T0 + 60_000).response);

    // A query (no Contact) lists the binding with its remaining time and changes nothing.
    const query = registrar.handle(phone.register({ cseq: 11, contact: null, auth: { challenge, password: 's3cret-8001' } }), src, T0 + 60_000);
    expect(query.outcome).toBe('queried');
    expect(contactsOf(query.response).map((c) => c.expires)).toEqual([60]);

    // A refresh extends it without a second "online".
    const refresh = registrar.handle(phone.register({ cseq: 12, expires: 120, auth: { challenge, password: 's3cret-8001' } }), src, T0 + 100_000);
    expect(refresh.response.status).toBe(200);
    expect(refresh.events).toEqual([]);
    expect(registrar.expire(T0 + 125_000)).toEqual([]);
    expect(registrar.lookup('sip:8001@ent-a.example', T0 + 219_000)).toHaveLength(1);
    expect(registrar.nextExpiryMs()).toBe(T0 + 220_000);

    expect(registrar.lookup('sip:8001@ent-a.example', T0 + 220_000)).toEqual([]);
    expect(registrar.expire(T0 + 220_000)).toEqual([{ type: 'offline', extensionId: 'ext-a-8001', enterpriseId: 'ent-a', aor: 'sip:8001@ent-a.example', cause: 'expired' }]);
    expect(registrar.expire(T0 + 230_000)).toEqual([]);
    expect(registrar.size).toEqual({ bindings: 0, aors: 0 });
    expect(registrar.nextExpiryMs()).toBeNull();
  });

  it('answers 423 with Min-Expires below the minimum, shortens long requests, and reads the contact expires parameter first', () => {
    const registrar = newRegistrar({ minExpiresS: 60, maxExpiresS: 1800 });
    const phone = new ScriptedPhone('desk', '8002', 'ent-a.example', '10.0.0.5', 5060);
    const src = udp('10.0.0.5', 5060);
    const challenge = challengeOf(registrar.handle(phone.register({ cseq: 1 }), src, T0).response);
    const auth = { challenge, password: 'desk-8002' };

    const brief = registrar.handle(phone.register({ cseq: 2, expires: 30, auth }), src, T0);
    expect(brief.response.status).toBe(423);
    expect(brief.response.headers.get('Min-Expires')).toBe('60');
    expect(brief.refusal?.code).toBe('INTERVAL_TOO_BRIEF');
    expect(registrar.size.bindings).toBe(0);

    const long = registrar.handle(phone.register({ cseq: 3, expires: 86_400, auth }), src, T0);
    expect(contactsOf(long.response)[0]?.expires).toBe(1800);
    const param = registrar.handle(phone.register({ cseq: 4, expires: 3600, contact: '<sip:8002@10.0.0.5:5060>;expires=300', auth }), src, T0);
    expect(contactsOf(param.response)[0]?.expires).toBe(300);
    const junk = registrar.handle(phone.register({ cseq: 5, expires: 'soon', auth }), src, T0);
    expect(junk.response.status).toBe(400);
    expect(junk.refusal?.code).toBe('BAD_REQUEST');
    const defaulted = newRegistrar({ defaultExpiresS: 900 });
    const c2 = challengeOf(defaulted.handle(phone.register({ cseq: 1 }), src, T0).response);
    expect(contactsOf(defaulted.handle(phone.register({ cseq: 2, auth: { challenge: c2, password: 'desk-8002' } }), src, T0).response)[0]?.expires).toBe(900);
  });

  it('holds several contacts per AOR, most recent first, and goes offline only when the last is removed', () => {
    const registrar = newRegistrar();
    const desk = new ScriptedPhone('desk', '8002', 'ent-a.example', '192.168.1.23', 5062);
    const soft = new ScriptedPhone('baresip', '8002', 'ent-a.example', '192.168.1.40', 5080);
    const deskSrc = udp('203.0.113.7', 40123);
    const softSrc = udp('203.0.113.7', 40999);
    expect(registerAuthed(registrar, desk, { cseq: 1, expires: 3600 }, deskSrc, T0).second.events).toHaveLength(1);
    const softReg = registerAuthed(registrar, soft, { cseq: 1, expires: 600 }, softSrc, T0 + 5000).second;
    expect(softReg.events).toEqual([]);
    expect(contactsOf(softReg.response).map((c) => c.expires).sort()).toEqual([3595, 600].sort());

    const live = registrar.lookup('sip:8002@ent-a.example', T0 + 6000);
    expect(live.map((c) => c.source.port)).toEqual([40999, 40123]);

    // The softphone unregisters its own contact (Expires: 0 on the contact).
    const challenge = challengeOf(registrar.handle(soft.register({ cseq: 5 }), softSrc, T0 + 7000).response);
    const off = registrar.handle(soft.register({ cseq: 6, contact: `${soft.contact};expires=0`, auth: { challenge, password: 'desk-8002' } }), softSrc, T0 + 7000);
    expect(off).toMatchObject({ outcome: 'unregistered', events: [] });
    expect(contactsOf(off.response).map((c) => c.uri)).toEqual(['sip:8002@192.168.1.23:5062']);

    const c2 = challengeOf(registrar.handle(desk.register({ cseq: 8 }), deskSrc, T0 + 8000).response);
    const last = registrar.handle(desk.register({ cseq: 9, expires: 0, auth: { challenge: c2, password: 'desk-8002' } }), deskSrc, T0 + 8000);
    expect(last.response.headers.getAll('Contact')).toEqual([]);
    expect(last.events).toEqual([{ type: 'offline', extensionId: 'ext-a-8002', enterpriseId: 'ent-a', aor: 'sip:8002@ent-a.example', cause: 'unregistered' }]);
  });

  it('removes every binding with Contact: * and Expires: 0, and refuses * otherwise', () => {
    const registrar = newRegistrar();
    const desk = new ScriptedPhone('desk', '8002', 'ent-a.example', '10.0.0.5', 5060);
    const src = udp('10.0.0.5', 5060);
    registerAuthed(registrar, desk, { cseq: 1, contact: ['<sip:8002@10.0.0.5:5060>', '<sip:8002@10.0.0.5:5070;transport=tcp>'] }, src, T0);
    expect(registrar.lookup('sip:8002@ent-a.example', T0)).toHaveLength(2);
    const challenge = challengeOf(registrar.handle(desk.register({ cseq: 3 }), src, T0).response);
    const auth = { challenge, password: 'desk-8002' };
    expect(registrar.handle(desk.register({ cseq: 4, contact: '*', expires: 3600, auth }), src, T0).response.status).toBe(400);
    expect(registrar.handle(desk.register({ cseq: 5, contact: '*', auth }), src, T0).refusal?.code).toBe('BAD_REQUEST');
    const wiped = registrar.handle(desk.register({ cseq: 6, contact: '*', expires: 0, auth }), src, T0);
    expect(wiped).toMatchObject({ outcome: 'unregistered', events: [{ type: 'offline', cause: 'unregistered', extensionId: 'ext-a-8002' }] });
    expect(registrar.size).toEqual({ bindings: 0, aors: 0 });
  });
});

describe('Registrar: RFC 3261 §10.3 Call-ID/CSeq rule', () => {
  it('ignores an older or repeated CSeq for the same Call-ID, and lets a new Call-ID through', () => {
    const registrar = newRegistrar();
    const phone = new ScriptedPhone('desk', '8002', 'ent-a.example', '10.0.0.5', 5060);
    const src = udp('10.0.0.5', 5060);
    registerAuthed(registrar, phone, { cseq: 20, expires: 3600 }, src, T0); // bound with CSeq 21
    const challenge = challengeOf(registrar.handle(phone.register({ cseq: 22 }), src, T0).response);
    const auth = { challenge, password: 'desk-8002' };

    const older = registrar.handle(phone.register({ cseq: 19, expires: 0, auth }), src, T0 + 1000);
    expect(older.response.status).toBe(500);
    expect(older.refusal).toMatchObject({ code: 'CSEQ_OUT_OF_ORDER', retryable: true });
    const repeated = registrar.handle(phone.register({ cseq: 21, expires: 60, auth }), src, T0 + 1000);
    expect(repeated.refusal?.code).toBe('CSEQ_OUT_OF_ORDER');
    expect(registrar.handle(phone.register({ cseq: 21, contact: '*', expires: 0, auth }), src, T0 + 1000).refusal?.code).toBe('CSEQ_OUT_OF_ORDER');
    const [still] = registrar.lookup('sip:8002@ent-a.example', T0 + 1000);
    expect(still).toMatchObject({ cseq: 21, expiresAtMs: T0 + 3_600_000 });

    // After a reboot the phone has a new Call-ID and starts its CSeq at 1 again: accepted.
    const reboot = registrar.handle(phone.register({ cseq: 1, callId: 'rebooted-1@10.0.0.5', expires: 600, auth }), src, T0 + 2000);
    expect(reboot.response.status).toBe(200);
    expect(registrar.lookup('sip:8002@ent-a.example', T0 + 2000)[0]).toMatchObject({ cseq: 1, callId: 'rebooted-1@10.0.0.5', expiresAtMs: T0 + 602_000, registeredAtMs: T0 });
  });
});

describe('Registrar: bounded memory', () => {
  it('refuses a contact beyond the per-AOR cap with 503 and Retry-After', () => {
    const registrar = newRegistrar({ maxBindingsPerAor: 2 });
    const phone = new ScriptedPhone('desk', '8002', 'ent-a.example', '10.0.0.5', 5060);
    const src = udp('10.0.0.5', 5060);
    registerAuthed(registrar, phone, { cseq: 1, contact: ['<sip:8002@10.0.0.5:5060>', '<sip:8002@10.0.0.6:5060>'] }, src, T0);
    const challenge = challengeOf(registrar.handle(phone.register({ cseq: 3 }), src, T0).response);
    const full = registrar.handle(phone.register({ cseq: 4, contact: '<sip:8002@10.0.0.7:5060>', auth: { challenge, password: 'desk-8002' } }), src, T0);
    expect(full.response.status).toBe(503);
    expect(full.response.headers.get('Retry-After')).toBe('60');
    expect(full.refusal).toMatchObject({ code: 'AOR_FULL', retryable: true });
    // Replacing one within the cap is fine.
    const swap = registrar.handle(phone.register({ cseq: 5, contact: ['<sip:8002@10.0.0.6:5060>;expires=0', '<sip:8002@10.0.0.7:5060>'], auth: { challenge, password: 'desk-8002' } }), src, T0);
    expect(swap.response.status).toBe(200);
    expect(registrar.size.bindings).toBe(2);
  });

  it('refuses beyond the total cap, and makes room from lapsed bindings (reporting them offline) first', () => {
    const registrar = newRegistrar({ maxBindings: 2 });
    const a1 = new ScriptedPhone('baresip', '8001', 'ent-a.example', '127.0.0.1', 5080);
    const a2 = new ScriptedPhone('desk', '8002', 'ent-a.example', '10.0.0.5', 5060);
    const b1 = new ScriptedPhone('baresip', '8001', 'ent-b.example', '127.0.0.1', 5082);
    registerAuthed(registrar, a1, { cseq: 1, expires: 60 }, udp('127.0.0.1', 5080), T0);
    registerAuthed(registrar, a2, { cseq: 1, expires: 3600 }, udp('10.0.0.5', 5060), T0);
    const refused = registerAuthed(registrar, b1, { cseq: 1, expires: 3600 }, udp('127.0.0.1', 5082), T0 + 1000).second;
    expect(refused.refusal?.code).toBe('REGISTRAR_FULL');
    expect(refused.response.status).toBe(503);

    const later = registerAuthed(registrar, b1, { cseq: 5, expires: 3600 }, udp('127.0.0.1', 5082), T0 + 61_000).second;
    expect(later.response.status).toBe(200);
    expect(later.events).toEqual([
      { type: 'offline', extensionId: 'ext-a-8001', enterpriseId: 'ent-a', aor: 'sip:8001@ent-a.example', cause: 'expired' },
      { type: 'online', extensionId: 'ext-b-8001', enterpriseId: 'ent-b', aor: 'sip:8001@ent-b.example', cause: 'registered' },
    ]);
    expect(registrar.size).toEqual({ bindings: 2, aors: 2 });
  });
});

describe('Registrar: other requests', () => {
  const parse = (text: string): SipRequest => {
    const parsed = parseSipMessage(Buffer.from(text.replace(/\n/g, '\r\n')));
    if (!parsed.ok || parsed.message.kind !== 'request') throw new Error('bad test request');
    return parsed.message;
  };

  it('answers OPTIONS with 200 and Allow, and other methods with 405', () => {
    const registrar = newRegistrar();
    const options = parse('OPTIONS sip:ent-a.example SIP/2.0\nVia: SIP/2.0/UDP 10.0.0.5:5060;branch=z9hG4bKopt1\nMax-Forwards: 70\nFrom: <sip:8002@ent-a.example>;tag=1\nTo: <sip:ent-a.example>\nCall-ID: opt-1\nCSeq: 9 OPTIONS\nContent-Length: 0\n\n');
    const ok = registrar.handle(options, udp('10.0.0.5', 5060), T0);
    expect(ok).toMatchObject({ outcome: 'options', refusal: null });
    expect(ok.response.status).toBe(200);
    expect(ok.response.headers.get('Allow')).toBe('REGISTER, OPTIONS');
    expect(ok.response.headers.get('Via')).toBe('SIP/2.0/UDP 10.0.0.5:5060;branch=z9hG4bKopt1');

    const invite = newSipRequest('INVITE', 'sip:8002@ent-a.example', [...options.headers].map((f) => [f.name, f.name === 'CSeq' ? '1 INVITE' : f.value] as [string, string]));
    const refused = registrar.handle(invite, udp('10.0.0.5', 5060), T0);
    expect(refused.response.status).toBe(405);
    expect(refused.response.headers.get('Allow')).toBe('REGISTER, OPTIONS');
  });

  it('refuses a required extension (420), a To without a user (404) and a tel: To (416)', () => {
    const registrar = newRegistrar();
    const phone = new ScriptedPhone('desk', '8002', 'ent-a.example', '10.0.0.5', 5060);
    const src = udp('10.0.0.5', 5060);
    const required = registrar.handle(phone.register({ cseq: 1, require: 'sec-agree, gruu' }), src, T0);
    expect(required.response.status).toBe(420);
    expect(required.response.headers.get('Unsupported')).toBe('sec-agree, gruu');
    expect(registrar.handle(phone.register({ cseq: 1, to: '<sip:ent-a.example>' }), src, T0).refusal?.code).toBe('AOR_INVALID');
    const tel = phone.register({ cseq: 1 });
    tel.headers.set('To', '<tel:+8613800000000>');
    expect(registrar.handle(tel, src, T0).response.status).toBe(416);
  });
});
