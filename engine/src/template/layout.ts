/**
 * The documented spreadsheet layout of a script: which sheets, which columns, what each means.
 * The reader, the exporter and the blank-template generator all work from this one table, so
 * the documentation and the code cannot drift apart.
 */

export type ColumnKind = 'text' | 'list' | 'bool' | 'seconds' | 'enum';

export interface ColumnSpec {
  readonly key: string;
  /** Header as written in our files. */
  readonly zh: string;
  /** Other accepted headers (English and the seed systems' wordings). Matching ignores case, spaces and `*`. */
  readonly aliases: readonly string[];
  readonly kind: ColumnKind;
  readonly required: boolean;
  /** One-line explanation shown in the blank template's note row. */
  readonly noteZh: string;
  readonly noteEn: string;
}

export type SheetKey = 'flows' | 'questions' | 'corrections' | 'settings' | 'grades';

export interface SheetSpec {
  readonly key: SheetKey;
  readonly zh: string;
  readonly aliases: readonly string[];
  readonly required: boolean;
  readonly columns: readonly ColumnSpec[];
  readonly noteZh: string;
}

const col = (
  key: string,
  zh: string,
  aliases: readonly string[],
  kind: ColumnKind,
  required: boolean,
  noteZh: string,
  noteEn: string,
): ColumnSpec => ({ key, zh, aliases, kind, required, noteZh, noteEn });

/** Branch columns come in numbered pairs (分支1词, 分支1跳转, 分支2词, ...), as many as needed. */
export const BRANCH_WORDS_HEADER = /^(?:分支(\d+)的?(?:词|关键词)|branch ?(\d+) ?(?:words?|keywords?))$/;
export const BRANCH_TARGET_HEADER = /^(?:分支(\d+)(?:跳转|跳转流程|目标)|branch ?(\d+) ?(?:target|jump|goto))$/;
export const branchHeaders = (n: number): { words: string; target: string } => ({
  words: `分支${n}词`,
  target: `分支${n}跳转`,
});
/** Branch pairs the blank template and the exporter show at least. */
export const MIN_BRANCH_COLUMNS = 3;

export const FLOW_SHEET: SheetSpec = {
  key: 'flows',
  zh: '流程',
  aliases: ['流程定义', '流程列表', 'flows', 'flow'],
  required: true,
  noteZh: '每行一个流程，按顺序执行；“跳转”为空时进入下一行的流程。',
  columns: [
    col('name', '流程名称', ['流程', '名称', 'name', 'flow', 'flow name'], 'text', true,
      '流程的唯一名称，跳转时引用它', 'Unique flow name; jumps refer to it'),
    col('prompt', '话术内容', ['话术', '内容', '机器人话术', 'prompt', 'text'], 'text', false,
      '机器人说的话，可用 {姓名} 等变量；有录音时填录音的文字', 'What the robot says; may use {variables}; the transcript when a recording plays'),
    col('recording', '录音文件', ['录音', '话术录音', 'recording', 'audio'], 'text', false,
      '可选：录音文件名（如 开场白.wav），有则播放录音', 'Optional recording file name; played instead of synthesis'),
    col('positiveTag', '肯定标签', ['肯定提取标签', 'positive tag'], 'text', false,
      '客户肯定回答时给通话加的标签', 'Tag added when the callee answers yes'),
    col('negativeTag', '否定标签', ['否定提取标签', 'negative tag'], 'text', false,
      '客户否定回答时给通话加的标签', 'Tag added when the callee answers no'),
    col('positiveJump', '肯定跳转', ['肯定跳转流程', 'positive jump', 'yes jump'], 'text', false,
      '肯定回答后去的流程；空＝下一个流程', 'Flow after a yes; empty = next flow'),
    col('negativeJump', '否定跳转', ['否定跳转流程', 'negative jump', 'no jump'], 'text', false,
      '否定回答后去的流程；空＝下一个流程', 'Flow after a no; empty = next flow'),
    col('terminate', '是否终止', ['是否终止流程', '终止', 'terminate', 'end'], 'bool', false,
      '是：说完这句就挂断（至少一个流程要设为是）', 'Yes: hang up after this prompt (at least one flow must)'),
    col('ignoreUnmatched', '忽略未匹配', ['忽略没有匹配', 'ignore unmatched'], 'bool', false,
      '是：答非所问或问了未设置的问题时直接进入下一流程', 'Yes: an unrelated answer moves on instead of re-asking'),
    col('ignoreNegative', '忽略否定', ['忽略否定的词', 'ignore negative'], 'bool', false,
      '是：否定回答也进入下一流程，不走否定跳转', 'Yes: a no moves on to the next flow'),
    col('transferGroup', '转人工', ['转人工坐席组', '坐席组', 'transfer', 'transfer group'], 'text', false,
      '说完后转接到这个坐席组（空＝不转）', 'Agent group to transfer to after the prompt'),
    col('bargeIn', '允许打断', ['打断', 'barge in', 'barge-in'], 'bool', false,
      '客户说话能否打断这句；空＝按设置', 'May the callee interrupt; empty = setting'),
    col('silenceTimeoutMs', '等待秒数', ['等待时长', '静默超时', 'wait seconds', 'timeout'], 'seconds', false,
      '等客户开口的秒数；空＝按设置', 'Seconds to wait for an answer; empty = setting'),
    col('answerKind', '回答类型', ['answer kind'], 'enum', false,
      '短答（是/否，较快结束）或 开放；空＝按设置', 'short (yes/no, ends sooner) or open; empty = setting'),
    col('note', '备注', ['说明', 'note', 'notes'], 'text', false, '给自己看的说明，机器人不用', 'Your own notes'),
  ],
};

export const QUESTION_SHEET: SheetSpec = {
  key: 'questions',
  zh: '问题',
  aliases: ['问题列表', '问答', 'questions', 'faq'],
  required: false,
  noteZh: '客户可能问的问题；机器人回答后回到原来的流程。',
  columns: [
    col('question', '问题', ['客户问题', 'question'], 'text', true,
      '客户可能问的话，如 你们是哪个公司的', 'What the callee may ask'),
    col('alternatives', '子问题', ['相似问题', '其他问法', 'alternatives', 'sub questions'], 'list', false,
      '答案相同的其他问法，用 、 或换行分隔', 'Other phrasings, separated by 、 or new lines'),
    col('answer', '回答', ['答案', '回答内容', 'answer'], 'text', false,
      '机器人的回答，可用变量', "The robot's answer; may use variables"),
    col('recording', '录音文件', ['录音', 'recording', 'audio'], 'text', false, '可选：回答的录音文件名', 'Optional recording of the answer'),
    col('after', '回答后', ['回答后动作', 'after'], 'enum', false,
      '返回（重说当前流程，默认）、等待（继续听）、下一步、挂断（不计入咨询次数）', 'return (default), wait, next or hangup (not counted as a question asked)'),
    col('tag', '标签', ['tag'], 'text', false, '客户问到时给通话加的标签', 'Tag added when asked'),
    col('note', '备注', ['说明', 'note'], 'text', false, '给自己看的说明', 'Your own notes'),
  ],
};

export const CORRECTION_SHEET: SheetSpec = {
  key: 'corrections',
  zh: '纠正',
  aliases: ['纠正列表', '关键词纠正', 'corrections'],
  required: false,
  noteZh: '识别文字中常见的错字，在匹配前替换。',
  columns: [
    col('keyword', '关键词', ['错词', '识别词', 'keyword', 'from'], 'text', true, '语音识别常写错的词，如 尚班', 'What recognition writes'),
    col('correction', '纠正词', ['纠正为', '正确词', 'correction', 'to'], 'text', true, '替换成的正确词，如 上班', 'What it should read'),
  ],
};

export const SETTINGS_SHEET: SheetSpec = {
  key: 'settings',
  zh: '设置',
  aliases: ['设置项', '词表', 'settings'],
  required: false,
  noteZh: '词表和通话设置，一行一项；未写的项用默认值。',
  columns: [
    col('key', '项目', ['设置项', '名称', 'key', 'setting'], 'text', true, '设置的名称（见下）', 'Setting name'),
    col('value', '值', ['内容', 'value'], 'text', false, '设置的值；词表用 、 分隔', 'Value; word lists separated by 、'),
    col('note', '说明', ['备注', 'note'], 'text', false, '这一项的说明（导入时忽略）', 'What it means (ignored on import)'),
  ],
};

export const GRADE_SHEET: SheetSpec = {
  key: 'grades',
  zh: '等级规则',
  aliases: ['等级', '评级规则', 'grades', 'grade rules'],
  required: false,
  noteZh: '每行一条：该等级在所有条件都满足时成立。D 行的拒绝规则先于 A–C；其余按 A、B、C 顺序，都不满足为 D。',
  columns: [
    col('grade', '等级', ['grade'], 'text', true, 'A、B、C 或 D', 'A, B, C or D'),
    col('conditions', '条件', ['规则', 'conditions', 'rule'], 'text', true,
      '如 肯定>=1；多个条件用 且 连接，如 拒绝>=1 且 交互<3。可用：肯定 问题 交互 拒绝 静默 未匹配', 'e.g. 肯定>=1; join with 且'),
    col('note', '说明', ['备注', 'note'], 'text', false, '这条规则的说明', 'What the rule means'),
  ],
};

export const SHEETS: readonly SheetSpec[] = [FLOW_SHEET, QUESTION_SHEET, CORRECTION_SHEET, SETTINGS_SHEET, GRADE_SHEET];

/** Sheets people add for themselves; skipped without a warning. */
export const README_SHEET_NAMES: readonly string[] = ['说明', '使用说明', 'readme', 'instructions'];

/** Header text as compared: no spaces, `*`, full-width forms or parenthesized hints; lower case. */
export function headerKey(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[(（][^)）]*[)）]/g, '')
    .replace(/[\s*＊:：]/g, '')
    .toLowerCase();
}
