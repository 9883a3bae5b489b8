/** 系统配置: the robot's working hours per weekday (with breaks) and the SMS switch. */
import { For, Show, createEffect, createResource, createSignal } from 'solid-js';
import type { JSX } from 'solid-js';
import { createStore, reconcile, unwrap } from 'solid-js/store';
import { api, get } from '../../api/client.js';
import type { EnterpriseSettings, Weekday } from '../../api/types.js';
import { t } from '../../i18n/index.js';
import { PageHead } from '../../components/page.js';
import { ErrorBox, Notice } from '../../components/error-box.js';

const DAYS: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

export function SystemPage(): JSX.Element {
  const [data] = createResource(() => get<{ settings: EnterpriseSettings }>('/api/settings'));
  const [s, setS] = createStore<EnterpriseSettings>({ workingHours: {} as EnterpriseSettings['workingHours'], sms: { enabled: false } });
  const [error, setError] = createSignal<unknown>(null);
  const [notice, setNotice] = createSignal<string | null>(null);
  createEffect(() => { const d = data(); if (d) setS(reconcile(d.settings)); });
  const save = async (e: Event): Promise<void> => {
    e.preventDefault();
    setError(null);
    try { await api('PUT', '/api/settings', unwrap(s)); setNotice(t('common.saved')); } catch (err) { setError(err); }
  };
  return (
    <section>
      <PageHead title={t('nav.system')} />
      <ErrorBox error={error() ?? data.error} />
      <Notice text={notice()} />
      <Show when={data()}>
        <form class="form" onSubmit={(e) => void save(e)}>
          <fieldset>
            <legend>{t('system.hours')}</legend>
            <table class="data compact">
              <thead><tr><th scope="col">{t('system.day')}</th><th scope="col">{t('common.enabled')}</th><th scope="col">{t('system.start')}</th><th scope="col">{t('system.end')}</th><th scope="col">{t('system.breaks')}</th></tr></thead>
              <tbody>
                <For each={DAYS}>
                  {(d) => (
                    <Show when={s.workingHours[d]}>
                      <tr>
                        <th scope="row">{t(`day.${d}`)}</th>
                        <td><input type="checkbox" checked={s.workingHours[d].enabled} aria-label={`${t(`day.${d}`)} ${t('common.enabled')}`} onChange={(e) => setS('workingHours', d, 'enabled', e.currentTarget.checked)} /></td>
                        <td><input type="time" value={s.workingHours[d].start} aria-label={`${t(`day.${d}`)} ${t('system.start')}`} onInput={(e) => setS('workingHours', d, 'start', e.currentTarget.value)} /></td>
                        <td><input type="time" value={s.workingHours[d].end} aria-label={`${t(`day.${d}`)} ${t('system.end')}`} onInput={(e) => setS('workingHours', d, 'end', e.currentTarget.value)} /></td>
                        <td>
                          <input
                            type="text" value={s.workingHours[d].breaks.map((b) => `${b.start}-${b.end}`).join(', ')} placeholder="12:00-13:30" aria-label={`${t(`day.${d}`)} ${t('system.breaks')}`}
                            onChange={(e) => setS('workingHours', d, 'breaks', e.currentTarget.value.split(/[,，]/).map((x) => x.trim()).filter(Boolean).map((x) => { const [start = '', end = ''] = x.split('-'); return { start: start.trim(), end: end.trim() }; }))}
                          />
                        </td>
                      </tr>
                    </Show>
                  )}
                </For>
              </tbody>
            </table>
          </fieldset>
          <label class="check"><input type="checkbox" checked={s.sms.enabled} onChange={(e) => setS('sms', 'enabled', e.currentTarget.checked)} /> {t('system.sms')}</label>
          <div class="form-actions"><button type="submit" class="primary">{t('common.save')}</button></div>
        </form>
      </Show>
    </section>
  );
}
