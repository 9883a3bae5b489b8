// @ts-check
/**
 * Just enough of ZIP to stream an .xlsx's parts: the central directory read from the end of
 * the file, and each entry's bytes inflated as a stream from its range of the buffer (the
 * upload is in memory anyway, so nothing is copied). Stored and deflated entries only, which
 * is all Office writes. Anything else (encryption, other methods, ranges outside the file)
 * throws {@link ZipError}; the caller then lets SheetJS judge the file, so the error codes a
 * user sees stay the ones `readWorkbook` gives.
 */
import { Readable } from 'node:stream';
import { createInflateRaw, inflateRawSync } from 'node:zlib';

/** Compressed bytes handed to the inflater at a time, and the size of its output chunks. */
const CHUNK_BYTES = 64 * 1024;

export class ZipError extends Error {}

/**
 * @typedef {{ name: string, method: number, compressedSize: number, size: number, headerOffset: number }} ZipEntry
 */

/**
 * The entries of a ZIP by lower-case path (part names are case-insensitive in OPC).
 * @param {Buffer} buf @returns {Map<string, ZipEntry>}
 */
export function zipEntries(buf) {
  const eocd = findEnd(buf);
  let count = buf.readUInt16LE(eocd + 10);
  let cdSize = buf.readUInt32LE(eocd + 12);
  let cdOffset = buf.readUInt32LE(eocd + 16);
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    // ZIP64: the locator sits right before the end record and points at the ZIP64 end record.
    const locator = eocd - 20;
    if (locator < 0 || buf.readUInt32LE(locator) !== 0x07064b50) throw new ZipError('ZIP64 locator missing');
    const at = Number(buf.readBigUInt64LE(locator + 8));
    if (!(at >= 0 && at + 56 <= buf.length) || buf.readUInt32LE(at) !== 0x06064b50) throw new ZipError('ZIP64 end record missing');
    count = Number(buf.readBigUInt64LE(at + 32));
    cdSize = Number(buf.readBigUInt64LE(at + 40));
    cdOffset = Number(buf.readBigUInt64LE(at + 48));
  }
  if (cdOffset + cdSize > buf.length) throw new ZipError('central directory outside the file');
  /** @type {Map<string, ZipEntry>} */
  const entries = new Map();
  let p = cdOffset;
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
  const lowest = Math.max(0, buf.length - 22 - 0xffff);
  for (let i = buf.length - 22; i >= lowest; i--) {
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
 * Where an entry's data starts: after its local header, whose name and extra lengths may
 * differ from the central directory's.
 * @param {Buffer} buf @param {ZipEntry} entry @returns {Buffer}
 */
function entryData(buf, entry) {
  const at = entry.headerOffset;
  if (at + 30 > buf.length || buf.readUInt32LE(at) !== 0x04034b50) throw new ZipError(`no local header for ${entry.name}`);
  const start = at + 30 + buf.readUInt16LE(at + 26) + buf.readUInt16LE(at + 28);
  if (start + entry.compressedSize > buf.length) throw new ZipError(`entry ${entry.name} runs past the end of the file`);
  return buf.subarray(start, start + entry.compressedSize);
}

/**
 * A whole (small) entry, inflated at once: workbook.xml, its rels, styles.xml.
 * @param {Buffer} buf @param {ZipEntry} entry @param {number} maxBytes @returns {Buffer}
 */
export function entryBytes(buf, entry, maxBytes) {
  const data = entryData(buf, entry);
  if (entry.method === 0) return data;
  return inflateRawSync(data, { maxOutputLength: maxBytes });
}

/**
 * An entry's inflated bytes as a stream of chunks. The compressed range is fed to the
 * inflater 64 KiB at a time and its output is pulled by the caller, so how much is unpacked
 * at once does not depend on the entry's size. Breaking out of the loop destroys the inflater.
 * @param {Buffer} buf @param {ZipEntry} entry @returns {AsyncIterable<Buffer>}
 */
export function entryChunks(buf, entry) {
  const data = entryData(buf, entry);
  if (entry.method === 0) return sliced(data);
  const inflater = createInflateRaw({ chunkSize: CHUNK_BYTES });
  Readable.from(slices(data), { objectMode: false }).pipe(inflater);
  return inflater;
}

/** @param {Buffer} data */
function* slices(data) {
  for (let i = 0; i < data.length; i += CHUNK_BYTES) yield data.subarray(i, i + CHUNK_BYTES);
}

/** @param {Buffer} data */
async function* sliced(data) {
  yield* slices(data);
}
