/**
 * Why the registrar did not (or not yet) accept a request. Callers branch on `code` (logs,
 * lockout counters, metrics), never on the reason text; the status is what went on the wire.
 */

/** Stable codes for every challenge and refusal. */
export type RegistrarRefusalCode =
  /** No usable credentials for our realm: 401 with a fresh challenge. */
  | 'AUTH_REQUIRED'
  /** Right credentials on an expired nonce: 401 with stale=true (the phone retries silently). */
  | 'AUTH_STALE'
  /** Wrong password: 403. */
  | 'AUTH_FAILED'
  /** No such extension in that domain: 403, indistinguishable on the wire from a wrong password. */
  | 'UNKNOWN_EXTENSION'
  /** Authenticated as one extension, registering another's AOR: 403. */
  | 'USER_MISMATCH'
  /** The To URI has no user part: 404. */
  | 'AOR_INVALID'
  /** Expires below the minimum: 423 with Min-Expires. */
  | 'INTERVAL_TOO_BRIEF'
  /** An Expires header or parameter that is not a number, or `*` misused: 400. */
  | 'BAD_REQUEST'
  /** An older (or repeated) CSeq for a Call-ID that already holds the binding: 500, nothing changed. */
  | 'CSEQ_OUT_OF_ORDER'
  /** The AOR already holds its maximum of bindings: 503 with Retry-After. */
  | 'AOR_FULL'
  /** The registrar holds its maximum of bindings in all: 503 with Retry-After. */
  | 'REGISTRAR_FULL'
  /** The request requires an extension we do not support: 420 with Unsupported. */
  | 'BAD_EXTENSION'
  /** A Path (RFC 3327) from a phone that did not declare `Supported: path`: 421 with Require: path. */
  | 'PATH_NOT_SUPPORTED'
  /** The first Path hop is not the host the REGISTER came from: 403. */
  | 'PATH_MISMATCH'
  /** To is not a sip:/sips: URI: 416. */
  | 'URI_SCHEME_UNSUPPORTED'
  /** Neither REGISTER nor OPTIONS: 405 with Allow. */
  | 'METHOD_NOT_ALLOWED';

/** A coded refusal with the status it was answered with. */
export interface RegistrarRefusal {
  code: RegistrarRefusalCode;
  status: number;
  /** Whether the same phone can succeed by trying again unchanged (later). */
  retryable: boolean;
  /** For logs only. */
  detail: string;
}

const STATUS: Record<RegistrarRefusalCode, number> = {
  AUTH_REQUIRED: 401, AUTH_STALE: 401, AUTH_FAILED: 403, UNKNOWN_EXTENSION: 403, USER_MISMATCH: 403, AOR_INVALID: 404,
  INTERVAL_TOO_BRIEF: 423, BAD_REQUEST: 400, CSEQ_OUT_OF_ORDER: 500, AOR_FULL: 503, REGISTRAR_FULL: 503,
  BAD_EXTENSION: 420, URI_SCHEME_UNSUPPORTED: 416, METHOD_NOT_ALLOWED: 405, PATH_NOT_SUPPORTED: 421, PATH_MISMATCH: 403,
};

// A challenge is answered by retrying with credentials; a full table frees up as bindings lapse.
const RETRYABLE = new Set<RegistrarRefusalCode>(['AUTH_REQUIRED', 'AUTH_STALE', 'CSEQ_OUT_OF_ORDER', 'AOR_FULL', 'REGISTRAR_FULL']);

/** Reason phrases that say more than the standard one, where a phone's log benefits. */
export const REGISTRAR_REASONS: Partial<Record<RegistrarRefusalCode, string>> = {
  CSEQ_OUT_OF_ORDER: 'Out Of Order CSeq',
  AOR_FULL: 'Too Many Registered Contacts',
  REGISTRAR_FULL: 'Registrar Full',
  AOR_INVALID: 'No User In To',
  PATH_MISMATCH: 'Path Not From Source',
};

/** Builds the refusal for `code`. */
export function registrarRefusal(code: RegistrarRefusalCode, detail: string): RegistrarRefusal {
  return { code, status: STATUS[code], retryable: RETRYABLE.has(code), detail };
}
