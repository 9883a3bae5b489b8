import { describe, expect, it } from 'vitest';
import {
  createCancel, createNon2xxAck, createSipIds, createSipResponse, getCSeq, getTo, getToTag, newSipRequest, parseSipMessage,
  SIP_BRANCH_COOKIE, sipReasonPhrase, seededRandomBytes, SipHeaders, SipMessageError, serializeSipMessage, validateSipMessage,
  type SipRequest,
} from '../../src/index.js';
import { SIPP_INVITE } from './corpus.js';

function invite(): SipRequest {
  const r = parseSipMessage(SIPP_INVITE);
  if (!r.ok || r.message.kind !== 'request') throw new Error('corpus');
  r.message.headers.append('Record-Route', '<sip:10.0.0.5;lr>').prepend('Route', '<sip:edge;lr>');
  return r.message;
}

describe('derived messages', () => {
  it('a response copies Via, From, To, Call-ID, CSeq and adds the To tag', () => {
    const req = invite();
    const ringing = createSipResponse(req, 180, { toTag: 'uas1', headers: [['Contact', '<sip:robot@10.0.0.2>']] });
    expect(ringing.reason).toBe('Ringing');
    expect(getToTag(ringing)).toBe('uas1');
    expect(getTo(ringing).uri.user).toBe('service');
    expect(ringing.headers.getAll('Record-Route')).toEqual(['<sip:10.0.0.5;lr>']);
    expect(validateSipMessage(ringing)).toBeNull();
    const trying = createSipResponse(req, 100, { toTag: 'uas1' });
    expect(getToTag(trying)).toBeNull();
    expect(trying.headers.has('Record-Route')).toBe(false);
    const reparsed = parseSipMessage(serializeSipMessage(ringing));
    expect(reparsed.ok).toBe(true);
  });

  it('the ACK for a non-2xx keeps the branch and takes the response To', () => {
    const req = invite();
    const busy = createSipResponse(req, 486, { toTag: 'x9' });
    const ack = createNon2xxAck(req, busy);
    expect(ack.uri).toBe(req.uri);
    expect(ack.headers.getAll('Via')).toEqual([req.headers.get('Via')]);
    expect(getCSeq(ack)).toEqual({ seq: 1, method: 'ACK' });
    expect(getToTag(ack)).toBe('x9');
    expect(ack.headers.getAll('Route')).toEqual(['<sip:edge;lr>']);
    expect(validateSipMessage(ack)).toBeNull();
  });

  it('CANCEL matches the INVITE it cancels', () => {
    const req = invite();
    const cancel = createCancel(req, 'SIP;cause=487;text="Robot hung up"');
    expect(getCSeq(cancel)).toEqual({ seq: 1, method: 'CANCEL' });
    expect(cancel.headers.get('To')).toBe(req.headers.get('To'));
    expect(cancel.headers.get('Reason')).toContain('cause=487');
    expect(validateSipMessage(cancel)).toBeNull();
  });
});

describe('ids, reasons and headers', () => {
  it('makes deterministic ids from a seed, branches with the magic cookie', () => {
    const a = createSipIds(seededRandomBytes(5));
    const b = createSipIds(seededRandomBytes(5));
    expect(a.branch()).toBe(b.branch());
    expect(a.branch().startsWith(SIP_BRANCH_COOKIE)).toBe(true);
    expect(a.callId('robot')).toMatch(/^[0-9a-f]{24}@robot$/);
    expect(createSipIds().tag()).toMatch(/^[0-9a-f]{12}$/);
  });

  it('knows the reason phrases', () => {
    expect(sipReasonPhrase(481)).toBe('Call/Transaction Does Not Exist');
    expect(sipReasonPhrase(499)).toBe('Client Error');
  });

  it('headers keep order, set replaces in place, and refuse CR/LF', () => {
    const h = new SipHeaders([['v', 'a'], ['To', 't'], ['Via', 'b']]);
    h.set('to', 't2').prepend('VIA', 'z');
    expect(h.fields()).toEqual([{ name: 'Via', value: 'z' }, { name: 'Via', value: 'a' }, { name: 'To', value: 't2' }, { name: 'Via', value: 'b' }]);
    expect(h.delete('via')).toBe(3);
    expect(() => h.append('Subject', 'x\r\nVia: evil')).toThrow(SipMessageError);
    expect(() => h.append('Bad Name', 'x')).toThrow(SipMessageError);
    const req = newSipRequest('OPTIONS', 'sip:a@b', [['Content-Length', '999']], 'hi');
    expect(serializeSipMessage(req).toString()).toBe('OPTIONS sip:a@b SIP/2.0\r\nContent-Length: 2\r\n\r\nhi');
  });
});
