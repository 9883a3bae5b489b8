/**
 * What an import must keep until its one write (the leads to insert, the leads to update), kept
 * on disk instead of in memory: rows as JSON lines, appended as the file is read and read back
 * in chunks inside the transaction. Memory is then one buffer of lines, whatever the row count.
 * Small imports never touch the disk: the lines stay in memory until they pass
 * {@link FLUSH_CHARS}.
 *
 * The file lives in a folder of its own under the OS temp folder ({@link Scratch}), removed when
 * the import ends however it ends.
 */
import { createReadStream } from 'node:fs';
import { mkdtemp, open, rm } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Characters of lines held before they are written out. Small on purpose: lines written at the
 * end of the batch that made them die young, where lines held across the next batch's database
 * round trips would be promoted to the old generation and swell the garbage V8 keeps between
 * major collections.
 */
const FLUSH_CHARS = 16 * 1024;

/** A temporary folder made on first use. */
export class Scratch {
  private dir: Promise<string> | undefined;
  private files = 0;

  /** A new file path in the folder. */
  async file(name: string): Promise<string> {
    this.dir ??= mkdtemp(join(tmpdir(), 'waihu-import-'));
    return join(await this.dir, `${this.files++}-${name}`);
  }

  /** Removes the folder and everything in it; safe to call more than once. */
  async remove(): Promise<void> {
    const dir = this.dir;
    this.dir = undefined;
    if (dir !== undefined) await rm(await dir, { recursive: true, force: true });
  }
}

/** Rows of one kind (JSON arrays), appended, then read back in order. */
export class SpillFile<T extends readonly unknown[]> {
  /** Rows appended. */
  length = 0;
  private lines: string[] = [];
  private chars = 0;
  private file: { path: string; handle: FileHandle } | undefined;
  private closed = false;

  constructor(private readonly scratch: Scratch, private readonly name: string) {}

  push(row: T): void {
    const line = JSON.stringify(row);
    this.lines.push(line);
    this.chars += line.length + 1;
    this.length++;
  }

  /** Writes the lines held once there are enough of them; call between batches of pushes. */
  async flush(): Promise<void> {
    if (this.chars >= FLUSH_CHARS) await this.writeOut();
  }

  /** The rows in order, `size` at a time. */
  async *chunks(size: number): AsyncGenerator<T[]> {
    for await (const json of this.jsonChunks(size)) yield JSON.parse(json.toString('utf8')) as T[];
  }

  /**
   * The rows in order, up to `size` at a time, as the UTF-8 bytes of a JSON array: nothing
   * parsed or decoded, and nothing in V8's heap (the bulk insert binds the bytes as they are).
   */
  async *jsonChunks(size: number): AsyncGenerator<Buffer> {
    for await (const block of this.blocks(size)) yield jsonArray(block);
  }

  /**
   * The lines in order, up to `size` whole lines at a time, as bytes. Read as Buffers (outside
   * the heap) and decoded a block at a time: decoding the file's 256 KiB read chunks into
   * strings, joining and splitting them made strings of half a megabyte (the names make them
   * two bytes a character), which V8 puts straight into the old generation, several per chunk:
   * tens of megabytes of old-generation garbage per 100,000 leads.
   */
  private async *blocks(size: number): AsyncGenerator<Buffer> {
    if (this.file === undefined) {
      const text = this.text();
      if (text.length > 0) yield* splitBlocks(Buffer.from(text), size);
      return;
    }
    await this.writeOut();
    let carry: Buffer | undefined;
    for await (const chunk of createReadStream(this.file.path, { highWaterMark: 1 << 16 })) {
      const bytes = carry === undefined ? (chunk as Buffer) : Buffer.concat([carry, chunk as Buffer]);
      let start = 0;
      let lines = 0;
      for (let nl = bytes.indexOf(NL); nl >= 0; nl = bytes.indexOf(NL, nl + 1)) {
        if (++lines === size) {
          yield bytes.subarray(start, nl + 1);
          start = nl + 1;
          lines = 0;
        }
      }
      carry = start < bytes.length ? bytes.subarray(start) : undefined;
    }
    if (carry !== undefined) yield carry;
  }

  /** Closes the file (the Scratch folder's removal deletes it). */
  async close(): Promise<void> {
    this.closed = true;
    this.lines = [];
    await this.file?.handle.close().catch(() => undefined);
  }

  private async writeOut(): Promise<void> {
    if (this.closed) throw new Error('SpillFile: closed');
    if (this.file === undefined) {
      const path = await this.scratch.file(this.name);
      this.file = { path, handle: await open(path, 'wx') };
    }
    const text = this.text();
    if (text.length > 0) await this.file.handle.write(text);
  }

  /** The lines held, as one text; no longer held. */
  private text(): string {
    const text = this.lines.length === 0 ? '' : `${this.lines.join('\n')}\n`;
    this.lines = [];
    this.chars = 0;
    return text;
  }
}

const NL = 0x0a;
const COMMA = 0x2c;

/** `bytes` (whole lines) in blocks of up to `size` lines. */
function* splitBlocks(bytes: Buffer, size: number): Generator<Buffer> {
  let start = 0;
  let lines = 0;
  for (let nl = bytes.indexOf(NL); nl >= 0; nl = bytes.indexOf(NL, nl + 1)) {
    if (++lines === size) {
      yield bytes.subarray(start, nl + 1);
      start = nl + 1;
      lines = 0;
    }
  }
  if (start < bytes.length) yield bytes.subarray(start);
}

/** JSON lines (each a JSON value; JSON never holds a raw line break) as the bytes of one JSON array. */
function jsonArray(lines: Buffer): Buffer {
  const out = Buffer.allocUnsafe(lines.length + 2);
  out[0] = 0x5b; // [
  lines.copy(out, 1);
  let end = lines.length + 1;
  while (end > 1 && out[end - 1] === NL) end--; // the last line's break
  for (let nl = out.indexOf(NL, 1); nl >= 0 && nl < end; nl = out.indexOf(NL, nl + 1)) out[nl] = COMMA;
  out[end] = 0x5d; // ]
  return out.subarray(0, end + 1);
}
