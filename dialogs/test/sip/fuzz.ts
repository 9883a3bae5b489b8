/** Seeded mutation of valid inputs, shared by the SIP and SDP fuzz tests. */

/** mulberry32: small, seeded, good enough to pick mutations. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SPECIALS = ['\r', '\n', '\r\n', ':', ';', '"', ',', '<', '>', '\\', ' ', '\t', '=', '@', '[', ']', '\0', '\xff', '\r\n ', '\r\n\r\n'];
const LENGTHS = ['-1', 'abc', '', '99999999999', '0x10', '1e2', ' 5 ', '4294967296', '0', '100000'];

/** One random mutation of `input`. */
export function mutate(input: Buffer, rnd: () => number): Buffer {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)] as T;
  const at = Math.floor(rnd() * (input.length + 1));
  const text = input.toString('latin1');
  switch (Math.floor(rnd() * 10)) {
    case 0: { // flip bits of a few bytes
      const out = Buffer.from(input);
      for (let k = 1 + Math.floor(rnd() * 4); k > 0 && out.length > 0; k--) {
        const i = Math.floor(rnd() * out.length);
        out[i] = (out[i] ?? 0) ^ (1 << Math.floor(rnd() * 8));
      }
      return out;
    }
    case 1: return input.subarray(0, at); // truncate
    case 2: return Buffer.concat([input.subarray(0, at), Buffer.from(pick(SPECIALS), 'latin1'), input.subarray(at)]);
    case 3: return Buffer.concat([input.subarray(0, at), Buffer.from(pick(['x', ';', '"', ' ', ','])
      .repeat(1 + Math.floor(rnd() * 80_000)), 'latin1'), input.subarray(at)]); // huge value
    case 4: return Buffer.from(text.replace(/\r\nContent-Length: [^\r]*/i, (m) => `${m}\r\nContent-Length: ${pick(LENGTHS)}`), 'latin1');
    case 5: return Buffer.from(text.replace(/Content-Length: [^\r]*/i, `Content-Length: ${pick(LENGTHS)}`), 'latin1');
    case 6: { // delete a line
      const lines = text.split('\r\n');
      lines.splice(Math.floor(rnd() * lines.length), 1);
      return Buffer.from(lines.join('\r\n'), 'latin1');
    }
    case 7: { // duplicate a line somewhere else
      const lines = text.split('\r\n');
      lines.splice(Math.floor(rnd() * lines.length), 0, pick(lines));
      return Buffer.from(lines.join('\r\n'), 'latin1');
    }
    case 8: return input.subarray(Math.floor(rnd() * Math.min(input.length, 40))); // lose the beginning
    default: { // replace a byte with a special character
      const out = Buffer.from(input);
      if (out.length > 0) out[Math.floor(rnd() * out.length)] = pick(SPECIALS).charCodeAt(0) & 0xff;
      return out;
    }
  }
}
