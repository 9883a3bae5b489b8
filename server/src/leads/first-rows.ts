/**
 * The in-file duplicate check's memory: each number of the file with the row it was first seen
 * on. A `Map<string, number>` costs about 50 bytes a number (the string, the entry); this keeps
 * the digits as one float64 key and the row as an int32 in an open-addressing table (linear
 * probing, at most half full), so 12 bytes a slot and 24–48 bytes a number: about 3 MB per
 * 100,000 numbers at worst. It still grows with the file's numbers, but that is the one thing
 * the check must know, and the file itself takes more per row.
 *
 * Normalized numbers are digits only, at most 12 (phone.ts); anything that would not fit a key
 * exactly (over 15 digits, not digits) goes to a plain Map, so the set is right for any string.
 */
const EMPTY = 0;
const INITIAL_SLOTS = 1 << 12;
const KEYABLE = /^\d{1,15}$/;

export class FirstRows {
  private keys = new Float64Array(INITIAL_SLOTS);
  private rows = new Int32Array(INITIAL_SLOTS);
  private size = 0;
  private readonly other = new Map<string, number>();

  /** The row `phone` was first seen on, or undefined. */
  get(phone: string): number | undefined {
    if (!KEYABLE.test(phone)) return this.other.get(phone);
    const key = keyOf(phone);
    const mask = this.keys.length - 1;
    for (let i = hash(key) & mask; ; i = (i + 1) & mask) {
      const k = this.keys[i]!;
      if (k === EMPTY) return undefined;
      if (k === key) return this.rows[i];
    }
  }

  /** Records the row `phone` was first seen on (callers check {@link get} first). */
  set(phone: string, row: number): void {
    if (!KEYABLE.test(phone)) {
      this.other.set(phone, row);
      return;
    }
    if ((this.size + 1) * 2 > this.keys.length) this.grow();
    this.put(keyOf(phone), row);
  }

  private put(key: number, row: number): void {
    const mask = this.keys.length - 1;
    let i = hash(key) & mask;
    while (this.keys[i] !== EMPTY && this.keys[i] !== key) i = (i + 1) & mask;
    if (this.keys[i] === EMPTY) this.size++;
    this.keys[i] = key;
    this.rows[i] = row;
  }

  private grow(): void {
    const { keys, rows } = this;
    this.keys = new Float64Array(keys.length * 2);
    this.rows = new Int32Array(keys.length * 2);
    this.size = 0;
    for (let i = 0; i < keys.length; i++) if (keys[i] !== EMPTY) this.put(keys[i]!, rows[i]!);
  }
}

/** `1` in front keeps leading zeros apart (`010…` and `10…`); 16 digits stay under 2^53, so exact, and never 0. */
const keyOf = (digits: string): number => Number(`1${digits}`);

function hash(key: number): number {
  let h = (key % 4294967296) ^ Math.floor(key / 4294967296);
  h = Math.imul(h ^ (h >>> 16), 0x45d9f3b);
  h = Math.imul(h ^ (h >>> 16), 0x45d9f3b);
  return (h ^ (h >>> 16)) >>> 0;
}
