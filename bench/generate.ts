/**
 * A large synthetic script for benchmarks: 200 flows, 500 questions (3 phrasings each) and 2,000
 * corrections, from a seeded generator so every run measures the same template.
 */
import type { FlowNode, Question, Template } from '@waihu/engine';
import { EMPTY_TEMPLATE } from '@waihu/engine';

/** Mulberry32: small, seeded, good enough to pick words. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CHARS = '的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严龙飞';

export function largeTemplate(seed = 7): Template {
  const r = rng(seed);
  const word = (min: number, max: number): string => {
    const n = min + Math.floor(r() * (max - min + 1));
    let s = '';
    for (let i = 0; i < n; i++) s += CHARS[Math.floor(r() * CHARS.length)];
    return s;
  };
  const flows: FlowNode[] = [];
  const FLOWS = 200;
  for (let i = 0; i < FLOWS; i++) {
    const last = i === FLOWS - 1;
    const target = (): string => `流程${Math.min(FLOWS - 1, i + 1 + Math.floor(r() * 5))}`;
    flows.push({
      name: `流程${i}`,
      prompt: `${word(8, 20)}，{姓名}，${word(4, 10)}吗？`,
      recording: '',
      positiveTag: i % 10 === 0 ? `标签${i}` : '',
      negativeTag: '',
      positiveJump: last ? '' : target(),
      negativeJump: last ? '' : target(),
      branches: last ? [] : Array.from({ length: 3 }, () => ({ words: [word(2, 3), word(2, 4)], target: target() })),
      terminate: last,
      ignoreUnmatched: i % 7 === 0,
      ignoreNegative: false,
      transferGroup: '',
      bargeIn: null,
      silenceTimeoutMs: null,
      answerKind: null,
      note: '',
    });
  }
  const questions: Question[] = Array.from({ length: 500 }, () => ({
    question: word(5, 10), alternatives: [word(4, 9), word(4, 9)], answer: word(10, 25), recording: '', after: 'return', tag: '', note: '',
  }));
  const corrections = Array.from({ length: 2000 }, () => ({ keyword: word(2, 4), correction: word(2, 4) }));
  return { ...EMPTY_TEMPLATE, flows, questions, corrections };
}

/** Utterances a benchmark call hears: branch words, questions, yes/no, chatter, misrecognitions. */
export function utterances(t: Template, count: number, seed = 11): string[] {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const branching = t.flows.filter((f) => f.branches.length > 0);
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const kind = r();
    if (kind < 0.25) out.push(`我${pick(pick(branching).branches).words[0]}吧`);
    else if (kind < 0.45) out.push(`请问${pick(t.questions).question}啊`);
    else if (kind < 0.6) out.push(pick(['好的，可以', '不需要，谢谢', '是的', '没兴趣', '不太方便', '没问题，你说']));
    else if (kind < 0.8) out.push(`${pick(t.corrections).keyword}${pick(t.corrections).keyword}呢`);
    else out.push('今天天气挺好的我刚吃完饭正在外面散步呢');
  }
  return out;
}
