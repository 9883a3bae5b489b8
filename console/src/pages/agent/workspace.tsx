/**
 * 坐席工作台: where an agent (or a leader taking calls) works. Top: my state — 签入 (idle),
 * 示忙 with a reason, 签出 (offline) — and how long I have been in it (GET/PUT
 * /api/agents/me/state, kept live by GET /api/agents/events). Left: the browser softphone
 * (lib/softphone.ts), registered with my extension through the SIP edge; its credentials come
 * from GET /api/agents/me/softphone. Right: the slot for what belongs to the call — by default
 * the screen pop of a transferred call (the `screen-pop` events addressed to me); a page can
 * pass its own `slot`. After a transferred call (my state turns to after-call work) the slot shows
 * the follow-up form (话后处理) for that call above its screen pop: the pop names the call by its
 * SIP Call-ID, and GET /api/agents/me/follow-ups lists my calls still without a follow-up with
 * theirs — the saved call's id is only known once the call is over and stored, hence the retries.
 */
import { For, Match, Show, Switch, createResource, createSignal, onCleanup } from 'solid-js';
import type { Accessor, JSX } from 'solid-js';
import { ApiError, api, get } from '../../api/client.js';
import { ErrorBox } from '../../components/error-box.js';
import { PageHead } from '../../components/page.js';
import { createSoftphone, type Softphone, type SoftphoneCall } from '../../lib/softphone.js';
import { t } from '../../i18n/index.js';
import { principal } from '../../session.js';
import { FollowUp } from './follow-up.js';
import { ScreenPop, type ScreenPopEvent } from './screen-pop.js';
import { SoftphonePanel, elapsed } from './softphone-panel.js';

/** GET /api/agents/me/softphone. */
interface SoftphoneAccess {
  readonly wsUrl: string;
  readonly sipUri: string;
  readonly password: string;
  readonly extension: string;
  readonly displayName: string;
}

type AgentStatus = 'offline' | 'idle' | 'ringing' | 'talking' | 'after-call' | 'busy';

/** The part of the API's agent state the workspace shows. */
interface MyState {
  readonly userId: number;
  readonly status: AgentStatus;
  readonly since: string;
  readonly busyReason: string | null;
  readonly registered: boolean | null;
}

/** The reasons offered for 示忙 (sent as shown, in the agent's language). */
export const BUSY_REASONS = ['busy', 'break', 'meeting', 'training'] as const;

/** What the slot is given: the softphone's call and the screen pop addressed to me (or null). */
export interface WorkspaceSlotProps {
  readonly call: Accessor<SoftphoneCall | null>;
  readonly pop: Accessor<ScreenPopEvent | null>;
}

export function WorkspacePage(props: { slot?: (p: WorkspaceSlotProps) => JSX.Element }): JSX.Element {
  const me = String(principal()?.userId ?? '');
  const [state, setState] = createSignal<MyState | null>(null);
  const [stateError, setStateError] = createSignal<unknown>(null);
  const [pop, setPop] = createSignal<ScreenPopEvent | null>(null);
  const [now, setNow] = createSignal(Date.now());
  // The call whose follow-up is due: the saved call's id (and its Call-ID, to match the pop).
  const [followUpFor, setFollowUpFor] = createSignal<{ attemptId: number; callRef: string | null } | null>(null);
  // Set when the agent leaves the page: pending work (credentials, follow-up look-ups) stops.
  let left = false;
  const tick = setInterval(() => setNow(Date.now()), 1000);
  onCleanup(() => clearInterval(tick));

  void get<{ state: MyState }>('/api/agents/me/state').then((r) => {
    setState(r.state);
    // Back on the page during after-call work (a reload): the newest call still to follow up.
    if (r.state.status === 'after-call') void findFollowUp(null);
  }, setStateError);
  const change = async (status: 'idle' | 'busy' | 'offline', reason?: string): Promise<void> => {
    setStateError(null);
    try {
      setState((await api<{ state: MyState }>('PUT', '/api/agents/me/state', reason ? { status, reason } : { status })).state);
    } catch (err) {
      setStateError(err);
    }
  };

  /**
   * Looks for my call still without a follow-up — the one with Call-ID `callRef`, or the newest
   * when null. The call is stored when it ends, a moment after my state changes: retried for ~20 s.
   */
  let looking = false;
  const findFollowUp = async (callRef: string | null): Promise<void> => {
    if (looking || followUpFor()) return;
    looking = true;
    try {
      for (let i = 0; i < 20 && !left; i++) {
        const r = await get<{ pending: { attemptId: number; callRef: string | null }[] }>('/api/agents/me/follow-ups').catch(() => null);
        const due = r?.pending.find((p) => callRef === null || p.callRef === callRef);
        if (due) { setFollowUpFor({ attemptId: due.attemptId, callRef: due.callRef }); return; }
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    } finally {
      looking = false;
    }
  };

  // Live: my state changes (a call rang me, after-call work ended) and screen pops for me.
  const events = new EventSource('/api/agents/events');
  events.addEventListener('agent-state', (e) => {
    const data = JSON.parse((e as MessageEvent<string>).data) as { agent: MyState };
    if (String(data.agent.userId) !== me) return;
    const before = state()?.status;
    setState(data.agent);
    // A transferred call just ended: its follow-up is due.
    if (data.agent.status === 'after-call' && before !== 'after-call') void findFollowUp(pop()?.pop.callRef ?? null);
  });
  events.addEventListener('screen-pop', (e) => {
    const data = JSON.parse((e as MessageEvent<string>).data) as ScreenPopEvent;
    if (data.agentId === me) setPop(data);
  });
  events.addEventListener('screen-pop-withdrawn', (e) => {
    const data = JSON.parse((e as MessageEvent<string>).data) as { agentId: string };
    if (data.agentId === me) setPop(null);
  });
  onCleanup(() => events.close());

  // The softphone: credentials first; a missing extension or edge is a notice, not an error.
  const [unavailable, setUnavailable] = createSignal<'NO_EXTENSION' | 'SOFTPHONE_NOT_CONFIGURED' | null>(null);
  let started: Softphone | null = null;
  onCleanup(() => { left = true; started?.stop(); });
  const [phone] = createResource<Softphone | null>(async () => {
    try {
      const access = await get<SoftphoneAccess>('/api/agents/me/softphone');
      const p = createSoftphone({ wsUrl: access.wsUrl, sipUri: access.sipUri, password: access.password, displayName: access.displayName });
      // The agent may have left the page while the credentials were on their way.
      if (!left) { started = p; p.start(); }
      return p;
    } catch (err) {
      if (err instanceof ApiError && (err.code === 'NO_EXTENSION' || err.code === 'SOFTPHONE_NOT_CONFIGURED')) {
        setUnavailable(err.code);
        return null;
      }
      throw err;
    }
  });
  const call = (): SoftphoneCall | null => (phone.state === 'ready' ? phone()?.call() ?? null : null);

  const [reason, setReason] = createSignal<(typeof BUSY_REASONS)[number]>('busy');
  return (
    <>
      <PageHead title={t('nav.workspace')} />
      <section class="agent-state workspace-box" aria-label={t('workspace.state')}>
        <Show when={state()} fallback={<p class="muted">{t('common.loading')}</p>}>
          {(s) => (
            <p>
              {t('workspace.state')}: <strong data-status={s().status}>{t(`workspace.status.${s().status}`)}</strong>
              <Show when={s().status === 'busy' && s().busyReason}> ({s().busyReason})</Show>{' '}
              <span class="muted">{elapsed(Date.parse(s().since), now())}</span>
            </p>
          )}
        </Show>
        <div class="actions">
          <button type="button" onClick={() => void change('idle')} disabled={state()?.status === 'idle'}>{t('workspace.signIn')}</button>
          <select aria-label={t('workspace.busyReason')} value={reason()} onChange={(e) => setReason(e.currentTarget.value as (typeof BUSY_REASONS)[number])}>
            <For each={BUSY_REASONS}>{(r) => <option value={r}>{t(`workspace.reason.${r}`)}</option>}</For>
          </select>
          <button type="button" onClick={() => void change('busy', t(`workspace.reason.${reason()}`))}>{t('workspace.busy')}</button>
          <button type="button" onClick={() => void change('offline')} disabled={state()?.status === 'offline'}>{t('workspace.signOut')}</button>
        </div>
        <ErrorBox error={stateError()} />
      </section>

      <div class="workspace">
        <Switch>
          <Match when={unavailable()}>
            {(code) => <div class="alert alert-warn" role="status">{t(code() === 'NO_EXTENSION' ? 'workspace.noExtension' : 'workspace.noEdge')}</div>}
          </Match>
          <Match when={phone.error}><ErrorBox error={phone.error} /></Match>
          <Match when={phone()}>{(p) => <SoftphonePanel phone={p()} />}</Match>
          <Match when={true}><p class="muted">{t('common.loading')}</p></Match>
        </Switch>
        <aside class="workspace-slot" aria-label={t('workspace.callInfo')}>
          <Show when={props.slot} fallback={
            <>
              <Show when={followUpFor()}>
                {(f) => <FollowUp callId={f().attemptId} onDone={() => { if (pop()?.pop.callRef === f().callRef) setPop(null); setFollowUpFor(null); }} />}
              </Show>
              <Show when={pop()} fallback={<Show when={!followUpFor()}><p class="muted">{t('workspace.noPop')}</p></Show>}>{(e) => <ScreenPop event={e()} />}</Show>
            </>
          }>
            {(slot) => slot()({ call, pop })}
          </Show>
        </aside>
      </div>
    </>
  );
}
