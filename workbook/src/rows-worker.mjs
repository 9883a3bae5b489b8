// @ts-check
/**
 * The row reader's worker thread (see rows.ts for the protocol's other end). An .xlsx is read
 * as a stream: its shared strings and styles first, then the requested worksheet's XML
 * inflated chunk by chunk and scanned into rows, posted in batches. Backpressure: the worker
 * posts a batch only while it holds a credit, and the main thread hands out one credit per
 * batch its consumer takes, so a slow consumer (a database) stops the reading instead of
 * letting rows pile up in either thread.
 *
 * Anything the streaming path cannot open (a legacy .xls, .ods, .xlsb, a damaged ZIP) goes
 * through SheetJS exactly as `readWorkbook` reads it, and its rows are posted the same way.
 *
 * Messages in: `{ cmd: 'sheet', index, gen, credits }` starts (or switches to) a sheet,
 * `{ cmd: 'credit', gen }` allows one more batch, `{ cmd: 'stop', gen }` abandons the sheet. Messages out: `{ type: 'open', sheets }`,
 * `{ type: 'batch', gen, rows, cells, red }`, `{ type: 'end', gen }`, `{ type: 'error', code, reason }`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { StringDecoder } from 'node:string_decoder';
import { redStyles, resolvePart } from './red-cells.mjs';
import { SharedStrings, sharedStringsHandler, worksheetHandler } from './sheet-parse.mjs';
import { readFile } from './sheetjs-read.mjs';
import { XmlScanner, XmlTooLarge, attrs, unescapeXml } from './xml-stream.mjs';
import { ZipError, bufferSource, entryBytes, entryChunks, fileSource, zipEntries } from './zip.mjs';

/** @typedef {import('./sheet-parse.mjs').CellValue} CellValue */
/** @typedef {import('./zip.mjs').ZipEntry} ZipEntry */

/** Largest small part (workbook.xml, rels, styles) inflated at once. */
const SMALL_PART_BYTES = 64 * 1024 * 1024;

class TooManyCells extends Error {}

const { bytes, fd, size, maxCells, batchRows } = /** @type {{ bytes?: Uint8Array, fd?: number, size?: number, maxCells: number, batchRows: number }} */ (workerData);
/**
 * The file: bytes transferred to this thread, or a descriptor the main thread opened (and
 * closes after this thread ends) read at offsets, so a file on disk is never held whole.
 * @type {import('./zip.mjs').ZipSource}
 */
const file = bytes !== undefined
  ? bufferSource(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength))
  : fileSource(/** @type {number} */ (fd), /** @type {number} */ (size));
const port = /** @type {import('node:worker_threads').MessagePort} */ (parentPort);

/**
 * @typedef {object} Source
 * @property {string[]} sheets
 * @property {(index: number, emit: (row: number, cells: CellValue[], red: number[] | null) => void, pause: () => Promise<boolean>) => Promise<void>} stream
 *   calls `emit` per row with content; awaits `pause()` between chunks, which says whether to go on
 */

/** The current sheet's run: its generation, and credits left. */
let generation = 0;
let credits = 0;
/** @type {(() => void)[]} */
let waiters = [];

const wakeAll = () => {
  const w = waiters;
  waiters = [];
  for (const f of w) f();
};

/** @type {Source | undefined} */
let source;

port.on('message', (/** @type {{ cmd: string, index?: number, gen?: number, credits?: number }} */ m) => {
  if (m.cmd === 'sheet' && source !== undefined) {
    generation = m.gen ?? 0;
    credits = m.credits ?? 1;
    wakeAll();
    void runSheet(source, m.index ?? 0, generation);
  } else if (m.cmd === 'credit' && m.gen === generation) {
    credits++;
    wakeAll();
  } else if (m.cmd === 'stop') {
    generation = m.gen ?? -1; // the running sheet, if any, sees it is superseded and stops
    credits = 0;
    wakeAll();
  }
});

/** @param {Source} src @param {number} index @param {number} gen */
async function runSheet(src, index, gen) {
  /** @type {number[]} */
  let rows = [];
  /** @type {CellValue[][]} */
  let cells = [];
  /** @type {number[]} */
  let red = [];
  let width = 0;
  const emit = (/** @type {number} */ row, /** @type {CellValue[]} */ rowCells, /** @type {number[] | null} */ rowRed) => {
    if (rowCells.length > width) width = rowCells.length;
    // The same budget readWorkbook applies, checked as rows arrive: rows so far times the widest row.
    if (row * width > maxCells) throw new TooManyCells(`sheet ${index + 1} spans over ${maxCells} cells`);
    if (rowRed !== null) for (const c of rowRed) red.push(rows.length, c);
    rows.push(row);
    cells.push(rowCells);
  };
  /** Posts the rows collected so far once a credit allows; false when this run was superseded. */
  const send = async () => {
    while (credits <= 0 && gen === generation) await new Promise((resolve) => waiters.push(() => resolve(undefined)));
    if (gen !== generation) return false;
    credits--;
    port.postMessage({ type: 'batch', gen, rows, cells, red });
    rows = [];
    cells = [];
    red = [];
    return true;
  };
  const pause = async () => {
    if (gen !== generation) return false;
    if (rows.length >= batchRows) return send();
    return true;
  };
  try {
    await src.stream(index, emit, pause);
    if (rows.length > 0 && !(await send())) return;
    if (gen === generation) port.postMessage({ type: 'end', gen });
  } catch (error) {
    if (gen === generation) port.postMessage(failure(error));
  }
}

/** @param {unknown} error */
function failure(error) {
  const reason = (error instanceof Error ? error.message : String(error)).slice(0, 300);
  if (error instanceof TooManyCells) return { type: 'error', code: 'FILE_TOO_LARGE', limit: 'cells', reason };
  if (error instanceof XmlTooLarge || (error instanceof RangeError && /maxOutputLength|Cannot create a string/.test(reason))) {
    return { type: 'error', code: 'FILE_TOO_LARGE', limit: 'memory', reason };
  }
  return { type: 'error', code: 'FILE_CORRUPT', reason };
}

/**
 * The streaming source for an .xlsx, or undefined when the package is not one this path reads
 * (then SheetJS decides what the file is).
 * @returns {Source | undefined}
 */
function openXlsx() {
  /** @type {Map<string, ZipEntry>} */
  let entries;
  try {
    entries = zipEntries(file);
  } catch (error) {
    if (error instanceof ZipError) return undefined;
    throw error;
  }
  const text = (/** @type {string} */ path) => {
    const entry = entries.get(path.toLowerCase());
    return entry === undefined ? undefined : entryBytes(file, entry, SMALL_PART_BYTES).toString('utf8');
  };
  const rootRels = relationships(text('_rels/.rels'), '');
  const wbPath = [...rootRels.values()].find((r) => r.type.endsWith('/officeDocument'))?.target ?? 'xl/workbook.xml';
  const wbXml = text(wbPath);
  if (wbXml === undefined) return undefined; // .xlsb, .ods or no workbook at all: SheetJS's call
  const base = wbPath.includes('/') ? wbPath.slice(0, wbPath.lastIndexOf('/') + 1) : '';
  const rels = relationships(text(`${base}_rels/${wbPath.slice(base.length)}.rels`), base);
  const byType = (/** @type {string} */ suffix, /** @type {string} */ fallback) =>
    [...rels.values()].find((r) => r.type.endsWith(suffix))?.target ?? fallback;

  /** @type {{ name: string, part: string | undefined }[]} */
  const sheets = [];
  scanAll(wbXml, {
    wantText: false,
    text() {},
    tag(name, src, a, b, kind) {
      if (name !== 'sheet' || kind === 1) return;
      const at = attrs(src, a, b, ['name', 'id']);
      const part = at['id'] === undefined ? undefined : rels.get(unescapeXml(at['id']))?.target;
      sheets.push({ name: unescapeXml(at['name'] ?? ''), part: part ?? `${base}worksheets/sheet${sheets.length + 1}.xml` });
    },
  });

  const redXfs = redStyles(text(byType('/styles', `${base}styles.xml`)));
  const strings = new SharedStrings();
  const sstEntry = entries.get(byType('/sharedStrings', `${base}sharedStrings.xml`).toLowerCase());
  let sstRead = false;

  return {
    sheets: sheets.map((s) => s.name),
    async stream(index, emit, pause) {
      // The shared strings are part of the file, so holding them is allowed; read once, on first use.
      if (!sstRead && sstEntry !== undefined) {
        await scanEntry(sstEntry, sharedStringsHandler(strings), async () => true);
        strings.seal();
      }
      sstRead = true;
      const part = sheets[index]?.part;
      const entry = part === undefined ? undefined : entries.get(part.toLowerCase());
      if (entry === undefined) return; // a sheet without a part reads as empty, as in SheetJS
      const handler = worksheetHandler(strings, redXfs, emit);
      await scanEntry(entry, handler, pause);
      handler.end();
    },
  };
}

/**
 * Streams one part through a scanner until its handler says it is done or `pause` says stop.
 * @param {ZipEntry} entry
 * @param {import('./xml-stream.mjs').TagHandler & { done?: boolean }} handler
 * @param {() => Promise<boolean>} pause
 */
async function scanEntry(entry, handler, pause) {
  const scanner = new XmlScanner(handler);
  const decoder = new StringDecoder('utf8');
  let first = true;
  for await (const chunk of entryChunks(file, entry)) {
    let text = decoder.write(/** @type {Buffer} */ (chunk));
    if (first && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    first = false;
    scanner.push(text);
    if (handler.done) return;
    if (!(await pause())) return;
  }
  scanner.push(decoder.end());
}

/** @param {string} xml @param {import('./xml-stream.mjs').TagHandler} handler */
function scanAll(xml, handler) {
  new XmlScanner(handler).push(xml);
}

/**
 * A rels part: relationship id -> resolved target and type. External targets are left out.
 * @param {string | undefined} xml @param {string} base
 * @returns {Map<string, { target: string, type: string }>}
 */
function relationships(xml, base) {
  /** @type {Map<string, { target: string, type: string }>} */
  const out = new Map();
  if (xml === undefined) return out;
  scanAll(xml, {
    wantText: false,
    text() {},
    tag(name, src, a, b, kind) {
      if (name !== 'Relationship' || kind === 1) return;
      const at = attrs(src, a, b, ['Id', 'Target', 'Type', 'TargetMode']);
      if (at['Id'] === undefined || at['Target'] === undefined || at['TargetMode'] === 'External') return;
      out.set(unescapeXml(at['Id']), { target: resolvePart(base, unescapeXml(at['Target'])), type: at['Type'] ?? '' });
    },
  });
  return out;
}

/**
 * Anything else through SheetJS, as readWorkbook reads it; its rows then go out like
 * streamed ones (only rows with content, trailing empty cells dropped).
 * @returns {Source | { error: { type: 'error', code: string, reason: string, limit?: string } }}
 */
function openWithSheetJs() {
  // Whole, as readWorkbook parses it: a legacy .xls has at most 65,536 rows.
  const result = readFile(file.read(0, file.size), maxCells);
  if (!result.ok) {
    return { error: { type: 'error', code: result.code, reason: result.reason, ...(result.code === 'FILE_TOO_LARGE' ? { limit: 'cells' } : {}) } };
  }
  const sheets = /** @type {import('./sheetjs-read.mjs').SheetOut[]} */ (result.sheets);
  return {
    sheets: sheets.map((s) => s.name),
    async stream(index, emit, pause) {
      const sheet = sheets[index];
      if (sheet === undefined) return;
      /** @type {Map<number, number[]>} */
      const redByRow = new Map();
      for (const [r, c] of sheet.red) {
        const list = redByRow.get(r);
        if (list) list.push(c);
        else redByRow.set(r, [c]);
      }
      // A formula whose cached value is empty still counts, as in the whole-file reader.
      /** @type {Map<number, number>} */
      const formulaEnd = new Map();
      for (const [r, c] of sheet.formulas) formulaEnd.set(r, Math.max(formulaEnd.get(r) ?? 0, c + 1));
      for (let r = 0; r < sheet.rows.length; r++) {
        const row = /** @type {CellValue[]} */ (sheet.rows[r]);
        let end = row.length;
        while (end > 0 && row[end - 1] === null) end--;
        end = Math.max(end, formulaEnd.get(r) ?? 0);
        if (end === 0) continue;
        emit(r + 1, row.slice(0, end), redByRow.get(r) ?? null);
        if (r % 256 === 255 && !(await pause())) return;
      }
    },
  };
}

try {
  try {
    source = openXlsx();
  } catch {
    source = undefined; // a package this path cannot make sense of: SheetJS judges it, as readWorkbook does
  }
  if (source === undefined) {
    const opened = openWithSheetJs();
    if ('error' in opened) {
      port.postMessage(opened.error);
    } else source = opened;
  }
  if (source !== undefined) port.postMessage({ type: 'open', sheets: source.sheets });
} catch (error) {
  port.postMessage(failure(error));
}
