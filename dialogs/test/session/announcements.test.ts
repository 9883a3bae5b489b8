import { describe, expect, it } from 'vitest';
import { announcementOverrides, classifyAnnouncement, detectMachine } from '../../src/index.js';

describe('carrier announcements and machines, from words', () => {
  it.each([
    ['您好，您拨打的号码是空号，请查证后再拨。', 'INVALID_NUMBER'],
    ['对不起，您拨打的号码不存在', 'INVALID_NUMBER'],
    ['您拨打的电话已关机', 'POWERED_OFF'],
    ['您拨打的用户已停机', 'SUSPENDED'],
    ['您拨打的号码因欠费暂时无法接通', 'SUSPENDED'],
    ['对不起，您拨打的用户正在通话中，请稍后再拨', 'BUSY'],
    ['您拨打的电话暂时无法接通，请稍后再拨', 'NO_ANSWER'],
    ['您拨打的用户不在服务区', 'POWERED_OFF'],
    ['您拨打的电话暂时无人接听', 'NO_ANSWER'],
  ] as const)('%s → %s', (text, outcome) => {
    expect(classifyAnnouncement(text)?.outcome).toBe(outcome);
  });

  it('says nothing when the words are not clear', () => {
    expect(classifyAnnouncement('')).toBeNull();
    expect(classifyAnnouncement('嘟……嘟……')).toBeNull();
    expect(classifyAnnouncement('喂，你好')).toBeNull();
  });

  it('overrides a vague SIP outcome, never an answer', () => {
    expect(announcementOverrides('NO_ANSWER', 'INVALID_NUMBER')).toBe(true);
    expect(announcementOverrides('CANCELED', 'POWERED_OFF')).toBe(true);
    expect(announcementOverrides('NETWORK_ERROR', 'SUSPENDED')).toBe(true);
    expect(announcementOverrides('ANSWERED', 'BUSY')).toBe(false);
  });

  it.each([
    ['您好，请在提示音后留言，录音完毕请挂机', 'voicemail', 'NO_ANSWER'],
    ['您拨打的用户暂时无法接通，请在嘀声后留言', 'voicemail', 'NO_ANSWER'],
    ['您好，您拨打的用户已开启来电提醒服务，我们将以短信的形式通知机主', 'secretary', 'NO_ANSWER'],
    ['您好，我是机主的智能秘书，请问您有什么事', 'secretary', 'NO_ANSWER'],
    ['您的电话已转接到语音信箱', 'voicemail', 'NO_ANSWER'],
    ['您拨打的电话已转接到小秘书', 'secretary', 'NO_ANSWER'],
    ['您拨打的电话已关机', 'announcement', 'POWERED_OFF'],
  ] as const)('first utterance “%s” is a %s', (text, kind, outcome) => {
    expect(detectMachine(text)).toMatchObject({ kind, outcome });
  });

  it('leaves people alone', () => {
    expect(detectMachine('喂，哪位')).toBeNull();
    expect(detectMachine('我在通话中，等下打给你')).toBeNull();
    expect(detectMachine('有啊，最近正好要周转一下')).toBeNull();
  });
});
