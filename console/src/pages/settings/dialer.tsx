/**
 * 外呼设置 (/api/dialer/settings): spoken opt-outs to the blacklist, callbacks of warm leads by
 * an agent group, the webhook / CRM push of call records and the SMS provider — secrets are never
 * shown, kept when left empty, cleared only when asked — and the dead-letter list of pushes and
 * SMS that failed every attempt, each replayable.
 */
import { For, Show, createEffect, createResource, createSignal } from 'solid-js';
import type { JSX } from 'solid-js';
import { createStore, reconcile, unwrap } from 'solid-js/store';
import { api, get } from '../../api/client.js';
import type { Page } from '../../api/types.js';
import { formatDateTime, t } from '../../i18n/index.js';
import { PageHead } from '../../components/page.js';
import { ErrorBox, Notice } from '../../components/error-box.js';
import { Field } from '../../components/field.js';
import { Pager } from '../../components/pager.js';
import { fieldErrors } from '../../lib/errors.js';
import type { AgentGroup, DialerSettings } from '../tasks/types.js';

interface Delivery { id: number; kind: string; status: string; target: string; attemptId: number | null; taskId: number | null; attempts: number; lastError: string | null; createdAt: string }

const CALLBACK_GRADES = ['A', 'B', 'C', 'D'] as const;

export function DialerSettingsPage(): JSX.Element {
  const [data, { refetch }] = createResource(() => get<{ settings: DialerSettings }>('/api/dialer/settings').then((r) => r.settings));
  const [groups] = createResource(() => get<{ items: AgentGroup[] }>('/api/agent-groups').then((r) => r.items).catch(() => []));
  const [s, setS] = createStore<DialerSettings>({
    optOutBlacklist: false, callback: { enabled: false, grades: [], agentGroupId: null },
    webhook: { enabled: false, url: null, hasSecret: false, maxAttempts: 8 }, smsProvider: { kind: 'log', url: null, hasSecret: false, maxAttempts: 5 },
  });
  const [secrets, setSecrets] = createStore({ webhook: '', sms: '', clearWebhook: false, clearSms: false });
  const [error, setError] = createSignal<unknown>(null);
  const [notice, setNotice] = createSignal<string | null>(null);
  createEffect(() => { const d = data(); if (d) setS(reconcile(structuredClone(d))); });
  const errs = (): Record<string, string> => fieldErrors(error());
  const secretOf = (typed: string, clear: boolean): { secret?: string | null } => (clear ? { secret: null } : typed ? { secret: typed } : {});
  const save = async (e: Event): Promise<void> => {
    e.preventDefault();
    setError(null);
    setNotice(null);
    const v = unwrap(s);
    try {
      await api('PUT', '/api/dialer/settings', {
        optOutBlacklist: v.optOutBlacklist,
        callback: { enabled: v.callback.enabled, grades: v.callback.grades, agentGroupId: v.callback.agentGroupId },
        webhook: { enabled: v.webhook.enabled, url: v.webhook.url || null, maxAttempts: v.webhook.maxAttempts, ...secretOf(secrets.webhook, secrets.clearWebhook) },
        smsProvider: { kind: v.smsProvider.kind, url: v.smsProvider.url || null, maxAttempts: v.smsProvider.maxAttempts, ...secretOf(secrets.sms, secrets.clearSms) },
      });
      setSecrets({ webhook: '', sms: '', clearWebhook: false, clearSms: false });
      setNotice(t('common.saved'));
      void refetch();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <section>
      <PageHead title={t('nav.dialerSettings')} />
      <ErrorBox error={error() ?? data.error} />
      <Notice text={notice()} />
      <Show when={data()}>
        <form class="form" onSubmit={(e) => void save(e)}>
          <label class="check"><input type="checkbox" checked={s.optOutBlacklist} onChange={(e) => setS('optOutBlacklist', e.currentTarget.checked)} /> {t('dialer.optOut')}</label>
          <fieldset>
            <legend>{t('dialer.callback')}</legend>
            <label class="check"><input type="checkbox" checked={s.callback.enabled} onChange={(e) => setS('callback', 'enabled', e.currentTarget.checked)} /> {t('dialer.callbackEnabled')}</label>
            <fieldset class="inline-checks"><legend>{t('dialer.callbackGrades')}</legend>
              <For each={CALLBACK_GRADES}>{(g) => <label class="check"><input type="checkbox" checked={s.callback.grades.includes(g)} onChange={(e) => setS('callback', 'grades', (old) => (e.currentTarget.checked ? [...old, g] : old.filter((x) => x !== g)))} /> {g} {t(`grade.${g}`)}</label>}</For>
            </fieldset>
            <Field label={t('dialer.callbackGroup')} error={errs()['callback']}>
              {(ids) => (
                <select id={ids.id} value={s.callback.agentGroupId ?? ''} aria-invalid={ids.invalid} aria-describedby={ids.describedBy} onChange={(e) => setS('callback', 'agentGroupId', e.currentTarget.value ? Number(e.currentTarget.value) : null)}>
                  <option value="">{t('common.choose')}</option>
                  <For each={groups() ?? []}>{(g) => <option value={g.id}>{g.name}</option>}</For>
                </select>
              )}
            </Field>
          </fieldset>
          <fieldset>
            <legend>{t('dialer.webhook')}</legend>
            <label class="check"><input type="checkbox" checked={s.webhook.enabled} onChange={(e) => setS('webhook', 'enabled', e.currentTarget.checked)} /> {t('dialer.webhookEnabled')}</label>
            <Field label={t('dialer.url')} error={errs()['webhook']}>
              {(ids) => <input id={ids.id} type="url" placeholder="https://" value={s.webhook.url ?? ''} aria-invalid={ids.invalid} aria-describedby={ids.describedBy} onInput={(e) => setS('webhook', 'url', e.currentTarget.value)} />}
            </Field>
            <Field label={t('dialer.secret')} {...(s.webhook.hasSecret ? { hint: t('dialer.secretKept') } : {})}>
              {(ids) => <input id={ids.id} type="password" autocomplete="new-password" value={secrets.webhook} aria-describedby={ids.describedBy} onInput={(e) => setSecrets('webhook', e.currentTarget.value)} />}
            </Field>
            <Show when={s.webhook.hasSecret}><label class="check"><input type="checkbox" checked={secrets.clearWebhook} onChange={(e) => setSecrets('clearWebhook', e.currentTarget.checked)} /> {t('dialer.secretClear')}</label></Show>
            <Field label={t('dialer.maxAttempts')}>
              {(ids) => <input id={ids.id} type="number" min="1" max="30" value={s.webhook.maxAttempts} onInput={(e) => setS('webhook', 'maxAttempts', Number(e.currentTarget.value))} />}
            </Field>
          </fieldset>
          <fieldset>
            <legend>{t('dialer.smsProvider')}</legend>
            <Field label={t('dialer.kind')}>
              {(ids) => (
                <select id={ids.id} value={s.smsProvider.kind} onChange={(e) => setS('smsProvider', 'kind', e.currentTarget.value as 'log' | 'http')}>
                  <option value="log">{t('dialer.kind.log')}</option>
                  <option value="http">{t('dialer.kind.http')}</option>
                </select>
              )}
            </Field>
            <Show when={s.smsProvider.kind === 'http'}>
              <Field label={t('dialer.url')} error={errs()['smsProvider']}>
                {(ids) => <input id={ids.id} type="url" placeholder="https://" value={s.smsProvider.url ?? ''} aria-invalid={ids.invalid} aria-describedby={ids.describedBy} onInput={(e) => setS('smsProvider', 'url', e.currentTarget.value)} />}
              </Field>
              <Field label={t('dialer.secret')} {...(s.smsProvider.hasSecret ? { hint: t('dialer.secretKept') } : {})}>
                {(ids) => <input id={ids.id} type="password" autocomplete="new-password" value={secrets.sms} aria-describedby={ids.describedBy} onInput={(e) => setSecrets('sms', e.currentTarget.value)} />}
              </Field>
              <Show when={s.smsProvider.hasSecret}><label class="check"><input type="checkbox" checked={secrets.clearSms} onChange={(e) => setSecrets('clearSms', e.currentTarget.checked)} /> {t('dialer.secretClear')}</label></Show>
            </Show>
            <Field label={t('dialer.maxAttempts')}>
              {(ids) => <input id={ids.id} type="number" min="1" max="30" value={s.smsProvider.maxAttempts} onInput={(e) => setS('smsProvider', 'maxAttempts', Number(e.currentTarget.value))} />}
            </Field>
          </fieldset>
          <div class="form-actions"><button type="submit" class="primary">{t('common.save')}</button></div>
        </form>
      </Show>
      <DeadLetters />
    </section>
  );
}

function DeadLetters(): JSX.Element {
  const [page, setPage] = createSignal(1);
  const [pageSize, setPageSize] = createSignal(20);
  const [rows, { refetch }] = createResource(() => ({ status: 'DEAD', page: page(), pageSize: pageSize() }), (q) => get<Page<Delivery>>('/api/deliveries', q));
  const [error, setError] = createSignal<unknown>(null);
  const [notice, setNotice] = createSignal<string | null>(null);
  const replay = async (ids?: number[]): Promise<void> => {
    setError(null);
    try {
      const r = await api<{ replayed: number }>('POST', '/api/deliveries/replay', ids ? { ids } : {});
      setNotice(t('dialer.replayed', { n: r.replayed }));
      void refetch();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <section class="panel" aria-labelledby="dead-letters">
      <h2 id="dead-letters">{t('dialer.deliveries')}</h2>
      <ErrorBox error={error() ?? rows.error} />
      <Notice text={notice()} />
      <Show when={(rows()?.items.length ?? 0) > 0} fallback={<p class="muted">{rows.loading ? t('common.loading') : t('dialer.noDead')}</p>}>
        <p><button type="button" onClick={() => void replay()}>{t('dialer.replayAll')}</button></p>
        <table class="data compact">
          <caption class="visually-hidden">{t('dialer.deliveries')}</caption>
          <thead><tr><th scope="col">{t('common.createdAt')}</th><th scope="col">{t('dialer.kind')}</th><th scope="col">{t('dialer.target')}</th><th scope="col">{t('dialer.attempts')}</th><th scope="col">{t('dialer.lastError')}</th><th scope="col">{t('common.actions')}</th></tr></thead>
          <tbody>
            <For each={rows()?.items ?? []}>
              {(d) => (
                <tr>
                  <td>{formatDateTime(d.createdAt)}</td><td>{d.kind}</td><td class="mono">{d.target}</td><td>{d.attempts}</td><td>{d.lastError ?? ''}</td>
                  <td><button type="button" aria-label={`${t('dialer.replay')} #${d.id}`} onClick={() => void replay([d.id])}>{t('dialer.replay')}</button></td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
        <Pager page={page()} pageSize={pageSize()} total={rows()?.total ?? 0} onPage={setPage} onPageSize={(n) => { setPageSize(n); setPage(1); }} />
      </Show>
    </section>
  );
}
