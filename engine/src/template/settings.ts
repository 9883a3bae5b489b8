/**
 * The settings sheet (设置): one row per setting, word lists included. Defaults make a script
 * with no settings sheet behave sensibly.
 */
import type { TemplateSettings, WordLists } from './types.js';
import { DEFAULT_AFFIRMATIVE, DEFAULT_BACKCHANNEL, DEFAULT_NEGATIVE } from '../nlu/index.js';

export type SettingKind = 'text' | 'list' | 'bool' | 'int' | 'seconds' | 'ratio' | 'answerKind';
export type SettingKey = keyof TemplateSettings | `words.${keyof WordLists}`;

export interface SettingSpec {
  readonly key: SettingKey;
  readonly zh: string;
  readonly aliases: readonly string[];
  readonly kind: SettingKind;
  readonly noteZh: string;
  /** Inclusive bounds for numbers (seconds and ratios in their sheet unit). */
  readonly min?: number;
  readonly max?: number;
}

const s = (key: SettingKey, zh: string, aliases: readonly string[], kind: SettingKind, noteZh: string, min?: number, max?: number): SettingSpec =>
  ({ key, zh, aliases, kind, noteZh, ...(min === undefined ? {} : { min }), ...(max === undefined ? {} : { max }) });

export const SETTING_SPECS: readonly SettingSpec[] = [
  s('name', '模板名称', ['名称', 'name'], 'text', '话术模板的名称'),
  s('industry', '行业', ['industry'], 'text', '所属行业，如 贷款、教育培训'),
  s('variables', '变量', ['自定义变量', 'variables'], 'list', '话术里可用的客户字段（内置：姓名、称呼、手机尾号、公司），如 产品、金额'),
  s('words.affirmative', '肯定词', ['肯定的词', 'affirmative words'], 'list', '表示同意的词，替换默认词表'),
  s('words.negative', '否定词', ['否定的词', 'negative words'], 'list', '表示拒绝的词，替换默认词表'),
  s('words.backchannel', '语气词', ['附和词', 'backchannel words'], 'list', '嗯、啊 这类附和，不打断机器人'),
  s('bargeIn', '允许打断', ['打断', 'barge in'], 'bool', '客户说话能否打断机器人（流程里可单独设置）'),
  s('silenceTimeoutMs', '等待秒数', ['静默超时', 'wait seconds'], 'seconds', '等客户开口的秒数', 1, 60),
  s('answerKind', '回答类型', ['answer kind'], 'answerKind', '短答 或 开放（决定客户说完后多快结束识别）'),
  s('silencePrompt', '静默提示语', ['静默话术', 'silence prompt'], 'text', '客户没说话时说的话'),
  s('maxSilences', '静默次数', ['最大静默次数', 'max silences'], 'int', '连续几次没说话后挂断', 1, 10),
  s('silenceGoodbye', '静默挂断语', ['silence goodbye'], 'text', '因没说话挂断前说的话'),
  s('unmatchedPrompt', '未匹配提示语', ['未匹配话术', 'unmatched prompt'], 'text', '没听懂时重问前说的话'),
  s('maxUnmatched', '未匹配次数', ['未匹配重问次数', 'max unmatched'], 'int', '同一流程没听懂时最多重问几次，之后进入下一流程', 0, 10),
  s('unclearPrompt', '没听清提示语', ['unclear prompt'], 'text', '识别置信度太低时说的话'),
  s('minConfidence', '最低置信度', ['min confidence'], 'ratio', '低于它的识别结果当作没听清（0–1）', 0, 1),
  s('questionThreshold', '问题匹配度', ['question threshold'], 'ratio', '客户的话与问题相似到多少算问到（0–1）', 0.3, 1),
  s('pinyinMatching', '拼音匹配', ['同音匹配', 'pinyin matching'], 'bool', '是：同音字也算匹配（尚班＝上班）'),
  s('maxTurns', '最大轮次', ['max turns'], 'int', '客户说话次数上限，到了就礼貌结束', 1, 500),
  s('maxCallMs', '最长通话秒数', ['最长通话', 'max call seconds'], 'seconds', '接通后的最长通话时间', 10, 7200),
  s('guardGoodbye', '结束语', ['guard goodbye'], 'text', '因轮次或时长结束通话时说的话'),
  s('transferHoldPrompt', '转接等待语', ['transfer hold prompt'], 'text', '转人工振铃时对客户说的话'),
  s('transferFailedPrompt', '转接失败语', ['transfer failed prompt'], 'text', '没有坐席接听时说的话，随后机器人继续'),
  s('dtmfAffirmative', '按键肯定', ['dtmf yes'], 'text', '表示肯定的按键，如 1'),
  s('dtmfNegative', '按键否定', ['dtmf no'], 'text', '表示否定的按键，如 2'),
];

export const DEFAULT_SETTINGS: TemplateSettings = {
  name: '',
  industry: '',
  variables: [],
  bargeIn: true,
  silenceTimeoutMs: 6000,
  answerKind: 'open',
  silencePrompt: '喂，您好，能听到吗？',
  maxSilences: 2,
  silenceGoodbye: '可能信号不太好，那我稍后再联系您，再见。',
  unmatchedPrompt: '不好意思，我没太明白您的意思。',
  maxUnmatched: 1,
  unclearPrompt: '不好意思，刚才没听清，您能再说一遍吗？',
  minConfidence: 0.3,
  questionThreshold: 0.75,
  pinyinMatching: true,
  maxTurns: 30,
  maxCallMs: 300_000,
  guardGoodbye: '感谢您的耐心，今天先聊到这里，再见。',
  transferHoldPrompt: '',
  transferFailedPrompt: '不好意思，顾问暂时都在忙，稍后会有专人联系您。',
  dtmfAffirmative: '1',
  dtmfNegative: '2',
};

export const DEFAULT_WORDS: WordLists = {
  affirmative: DEFAULT_AFFIRMATIVE,
  negative: DEFAULT_NEGATIVE,
  backchannel: DEFAULT_BACKCHANNEL,
};

/** Variables every lead has. */
export const BUILTIN_VARIABLES: readonly string[] = ['姓名', '称呼', '手机尾号', '公司'];
