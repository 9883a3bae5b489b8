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
    let batch: T[] = [];
    for await (const line of this.eachLine()) {
      batch.push(JSON.parse(line) as T);
      if (batch.length >= size) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0) yield batch;
  }

  /** The rows in order, up to `size` at a time, as the text of a JSON array: nothing parsed. */
  async *jsonChunks(size: number): AsyncGenerator<string> {
    let batch: string[] = [];
    for await (const line of this.eachLine()) {
      batch.push(line);
      if (batch.length >= size) {
        yield `[${batch.join(',')}]`;
        batch = [];
      }
    }
    if (batch.length > 0) yield `[${batch.join(',')}]`;
  }

  /** Each row's line, in order. */
  private async *eachLine(): AsyncGenerator<string> {
    if (this.file === undefined) {
      yield* splitLines(this.text());
      return;
    }
    await this.writeOut();
    let rest = '';
    for await (const text of createReadStream(this.file.path, { encoding: 'utf8', highWaterMark: 1 << 18 })) {
      rest += text as string;
      const end = rest.lastIndexOf('\n');
      if (end < 0) continue;
      yield* splitLines(rest.slice(0, end + 1));
      rest = rest.slice(end + 1);
    }
    if (rest.length > 0) yield* splitLines(rest);
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

/** The lines of a text of `\n`-ended lines (JSON never holds a raw line break). */
function* splitLines(text: string): Generator<string> {
  let start = 0;
  for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
    if (nl > start) yield text.slice(start, nl);
    start = nl + 1;
  }
  if (start < text.length) yield text.slice(start);
}
