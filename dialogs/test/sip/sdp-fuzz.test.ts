import { describe, expect, it } from 'vitest';
import { answerSdpOffer, buildSdpOffer, parseSdp, readSdpAnswer, serializeSdp } from '../../src/index.js';
import { SDP_OFFER } from './corpus.js';
import { mutate, prng } from './fuzz.js';

const CASES = 10_000;
const CORPUS = [
  Buffer.from(SDP_OFFER),
  Buffer.from(serializeSdp(buildSdpOffer({ address: '::1', port: 4000, sessionId: '1' }))),
  Buffer.from('v=0\r\no=- 1 2 IN IP4 1.1.1.1\r\ns=-\r\nc=IN IP4 1.1.1.1\r\nb=AS:64\r\nt=0 0\r\na=sendonly\r\nm=video 0 RTP/AVP 96\r\nm=audio 5000/2 RTP/AVP 8 0 101\r\nc=IN IP4 2.2.2.2\r\na=rtpmap:101 telephone-event/8000\r\na=rtcp:5001 IN IP4 2.2.2.2\r\n'),
];

describe('SDP fuzz', () => {
  it(`never throws; what it accepts serializes stably and negotiates without throwing (${CASES} cases)`, () => {
    const rnd = prng(99);
    const ours = buildSdpOffer({ address: '10.0.0.2', port: 20000, sessionId: '42' });
    let accepted = 0;
    const started = performance.now();
    for (let n = 0; n < CASES; n++) {
      let input = CORPUS[n % CORPUS.length] as Buffer;
      for (let k = 1 + Math.floor(rnd() * 3); k > 0; k--) input = mutate(input, rnd);
      const r = parseSdp(input);
      if (!r.ok) {
        expect(['SDP_INVALID']).toContain(r.error.code);
        continue;
      }
      accepted++;
      const once = serializeSdp(r.value);
      const again = parseSdp(once);
      expect(again.ok).toBe(true);
      if (again.ok) expect(serializeSdp(again.value)).toBe(once);
      const answer = answerSdpOffer(r.value, { address: '10.0.0.2', port: 20000, sessionId: '1', codecs: ['PCMA', 'PCMU'] });
      if (!answer.ok) expect(answer.error.status).toBe(488);
      else expect(parseSdp(serializeSdp(answer.value.answer)).ok).toBe(true);
      const read = readSdpAnswer(r.value, ours);
      if (!read.ok) expect([400, 488]).toContain(read.error.status);
    }
    console.info(`SDP fuzz: ${CASES} cases in ${(performance.now() - started).toFixed(0)} ms, ${accepted} accepted`);
    expect(accepted).toBeGreaterThan(CASES / 10);
  });
});
