/** What a file's first bytes say it is, before any parser sees it. */
export type FileKind = 'zip' | 'cfb' | 'pdf' | 'image' | 'text' | 'unknown';

/** How many leading bytes the text heuristic looks at; enough to see a CSV's first lines. */
const TEXT_PROBE_BYTES = 4096;

const ZIP_LOCAL_HEADER = [0x50, 0x4b, 0x03, 0x04] as const;
const CFB_HEADER = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1] as const;

/**
 * Classifies bytes by signature. Only `zip` (.xlsx) and `cfb` (.xls) may reach the parser:
 * SheetJS reads almost anything else as CSV, so a photo or a Word export would otherwise
 * "succeed" as a one-column sheet of garbage.
 */
export function sniffFile(bytes: Uint8Array): FileKind {
  if (startsWith(bytes, ZIP_LOCAL_HEADER)) return 'zip';
  if (startsWith(bytes, CFB_HEADER)) return 'cfb';
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46])) return 'pdf'; // %PDF
  if (
    startsWith(bytes, [0x89, 0x50, 0x4e, 0x47]) || // PNG
    startsWith(bytes, [0xff, 0xd8, 0xff]) || // JPEG
    startsWith(bytes, [0x47, 0x49, 0x46, 0x38]) // GIF8
  ) {
    return 'image';
  }
  return looksLikeText(bytes) ? 'text' : 'unknown';
}

/**
 * Whether a ZIP still has its end-of-central-directory record. Every finished ZIP ends with
 * one (followed by at most a 65,535-byte comment); an upload cut short loses it, and SheetJS
 * then reports "Unsupported ZIP file" exactly as for a ZIP that never held a spreadsheet,
 * so this is how a truncated .xlsx is told apart from, say, a zipped folder of photos.
 */
export function hasZipEnd(bytes: Uint8Array): boolean {
  const recordBytes = 22;
  const lowest = Math.max(0, bytes.length - recordBytes - 0xffff);
  for (let i = bytes.length - recordBytes; i >= lowest; i--) {
    if (bytes[i] === 0x50 && bytes[i + 1] === 0x4b && bytes[i + 2] === 0x05 && bytes[i + 3] === 0x06) {
      return true;
    }
  }
  return false;
}

function startsWith(bytes: Uint8Array, signature: readonly number[]): boolean {
  if (bytes.length < signature.length) return false;
  return signature.every((byte, i) => bytes[i] === byte);
}

/**
 * Text (CSV, TSV, a pasted script) in UTF-8, GBK or UTF-16: no control bytes but tab and line
 * breaks. GBK is why this does not insist on valid UTF-8: Excel on Chinese Windows saves CSV
 * in GBK, and that is the likeliest wrong file a user will upload.
 */
function looksLikeText(bytes: Uint8Array): boolean {
  if (startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff])) return true; // UTF-16 BOM
  const end = Math.min(bytes.length, TEXT_PROBE_BYTES);
  for (let i = 0; i < end; i++) {
    const b = bytes[i] as number;
    if ((b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) || b === 0x7f) return false;
  }
  return end > 0;
}
