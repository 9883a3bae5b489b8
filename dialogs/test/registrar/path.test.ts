/**
 * Path (RFC 3327) in the registrar: a browser registering through the SIP edge gets its binding
 * stored with the edge's Path (echoed in the 200 OK), which becomes the Route set of calls to
 * it; a Path without declared support is refused with 421, one whose first hop is not the
 * sender with 403, a hop that is not a loose router with 400; Require: path is accepted; a
 * phone that later registers directly loses the Path.
 */
import { describe, expect, it } from 'vitest';
import { contactRoutes } from '../../src/phones/index.js';
import { Registrar } from '../../src/registrar/index.js';
import type { ExtensionAccount, RegistrationSource } from '../../src/registrar/index.js';
import { seededRandomBytes } from '../../src/sip/index.js';
import { EdgePhone, type EdgeRegisterSpec } from './edge-phone.js';
import { challengeOf } from './phone.js';

const DOMAIN = 'ent-a.example';
const ACCOUNT: ExtensionAccount = { extensionId: 'ext-a-8001', enterpriseId: 'ent-a', password: 'browser-8001' };
const T0 = 1_800_000_000_000;
const EDGE: RegistrationSource = { transport: 'udp', address: '127.0.0.1', port: 15070 };

function newRegistrar(): Registrar {
  return new Registrar({
    lookup: (domain, user) => (domain === DOMAIN && user === '8001' ? ACCOUNT : null),
    secret: 'path-test-secret-0123456789abcdef', random: seededRandomBytes(11),
  });
}

/** Challenge, then the answered REGISTER; returns the second result. */
function register(registrar: Registrar, phone: EdgePhone, spec: EdgeRegisterSpec, source = EDGE, nowMs = T0) {
  const first = registrar.handle(phone.register(spec), source, nowMs);
  expect(first.response.status).toBe(401);
  return registrar.handle(phone.register({ ...spec, cseq: spec.cseq + 1, auth: { challenge: challengeOf(first.response), password: ACCOUNT.password } }), source, nowMs);
}

describe('Registrar: Path from the SIP edge', () => {
  it('stores the edge\'s Path with the browser\'s binding, echoes it, and routes calls by it', () => {
    const registrar = newRegistrar();
    const phone = new EdgePhone('8001', DOMAIN, '127.0.0.1', 15070);
    const result = register(registrar, phone, { cseq: 1 });

    expect(result).toMatchObject({ outcome: 'registered', refusal: null, extensionId: 'ext-a-8001' });
    expect(result.response.headers.getAll('Path')).toEqual(['<sip:127.0.0.1:15070;lr;received=sip:127.0.0.1:51724%3Btransport%3Dws>']);
    const [bound] = registrar.lookupExtension('ext-a-8001', T0 + 1000);
    expect(bound).toMatchObject({
      contact: 'sip:k3t9bq2r@7vd1ohq8mfm2.invalid;transport=ws', source: EDGE, natted: true,
      path: ['<sip:127.0.0.1:15070;lr;received=sip:127.0.0.1:51724%3Btransport%3Dws>'], userAgent: 'JsSIP 3.13.8',
    });
    expect(contactRoutes(bound!)).toEqual([['Route', '<sip:127.0.0.1:15070;lr;received=sip:127.0.0.1:51724%3Btransport%3Dws>']]);
  });

  it('keeps several hops in order, nearest proxy first', () => {
    const registrar = newRegistrar();
    const phone = new EdgePhone('8001', DOMAIN, '127.0.0.1', 15070);
    const path = ['<sip:127.0.0.1:15070;lr>', '<sip:10.0.0.9:5060;lr;received=sip:198.51.100.4:61000%3Btransport%3Dws>'];
    register(registrar, phone, { cseq: 1, path });
    expect(registrar.lookupExtension('ext-a-8001', T0)[0]!.path).toEqual(path);
  });

  it('accepts Require: path instead of Supported', () => {
    const registrar = newRegistrar();
    const phone = new EdgePhone('8001', DOMAIN, '127.0.0.1', 15070);
    const result = register(registrar, phone, { cseq: 1, supported: 'outbound', require: 'path' });
    expect(result.response.status).toBe(200);
    expect(result.response.headers.getAll('Path')).toHaveLength(1);
  });

  it('refuses a Path from a phone that did not declare support with 421 and Require: path, storing nothing', () => {
    const registrar = newRegistrar();
    const phone = new EdgePhone('8001', DOMAIN, '127.0.0.1', 15070);
    const result = register(registrar, phone, { cseq: 1, supported: 'outbound' });
    expect(result.response.status).toBe(421);
    expect(result.response.headers.get('Require')).toBe('path');
    expect(result.refusal).toMatchObject({ code: 'PATH_NOT_SUPPORTED', status: 421, retryable: false });
    expect(result.events).toEqual([]);
    expect(registrar.lookupExtension('ext-a-8001', T0)).toEqual([]);
  });

  it('refuses a Path whose first hop is not the REGISTER\'s sender: nobody points our INVITEs elsewhere', () => {
    const registrar = newRegistrar();
    const phone = new EdgePhone('8001', DOMAIN, '127.0.0.1', 15070);
    const result = register(registrar, phone, { cseq: 1, path: ['<sip:203.0.113.66:5060;lr>'] });
    expect(result.response.status).toBe(403);
    expect(result.refusal).toMatchObject({ code: 'PATH_MISMATCH', status: 403 });
    expect(result.response.reason).toBe('Path Not From Source');
    expect(registrar.size).toEqual({ bindings: 0, aors: 0 });
  });

  it('refuses a hop that is not a loose router and a Path that does not parse with 400', () => {
    const registrar = newRegistrar();
    const phone = new EdgePhone('8001', DOMAIN, '127.0.0.1', 15070);
    const strict = register(registrar, phone, { cseq: 1, path: ['<sip:127.0.0.1:15070>'] });
    expect(strict.refusal).toMatchObject({ code: 'BAD_REQUEST', status: 400 });
    expect(strict.refusal!.detail).toContain('loose router');
    const junk = register(registrar, phone, { cseq: 3, path: ['<mailto:edge@example.com>'] });
    expect(junk.response.status).toBe(400);
    expect(junk.refusal!.detail).toMatch(/^Path: /);
  });

  it('drops the Path when the same contact later registers directly', () => {
    const registrar = newRegistrar();
    const phone = new EdgePhone('8001', DOMAIN, '127.0.0.1', 15070);
    register(registrar, phone, { cseq: 1 });
    register(registrar, phone, { cseq: 3, path: [], supported: 'outbound' }, EDGE, T0 + 60_000);
    const [bound] = registrar.lookupExtension('ext-a-8001', T0 + 60_000);
    expect(bound!.path).toEqual([]);
    expect(contactRoutes(bound!)).toEqual([]);
  });
});
