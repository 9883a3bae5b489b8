/**
 * Baidu's error numbers, classified. Sources: the speech 错误码汇总 page
 * (ai.baidu.com/ai-doc/SPEECH/elciq6awu): HTTP-level error_code 4/17/18/19 limits, 6/14 no
 * permission or IAM failure, 100 invalid parameter, 110/111 access token invalid or expired;
 * short-utterance err_no 3300 bad parameters, 3301 poor audio, 3302 authentication failed,
 * 3303 and 3307 server back-end errors, 3304 concurrency and 3305 daily quota exceeded, 3308
 * audio too long, 3309 audio data problem, 3310 input too large, 3311 rate not supported,
 * 3312 format not supported.
 *
 * The realtime WebSocket API reports errors as a FIN_TEXT frame with a non-zero err_no; its own
 * (negative) numbers were not in the documentation available here, so they are not guessed:
 * any err_no not listed counts as a server error (retryable once, then the fallback), and a
 * deployment can move a code with `overrides`.
 */
import type { AsrErrorCode } from './errors.js';

const TABLE: ReadonlyMap<number, AsrErrorCode> = new Map<number, AsrErrorCode>([
  [4, 'ASR_RATE_LIMITED'], [17, 'ASR_RATE_LIMITED'], [18, 'ASR_RATE_LIMITED'], [19, 'ASR_RATE_LIMITED'],
  [6, 'ASR_AUTH'], [14, 'ASR_AUTH'], [110, 'ASR_AUTH'], [111, 'ASR_AUTH'], [3302, 'ASR_AUTH'],
  [100, 'ASR_BAD_REQUEST'],
  [3300, 'ASR_BAD_REQUEST'], [3301, 'ASR_BAD_REQUEST'], [3308, 'ASR_BAD_REQUEST'], [3309, 'ASR_BAD_REQUEST'],
  [3310, 'ASR_BAD_REQUEST'], [3311, 'ASR_BAD_REQUEST'], [3312, 'ASR_BAD_REQUEST'],
  [3303, 'ASR_SERVER'], [3307, 'ASR_SERVER'],
  [3304, 'ASR_RATE_LIMITED'], [3305, 'ASR_RATE_LIMITED'],
]);

/** Error numbers that mean the access token itself is stale: refresh it once and retry. */
export const BAIDU_TOKEN_STALE: ReadonlySet<number> = new Set([110, 111]);

/** Classifies a Baidu err_no / error_code; `overrides` wins over the built-in table. */
export function classifyBaiduError(errNo: number, overrides?: Readonly<Record<number, AsrErrorCode>>): AsrErrorCode {
  return overrides?.[errNo] ?? TABLE.get(errNo) ?? 'ASR_SERVER';
}
