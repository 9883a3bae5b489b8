/** Why a spreadsheet file could not be read. Stable: callers branch on these, never on text. */
export type WorkbookErrorCode =
  | 'FILE_EMPTY'
  | 'FILE_TOO_LARGE'
  | 'NOT_A_SPREADSHEET'
  | 'FILE_CORRUPT'
  | 'FILE_ENCRYPTED'
  | 'READ_TIMEOUT';

/** The two plain-language texts a person sees: what is wrong, and what to do about it. */
export interface WorkbookErrorTexts {
  readonly messageZh: string;
  readonly messageEn: string;
}

/**
 * A spreadsheet file that cannot become a `Workbook`. `message` is the English text so
 * logs read naturally; the console shows `messageZh`. `cause` keeps the parser's own error
 * for diagnosis, since its text is meaningless to the person who uploaded the file.
 */
export class WorkbookError extends Error {
  override readonly name = 'WorkbookError';
  readonly code: WorkbookErrorCode;
  /**
   * Whether reading the same bytes again might succeed. Only a timeout qualifies (the server
   * may have been busy); every other code describes the file itself.
   */
  readonly retryable: boolean;
  readonly messageZh: string;
  readonly messageEn: string;

  constructor(code: WorkbookErrorCode, texts: WorkbookErrorTexts, options?: ErrorOptions) {
    super(texts.messageEn, options);
    this.code = code;
    this.retryable = code === 'READ_TIMEOUT';
    this.messageZh = texts.messageZh;
    this.messageEn = texts.messageEn;
  }
}
