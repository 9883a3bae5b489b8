/**
 * Words that tell a machine answered, as pure functions over recognized text:
 *
 * - carrier announcements in early media (or, on some trunks, after a 200 OK) → 呼叫结果
 *   (PRODUCT.md §6), overriding what SIP said when the words are clear;
 * - voicemail and secretary services (秘书台, 来电提醒) in the first callee utterances.
 *
 * Announcement table (China Mobile / Unicom / Telecom wordings; first match wins, so the more
 * specific phrases come first):
 *
 * | words | outcome | why |
 * |---|---|---|
 * | 空号, 号码不存在, 是不存在的, 查证后再拨 | INVALID_NUMBER | unallocated number |
 * | 已停机, 停机, 欠费 | SUSPENDED | the line is barred by the carrier |
 * | 已关机, 关机 | POWERED_OFF | the phone is off |
 * | 不在服务区 | POWERED_OFF | subscriber absent (Q.850 20, as trunk/outcome.ts maps it): off or no coverage |
 * | 正在通话中, 通话中, 用户正忙, 忙线 | BUSY | |
 * | 暂时无法接通, 无法接通, 暂时无人接听, 无人接听 | NO_ANSWER | the carriers play this for several causes (no coverage, no answer, off on some networks): only "try again later" is sure |
 */
import type { CallOutcome } from '../trunk/outcome.js';

/** One row of the announcement table. */
export interface AnnouncementRule {
  readonly words: readonly string[];
  readonly outcome: CallOutcome;
}

export const ANNOUNCEMENT_RULES: readonly AnnouncementRule[] = [
  { words: ['空号', '号码不存在', '是不存在的', '不存在', '查证后再拨'], outcome: 'INVALID_NUMBER' },
  { words: ['已停机', '停机', '欠费'], outcome: 'SUSPENDED' },
  { words: ['已关机', '关机'], outcome: 'POWERED_OFF' },
  { words: ['不在服务区', '不在服務區'], outcome: 'POWERED_OFF' },
  { words: ['正在通话中', '通话中', '用户正忙', '忙线'], outcome: 'BUSY' },
  { words: ['暂时无法接通', '无法接通', '暂时无人接听', '无人接听'], outcome: 'NO_ANSWER' },
];

/** A classified announcement: the outcome and the words that decided it. */
export interface Announcement {
  readonly outcome: CallOutcome;
  readonly words: string;
}

/** Recognized text without spaces and punctuation (ASR punctuates as it likes). */
function squeeze(text: string): string {
  return text.replace(/[\s,，。.!！?？;；、:：~～…"“”'‘’()（）-]+/g, '');
}

/** The 呼叫结果 a carrier announcement means, or null when the words are not clear. */
export function classifyAnnouncement(text: string): Announcement | null {
  const t = squeeze(text);
  if (t === '') return null;
  for (const rule of ANNOUNCEMENT_RULES) {
    for (const w of rule.words) if (t.includes(w)) return { outcome: rule.outcome, words: w };
  }
  return null;
}

/** Who answered instead of the customer. */
export interface MachineAnswer {
  readonly kind: 'voicemail' | 'secretary' | 'announcement';
  /** The tag the call gets. */
  readonly tag: string;
  /** What the answer means for dialing again. */
  readonly outcome: CallOutcome;
  readonly words: string;
}

const VOICEMAIL_WORDS = ['语音信箱', '提示音后', '嘀声后', '滴声后', '请留言', '留言'];
const SECRETARY_WORDS = ['秘书', '来电提醒', '已转接到', '转接到', '呼叫转移', '短信通知机主', '短信的形式通知', '短信形式通知'];

/**
 * A first callee utterance that is a machine, not a person. Voicemail and secretary services
 * mean the customer did not take the call: NO_ANSWER (dial again later). A carrier announcement
 * after a 200 OK gets the announcement's outcome.
 */
export function detectMachine(text: string): MachineAnswer | null {
  const t = squeeze(text);
  if (t === '') return null;
  for (const w of VOICEMAIL_WORDS) if (t.includes(w)) return { kind: 'voicemail', tag: '语音信箱', outcome: 'NO_ANSWER', words: w };
  for (const w of SECRETARY_WORDS) if (t.includes(w)) return { kind: 'secretary', tag: '秘书台', outcome: 'NO_ANSWER', words: w };
  const a = classifyAnnouncement(t);
  // Only the announcement's own phrasing: a person saying "我在通话中" is still a person.
  if (a && /您拨打的|您所拨打的|对不起|sorry|thenumber/i.test(t)) return { kind: 'announcement', tag: '运营商提示音', outcome: a.outcome, words: a.words };
  return null;
}

/**
 * Whether words heard in early media replace the SIP outcome: yes unless the call was answered
 * (then the dialog decides). Carriers end announced calls with vague statuses (480, 503, 487
 * after our CANCEL, a ring timeout), and even a specific one (486 for a 空号 on some networks)
 * is less honest than the announcement itself.
 */
export function announcementOverrides(sipOutcome: CallOutcome, heard: CallOutcome): boolean {
  return sipOutcome !== 'ANSWERED' && sipOutcome !== heard;
}
