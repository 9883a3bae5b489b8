import { describe, expect, it } from 'vitest';
import {
  getCallId, getContacts, getCSeq, getFrom, getMaxForwards, getRecordRoutes, getRoutes, getTo, getVias, parseSipMessage,
  serializeSipMessage, SipStreamFramer, type SipMessage, type SipStreamItem,
} from '../../src/index.js';
import { CORPUS } from './corpus.js';
import { mutate, prng } from './fuzz.js';

const CASES = 20_000;

function sameMessage(a: SipMessage, b: SipMessage): void {
  expect(b.kind).toBe(a.kind);
  // The serializer writes one Content-Length, the body's; equal duplicates collapse into it.
  const fields = (m: SipMessage) => m.headers.fields().filter((f) => f.name !== 'Content-Length');
  expect(fields(b)).toEqual(fields(a));
  expect(b.headers.getAll('Content-Length')).toEqual([String(b.body.length)]);
  expect(Buffer.from(b.body).equals(Buffer.from(a.body))).toBe(true);
  if (a.kind === 'request' && b.kind === 'request') expect([b.method, b.uri]).toEqual([a.method, a.uri]);
  if (a.kind === 'response' && b.kind === 'response') expect([b.status, b.reason]).toEqual([a.status, a.reason]);
}

describe('parser fuzz', () => {
  it(`never throws, always codes, and what it accepts is trusted and round-trips (${CASES} cases)`, () => {
    const rnd = prng(20240611);
    const seen = { ok: 0, failed: 0, codes: new Set<string>() };
    const started = performance.now();
    for (let n = 0; n < CASES; n++) {
      let input = CORPUS[n % CORPUS.length] as Buffer;
      for (let k = 1 + Math.floor(rnd() * 3); k > 0; k--) input = mutate(input, rnd);
      const r = parseSipMessage(input);
      if (!r.ok) {
        seen.failed++;
        seen.codes.add(r.error.code);
        expect(r.error.code).toMatch(/^[A-Z_]+$/);
        expect(r.error.status).toBeGreaterThanOrEqual(400);
        expect(r.error.reason.length).toBeGreaterThan(0);
        continue;
      }
      seen.ok++;
      const m = r.message;
      // Validated once at the edge: every typed read the layers above make must succeed.
      getVias(m); getFrom(m); getTo(m); getCallId(m); getCSeq(m); getMaxForwards(m); getContacts(m); getRecordRoutes(m); getRoutes(m);
      const again = parseSipMessage(serializeSipMessage(m));
      if (!again.ok) throw new Error(`re-parse failed: ${again.error.code} ${again.error.detail}\n${input.toString('latin1')}`);
      sameMessage(m, again.message);
    }
    const ms = performance.now() - started;
    console.info(`SIP parser fuzz: ${CASES} cases in ${ms.toFixed(0)} ms, ${seen.ok} accepted, ${seen.failed} refused with ${seen.codes.size} codes`);
    expect(seen.ok).toBeGreaterThan(CASES / 10);
    expect(seen.failed).toBeGreaterThan(CASES / 10);
  });

  it('the framer gives the same messages however the stream is cut, and never throws on garbage', () => {
    const rnd = prng(7);
    const stream = Buffer.concat(CORPUS.map((m) => (m.toString('latin1').includes('Content-Length') ? m : Buffer.alloc(0))));
    const whole = new SipStreamFramer({ maxMessageBytes: 1 << 20 }).push(stream);
    for (let n = 0; n < 200; n++) {
      const f = new SipStreamFramer({ maxMessageBytes: 1 << 20 });
      const items: SipStreamItem[] = [];
      for (let i = 0; i < stream.length;) {
        const size = 1 + Math.floor(rnd() * 200);
        items.push(...f.push(stream.subarray(i, i + size)));
        i += size;
      }
      expect(items.map((x) => x.type)).toEqual(whole.map((x) => x.type));
    }
    for (let n = 0; n < 2_000; n++) {
      const f = new SipStreamFramer();
      const garbage = mutate(mutate(stream, rnd), rnd);
      for (let i = 0; i < garbage.length; i += 1 + Math.floor(rnd() * 500)) {
        for (const item of f.push(garbage.subarray(i, i + 1 + Math.floor(rnd() * 500)))) {
          if (item.type === 'error') expect(item.error.code).toMatch(/^[A-Z_]+$/);
          if (item.type === 'message') expect(parseSipMessage(serializeSipMessage(item.message)).ok).toBe(true);
        }
      }
    }
  });
});
