/** The simulated clock is the speech layer's: one implementation drives media and recognition in tests. */
export { ManualClock } from '@waihu/asr';
