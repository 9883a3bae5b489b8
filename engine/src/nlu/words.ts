/**
 * Default word lists for answers on outbound calls. Templates may replace the affirmative,
 * negative and backchannel lists; the neutral list is the engine's own guard against false hits.
 */

/** Words that mean yes / interested / go ahead (肯定词). */
export const DEFAULT_AFFIRMATIVE: readonly string[] = [
  '是', '是的', '是啊', '是呀', '对', '对的', '对啊', '对呀', '对对', '没错', '嗯好', '嗯对', '嗯是', '嗯可以',
  '好', '好的', '好啊', '好呀', '好吧', '行', '行的', '行啊', '行吧', '还行', '可以', '可以的', '可以啊',
  '有', '有的', '有啊', '需要', '要', '想要', '感兴趣', '有兴趣', '兴趣', '没问题', '没什么问题', '没啥问题', '没毛病', '不错', '当然', '当然可以',
  '愿意', '方便', '在', '在的', '了解一下', '请讲', '你讲', '您讲', '说吧', '发给我', '加微信',
  'ok', 'okay', 'yes',
];

/** Words that mean no / not interested / not now (否定词). */
export const DEFAULT_NEGATIVE: readonly string[] = [
  '不', '不是', '不对', '不要', '不要了', '不需要', '不需要了', '暂时不需要', '暂时不用', '没需要', '没兴趣', '不感兴趣',
  '没有', '没', '不用', '不用了', '用不着', '不行', '不方便', '别', '算了', '不考虑', '不想', '不愿意', '不可以',
  '拒绝', '没空', '没时间', '在忙', '很忙', '正忙', '正在忙', '开车', '在开车', '开会', '在开会', '不了', '不必',
  '不合适', '没钱', '已经有了', '已经办了', '已经买了', '以后再说', '再说吧', '下次吧', '改天吧', '别打了', '别再打了', '不要再打了', '打错了', '骗子', '投诉', '挂了', 'no',
];

/** Short sounds that acknowledge without answering (语气词/附和词). */
export const DEFAULT_BACKCHANNEL: readonly string[] = [
  '嗯', '恩', '啊', '哦', '噢', '喔', '额', '呃', '唔', '哎', '诶', '欸', '对', '是', '好',
  '嗯嗯', '恩恩', '啊啊', '哦哦', '对对', '对对对', '是是', '好好', '嗯哼',
];

/**
 * Words that contain an affirmative or negative word but are neither (不好意思, 现在, 银行, 特别, 你好).
 * Matched exactly and consumed like list words, so their inner 不/在/行/别/好 never count.
 */
export const DEFAULT_NEUTRAL: readonly string[] = [
  // 不 / 没 / 别 that do not refuse.
  '不好意思', '对不起', '不客气', '没关系', '没事', '没事儿', '差不多', '不过', '不管', '不仅', '不但', '不然',
  '要不然', '不如', '不少', '不同', '不一样', '不知道', '不清楚', '不一定', '说不定', '不得不', '了不起',
  '特别', '区别', '分别', '个别', '差别', '级别', '类别', '性别', '识别', '别的', '别人', '别处',
  '无所谓', '无论', '未来',
  // Not hearing the robot is not a refusal: the flow should re-ask.
  '听不清', '听不到', '听不见', '听不懂', '没听清', '没听到', '没听见', '没听懂',
  // 在 / 有 / 要 / 好 / 对 / 是 / 行 inside ordinary words.
  '现在', '正在', '实在', '存在', '所在', '在哪', '在于', '有点', '有些', '有人', '有时', '有时候', '有什么',
  '所有', '只有', '还有', '重要', '主要', '只要', '要是', '要求', '要么', '你好', '您好', '好像', '好多',
  '只好', '最好', '好几', '好久', '还好', '对于', '对方', '针对', '对面', '是谁', '是什么', '是哪', '就是', '还是',
  '但是', '可是', '只是', '是否', '是吗', '于是', '银行', '行业', '进行', '执行', '旅行', '发行', '流行', '可行',
];
