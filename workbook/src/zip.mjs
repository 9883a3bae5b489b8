// @ts-check
/**
 * Just enough of ZIP to stream an .xlsx's parts: the central directory read from the end of
 * the file, and each entry's bytes inflated as a stream from its range of the file. The file is
 * a {@link ZipSource}: bytes in memory (ranges are views, nothing is copied) or an open file
 * read at offsets, 64 KiB at a time, so a file on disk is never held whole. Stored and
 * deflated entries only, which is all Office writes. Anything else (encryption, other methods, ranges outside the file)
 * throws {@link ZipError}; the caller then lets SheetJS judge the file, so the error codes a
 * user sees stay the ones `readWorkbook` gives.
 */
import { readSync } from 'node:fs';
import { Readable } from 'node:stream';
import { createInflateRaw, inflateRawSync } from 'node:zlib';

/** Compressed bytes handed to the inflater at a time, and the size of its output chunks. */
const CHUNK_BYTES = 64 * 1024;

export class ZipError extends Error {}

/**
 * @typedef {{ name: string, method: number, compressedSize: number, size: number, headerOffset: number }} ZipEntry
 */

/**
 * Random access to a ZIP's bytes. `read` is only called for ranges inside `size`.
 * @typedef {{ size: number, read(at: number, length: number): Buffer }} ZipSource
 */

/** @param {Buffer} buf @returns {ZipSource} */
export function bufferSource(buf) {
  return { size: buf.length, read: (at, length) => buf.subarray(at, at + length) };
}

/**
 * An open file (a descriptor this module does not close), read with positioned reads.
 * @param {number} fd @param {number} size @returns {ZipSource}
 */
export function fileSource(fd, size) {
  return {
    size,
    read(at, length) {
      const out = Buffer.allocUnsafe(length);
      let done = 0;
      while (done < length) {
        const n = readSync(fd, out, done, length - done, at + done);
        if (n === 0) throw new ZipError('the file ended early');
        done += n;
      }
      return out;
    },
  };
}

/**
 * The entries of a ZIP by lower-case path (part names are case-insensitive in OPC).
 * @param {ZipSource} src @returns {Map<string, ZipEntry>}
 */
export function zipEntries(src) {
  const tailStart = Math.max(0, src.size - 22 - 0xffff);
  const tail = src.read(tailStart, src.size - tailStart);
  const eocd = findEnd(tail);
  let count = tail.readUInt16LE(eocd + 10);
  let cdSize = tail.readUInt32LE(eocd + 12);
  let cdOffset = tail.readUInt32LE(eocd + 16);
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    // ZIP64: the locator sits right before the end record and points at the ZIP64 end record.
    const locatorAt = tailStart + eocd - 20;
    if (locatorAt < 0) throw new ZipError('ZIP64 locator missing');
    const locator = src.read(locatorAt, 20);
    if (locator.readUInt32LE(0) !== 0x07064b50) throw new ZipError('ZIP64 locator missing');
    const at = Number(locator.readBigUInt64LE(8));
    if (!(at >= 0 && at + 56 <= src.size)) throw new ZipError('ZIP64 end record missing');
    const end64 = src.read(at, 56);
    if (end64.readUInt32LE(0) !== 0x06064b50) throw new ZipError('ZIP64 end record missing');
    count = Number(end64.readBigUInt64LE(32));
    cdSize = Number(end64.readBigUInt64LE(40));
    cdOffset = Number(end64.readBigUInt64LE(48));
  }
  if (cdOffset + cdSize > src.size) throw new ZipError('central directory outside the file');
  const buf = src.read(cdOffset, cdSize);
  /** @type {Map<string, ZipEntry>} */
  const entries = new Map();
  let p = 0;
  for (let i = 0; i < count; i++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== 0x02014b50) throw new ZipError('bad central directory entry');
    const flags = buf.readUInt16LE(p + 8);
    const method = buf.readUInt16LE(p + 10);
    let compressedSize = buf.readUInt32LE(p + 20);
    let size = buf.readUInt32LE(p + 24);
    const nameLength = buf.readUInt16LE(p + 28);
    const extraLength = buf.readUInt16LE(p + 30);
    const commentLength = buf.readUInt16LE(p + 32);
    let headerOffset = buf.readUInt32LE(p + 42);
    if (p + 46 + nameLength + extraLength > buf.length) throw new ZipError('bad central directory entry');
    const name = buf.toString('utf8', p + 46, p + 46 + nameLength);
    if (size === 0xffffffff || compressedSize === 0xffffffff || headerOffset === 0xffffffff) {
      ({ size, compressedSize, headerOffset } = zip64Extra(buf, p + 46 + nameLength, extraLength, { size, compressedSize, headerOffset }));
    }
    p += 46 + nameLength + extraLength + commentLength;
    if (flags & 1) throw new ZipError(`entry ${name} is encrypted`);
    if (method !== 0 && method !== 8) throw new ZipError(`entry ${name} uses compression method ${method}`);
    entries.set(name.replace(/^\/+/, '').toLowerCase(), { name, method, compressedSize, size, headerOffset });
  }
  return entries;
}

/** @param {Buffer} buf @returns {number} */
function findEnd(buf) {
  for (let i = buf.length - 22; i >= 0; i--) {
    if (buf[i] === 0x50 && buf[i + 1] === 0x4b && buf[i + 2] === 0x05 && buf[i + 3] === 0x06) return i;
  }
  throw new ZipError('no end of central directory');
}

/**
 * @param {Buffer} buf @param {number} at @param {number} length
 * @param {{ size: number, compressedSize: number, headerOffset: number }} sizes
 */
function zip64Extra(buf, at, length, sizes) {
  const end = at + length;
  while (at + 4 <= end) {
    const id = buf.readUInt16LE(at);
    const len = buf.readUInt16LE(at + 2);
    if (id === 0x0001) {
      let q = at + 4;
      const next = () => {
        if (q + 8 > at + 4 + len) throw new ZipError('short ZIP64 extra field');
        const v = Number(buf.readBigUInt64LE(q));
        q += 8;
        return v;
      };
      // Only the fields whose 32-bit value overflowed are present, in this order.
      const size = sizes.size === 0xffffffff ? next() : sizes.size;
      const compressedSize = sizes.compressedSize === 0xffffffff ? next() : sizes.compressedSize;
      const headerOffset = sizes.headerOffset === 0xffffffff ? next() : sizes.headerOffset;
      return { size, compressedSize, headerOffset };
    }
    at += 4 + len;
  }
  throw new ZipError('ZIP64 extra field missing');
}

/**
 * Where an entry's data is: after its local header, whose name and extra lengths may
 * differ from the central directory's.
 * @param {ZipSource} src @param {ZipEntry} entry @returns {{ start: number, length: number }}
 */
function entryRange(src, entry) {
  const at = entry.headerOffset;
  if (at + 30 > src.size) throw new ZipError(`no local header for ${entry.name}`);
  const local = src.read(at, 30);
  if (local.readUInt32LE(0) !== 0x04034b50) throw new ZipError(`no local header for ${entry.name}`);
  const start = at + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
  if (start + entry.compressedSize > src.size) throw new ZipError(`entry ${entry.name} runs past the end of the file`);
  return { start, length: entry.compressedSize };
}

/**
 * A whole (small) entry, inflated at once: workbook.xml, its rels, styles.xml.
 * @param {ZipSource} src @param {ZipEntry} entry @param {number} maxBytes @returns {Buffer}
 */
export function entryBytes(src, entry, maxBytes) {
  const { start, length } = entryRange(src, entry);
  const data = src.read(start, length);
  if (entry.method === 0) return data;
  return inflateRawSync(data, { maxOutputLength: maxBytes });
}

/**
 * An entry's inflated bytes as a stream of chunks. The compressed range is read and fed to
 * the inflater 64 KiB at a time and its output is pulled by the caller, so how much is held
 * at once depends neither on the entry's size nor on the file's. Breaking out of the loop
 * destroys the inflater.
 * @param {ZipSource} src @param {ZipEntry} entry @returns {AsyncIterable<Buffer>}
 */
export function entryChunks(src, entry) {
  const range = entryRange(src, entry);
  if (entry.method === 0) return sliced(src, range);
  const inflater = createInflateRaw({ chunkSize: CHUNK_BYTES });
  const input = Readable.from(slices(src, range), { objectMode: false });
  input.on('error', (error) => inflater.destroy(error)); // a failed read ends the stream, as pipe() would not
  input.pipe(inflater);
  return inflater;
}

/** @param {ZipSource} src @param {{ start: number, length: number }} range */
function* slices(src, { start, length }) {
  for (let i = 0; i < length; i += CHUNK_BYTES) yield src.read(start + i, Math.min(CHUNK_BYTES, length - i));
}

/** @param {ZipSource} src @param {{ start: number, length: number }} range */
async function* sliced(src, range) {
  yield* slices(src, range);
}
