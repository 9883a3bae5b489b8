/**
 * Checks that need the whole script: names, jumps, reachability, loops, variables, recordings.
 * Each issue names the cell (through the sources) and the JSON path.
 */
import type { FlowNode, Template } from './types.js';
import type { IssueCode, IssueSeverity, TemplateIssue } from './issues.js';
import { issue } from './issues.js';
import type { SheetSource, TemplateSources } from './sources.js';
import { defaultSources } from './sources.js';
import type { SettingKey } from './settings.js';
import { BUILTIN_VARIABLES, SETTING_SPECS } from './settings.js';
import { variablesIn } from './variables.js';
import { flowGraph } from './graph.js';

export interface ValidateOptions {
  /** Recording files available; when given, every referenced recording must be among them. */
  readonly files?: readonly string[];
}

type Report = (severity: IssueSeverity, code: IssueCode, zh: string, en: string) => void;

function at(issues: TemplateIssue[], src: SheetSource, index: number | null, column: string | null, path: string | null): Report {
  const col = column ? src.columns[column] : undefined;
  return (severity, code, zh, en) => issues.push(issue(severity, code, {
    sheet: src.name,
    row: index === null ? null : src.rows[index] ?? null,
    column: col?.letter ?? null,
    header: col?.header ?? null,
    path,
  }, zh, en));
}

const stem = (f: string): string => f.trim().toLowerCase().replace(/\.[a-z0-9]{2,4}$/, '');

export function validateTemplate(t: Template, sources: TemplateSources | null = null, opts: ValidateOptions = {}): TemplateIssue[] {
  const src = sources ?? defaultSources(t);
  const issues: TemplateIssue[] = [];
  const flowAt = (i: number, column: string | null, field: string | null): Report =>
    at(issues, src.flows, i, column, `flows[${i}]${field ? `.${field}` : ''}`);
  const known = new Set([...BUILTIN_VARIABLES, ...t.settings.variables]);
  const files = opts.files ? new Set(opts.files.map(stem)) : null;

  const checkText = (text: string, report: Report): void => {
    for (const v of variablesIn(text)) {
      if (!known.has(v)) {
        report('error', 'VARIABLE_UNKNOWN', `变量 {${v}} 未定义：可用 ${[...known].join('、')}，或在“设置”的“变量”里声明`,
          `unknown variable {${v}}; declare it in the settings sheet's 变量 row`);
      }
    }
  };
  const checkRecording = (name: string, report: Report): void => {
    if (files && name !== '' && !files.has(stem(name))) {
      report('error', 'RECORDING_MISSING', `录音文件“${name}”没有上传`, `recording "${name}" was not uploaded`);
    }
  };

  if (t.flows.length === 0) {
    at(issues, src.flows, null, null, 'flows')('error', 'FLOWS_EMPTY', '没有任何流程', 'the script has no flows');
    return issues;
  }

  const firstRow = new Map<string, number>();
  t.flows.forEach((f, i) => {
    if (f.name === '') {
      flowAt(i, 'name', 'name')('error', 'FLOW_NAME_MISSING', '流程名称为空', 'the flow has no name');
    } else if (firstRow.has(f.name)) {
      flowAt(i, 'name', 'name')('error', 'FLOW_DUPLICATE', `流程名称“${f.name}”重复（第 ${src.flows.rows[firstRow.get(f.name)!] ?? '?'} 行已有）`,
        `duplicate flow name "${f.name}"`);
    } else firstRow.set(f.name, i);
  });

  t.flows.forEach((f, i) => {
    if (f.prompt === '' && f.recording === '') {
      flowAt(i, 'prompt', 'prompt')('error', 'FLOW_PROMPT_MISSING', `流程“${f.name}”既没有话术内容也没有录音`, `flow "${f.name}" has neither prompt text nor a recording`);
    }
    checkText(f.prompt, flowAt(i, 'prompt', 'prompt'));
    checkRecording(f.recording, flowAt(i, 'recording', 'recording'));
    const jump = (target: string, column: string, field: string): void => {
      if (target !== '' && !firstRow.has(target)) {
        flowAt(i, column, field)('error', 'FLOW_JUMP_UNKNOWN', `跳转到不存在的流程“${target}”`, `jump to unknown flow "${target}"`);
      }
    };
    jump(f.positiveJump, 'positiveJump', 'positiveJump');
    jump(f.negativeJump, 'negativeJump', 'negativeJump');
    f.branches.forEach((b, k) => {
      const pair = src.flowBranchPairs[i]?.[k] ?? k + 1;
      if (b.words.length === 0) {
        flowAt(i, `branch${pair}.words`, `branches[${k}].words`)('error', 'BRANCH_WORDS_MISSING', `分支${pair}有跳转“${b.target}”却没有词`, `branch ${pair} has a target but no words`);
      }
      if (b.target === '') {
        flowAt(i, `branch${pair}.target`, `branches[${k}].target`)('error', 'BRANCH_TARGET_MISSING', `分支${pair}有词却没有跳转流程`, `branch ${pair} has words but no target flow`);
      } else jump(b.target, `branch${pair}.target`, `branches[${k}].target`);
    });
    if (f.terminate && (f.positiveJump || f.negativeJump || f.branches.length > 0 || f.transferGroup)) {
      flowAt(i, 'terminate', 'terminate')('warning', 'FLOW_TERMINATE_WITH_EXITS', `流程“${f.name}”设为终止，它的跳转、分支和转人工不会生效`,
        `flow "${f.name}" terminates; its jumps, branches and transfer never apply`);
    }
  });

  if (!t.flows.some((f) => f.terminate)) {
    at(issues, src.flows, null, 'terminate', 'flows')('error', 'FLOW_NO_TERMINATE', '模板缺少结束流程：至少要有一个流程的“是否终止”设为 是',
      'no terminating flow: set 是否终止 to yes on at least one flow');
  }
  checkGraph(t.flows, flowAt);
  checkQuestions(t, src, issues, checkText, checkRecording);
  checkCorrections(t, src, issues);
  checkSettingsText(t, src, issues, checkText);
  return issues;
}

function checkGraph(flows: readonly FlowNode[], flowAt: (i: number, column: string | null, field: string | null) => Report): void {
  const g = flowGraph(flows);
  g.unreachable.forEach((i) => {
    flowAt(i, 'name', 'name')('warning', 'FLOW_UNREACHABLE', `流程“${flows[i]!.name}”永远走不到：没有流程跳到它，上一个流程也不会进入它`,
      `flow "${flows[i]!.name}" is unreachable`);
  });
  for (const loop of g.closedLoops) {
    const names = loop.map((i) => `“${flows[i]!.name}”`).join('→');
    flowAt(loop[0]!, 'name', 'name')('error', 'FLOW_LOOP_NO_EXIT', `流程 ${names} 构成死循环：客户无论肯定、否定还是说分支词都出不去，请给其中一个流程设置跳出的路径`,
      `flows ${loop.map((i) => flows[i]!.name).join(' -> ')} loop with no way out`);
  }
  const last = flows.length - 1;
  const end = flows[last]!;
  if (!end.terminate && end.transferGroup === '') {
    flowAt(last, 'terminate', 'terminate')('warning', 'FLOW_FALLS_OFF_END', `最后一个流程“${end.name}”不是终止流程：客户回答后机器人会说结束语挂断`,
      `the last flow "${end.name}" does not terminate; the robot says its closing line and hangs up after it`);
  }
}

function checkQuestions(t: Template, src: TemplateSources, issues: TemplateIssue[], checkText: (text: string, r: Report) => void, checkRecording: (n: string, r: Report) => void): void {
  const seen = new Map<string, number>();
  t.questions.forEach((q, i) => {
    const qa = (column: string, field: string): Report => at(issues, src.questions, i, column, `questions[${i}].${field}`);
    if (q.question === '') qa('question', 'question')('error', 'QUESTION_EMPTY', '问题为空', 'the question is empty');
    if (q.answer === '' && q.recording === '') qa('answer', 'answer')('error', 'QUESTION_ANSWER_MISSING', `问题“${q.question}”没有回答也没有录音`, `question "${q.question}" has no answer`);
    checkText(q.answer, qa('answer', 'answer'));
    checkRecording(q.recording, qa('recording', 'recording'));
    for (const phrase of [q.question, ...q.alternatives]) {
      const key = phrase.replace(/[\s\p{P}]/gu, '');
      if (key === '') continue;
      const prior = seen.get(key);
      if (prior !== undefined && prior !== i) {
        qa('question', 'question')('warning', 'QUESTION_DUPLICATE', `“${phrase}”已出现在第 ${src.questions.rows[prior] ?? '?'} 行的问题里，以前面的为准`,
          `"${phrase}" already belongs to an earlier question, which wins`);
      } else seen.set(key, i);
    }
  });
}

function checkCorrections(t: Template, src: TemplateSources, issues: TemplateIssue[]): void {
  const seen = new Map<string, number>();
  t.corrections.forEach((c, i) => {
    const ca = (column: string): Report => at(issues, src.corrections, i, column, `corrections[${i}].${column}`);
    if (c.keyword === '') ca('keyword')('error', 'CORRECTION_INVALID', '关键词为空', 'the keyword is empty');
    else if (c.keyword === c.correction) ca('correction')('warning', 'CORRECTION_INVALID', `“${c.keyword}”纠正成它自己，没有作用`, 'the correction equals the keyword');
    else if (seen.has(c.keyword)) {
      ca('keyword')('warning', 'CORRECTION_DUPLICATE', `关键词“${c.keyword}”重复，以第 ${src.corrections.rows[seen.get(c.keyword)!] ?? '?'} 行为准`, `duplicate keyword "${c.keyword}"; the first wins`);
    } else seen.set(c.keyword, i);
  });
}

const PROMPT_SETTINGS: readonly SettingKey[] = ['silencePrompt', 'silenceGoodbye', 'unmatchedPrompt', 'unclearPrompt', 'guardGoodbye', 'transferHoldPrompt', 'transferFailedPrompt'];

function checkSettingsText(t: Template, src: TemplateSources, issues: TemplateIssue[], checkText: (text: string, r: Report) => void): void {
  for (const key of PROMPT_SETTINGS) {
    const row = src.settings.settingRows[key];
    const value = t.settings[key as keyof typeof t.settings];
    if (typeof value !== 'string') continue;
    const col = src.settings.columns['value'];
    const spec = SETTING_SPECS.find((s) => s.key === key);
    checkText(value, (severity, code, zh, en) => issues.push(issue(severity, code, {
      sheet: src.settings.name, row: row ?? null, column: col?.letter ?? null, header: spec?.zh ?? null, path: `settings.${key}`,
    }, zh, en)));
  }
}
