/** How the CLIs show issues and simulated turns to a person. */
import type { SimTurn, Simulation, TemplateIssue, CalleeInput } from '@waihu/engine';
import { formatLocation } from '@waihu/engine';

export function formatIssue(i: TemplateIssue): string {
  const where = formatLocation(i);
  const level = i.severity === 'error' ? '错误 error' : '警告 warning';
  return `${level} ${i.code} ${where}${i.header ? ` [${i.header}]` : ''}: ${i.message.zh} | ${i.message.en}`;
}

function calleeText(c: CalleeInput): string {
  switch (c.kind) {
    case 'say': return `${c.barge ? '(打断) ' : ''}${c.text}${c.confidence < 1 ? ` (置信度 ${c.confidence})` : ''}`;
    case 'silence': return '(静默)';
    case 'dtmf': return `(按键 ${c.digit})`;
    case 'transfer': return c.connected ? '(坐席接听)' : '(坐席未接)';
    case 'hangup': return '(挂断)';
  }
}

export function formatTurn(turn: SimTurn, showTrace: boolean): string {
  const out: string[] = [];
  if (turn.callee) out.push(`客户: ${calleeText(turn.callee)}`);
  if (showTrace) for (const t of turn.trace) if (t.code !== 'start') out.push(`    · ${t.note}`);
  for (const r of turn.robot) out.push(`机器人[${r.flow || '-'}]: ${r.text}${r.recording ? ` 〔录音 ${r.recording}〕` : ''}`);
  return out.join('\n');
}

export function formatOutcome(s: Simulation): string {
  return [
    `等级 grade: ${s.reasons[0] ?? s.grade ?? '-'}`,
    `标签 tags: ${s.tags.length > 0 ? s.tags.join('、') : '-'}`,
    `路径 path: ${s.path.join(' → ')}`,
    `计数 counters: 肯定 ${s.counters.affirmative}，问题 ${s.counters.questions}，交互 ${s.counters.interactions}，拒绝 ${s.counters.refusals}，静默 ${s.counters.silences}，未匹配 ${s.counters.unmatched}`,
    `结束 end: ${s.endReason ?? '-'}${s.unusedLines > 0 ? `（还有 ${s.unusedLines} 行没用上）` : ''}${s.skippedLines > 0 ? `（${s.skippedLines} 行 <transfer> 不在转接时，已跳过）` : ''}`,
  ].join('\n');
}
