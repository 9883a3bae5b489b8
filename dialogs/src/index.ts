/**
 * @waihu/dialogs — the telephony layer (SIP, SDP, RTP, G.711, trunks, registrar) and, later,
 * the per-call runtime. Other packages import only from here.
 */
export {};
export * from './sip/index.js';
export * from './media/index.js';
export * from './trunk/index.js';
export * from './registrar/index.js';
export * from './calls/index.js';
export * from './bridge/index.js';
export * from './phones/index.js';
export * from './session/index.js';
export * from './transfer/index.js';
