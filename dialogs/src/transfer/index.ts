/**
 * Agents and warm transfer (坐席, 坐席组, 转接): the pure agent state machine and ring
 * strategies, the in-memory board that runs them on a clock, the event bus the console's live
 * view forwards, and the `TransferHandler` that rings SIP-phone agents and bridges the call.
 */
export { AGENT_STATUSES, initialAgentState, nextAgentState, statusDurationMs } from './agent-state.js';
export type { AgentEvent, AgentState, AgentStateEffect, AgentStateRefusal, AgentStateSettings, AgentStateSpan, AgentStatus, AgentStep } from './agent-state.js';
export { RING_STRATEGIES, isRingStrategy, pickAgent } from './pick-agent.js';
export type { PickAgent, PickGroup, PickOptions, RingStrategy } from './pick-agent.js';
export { AgentEventBus } from './events.js';
export type { AgentBusEvent, AgentView, ScreenPop, ScreenPopTurn, TransferPhase } from './events.js';
export { AgentBoard, beijingDay, systemEpochClock } from './agent-board.js';
export type { AgentBoardOptions, BoardAgentInfo, BoardGroup } from './agent-board.js';
export { ringbackTone, startHold } from './hold-audio.js';
export type { HoldAudio, HoldPlayer } from './hold-audio.js';
export { WarmTransfer, tapPlacedCall, transferRecordOf } from './warm-transfer.js';
export { mixFrames, startListenIn } from './listen-in.js';
export type { ListenIn, ListenSource } from './listen-in.js';
export type { AgentCall, AgentLegEnd, AgentPhoneDialer, CustomerCallHandle, TransferCallInfo, TransferOutcome, WarmTransferOptions } from './warm-transfer.js';
