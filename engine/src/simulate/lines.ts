/**
 * What a simulated callee does, one line each: words, or a marker in angle brackets.
 *
 *   你好，你说吧          an utterance after the robot finishes
 *   <barge> 不需要        an utterance while the robot is still talking
 *   <confidence 0.2> 嗯   an utterance the recognizer is unsure of
 *   <silence> (静默)      no answer until the listen times out
 *   <dtmf 1> <按键 1>     a key press
 *   <transfer ok|fail>   whether an agent answers a transfer
 *   <hangup> (挂断)       the callee hangs up
 */

export type CalleeInput =
  | { readonly kind: 'say'; readonly text: string; readonly barge: boolean; readonly confidence: number }
  | { readonly kind: 'silence' }
  | { readonly kind: 'dtmf'; readonly digit: string }
  | { readonly kind: 'transfer'; readonly connected: boolean }
  | { readonly kind: 'hangup' };

export class LineError extends Error {
  readonly code = 'SIMULATE_LINE_INVALID';
  constructor(readonly line: number, readonly text: string) {
    super(`line ${line}: cannot read "${text}"`);
  }
}

const MARKER = /^\s*[<(（]\s*([^>)）]*?)\s*[>)）]\s*(.*)$/;

/** Parses one line; `lineNo` (1-based) only labels errors. */
export function parseLine(text: string, lineNo = 1): CalleeInput {
  const m = MARKER.exec(text);
  if (!m) return { kind: 'say', text: text.trim(), barge: false, confidence: 1 };
  const [word, ...args] = m[1]!.split(/\s+/);
  const rest = m[2]!.trim();
  switch ((word ?? '').toLowerCase()) {
    case 'silence': case '静默': case '沉默': case '无声':
      return { kind: 'silence' };
    case 'hangup': case '挂断': case '挂机':
      return { kind: 'hangup' };
    case 'dtmf': case '按键': {
      const digit = args[0] ?? rest;
      if (/^[0-9*#A-D]$/.test(digit)) return { kind: 'dtmf', digit };
      throw new LineError(lineNo, text);
    }
    case 'transfer': case '转接': {
      const v = (args[0] ?? rest).toLowerCase();
      if (['ok', 'connected', '成功', '接听'].includes(v)) return { kind: 'transfer', connected: true };
      if (['fail', 'failed', '失败', '未接'].includes(v)) return { kind: 'transfer', connected: false };
      throw new LineError(lineNo, text);
    }
    case 'barge': case '打断':
      return { kind: 'say', text: rest, barge: true, confidence: 1 };
    case 'confidence': case '置信度': {
      const c = Number(args[0]);
      if (!Number.isFinite(c) || c < 0 || c > 1) throw new LineError(lineNo, text);
      return { kind: 'say', text: rest, barge: false, confidence: c };
    }
    default:
      // Text that merely starts with brackets, e.g. "(笑) 好的", is speech.
      return { kind: 'say', text: text.trim(), barge: false, confidence: 1 };
  }
}

/** A lines file: one input per line; blank lines and `#` comments skipped. */
export function parseLines(text: string): CalleeInput[] {
  const out: CalleeInput[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === '' || line.trim().startsWith('#')) return;
    out.push(parseLine(line, i + 1));
  });
  return out;
}
