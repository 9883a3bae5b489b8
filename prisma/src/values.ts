/**
 * The values of the schema's enum-like String columns. SQLite has no enum type, so the
 * database does not check them: the server validates input against these lists at the edge.
 */

/** User.role */
export const ROLES = ['PLATFORM_ADMIN', 'ENTERPRISE_ADMIN', 'LEADER', 'AGENT'] as const;
export type Role = (typeof ROLES)[number];

/** Enterprise.kind */
export const ENTERPRISE_KINDS = ['merchant', 'reseller'] as const;
export type EnterpriseKind = (typeof ENTERPRISE_KINDS)[number];

/** Session.kind: an httpOnly cookie of the console, or a bearer token of an API client. */
export const SESSION_KINDS = ['cookie', 'bearer'] as const;
export type SessionKind = (typeof SESSION_KINDS)[number];

/** Lead.grade, Customer.grade, CallAttempt.grade, SmsTemplate.grade */
export const GRADES = ['A', 'B', 'C', 'D', 'E', 'F'] as const;
export type GradeValue = (typeof GRADES)[number];

/** Lead.status */
export const LEAD_STATUSES = ['NEW', 'QUEUED', 'CALLING', 'CALLED', 'FAILED', 'MOVED'] as const;
export type LeadStatus = (typeof LEAD_STATUSES)[number];

/** LeadBatch.status */
export const BATCH_STATUSES = ['importing', 'done', 'failed'] as const;
export type BatchStatus = (typeof BATCH_STATUSES)[number];

/** CustomField.target */
export const CUSTOM_FIELD_TARGETS = ['lead', 'customer'] as const;
export type CustomFieldTarget = (typeof CUSTOM_FIELD_TARGETS)[number];

/** CustomField.type */
export const CUSTOM_FIELD_TYPES = ['text', 'number', 'date', 'select', 'multiselect', 'phone'] as const;
export type CustomFieldType = (typeof CUSTOM_FIELD_TYPES)[number];

/** CallTask.state */
export const TASK_STATES = ['DRAFT', 'SCHEDULED', 'RUNNING', 'PAUSED', 'STOPPED', 'COMPLETED'] as const;
export type TaskState = (typeof TASK_STATES)[number];

/** CallTaskLead.state: a lead's place in a task's call queue. */
export const QUEUE_STATES = ['PENDING', 'DIALING', 'RETRY', 'DONE', 'FAILED', 'SKIPPED'] as const;
export type QueueState = (typeof QUEUE_STATES)[number];

/** CallAttempt.kind */
export const ATTEMPT_KINDS = ['ROBOT', 'AGENT'] as const;
export type AttemptKind = (typeof ATTEMPT_KINDS)[number];

/** CallAttempt.outcome (呼叫结果: 接通, 无人接听, 忙, 拒接, 空号, 关机, 停机, 网络错误, 取消) */
export const CALL_OUTCOMES = [
  'ANSWERED', 'NO_ANSWER', 'BUSY', 'REJECTED', 'INVALID_NUMBER', 'POWERED_OFF', 'SUSPENDED', 'NETWORK_ERROR', 'CANCELED',
] as const;
export type CallOutcome = (typeof CALL_OUTCOMES)[number];

/** CallAttempt.hangupBy */
export const HANGUP_PARTIES = ['ROBOT', 'CALLEE', 'AGENT', 'SYSTEM'] as const;
export type HangupParty = (typeof HANGUP_PARTIES)[number];

/** Turn.who */
export const SPEAKERS = ['ROBOT', 'CALLEE', 'AGENT'] as const;
export type Speaker = (typeof SPEAKERS)[number];

/** Trunk.mode: registers with the carrier, or a peer by address. */
export const TRUNK_MODES = ['register', 'peer'] as const;
export type TrunkMode = (typeof TRUNK_MODES)[number];

/** Trunk.transport */
export const SIP_TRANSPORTS = ['udp', 'tcp', 'tls'] as const;
export type SipTransport = (typeof SIP_TRANSPORTS)[number];

/** Extension.kind */
export const EXTENSION_KINDS = ['softphone', 'deskphone', 'gateway'] as const;
export type ExtensionKind = (typeof EXTENSION_KINDS)[number];

/** AgentGroup.strategy (振铃策略) */
export const RING_STRATEGIES = ['IN_ORDER', 'ROUND_ROBIN', 'RANDOM', 'LONGEST_IDLE'] as const;
export type RingStrategy = (typeof RING_STRATEGIES)[number];

/** Recording.format */
export const RECORDING_FORMATS = ['wav', 'mp3', 'ogg'] as const;
export type RecordingFormat = (typeof RECORDING_FORMATS)[number];
