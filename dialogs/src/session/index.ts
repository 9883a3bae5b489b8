/**
 * The per-call runtime: one {@link CallSession} per answered call runs the engine's effects on
 * the media leg; {@link runRobotCall} places a call, classifies it when it never connects
 * (SIP and early-media announcements) and runs the session when it is answered.
 */
export type { CallRecord, CallStore, HangupParty, TransferRecord, TurnLatency, TurnRecord } from './record.js';
export type {
  CallFacts, CallSessionOptions, CallVad, EndpointingSettings, SessionLimits, SessionLogger, TransferContext, TransferHandler, TransferTurn, VadFactory,
} from './types.js';
export { DEFAULT_ENDPOINTING, noAgentsTransferHandler, silentLogger } from './types.js';
export type { ListenEndReason, SessionResources } from './call-session.js';
export { CallSession } from './call-session.js';
export type { Announcement, AnnouncementRule, MachineAnswer } from './announcements.js';
export { ANNOUNCEMENT_RULES, announcementOverrides, classifyAnnouncement, detectMachine } from './announcements.js';
export type { EarlyMediaOptions, EarlyMediaResult } from './early-media.js';
export { EarlyMediaClassifier } from './early-media.js';
export type { CallPlacer, PlacedCall, RobotCallOptions } from './run-robot-call.js';
export { runRobotCall } from './run-robot-call.js';
