/**
 * 任务发送 (new) and 修改 (edit): every setting of a call task — script and version, leads by
 * import batch or by a lead search, trunk and caller-number pool with rotation, start and end,
 * calling hours per weekday with breaks (发送阶段), lines and calls per second, retries by
 * outcome, skip rules, agent group and 发送比例 — and what SMS by grade will do. Problems are
 * found before sending (form-model.ts) and shown beside their fields, as are the server's.
 */
import { For, Show, createMemo, createResource, createSignal } from 'solid-js';
import type { JSX } from 'solid-js';
import { createStore, produce, unwrap } from 'solid-js/store';
import { A, useNavigate, useParams } from '@solidjs/router';
import { ApiError, api, get } from '../../api/client.js';
import type { Batch, CallerId, EnterpriseSettings, Page, ScriptSummary, ScriptVersion } from '../../api/types.js';
import { GRADES } from '../../api/types.js';
import { formatNumber, t } from '../../i18n/index.js';
import { PageHead } from '../../components/page.js';
import { ErrorBox } from '../../components/error-box.js';
import { Field } from '../../components/field.js';
import { outcomeText } from '../calls/list.js';
import { CALLER_RULES, RETRY_OUTCOMES } from './types.js';
import type { AgentGroup, CallTask, SmsTemplate } from './types.js';
import { LEAD_STATUSES, WEEKDAYS, draftOf, emptyDraft, fieldOfPath, leadsBody, taskBody, validateDraft } from './form-model.js';
import type { Problems, TaskDraft } from './form-model.js';

export interface Choices {
  scripts: ScriptSummary[];
  trunks: { id: number; name: string; enabled: boolean }[];
  callerIds: CallerId[];
  groups: AgentGroup[];
  sms: { enabled: boolean; templates: SmsTemplate[] };
}

async function loadChoices(): Promise<Choices> {
  const [scripts, trunks, callerIds, groups, settings, templates] = await Promise.all([
    get<{ items: ScriptSummary[] }>('/api/scripts').then((r) => r.items),
    get<{ items: Choices['trunks'] }>('/api/dialer/trunks').then((r) => r.items),
    get<{ items: CallerId[] }>('/api/caller-ids').then((r) => r.items.filter((c) => c.approved)),
    get<{ items: AgentGroup[] }>('/api/agent-groups').then((r) => r.items).catch(() => []),
    get<{ settings: EnterpriseSettings }>('/api/settings').then((r) => r.settings).catch(() => null),
    get<{ items: SmsTemplate[] }>('/api/sms-templates').then((r) => r.items).catch(() => []),
  ]);
  return { scripts, trunks, callerIds, groups, sms: { enabled: !!settings?.sms.enabled, templates } };
}

export function TaskFormPage(): JSX.Element {
  const params = useParams();
  const navigate = useNavigate();
  const editing = (): number | null => (params['id'] ? Number(params['id']) : null);
  const [choices] = createResource(loadChoices);
  const [existing] = createResource(() => editing() ?? false, (id) => get<{ task: CallTask }>(`/api/call-tasks/${id}`).then((r) => r.task));
  return (
    <section>
      <Show when={editing() === null || existing()} fallback={<><ErrorBox error={existing.error} /><p role="status">{t('common.loading')}</p></>}>
        <PageHead title={existing() ? t('taskForm.editTitle', { name: existing()!.name }) : t('nav.newTask')}>
          <A class="button" href={existing() ? `/tasks/${existing()!.id}` : '/tasks'}>{t('common.cancel')}</A>
        </PageHead>
        <ErrorBox error={choices.error} />
        <Show when={choices()}>
          {(c) => <TaskForm choices={c()} task={existing() ?? null} onSaved={(id, query) => navigate(`/tasks/${id}${query}`)} />}
        </Show>
      </Show>
    </section>
  );
}

/** `onSaved` gets the task and what to tell on its page (`?created=n` or `?added=n&already=m`). */
export function TaskForm(props: { choices: Choices; task: CallTask | null; onSaved: (id: number, query: string) => void }): JSX.Element {
  const creating = props.task === null;
  const scriptLocked = props.task !== null && props.task.state !== 'DRAFT';
  const [d, setD] = createStore<TaskDraft>(props.task ? draftOf(props.task, null) : emptyDraft());
  const [problems, setProblems] = createSignal<Problems>({});
  const [server, setServer] = createSignal<Record<string, string>>({});
  const [error, setError] = createSignal<unknown>(null);
  const [busy, setBusy] = createSignal(false);
  const [batchCode, setBatchCode] = createSignal('');
  const [batches] = createResource(() => ({ code: batchCode() }), ({ code }) => get<Page<Batch>>('/api/leads/batches', { pageSize: 200, ...(code ? { code } : {}) }));
  const [versions] = createResource(() => (d.templateId ? Number(d.templateId) : false), (id) => get<{ items: ScriptVersion[] }>(`/api/scripts/${id}/versions`).then((r) => r.items));
  const [count, setCount] = createSignal<number | null>(null);
  const script = createMemo(() => props.choices.scripts.find((s) => String(s.id) === d.templateId));
  /** The message for a field: the form's own check first, then what the server said. */
  const err = (name: string): string | undefined => {
    const p = problems()[name];
    return p ? t(p.key, p.vars) : server()[name];
  };
  const touched = (): void => { if (Object.keys(problems()).length) setProblems(validateDraft(unwrap(d), { creating })); };
  const set = <K extends keyof TaskDraft>(k: K, v: TaskDraft[K]): void => { setD(k, v as never); touched(); };
  const toggle = (list: 'callerIds' | 'batchIds', id: number, on: boolean): void => {
    setD(produce((x) => { x[list] = on ? [...x[list], id] : x[list].filter((y) => y !== id); }));
    touched();
  };
  const previewCount = async (): Promise<void> => {
    const body = leadsBody(unwrap(d));
    const f = body?.filter ?? {};
    try {
      setCount((await get<Page<unknown>>('/api/leads', { ...f, pageSize: 1 })).total ?? 0);
    } catch (e) {
      setError(e);
    }
  };
  const submit = async (e: Event): Promise<void> => {
    e.preventDefault();
    setError(null);
    setServer({});
    const found = validateDraft(unwrap(d), { creating });
    setProblems(found);
    if (Object.keys(found).length > 0) {
      queueMicrotask(() => document.querySelector<HTMLElement>('.task-form [aria-invalid="true"]')?.focus());
      return;
    }
    const draft = unwrap(d);
    // A draft's script changes only when the user chose another script or a version.
    const includeScript = creating || (!scriptLocked && (draft.templateId !== String(props.task!.templateId) || draft.templateVersion !== ''));
    const body = taskBody(draft, { includeScript });
    const leads = leadsBody(draft);
    setBusy(true);
    try {
      if (creating) {
        const r = await api<{ task: CallTask; submitted: { added: number } }>('POST', '/api/call-tasks', { ...body, ...(leads ? { leads } : {}) });
        props.onSaved(r.task.id, `?created=${r.submitted.added}`);
      } else {
        const id = props.task!.id;
        await api('PATCH', `/api/call-tasks/${id}`, body);
        const sent = leads ? await api<{ added: number; alreadyQueued: number }>('POST', `/api/call-tasks/${id}/leads`, leads) : null;
        props.onSaved(id, sent ? `?added=${sent.added}&already=${sent.alreadyQueued}` : '');
      }
    } catch (err2) {
      const located: Record<string, string> = {};
      if (err2 instanceof ApiError && Array.isArray(err2.details)) {
        for (const x of err2.details as { path?: unknown; message?: unknown }[]) if (typeof x.path === 'string' && typeof x.message === 'string') located[fieldOfPath(x.path)] = x.message;
      }
      setServer(located);
      setError(err2);
    } finally {
      setBusy(false);
    }
  };
  const smsFor = (g: string): SmsTemplate | undefined => props.choices.sms.templates.find((x) => x.grade === g && x.approved && x.enabled);
  const nProblems = (): number => Object.keys(problems()).length;
  return (
    <form class="form task-form" novalidate onSubmit={(e) => void submit(e)}>
      <Show when={nProblems() > 0}><div class="alert alert-error" role="alert">{t('taskForm.fix', { n: nProblems() })}</div></Show>

      <fieldset>
        <legend>{t('taskForm.basics')}</legend>
        <Field label={`${t('task.name')} *`} error={err('name')}>
          {(ids) => <input id={ids.id} name="name" value={d.name} maxlength="100" aria-invalid={ids.invalid} aria-describedby={ids.describedBy} onInput={(e) => set('name', e.currentTarget.value)} />}
        </Field>
        <div class="field-row">
          <Field label={`${t('task.script')} *`} error={err('templateId')} {...(scriptLocked ? { hint: t('taskForm.scriptLocked') } : {})}>
            {(ids) => (
              <select id={ids.id} name="templateId" value={d.templateId} disabled={scriptLocked} aria-invalid={ids.invalid} aria-describedby={ids.describedBy} onChange={(e) => { setD({ templateId: e.currentTarget.value, templateVersion: '' }); touched(); }}>
                <option value="">{t('common.choose')}</option>
                <For each={props.choices.scripts}>{(s) => <option value={s.id}>{s.name}</option>}</For>
              </select>
            )}
          </Field>
          <Field label={t('taskForm.version')} error={err('templateVersion')}>
            {(ids) => (
              <select id={ids.id} name="templateVersion" value={d.templateVersion} disabled={scriptLocked || !d.templateId} aria-describedby={ids.describedBy} onChange={(e) => set('templateVersion', e.currentTarget.value)}>
                <option value="">{script() ? t('taskForm.currentVersion', { v: script()!.currentVersion }) : '—'}</option>
                <For each={versions() ?? []}>{(v) => <option value={v.number}>v{v.number}{v.note ? ` · ${v.note}` : ''}</option>}</For>
              </select>
            )}
          </Field>
        </div>
      </fieldset>

      <fieldset>
        <legend>{creating ? t('taskForm.leads') : t('task.addLeads')}</legend>
        <div class="radio-row" role="radiogroup" aria-label={t('taskForm.leads')}>
          <label class="check"><input type="radio" name="leadSource" value="batches" checked={d.leadSource === 'batches'} onChange={() => set('leadSource', 'batches')} /> {t('taskForm.byBatches')}</label>
          <label class="check"><input type="radio" name="leadSource" value="filter" checked={d.leadSource === 'filter'} onChange={() => set('leadSource', 'filter')} /> {t('taskForm.byFilter')}</label>
          <Show when={!creating}><label class="check"><input type="radio" name="leadSource" value="none" checked={d.leadSource === 'none'} onChange={() => set('leadSource', 'none')} /> {t('taskForm.noLeads')}</label></Show>
        </div>
        <Show when={err('leads')}><p class="field-error" id="leads-error" role="alert">{err('leads')}</p></Show>
        <Show when={d.leadSource === 'batches'}>
          <fieldset class="choice-list" aria-describedby={err('leads') ? 'leads-error' : undefined} aria-invalid={!!err('leads')}>
            <legend>{t('taskForm.byBatches')}</legend>
            <label>{t('common.search')} <input type="search" value={batchCode()} aria-label={`${t('taskForm.byBatches')} ${t('common.search')}`} onChange={(e) => setBatchCode(e.currentTarget.value.trim())} /></label>
            <Show when={(batches()?.items.length ?? 0) > 0} fallback={<p class="muted">{batches.loading ? t('common.loading') : t('taskForm.noBatches')}</p>}>
              <ul class="plain checks">
                <For each={batches()?.items ?? []}>
                  {(b) => (
                    <li><label class="check"><input type="checkbox" checked={d.batchIds.includes(b.id)} onChange={(e) => toggle('batchIds', b.id, e.currentTarget.checked)} /> {t('taskForm.batchRow', { code: b.code, n: formatNumber(b.leads) })}</label></li>
                  )}
                </For>
              </ul>
            </Show>
          </fieldset>
        </Show>
        <Show when={d.leadSource === 'filter'}>
          <div class="field-row filter-fields">
            <Field label={t('leads.name')}>{(ids) => <input id={ids.id} value={d.filter.name} onInput={(e) => { setD('filter', 'name', e.currentTarget.value); touched(); }} />}</Field>
            <Field label={t('leads.phonePrefix')} error={err('filter.phone')}>{(ids) => <input id={ids.id} inputmode="numeric" value={d.filter.phone} aria-invalid={ids.invalid} aria-describedby={ids.describedBy} onInput={(e) => { setD('filter', 'phone', e.currentTarget.value); touched(); }} />}</Field>
            <Field label={t('leads.batch')}>{(ids) => <input id={ids.id} value={d.filter.batch} onInput={(e) => { setD('filter', 'batch', e.currentTarget.value); touched(); }} />}</Field>
            <Field label={t('common.from')}>{(ids) => <input id={ids.id} type="date" value={d.filter.createdFrom} onInput={(e) => { setD('filter', 'createdFrom', e.currentTarget.value); touched(); }} />}</Field>
            <Field label={t('common.to')} error={err('filter.createdTo')}>{(ids) => <input id={ids.id} type="date" value={d.filter.createdTo} aria-invalid={ids.invalid} aria-describedby={ids.describedBy} onInput={(e) => { setD('filter', 'createdTo', e.currentTarget.value); touched(); }} />}</Field>
          </div>
          <fieldset class="inline-checks"><legend>{t('leads.grade')}</legend>
            <For each={GRADES}>{(g) => <label class="check"><input type="checkbox" checked={d.filter.grades.includes(g)} onChange={(e) => { setD('filter', 'grades', (old) => (e.currentTarget.checked ? [...old, g] : old.filter((x) => x !== g))); touched(); }} /> {g} {t(`grade.${g}`)}</label>}</For>
          </fieldset>
          <fieldset class="inline-checks"><legend>{t('taskForm.statuses')}</legend>
            <For each={LEAD_STATUSES}>{(s) => <label class="check"><input type="checkbox" checked={d.filter.statuses.includes(s)} onChange={(e) => { setD('filter', 'statuses', (old) => (e.currentTarget.checked ? [...old, s] : old.filter((x) => x !== s))); touched(); }} /> {t(`leadStatus.${s}`)}</label>}</For>
          </fieldset>
          <p><button type="button" onClick={() => void previewCount()}>{t('taskForm.countFilter')}</button> <Show when={count() !== null}><span role="status">{t('taskForm.filterCount', { n: formatNumber(count()!) })}</span></Show></p>
        </Show>
      </fieldset>

      <fieldset>
        <legend>{t('taskForm.line')}</legend>
        <div class="field-row">
          <Field label={t('task.trunk')} error={err('trunkId')}>
            {(ids) => (
              <select id={ids.id} name="trunkId" value={d.trunkId} aria-invalid={ids.invalid} aria-describedby={ids.describedBy} onChange={(e) => set('trunkId', e.currentTarget.value)}>
                <option value="">{t('common.choose')}</option>
                <For each={props.choices.trunks}>{(x) => <option value={x.id} disabled={!x.enabled}>{x.name}</option>}</For>
              </select>
            )}
          </Field>
          <Field label={t('taskForm.callerRule')}>
            {(ids) => (
              <select id={ids.id} name="callerRule" value={d.callerRule} onChange={(e) => set('callerRule', e.currentTarget.value as TaskDraft['callerRule'])}>
                <For each={CALLER_RULES}>{(r) => <option value={r}>{t(`callerRule.${r}`)}</option>}</For>
              </select>
            )}
          </Field>
          <Field label={t('taskForm.maxDaily')} error={err('maxDailyPerNumber')}>
            {(ids) => <input id={ids.id} type="number" min="0" max="100000" value={d.maxDailyPerNumber} aria-invalid={ids.invalid} aria-describedby={ids.describedBy} onInput={(e) => set('maxDailyPerNumber', e.currentTarget.value)} />}
          </Field>
        </div>
        <fieldset class="inline-checks" aria-describedby="caller-hint">
          <legend>{t('task.callerIds')}</legend>
          <small id="caller-hint" class="muted">{t('taskForm.callerIdsHint')}</small>
          <For each={props.choices.callerIds}>{(c) => <label class="check"><input type="checkbox" checked={d.callerIds.includes(c.id)} onChange={(e) => toggle('callerIds', c.id, e.currentTarget.checked)} /> <span class="mono">{c.number}</span>{c.note ? ` · ${c.note}` : ''}</label>}</For>
          <Show when={err('callerIds')}><p class="field-error">{err('callerIds')}</p></Show>
        </fieldset>
      </fieldset>

      <fieldset>
        <legend>{t('taskForm.schedule')}</legend>
        <div class="field-row">
          <Field label={t('taskForm.startAt')} hint={t('taskForm.startAtHint')} error={err('startAt')}>
            {(ids) => <input id={ids.id} type="datetime-local" value={d.startAt} aria-invalid={ids.invalid} aria-describedby={ids.describedBy} onInput={(e) => set('startAt', e.currentTarget.value)} />}
          </Field>
          <Field label={t('taskForm.endAt')} hint={t('taskForm.endAtHint')} error={err('endAt')}>
            {(ids) => <input id={ids.id} type="datetime-local" value={d.endAt} aria-invalid={ids.invalid} aria-describedby={ids.describedBy} onInput={(e) => set('endAt', e.currentTarget.value)} />}
          </Field>
        </div>
        <p class="muted" id="hours-hint">{t('taskForm.hoursHint')}</p>
        <Show when={err('hours')}><p class="field-error" role="alert">{err('hours')}</p></Show>
        <table class="data compact hours" aria-describedby="hours-hint">
          <caption>{t('taskForm.hours')}</caption>
          <thead><tr><th scope="col">{t('system.day')}</th><th scope="col">{t('common.enabled')}</th><th scope="col">{t('system.start')}</th><th scope="col">{t('system.end')}</th><th scope="col">{t('system.breaks')}</th></tr></thead>
          <tbody>
            <For each={WEEKDAYS}>
              {(day) => {
                const dayErr = (): string | undefined => err(`hours.${day}`);
                const breakErr = (): string | undefined => err(`hours.${day}.breaks`);
                return (
                  <tr classList={{ invalid: !!dayErr() || !!breakErr() }}>
                    <th scope="row">{t(`day.${day}`)}</th>
                    <td><input type="checkbox" checked={d.hours[day].enabled} aria-label={`${t(`day.${day}`)} ${t('common.enabled')}`} onChange={(e) => { setD('hours', day, 'enabled', e.currentTarget.checked); touched(); }} /></td>
                    <td><input type="time" value={d.hours[day].start} aria-label={`${t(`day.${day}`)} ${t('system.start')}`} aria-invalid={!!dayErr()} aria-describedby={dayErr() ? `err-${day}` : undefined} onInput={(e) => { setD('hours', day, 'start', e.currentTarget.value); touched(); }} /></td>
                    <td><input type="time" value={d.hours[day].end} aria-label={`${t(`day.${day}`)} ${t('system.end')}`} aria-invalid={!!dayErr()} aria-describedby={dayErr() ? `err-${day}` : undefined} onInput={(e) => { setD('hours', day, 'end', e.currentTarget.value); touched(); }} /></td>
                    <td>
                      <input type="text" value={d.hours[day].breaks} placeholder="12:00-13:00" aria-label={`${t(`day.${day}`)} ${t('system.breaks')}`} aria-invalid={!!breakErr()} aria-describedby={breakErr() ? `err-${day}-b` : undefined} onInput={(e) => { setD('hours', day, 'breaks', e.currentTarget.value); touched(); }} />
                      <Show when={dayErr()}><small id={`err-${day}`} class="field-error">{dayErr()}</small></Show>
                      <Show when={breakErr()}><small id={`err-${day}-b`} class="field-error">{breakErr()}</small></Show>
                    </td>
                  </tr>
                );
              }}
            </For>
          </tbody>
        </table>
      </fieldset>

      <fieldset>
        <legend>{t('taskForm.pace')}</legend>
        <div class="field-row">
          <Field label={`${t('taskForm.lines')} *`} error={err('lines')}>
            {(ids) => <input id={ids.id} name="lines" type="number" min="1" max="1000" value={d.lines} aria-invalid={ids.invalid} aria-describedby={ids.describedBy} onInput={(e) => set('lines', e.currentTarget.value)} />}
          </Field>
          <Field label={`${t('taskForm.cps')} *`} error={err('maxCallsPerSecond')}>
            {(ids) => <input id={ids.id} name="maxCallsPerSecond" type="number" min="1" max="1000" value={d.maxCallsPerSecond} aria-invalid={ids.invalid} aria-describedby={ids.describedBy} onInput={(e) => set('maxCallsPerSecond', e.currentTarget.value)} />}
          </Field>
        </div>
      </fieldset>

      <fieldset>
        <legend>{t('taskForm.retries')}</legend>
        <p class="muted" id="retries-hint">{t('taskForm.retriesHint')}</p>
        <table class="data compact" aria-describedby="retries-hint">
          <caption class="visually-hidden">{t('taskForm.retries')}</caption>
          <thead><tr><th scope="col">{t('calls.outcome')}</th><th scope="col">{t('taskForm.retryCount')}</th><th scope="col">{t('taskForm.retryMinutes')}</th></tr></thead>
          <tbody>
            <For each={RETRY_OUTCOMES}>
              {(o) => (
                <tr>
                  <th scope="row">{outcomeText(o)}</th>
                  <td>
                    <input type="number" min="0" max="10" value={d.retries[o].count} aria-label={`${outcomeText(o)} ${t('taskForm.retryCount')}`} aria-invalid={!!err(`retries.${o}.count`)} onInput={(e) => { setD('retries', o, 'count', e.currentTarget.value); touched(); }} />
                    <Show when={err(`retries.${o}.count`)}><small class="field-error">{err(`retries.${o}.count`)}</small></Show>
                  </td>
                  <td>
                    <input type="number" min="0" value={d.retries[o].minutes} aria-label={`${outcomeText(o)} ${t('taskForm.retryMinutes')}`} aria-invalid={!!err(`retries.${o}.minutes`)} onInput={(e) => { setD('retries', o, 'minutes', e.currentTarget.value); touched(); }} />
                    <Show when={err(`retries.${o}.minutes`)}><small class="field-error">{err(`retries.${o}.minutes`)}</small></Show>
                  </td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </fieldset>

      <fieldset>
        <legend>{t('taskForm.skip')}</legend>
        <label class="check"><input type="checkbox" checked={d.skipCalledToday} onChange={(e) => set('skipCalledToday', e.currentTarget.checked)} /> {t('taskForm.skipToday')}</label>
        <label class="check"><input type="checkbox" checked={d.skipInCrm} onChange={(e) => set('skipInCrm', e.currentTarget.checked)} /> {t('taskForm.skipCrm')}</label>
        <label class="check"><input type="checkbox" checked disabled /> {t('taskForm.skipBlacklist')}</label>
      </fieldset>

      <fieldset>
        <legend>{t('taskForm.handoff')}</legend>
        <div class="field-row">
          <Field label={t('taskForm.agentGroup')} error={err('agentGroupId')}>
            {(ids) => (
              <select id={ids.id} name="agentGroupId" value={d.agentGroupId} aria-invalid={ids.invalid} aria-describedby={ids.describedBy} onChange={(e) => set('agentGroupId', e.currentTarget.value)}>
                <option value="">—</option>
                <For each={props.choices.groups}>{(g) => <option value={g.id}>{g.name}（{g.members.length}）</option>}</For>
              </select>
            )}
          </Field>
          <Field label={t('taskForm.ratio')} hint={t('taskForm.ratioHint')} error={err('dialRatioPercent')}>
            {(ids) => <input id={ids.id} name="dialRatioPercent" type="number" min="10" max="1000" step="10" value={d.dialRatioPercent} aria-invalid={ids.invalid} aria-describedby={ids.describedBy} onInput={(e) => set('dialRatioPercent', e.currentTarget.value)} />}
          </Field>
        </div>
      </fieldset>

      <fieldset>
        <legend>{t('taskForm.sms')}</legend>
        <p class="muted">{props.choices.sms.enabled ? t('taskForm.smsOn') : t('taskForm.smsOff')}</p>
        <ul class="plain sms-summary">
          <For each={GRADES}>{(g) => <li><span class={`grade grade-${g}`}>{g}</span> {smsFor(g)?.text ?? <span class="muted">{t('taskForm.smsNone')}</span>}</li>}</For>
        </ul>
        <A href="/settings/sms-templates">{t('taskForm.smsManage')}</A>
      </fieldset>

      <ErrorBox error={error()} />
      <div class="form-actions">
        <button type="submit" class="primary" disabled={busy()}>{creating ? t('taskForm.submitCreate') : t('taskForm.submitEdit')}</button>
      </div>
    </form>
  );
}
