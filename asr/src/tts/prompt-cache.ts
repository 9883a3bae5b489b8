/**
 * The prompt cache: synthesized audio by (text, voice, engine id and version), in a memory LRU
 * with a byte budget in front of a folder on disk. Disk entries are written atomically
 * (temporary file, then rename) and carry a checksum, so a torn or damaged file is detected,
 * deleted and synthesized again instead of being played as noise.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { crc32 } from 'node:zlib';

/** What identifies a synthesized prompt. */
export interface PromptKeyParts {
  readonly provider: string;
  readonly version: string;
  readonly voice: string;
  readonly text: string;
}

/** How the cache is built. */
export interface PromptCacheOptions {
  /** Folder for the disk cache (created if missing); no disk cache when omitted. */
  readonly dir?: string;
  /** Memory budget in bytes of PCM; default 64 MiB (about 70 minutes of 8 kHz audio). */
  readonly memoryBytes?: number;
}

/** Counters for benchmarks and the console. */
export interface PromptCacheStats {
  memoryHits: number;
  diskHits: number;
  misses: number;
  /** Disk entries found damaged and deleted. */
  corrupt: number;
  /** Disk writes that failed (the audio still played; it will be synthesized again next time). */
  writeErrors: number;
  memoryBytes: number;
  memoryEntries: number;
}

const MAGIC = 0x53545457; // "WTTS" little-endian
const FORMAT = 1;
const HEADER = 16;

/** The cache key: a SHA-256 over the parts, so any text length maps to a short file name. */
export function promptKey(parts: PromptKeyParts): string {
  return createHash('sha256').update(JSON.stringify([parts.provider, parts.version, parts.voice, parts.text])).digest('hex');
}

/** Disk entry bytes: magic, format, sample count, CRC-32 of the payload, then the PCM. */
export function encodeEntry(pcm: Int16Array): Buffer {
  const payload = Buffer.from(pcm.buffer, pcm.byteOffset, pcm.byteLength);
  const out = Buffer.allocUnsafe(HEADER + payload.length);
  out.writeUInt32LE(MAGIC, 0);
  out.writeUInt32LE(FORMAT, 4);
  out.writeUInt32LE(pcm.length, 8);
  out.writeUInt32LE(crc32(payload), 12);
  payload.copy(out, HEADER);
  return out;
}

/** The PCM of a disk entry, or null when it is damaged in any way. */
export function decodeEntry(bytes: Buffer): Int16Array | null {
  if (bytes.length < HEADER || bytes.readUInt32LE(0) !== MAGIC || bytes.readUInt32LE(4) !== FORMAT) return null;
  const n = bytes.readUInt32LE(8);
  if (n === 0 || bytes.length !== HEADER + 2 * n) return null;
  const payload = bytes.subarray(HEADER);
  if (crc32(payload) !== bytes.readUInt32LE(12)) return null;
  // One memcpy into aligned memory; the entry is little-endian like every host Node runs on here
  // (x86-64, ARM64), which `encodeEntry` relies on too.
  const pcm = new Int16Array(n);
  new Uint8Array(pcm.buffer).set(payload);
  return pcm;
}

let tmpSeq = 0;

/** Memory LRU over an optional disk folder. Entries are immutable: callers must not modify them. */
export class PromptCache {
  readonly dir: string | undefined;
  readonly memoryBudget: number;
  private readonly memory = new Map<string, Int16Array>();
  private readonly stats_: PromptCacheStats = { memoryHits: 0, diskHits: 0, misses: 0, corrupt: 0, writeErrors: 0, memoryBytes: 0, memoryEntries: 0 };

  constructor(options: PromptCacheOptions = {}) {
    this.dir = options.dir;
    this.memoryBudget = options.memoryBytes ?? 64 * 1024 * 1024;
  }

  /** A copy of the counters. */
  stats(): PromptCacheStats {
    return { ...this.stats_, memoryBytes: this.stats_.memoryBytes, memoryEntries: this.memory.size };
  }

  /** The entry from memory only (no I/O), refreshing its place in the LRU. */
  getMemory(key: string): Int16Array | null {
    const hit = this.memory.get(key);
    if (!hit) return null;
    this.memory.delete(key);
    this.memory.set(key, hit);
    this.stats_.memoryHits++;
    return hit;
  }

  /** Memory, then disk (a disk hit is promoted to memory); null on a miss or a damaged entry. */
  async get(key: string): Promise<Int16Array | null> {
    const hit = this.getMemory(key);
    if (hit) return hit;
    const fromDisk = await this.readDisk(key);
    if (fromDisk) {
      this.stats_.diskHits++;
      this.remember(key, fromDisk);
      return fromDisk;
    }
    this.stats_.misses++;
    return null;
  }

  /** Stores in memory at once and on disk atomically; disk failures are counted, not thrown. */
  async put(key: string, pcm: Int16Array): Promise<void> {
    this.remember(key, pcm);
    if (!this.dir) return;
    const file = this.fileOf(key);
    const tmp = `${file}.${process.pid}.${++tmpSeq}.tmp`;
    try {
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(tmp, encodeEntry(pcm));
      // rename is atomic on one file system: readers see the old entry or the whole new one.
      await rename(tmp, file);
    } catch {
      this.stats_.writeErrors++;
      await unlink(tmp).catch(() => undefined);
    }
  }

  /** Drops the memory copy (the disk copy stays). */
  forgetMemory(key: string): void {
    const had = this.memory.get(key);
    if (had) { this.memory.delete(key); this.stats_.memoryBytes -= had.byteLength; }
  }

  /** Where an entry lives on disk: a two-character fan-out keeps folders small. */
  fileOf(key: string): string {
    if (!this.dir) throw new Error('no disk cache folder');
    return path.join(this.dir, key.slice(0, 2), `${key}.pcm`);
  }

  private async readDisk(key: string): Promise<Int16Array | null> {
    if (!this.dir) return null;
    const file = this.fileOf(key);
    let bytes: Buffer;
    try {
      bytes = await readFile(file);
    } catch {
      return null;
    }
    const pcm = decodeEntry(bytes);
    if (!pcm) {
      this.stats_.corrupt++;
      await unlink(file).catch(() => undefined);
    }
    return pcm;
  }

  private remember(key: string, pcm: Int16Array): void {
    // An entry over a quarter of the budget would flush everything else; it lives on disk only.
    if (pcm.byteLength > this.memoryBudget / 4) return;
    this.forgetMemory(key);
    this.memory.set(key, pcm);
    this.stats_.memoryBytes += pcm.byteLength;
    for (const [oldKey, old] of this.memory) {
      if (this.stats_.memoryBytes <= this.memoryBudget) break;
      this.memory.delete(oldKey);
      this.stats_.memoryBytes -= old.byteLength;
    }
  }
}
