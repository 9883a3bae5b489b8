/** The dialer's pure core: calling windows, retry rules, pacing, opt-out words, task settings. No I/O, no clock. */
export * from './settings.js';
export * from './calendar.js';
export * from './retry.js';
export * from './pacing.js';
export * from './opt-out.js';
