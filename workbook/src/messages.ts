import { WorkbookError } from './errors.js';
import type { WorkbookErrorTexts } from './errors.js';

/** What a rejected file turned out to be, so the message can name the likely mix-up. */
export type LooksLike = 'text' | 'pdf' | 'image' | 'other-document' | 'unknown';

/** One reason a file was refused, with the facts its message needs. */
export type Problem =
  | { readonly code: 'FILE_EMPTY' }
  | { readonly code: 'FILE_TOO_LARGE'; readonly limit: 'bytes'; readonly sizeBytes: number; readonly maxBytes: number }
  | { readonly code: 'FILE_TOO_LARGE'; readonly limit: 'cells'; readonly maxCells: number }
  | { readonly code: 'FILE_TOO_LARGE'; readonly limit: 'memory' }
  | { readonly code: 'NOT_A_SPREADSHEET'; readonly looksLike: LooksLike }
  | { readonly code: 'FILE_CORRUPT' }
  | { readonly code: 'FILE_ENCRYPTED' }
  | { readonly code: 'READ_TIMEOUT'; readonly timeoutMs: number };

/** Builds the error for `problem`, naming the file when its name is known. */
export function workbookError(problem: Problem, fileName?: string, cause?: unknown): WorkbookError {
  const texts = describe(problem, subject(fileName));
  return new WorkbookError(problem.code, texts, cause === undefined ? undefined : { cause });
}

interface Subject {
  readonly zh: string;
  /** Mid-sentence form; `cap` starts a sentence. */
  readonly en: string;
  readonly cap: string;
}

/** The longest file name quoted back; longer names are shortened so the message stays readable. */
const MAX_NAME_CHARS = 60;

function subject(fileName: string | undefined): Subject {
  // Browsers may send a full client path; only the last part means anything to the user.
  const base = fileName?.split(/[\\/]/).pop()?.trim() ?? '';
  if (base === '') return { zh: '文件', en: 'the file', cap: 'The file' };
  const chars = [...base];
  const name = chars.length > MAX_NAME_CHARS ? `${chars.slice(0, MAX_NAME_CHARS - 1).join('')}…` : base;
  return { zh: `文件「${name}」`, en: `the file "${name}"`, cap: `The file "${name}"` };
}

function describe(problem: Problem, s: Subject): WorkbookErrorTexts {
  switch (problem.code) {
    case 'FILE_EMPTY':
      return {
        messageZh: `${s.zh}是空的（0 字节），里面没有任何内容。请确认选对了文件；如果它在 Excel 或 WPS 中能正常打开，请重新保存后再上传。`,
        messageEn: `${s.cap} is empty (0 bytes). Check that you chose the right file; if it opens normally in Excel or WPS, save it again and upload it once more.`,
      };
    case 'FILE_TOO_LARGE':
      return tooLarge(problem, s);
    case 'NOT_A_SPREADSHEET':
      return notASpreadsheet(problem.looksLike, s);
    case 'FILE_CORRUPT':
      return {
        messageZh: `${s.zh}已损坏或不完整，无法读取，可能是上传或下载时中断了。请先在 Excel 或 WPS 中打开它，确认内容完好后“另存为”一个新的 .xlsx 文件再上传。`,
        messageEn: `${s.cap} is damaged or incomplete and cannot be read; an upload or download may have been cut short. Open it in Excel or WPS to check its contents, then save it as a new .xlsx file and upload that.`,
      };
    case 'FILE_ENCRYPTED':
      return {
        messageZh: `${s.zh}设置了打开密码，系统无法读取。请在 Excel 或 WPS 中打开它并取消密码（Excel：文件 → 信息 → 保护工作簿 → 用密码进行加密，清空密码），保存后再上传。`,
        messageEn: `${s.cap} is protected with a password, so it cannot be read. Open it in Excel or WPS and remove the password (Excel: File → Info → Protect Workbook → Encrypt with Password, then clear it), save, and upload it again.`,
      };
    case 'READ_TIMEOUT': {
      const seconds = formatNumber(problem.timeoutMs / 1000);
      return {
        messageZh: `读取${s.zh}超时（超过 ${seconds} 秒），文件可能太大或结构异常。请稍后重试；如果仍然失败，请在 Excel 或 WPS 中“另存为”一个新的 .xlsx 文件再上传。`,
        messageEn: `Reading ${s.en} took longer than ${seconds} s; it may be too large or unusually built. Try again later; if it still fails, save it as a new .xlsx file in Excel or WPS and upload that.`,
      };
    }
  }
}

function tooLarge(problem: Extract<Problem, { code: 'FILE_TOO_LARGE' }>, s: Subject): WorkbookErrorTexts {
  const trim = {
    zh: '请删除不需要的工作表、图片和多余的行列后再上传。',
    en: 'Delete unneeded sheets, pictures and extra rows and columns, then upload it again.',
  };
  switch (problem.limit) {
    case 'bytes': {
      // Round the size up and the limit down so "10.1 MB, over 10 MB" never reads "10 MB, over 10 MB".
      const size = formatBytes(problem.sizeBytes, Math.ceil);
      const max = formatBytes(problem.maxBytes, Math.floor);
      return {
        messageZh: `${s.zh}有 ${size}，超过了 ${max} 的上限。话术表格通常只有几十 KB：${trim.zh}`,
        messageEn: `${s.cap} is ${size}, over the ${max} limit. A call script is usually a few dozen KB. ${trim.en}`,
      };
    }
    case 'cells': {
      const max = problem.maxCells.toLocaleString('en-US');
      return {
        messageZh: `${s.zh}里的表格太大（超过 ${max} 个单元格），不像是话术表格。请检查是否在很靠下或很靠右的地方误填了内容，${trim.zh}`,
        messageEn: `The sheets in ${s.en} are too big (over ${max} cells) to be a call script. Look for stray content far down or far to the right. ${trim.en}`,
      };
    }
    case 'memory':
      return {
        messageZh: `${s.zh}解压后的内容太多，无法读取。${trim.zh}`,
        messageEn: `${s.cap} holds too much data once unpacked to be read. ${trim.en}`,
      };
  }
}

function notASpreadsheet(looksLike: LooksLike, s: Subject): WorkbookErrorTexts {
  const upload = { zh: '请上传 .xlsx 或 .xls 格式的话术表格。', en: 'Please upload the call script as an .xlsx or .xls file.' };
  switch (looksLike) {
    case 'text':
      return {
        messageZh: `${s.zh}是文本文件（例如 CSV），不是 Excel 表格。请用 Excel 或 WPS 打开它，“另存为” .xlsx 格式后再上传。`,
        messageEn: `${s.cap} is a text file (such as CSV), not an Excel workbook. Open it in Excel or WPS, save it as .xlsx, and upload that.`,
      };
    case 'pdf':
      return { messageZh: `${s.zh}是 PDF 文档，不是 Excel 表格。${upload.zh}`, messageEn: `${s.cap} is a PDF document, not an Excel workbook. ${upload.en}` };
    case 'image':
      return { messageZh: `${s.zh}是一张图片，不是 Excel 表格。${upload.zh}`, messageEn: `${s.cap} is a picture, not an Excel workbook. ${upload.en}` };
    case 'other-document':
      return {
        messageZh: `${s.zh}是压缩包或其他 Office 文档（例如 Word），不是 Excel 表格。${upload.zh}`,
        messageEn: `${s.cap} is an archive or another kind of Office document (such as Word), not an Excel workbook. ${upload.en}`,
      };
    case 'unknown':
      return {
        messageZh: `无法识别${s.zh}的格式，它不是 Excel 表格。目前只支持 .xlsx 和 .xls：请在 Excel 或 WPS 中“另存为” .xlsx 后再上传。`,
        messageEn: `The format of ${s.en} is not recognised; it is not an Excel workbook. Only .xlsx and .xls are supported: save it as .xlsx in Excel or WPS and upload that.`,
      };
  }
}

function formatBytes(bytes: number, round: (x: number) => number): string {
  const units: readonly [number, string][] = [[1024 * 1024, 'MB'], [1024, 'KB']];
  for (const [size, unit] of units) {
    if (bytes >= size) return `${formatNumber(round((bytes / size) * 10) / 10)} ${unit}`;
  }
  return `${bytes} B`;
}

function formatNumber(n: number): string {
  return String(Math.round(n * 10) / 10);
}
