/**
 * Coded SIP errors. Untrusted input is checked once, at the edge, and every problem says which
 * header it concerns and which SIP status a server should answer (ARCHITECTURE rules 4 and 5):
 * callers match on `code`, never on text.
 */

/** Stable codes for everything the SIP message layer can refuse. */
export type SipErrorCode =
  | 'MESSAGE_EMPTY'
  | 'MESSAGE_TOO_LARGE'
  | 'HEADERS_INCOMPLETE'
  | 'TOO_MANY_HEADERS'
  | 'START_LINE_INVALID'
  | 'VERSION_UNSUPPORTED'
  | 'METHOD_INVALID'
  | 'REQUEST_URI_INVALID'
  | 'STATUS_INVALID'
  | 'HEADER_LINE_INVALID'
  | 'HEADER_MISSING'
  | 'HEADER_INVALID'
  | 'HEADER_DUPLICATE'
  | 'CONTENT_LENGTH_MISSING'
  | 'CONTENT_LENGTH_INVALID'
  | 'BODY_TRUNCATED'
  | 'CSEQ_METHOD_MISMATCH'
  | 'URI_SCHEME_UNSUPPORTED'
  | 'AUTH_SCHEME_UNSUPPORTED'
  | 'SDP_INVALID'
  | 'SDP_NOT_ACCEPTABLE';

/** One refused input, located. */
export interface SipError {
  readonly code: SipErrorCode;
  /** The SIP status a server should answer with (400, 416, 488, 505, 513…). */
  readonly status: number;
  /** A reason phrase for that answer, naming the header when there is one. */
  readonly reason: string;
  /** Canonical header name the problem concerns, or null (start line, body). */
  readonly header: string | null;
  /** What exactly is wrong, for logs; never matched on. */
  readonly detail: string;
}

/** Either a value or a located, coded error: header helpers and parsers never throw. */
export type SipResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: SipError };

const DEFAULT_STATUS: Partial<Record<SipErrorCode, number>> = {
  MESSAGE_TOO_LARGE: 513,
  VERSION_UNSUPPORTED: 505,
  URI_SCHEME_UNSUPPORTED: 416,
  SDP_NOT_ACCEPTABLE: 488,
};

function defaultReason(code: SipErrorCode, status: number, header: string | null): string {
  if (code === 'HEADER_MISSING' || code === 'CONTENT_LENGTH_MISSING') return `Missing ${header ?? 'Header'} Header`;
  if (header !== null && status === 400) return `Bad ${header} Header`;
  switch (status) {
    case 505: return 'Version Not Supported';
    case 513: return 'Message Too Large';
    case 416: return 'Unsupported URI Scheme';
    case 488: return 'Not Acceptable Here';
    default: return code === 'SDP_INVALID' ? 'Bad Session Description' : 'Bad Request';
  }
}

/** Builds a SipError; status and reason default from the code and header. */
export function sipError(code: SipErrorCode, header: string | null, detail: string, status?: number): SipError {
  const st = status ?? DEFAULT_STATUS[code] ?? 400;
  return { code, status: st, reason: defaultReason(code, st, header), header, detail };
}

/** Shorthand for a failed SipResult. */
export function fail<T>(code: SipErrorCode, header: string | null, detail: string, status?: number): SipResult<T> {
  return { ok: false, error: sipError(code, header, detail, status) };
}

/** Shorthand for a successful SipResult. */
export function ok<T>(value: T): SipResult<T> {
  return { ok: true, value };
}

/**
 * Thrown only for programming errors inside our own process: building a header with CR/LF in
 * it, or reading a typed header from a message that never went through the parser's validation.
 */
export class SipMessageError extends Error {
  constructor(readonly error: SipError) {
    super(`${error.code}${error.header ? ` (${error.header})` : ''}: ${error.detail}`);
    this.name = 'SipMessageError';
  }

  get code(): SipErrorCode {
    return this.error.code;
  }
}

/** Unwraps a result inside trusted code, throwing SipMessageError if it failed. */
export function unwrap<T>(result: SipResult<T>): T {
  if (result.ok) return result.value;
  throw new SipMessageError(result.error);
}
