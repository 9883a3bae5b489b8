/**
 * The API's JSON as the console reads it (the wire format the server's schemas describe at
 * /docs/json). Kept here, not imported from the server, so the browser bundle depends on the
 * HTTP contract only.
 */

export type Role = 'PLATFORM_ADMIN' | 'ENTERPRISE_ADMIN' | 'LEADER' | 'AGENT';
export type Grade = 'A' | 'B' | 'C' | 'D' | 'E' | 'F';
export const GRADES: readonly Grade[] = ['A', 'B', 'C', 'D', 'E', 'F'];

export interface Principal {
  readonly userId: number;
  readonly enterpriseId: number | null;
  readonly role: Role;
  readonly name: string;
}

/** A paged list as the server answers it. */
export interface Page<T> {
  readonly items: T[];
  readonly total: number | null;
  readonly page?: number | null;
  readonly pageSize?: number;
  readonly nextCursor?: string | null;
}

/** A located problem in a script: sheet/row/column for the spreadsheet, path for the JSON. */
export interface TemplateIssue {
  readonly severity: 'error' | 'warning';
  readonly code: string;
  readonly sheet: string | null;
  readonly row: number | null;
  readonly column: string | null;
  readonly header: string | null;
  readonly path: string | null;
  readonly message: { readonly zh: string; readonly en: string };
}

export interface ScriptSummary {
  readonly id: number;
  readonly name: string;
  readonly industry: string | null;
  readonly shared: boolean;
  readonly currentVersion: number;
  readonly revision: number;
  readonly updatedAt: string;
}

export interface Branch { words: string[]; target: string }
export type QuestionAfter = 'return' | 'wait' | 'next' | 'hangup';
export interface FlowNode {
  name: string; prompt: string; recording: string; positiveTag: string; negativeTag: string;
  positiveJump: string; negativeJump: string; branches: Branch[]; terminate: boolean;
  ignoreUnmatched: boolean; ignoreNegative: boolean; transferGroup: string;
  bargeIn: boolean | null; silenceTimeoutMs: number | null; answerKind: 'short' | 'open' | null; note: string;
}
export interface Question { question: string; alternatives: string[]; answer: string; recording: string; after: QuestionAfter; tag: string; note: string }
export interface Correction { keyword: string; correction: string }
export interface WordLists { affirmative: string[]; negative: string[]; backchannel: string[] }
export type Counter = 'affirmative' | 'questions' | 'interactions' | 'refusals' | 'silences' | 'unmatched';
export type Comparison = '>=' | '>' | '<=' | '<' | '=';
export interface Condition { counter: Counter; op: Comparison; value: number }
export interface GradeRule { grade: 'A' | 'B' | 'C' | 'D'; conditions: Condition[]; note: string }
/** The script's source form (engine `Template`): the server validates every save. */
export interface Template {
  flows: FlowNode[];
  questions: Question[];
  corrections: Correction[];
  words: WordLists;
  settings: Record<string, unknown> & { name: string; industry: string };
  gradeRules: GradeRule[];
}

export interface ScriptDetail { readonly script: ScriptSummary; readonly template: Template; readonly warnings: TemplateIssue[] }
export interface ScriptVersion { readonly number: number; readonly createdAt: string; readonly note: string | null; readonly createdById: number | null }

/** One step of the engine's trace: what matched and why. */
export interface TraceEntry { readonly code: string; readonly note: string; readonly data?: Record<string, unknown> }
export interface SimTurn {
  readonly callee: { readonly kind: string; readonly text?: string } | null;
  readonly robot: { readonly kind: string; readonly text: string; readonly flow: string }[];
  readonly trace: TraceEntry[];
}
export interface SimResult {
  readonly turns: SimTurn[];
  readonly path: string[];
  readonly tags: string[];
  readonly grade: Grade | null;
  readonly reasons: string[];
  readonly endReason: string;
  readonly counters: Record<string, number>;
  readonly unmatched: unknown[];
}
export interface Unmatched { readonly id: number; readonly text: string; readonly flow: string | null; readonly count: number; readonly firstSeenAt: string; readonly lastSeenAt: string }

export type LeadStatus = string;
export interface Lead {
  readonly id: number; readonly name: string; readonly phone: string; readonly fields: Record<string, unknown>;
  readonly grade: Grade | null; readonly status: LeadStatus; readonly batchId: number | null; readonly batchCode: string | null;
  readonly callCount?: number; readonly lastCalledAt?: string | null; readonly createdAt: string;
}
export interface Batch {
  readonly id: number; readonly code: string; readonly fileName: string | null; readonly status: string; readonly totalRows: number;
  readonly accepted: number; readonly rejected: number; readonly duplicates: number; readonly blacklisted: number; readonly updated: number;
  readonly leads: number; readonly hasRejectedReport: boolean; readonly createdAt: string;
}
export interface ImportResult {
  readonly batch: Batch; readonly total: number; readonly accepted: number; readonly rejected: number; readonly updated: number;
  readonly reasons: Record<string, number>;
  readonly rejectedRows: { row: number; code: string; zh: string; en: string; cells: unknown[] }[];
  readonly rejectedRowsComplete: boolean;
  readonly rejectedReportUrl: string | null;
}

export interface Owner { readonly id: number; readonly name: string; readonly workNo: string }
export interface Customer {
  readonly id: number; readonly name: string; readonly phone: string; readonly company: string | null; readonly typeId: number | null;
  readonly typeName: string | null; readonly fields: Record<string, unknown>; readonly grade: Grade | null; readonly ownerId: number | null;
  readonly owner: Owner | null; readonly lastFollowUpAt: string | null; readonly revision: number; readonly createdAt: string;
}
export interface FollowUp {
  readonly id: number; readonly customerId: number; readonly customerName: string; readonly at: string; readonly type: string;
  readonly notes: string; readonly nextAt: string | null; readonly by: Owner | null;
}
export interface CustomerType { readonly id: number; readonly name: string; readonly sortOrder: number }
export type FieldType = 'text' | 'number' | 'date' | 'select' | 'multiselect' | 'phone';
export interface CustomField {
  readonly id: number; readonly target: 'lead' | 'customer'; readonly key: string; readonly label: string; readonly type: FieldType;
  readonly options: string[]; readonly required: boolean; readonly sortOrder: number;
}

export interface User {
  readonly id: number; readonly role: Exclude<Role, 'PLATFORM_ADMIN'>; readonly workNo: string; readonly name: string; readonly mobile: string | null;
  readonly callerNumber: string | null; readonly extension: { id: number; number: string } | null; readonly disabled: boolean;
  readonly lockedUntil: string | null; readonly lastLoginAt: string | null;
}
export interface Trunk {
  readonly id: number; readonly name: string; readonly host: string; readonly port: number; readonly transport: string; readonly mode: string;
  readonly username: string | null; readonly hasPassword: boolean; readonly lines: number; readonly campaignLines: number;
  readonly stripDigits: number; readonly addPrefix: string; readonly enabled: boolean;
}
export interface CallerId { readonly id: number; readonly number: string; readonly trunkId: number | null; readonly approved: boolean; readonly note: string | null; readonly enterpriseId: number }
export interface Extension { readonly id: number; readonly number: string; readonly kind: string; readonly enabled: boolean; readonly user: Owner | null }
export interface VoiceFile { readonly id: number; readonly name: string; readonly kind: string; readonly note: string | null; readonly durationMs: number; readonly sizeBytes: number; readonly url: string; readonly createdAt: string }
export interface BlacklistEntry { readonly id: number; readonly phone: string; readonly reason: string | null; readonly createdAt: string }
export interface Enterprise { readonly id: number; readonly name: string; readonly account: string; readonly kind: string; readonly disabled: boolean; readonly balanceFen: number; readonly users: number }

export interface DayHours { enabled: boolean; start: string; end: string; breaks: { start: string; end: string }[] }
export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';
export interface EnterpriseSettings { workingHours: Record<Weekday, DayHours>; sms: { enabled: boolean } }

export interface CallSummary {
  readonly id: number; readonly taskId: number | null; readonly leadId: number | null; readonly calleeNumber: string; readonly callerNumber: string;
  readonly dialAt: string; readonly answerAt: string | null; readonly endAt: string | null; readonly talkMs: number; readonly outcome: string | null;
  readonly grade: Grade | null; readonly tags: string[]; readonly endReason: string | null; readonly hangupBy: string | null;
  readonly recording: { durationMs: number; url: string } | null;
}
export interface CallTurn {
  readonly seq: number; readonly who: 'ROBOT' | 'CALLEE' | 'AGENT'; readonly text: string; readonly correctedText: string | null;
  readonly matched: TraceEntry[] | null; readonly flow: string | null; readonly startMs: number; readonly endMs: number;
  readonly latencyMs: number | null; readonly latency: Record<string, number> | null; readonly bargedIn: boolean;
}
export interface CallDetail extends CallSummary {
  readonly gradeReasons: string[];
  readonly counters: Record<string, number>;
  readonly turns: CallTurn[];
}
