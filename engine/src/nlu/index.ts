/**
 * Natural-language understanding for callee utterances: normalization, keyword corrections,
 * pinyin-aware phrase, answer and question matching. Pure and deterministic.
 *
 * Per utterance: `applyCorrections` → `analyze` (once) → `matchQuestion` / `findPhrases` +
 * `isNegatedAt` / `classifyPolarity` / `isBackchannel`, all on the same AnalyzedText.
 */
export { normalize } from './normalize.js';
export { readings, syllableName, syllableCount, toPinyin } from './pinyin.js';
export { analyze } from './analyze.js';
export type { AnalyzedText } from './analyze.js';
export { compileCorrections, applyCorrections } from './corrections.js';
export type { CorrectionIndex, CorrectionResult, AppliedCorrection } from './corrections.js';
export { compilePhrases, findPhrases } from './phrases.js';
export type { PhraseIndex, PhraseHit, PhraseOptions } from './phrases.js';
export { DEFAULT_EXACT_CHARS } from './char-match.js';
export { isNegatedAt } from './negation.js';
export { isInterrogative } from './interrogative.js';
export { compileLexicon, classifyPolarity } from './polarity.js';
export type { Lexicon, LexiconWords, PolarityKind, PolarityHit, PolarityResult } from './polarity.js';
export { DEFAULT_AFFIRMATIVE, DEFAULT_NEGATIVE, DEFAULT_BACKCHANNEL, DEFAULT_NEUTRAL } from './words.js';
export { compileQuestions, matchQuestion } from './questions.js';
export type { QuestionIndex, QuestionMatch } from './questions.js';
export { compileBackchannel, isBackchannel } from './backchannel.js';
export type { BackchannelIndex } from './backchannel.js';
