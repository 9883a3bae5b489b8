/**
 * Recognizes an uploaded voice file's format from its first bytes, never from its name:
 * people rename files, and browsers send whatever MIME type the extension suggests.
 */

/** Formats `convertVoiceFile` decodes. */
export type VoiceFileFormat = 'wav' | 'mp3' | 'aac' | 'm4a' | 'amr' | 'amr-wb' | 'ogg-vorbis' | 'ogg-opus' | 'flac';

/** What the bytes are: a format we convert, or a description of what we found instead. */
export type Detection = { readonly format: VoiceFileFormat } | { readonly format: undefined; readonly found: string };

function ascii(b: Uint8Array, o: number, n: number): string {
  let s = '';
  for (let i = o; i < o + n && i < b.length; i++) s += String.fromCharCode(b[i] as number);
  return s;
}

/** Length of an ID3v2 tag at the start (mp3s and some ADTS files carry one), else 0. */
function id3Length(b: Uint8Array): number {
  if (ascii(b, 0, 3) !== 'ID3' || b.length < 10) return 0;
  const size = (((b[6] as number) & 0x7f) << 21) | (((b[7] as number) & 0x7f) << 14) | (((b[8] as number) & 0x7f) << 7) | ((b[9] as number) & 0x7f);
  const footer = ((b[5] as number) & 0x10) !== 0 ? 10 : 0;
  return 10 + size + footer;
}

/** Frame sync at `o`: MPEG audio (mp3, layers I–III) or ADTS (AAC; layer bits 00). */
function mpegSync(b: Uint8Array, o: number): 'mp3' | 'aac' | undefined {
  const b0 = b[o];
  const b1 = b[o + 1];
  if (b0 !== 0xff || b1 === undefined || (b1 & 0xe0) !== 0xe0) return undefined;
  if ((b1 & 0xf6) === 0xf0) return 'aac';
  if ((b1 & 0x06) !== 0 && (b1 & 0x18) !== 0x08) return 'mp3'; // layer ≠ reserved, version ≠ reserved
  return undefined;
}

/** Detects the format of `bytes` from magic numbers. */
export function detectVoiceFormat(bytes: Uint8Array): Detection {
  const b = bytes;
  if (b.length < 4) return { format: undefined, found: `only ${b.length} bytes` };
  const head4 = ascii(b, 0, 4);
  if (head4 === 'RIFF' && ascii(b, 8, 4) === 'WAVE') return { format: 'wav' };
  if (head4 === 'RF64') return { format: 'wav' }; // refused by the WAV reader with its own message
  if (head4 === 'RIFF') return { format: undefined, found: `a RIFF "${ascii(b, 8, 4)}" file (AVI or other, not WAVE)` };
  if (ascii(b, 0, 9) === '#!AMR-WB\n') return { format: 'amr-wb' };
  if (ascii(b, 0, 6) === '#!AMR\n') return { format: 'amr' };
  if (ascii(b, 0, 6) === '#!SILK' || ascii(b, 1, 6) === '#!SILK') return { format: undefined, found: 'SILK audio (WeChat/QQ voice); export it as mp3 or wav' };
  if (head4 === 'fLaC') return { format: 'flac' };
  if (head4 === 'OggS') {
    // The first page carries the codec's identification header at byte 28.
    if (ascii(b, 28, 8) === 'OpusHead') return { format: 'ogg-opus' };
    if (ascii(b, 29, 6) === 'vorbis') return { format: 'ogg-vorbis' };
    return { format: undefined, found: `an Ogg file with codec "${ascii(b, 28, 8).replace(/[^\x20-\x7e]/g, '.')}"` };
  }
  if (ascii(b, 4, 4) === 'ftyp') {
    const brand = ascii(b, 8, 4);
    if (brand === 'qt  ') return { format: undefined, found: 'a QuickTime movie' };
    return { format: 'm4a' }; // M4A, mp42, isom, 3gp…: the MP4 demuxer finds the audio track
  }
  const skip = id3Length(b);
  const sync = mpegSync(b, skip);
  if (sync) return { format: sync };
  if (skip > 0) return { format: undefined, found: 'an ID3 tag not followed by MPEG audio frames' };
  if (head4 === 'FORM') return { format: undefined, found: `an IFF "${ascii(b, 8, 4)}" file (AIFF); export as wav` };
  if (head4 === '.snd') return { format: undefined, found: 'a Sun/NeXT .au file; export as wav' };
  if (head4 === '\x1aE\xdf\xa3') return { format: undefined, found: 'a WebM/Matroska file' };
  if (head4 === '%PDF') return { format: undefined, found: 'a PDF document' };
  if (head4 === 'PK\x03\x04') return { format: undefined, found: 'a ZIP archive (or an Office document)' };
  if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return { format: undefined, found: 'a JPEG image' };
  if (ascii(b, 1, 3) === 'PNG') return { format: undefined, found: 'a PNG image' };
  if (ascii(b, 0, 3) === 'GIF') return { format: undefined, found: 'a GIF image' };
  let printable = 0;
  const n = Math.min(b.length, 256);
  for (let i = 0; i < n; i++) if (((b[i] as number) >= 0x20 && (b[i] as number) < 0x7f) || b[i] === 0x0a || b[i] === 0x0d || b[i] === 0x09) printable++;
  if (printable === n) return { format: undefined, found: 'text' };
  const hex = Array.from(b.subarray(0, 8), (x) => x.toString(16).padStart(2, '0')).join(' ');
  return { format: undefined, found: `unknown data starting ${hex}` };
}
