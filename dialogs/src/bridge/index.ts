/**
 * Bridging a customer leg and an agent leg for a live handoff: audio both ways (transcoding
 * PCMU ⇄ PCMA through PCM), DTMF forwarded, and an end reported once when a leg closes.
 */
export { bridgeLegs } from './bridge.js';
export type { BridgeDirectionStats, BridgeEnd, BridgeEndReason, BridgeLeg, BridgeOptions, BridgeStats, MediaBridge } from './bridge.js';
