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
    let rest = '';
    const take = function* (text: string): Generator<T[]> {
      rest += text;
      let start = 0;
      for (let nl = rest.indexOf('\n'); nl >= 0; nl = rest.indexOf('\n', start)) {
        batch.push(JSON.parse(rest.slice(start, nl)) as T);
        start = nl + 1;
        if (batch.length >= size) {
          yield batch;
          batch = [];
        }
      }
      rest = rest.slice(start);
    };
    if (this.file === undefined) {
      yield* take(this.text());
    } else {
      await this.writeOut();
      for await (const text of createReadStream(this.file.path, { encoding: 'utf8', highWaterMark: 1 << 18 })) yield* take(text as string);
    }
    if (batch.length > 0) yield batch;
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
