/** What the task pages share: labels for states and reasons, and how often running tasks refresh. */
import { hasKey, t } from '../../i18n/index.js';
import type { MessageKey } from '../../i18n/index.js';
import type { QueueState, TaskAction, TaskState } from './types.js';
import { TASK_STATES } from './types.js';

/** Progress of a running task is read again this often. */
export const LIVE_REFRESH_MS = 2_000;

export const stateText = (s: string): string => ((TASK_STATES as readonly string[]).includes(s) ? t(`taskState.${s as TaskState}`) : s);
export const queueStateText = (s: QueueState | string): string => (hasKey(`queueState.${s}`) ? t(`queueState.${s}` as MessageKey) : s);

/** A state's reason as words: the user's own actions, an error code the table knows, or the code itself. */
export function reasonText(reason: string | null): string {
  if (!reason) return '';
  if (hasKey(`reason.${reason}`)) return t(`reason.${reason}` as MessageKey);
  if (hasKey(`error.${reason}`)) return `${t(`error.${reason}` as MessageKey)} (${reason})`;
  return reason;
}

export const skipText = (r: string | null): string => (r && hasKey(`skipReason.${r}`) ? t(`skipReason.${r}` as MessageKey) : r ?? '');

/** The actions a task in `state` offers, in the order the toolbar shows them. */
export function actionsFor(state: string): TaskAction[] {
  switch (state) {
    case 'DRAFT': return ['start', 'stop'];
    case 'SCHEDULED': return ['pause', 'stop'];
    case 'RUNNING': return ['pause', 'stop'];
    case 'PAUSED': return ['resume', 'stop'];
    default: return [];
  }
}

/** Whether a task in `state` may still change (and so is worth refreshing). */
export const isLive = (state: string): boolean => state === 'RUNNING' || state === 'SCHEDULED';

/** Leads whose dialing is over (done, failed or skipped), for the progress bar. */
export function finished(byState: Readonly<Record<string, number>>): number {
  return (byState['DONE'] ?? 0) + (byState['FAILED'] ?? 0) + (byState['SKIPPED'] ?? 0);
}
