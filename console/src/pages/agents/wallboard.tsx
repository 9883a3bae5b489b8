/**
 * 坐席监控 for leaders: the live wallboard (calls with the robot and with agents, each agent's
 * state and how long they have been in it, today's counts), kept current by the agents' live
 * stream (GET /api/agents/events), with 监听 on an agent who is talking (the leader's own phone
 * rings and hears the call), and the latest state spans (坐席状态明细).
 */
import { For, Show, createResource, createSignal, onCleanup, onMount } from 'solid-js';
import type { JSX } from 'solid-js';
import { api, get } from '../../api/client.js';
import { ErrorBox, Notice } from '../../components/error-box.js';
import { PageHead } from '../../components/page.js';
import { formatDateTime, formatDuration, t } from '../../i18n/index.js';
import type { MessageKey } from '../../i18n/index.js';

export type AgentStatus = 'offline' | 'idle' | 'ringing' | 'talking' | 'after-call' | 'busy';

export interface AgentState {
  userId: number; name: string; extensionId: number | null; status: AgentStatus; since: string; durationMs: number;
  busyReason: string | null; registered: boolean | null; afterCallUntil: string | null; onCall: boolean; callsToday: number; talkMsToday: number;
}

export interface Wallboard {
  at: string;
  calls: { robot: number; ringingAgents: number; withAgents: number };
  agents: AgentState[];
  byStatus: Record<AgentStatus, number>;
  today: { dialed: number; answered: number; transferred: number; agentCalls: number; agentTalkMs: number };
  groups: { id: number; name: string; strategy: string; enabled: boolean; members: number; idle: number }[];
}

interface StateSpan { userId: number; state: AgentStatus; reason: string | null; startAt: string; endAt: string; durationMs: number; nextState: AgentStatus }

const statusKey = (s: AgentStatus): MessageKey => `agents.status.${s}` as MessageKey;

/** Time in the current state, `elapsedMs` after the snapshot was taken. */
export function liveDuration(a: Pick<AgentState, 'durationMs'>, elapsedMs: number): number {
  return a.durationMs + Math.max(0, elapsedMs);
}

export function WallboardPage(): JSX.Element {
  const [board, { refetch }] = createResource(() => get<Wallboard>('/api/agents/wallboard'));
  const [log, { refetch: refetchLog }] = createResource(() => get<{ items: StateSpan[] }>('/api/agents/state-log', { limit: 50 }).then((r) => r.items));
  const [now, setNow] = createSignal(Date.now());
  const [fetchedAt, setFetchedAt] = createSignal(Date.now());
  const [error, setError] = createSignal<unknown>(null);
  const [notice, setNotice] = createSignal<string | null>(null);
  const [live, setLive] = createSignal(false);

  const reload = (): void => { void refetch(); void refetchLog(); setFetchedAt(Date.now()); };
  onMount(() => {
    const tick = setInterval(() => setNow(Date.now()), 1000);
    // Every change arrives on the stream; a burst of them (a transfer) reloads once.
    let pending: ReturnType<typeof setTimeout> | null = null;
    const events = typeof EventSource === 'undefined' ? null : new EventSource('/api/agents/events');
    const onChange = (): void => { pending ??= setTimeout(() => { pending = null; reload(); }, 300); };
    if (events) {
      events.onopen = () => setLive(true);
      events.onerror = () => setLive(false);
      for (const type of ['agent-state', 'transfer']) events.addEventListener(type, onChange);
    }
    onCleanup(() => { clearInterval(tick); events?.close(); if (pending) clearTimeout(pending); });
  });

  const listen = async (a: AgentState): Promise<void> => {
    setError(null);
    try {
      await api('POST', `/api/agents/${a.userId}/listen`);
      setNotice(t('agents.listening', { name: a.name }));
    } catch (e) {
      setNotice(null);
      setError(e);
    }
  };
  const nameOf = (id: number): string => board()?.agents.find((a) => a.userId === id)?.name ?? String(id);

  return (
    <>
      <PageHead title={t('nav.wallboard')}>
        <span class={live() ? 'badge ok' : 'badge'} role="status">{live() ? t('agents.live') : t('agents.notLive')}</span>
        <button type="button" onClick={reload}>{t('common.refresh')}</button>
      </PageHead>
      <Notice text={notice()} />
      <ErrorBox error={error() ?? board.error} />
      <Show when={board()}>
        {(b) => (
          <>
            <section class="stats" aria-label={t('agents.now')}>
              <div class="stat"><span class="stat-label">{t('agents.robotCalls')}</span><strong>{b().calls.robot}</strong></div>
              <div class="stat"><span class="stat-label">{t('agents.ringing')}</span><strong>{b().calls.ringingAgents}</strong></div>
              <div class="stat"><span class="stat-label">{t('agents.withAgents')}</span><strong>{b().calls.withAgents}</strong></div>
              <div class="stat"><span class="stat-label">{t('agents.todayTransferred')}</span><strong>{b().today.transferred}</strong></div>
              <div class="stat"><span class="stat-label">{t('agents.todayAgentCalls')}</span><strong>{b().today.agentCalls}</strong></div>
              <div class="stat"><span class="stat-label">{t('agents.todayTalk')}</span><strong>{formatDuration(b().today.agentTalkMs)}</strong></div>
            </section>
            <table class="table" aria-label={t('agents.table')}>
              <thead>
                <tr>
                  <th>{t('agents.name')}</th><th>{t('agents.state')}</th><th>{t('agents.duration')}</th><th>{t('agents.callsToday')}</th>
                  <th>{t('agents.talkToday')}</th><th>{t('common.actions')}</th>
                </tr>
              </thead>
              <tbody>
                <For each={b().agents} fallback={<tr><td colSpan={6}>{t('common.none')}</td></tr>}>
                  {(a) => (
                    <tr data-agent={a.userId}>
                      <td>{a.name}</td>
                      <td><span class={`status status-${a.status}`}>{t(statusKey(a.status))}</span><Show when={a.busyReason}>{(r) => <span class="muted"> （{r()}）</span>}</Show></td>
                      <td class="mono">{formatDuration(liveDuration(a, now() - fetchedAt()))}</td>
                      <td>{a.callsToday}</td>
                      <td class="mono">{formatDuration(a.talkMsToday)}</td>
                      <td>
                        <Show when={a.status === 'talking'}>
                          <button type="button" onClick={() => void listen(a)}>{t('agents.listen')}</button>
                        </Show>
                      </td>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
          </>
        )}
      </Show>
      <h2>{t('agents.stateLog')}</h2>
      <table class="table" aria-label={t('agents.stateLog')}>
        <thead><tr><th>{t('agents.name')}</th><th>{t('agents.state')}</th><th>{t('agents.start')}</th><th>{t('agents.end')}</th><th>{t('agents.duration')}</th><th>{t('agents.next')}</th></tr></thead>
        <tbody>
          <For each={log() ?? []} fallback={<tr><td colSpan={6}>{t('common.none')}</td></tr>}>
            {(s) => (
              <tr>
                <td>{nameOf(s.userId)}</td>
                <td>{t(statusKey(s.state))}<Show when={s.reason}>{(r) => <span class="muted"> （{r()}）</span>}</Show></td>
                <td>{formatDateTime(s.startAt)}</td><td>{formatDateTime(s.endAt)}</td>
                <td class="mono">{formatDuration(s.durationMs)}</td><td>{t(statusKey(s.nextState))}</td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </>
  );
}
