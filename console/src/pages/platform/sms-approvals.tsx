/**
 * 短信审核: every enterprise's SMS templates for the platform admin to approve (carriers hold the
 * platform to what is sent), pending ones first when asked; approval can be withdrawn.
 */
import { For, Show, createResource, createSignal } from 'solid-js';
import type { JSX } from 'solid-js';
import { api, get } from '../../api/client.js';
import { formatDateTime, t } from '../../i18n/index.js';
import { PageHead } from '../../components/page.js';
import { ErrorBox, Notice } from '../../components/error-box.js';
import type { SmsTemplate } from '../tasks/types.js';

export function SmsApprovalsPage(): JSX.Element {
  const [onlyPending, setOnlyPending] = createSignal(true);
  const [rows, { refetch }] = createResource(onlyPending, (p) => get<{ items: SmsTemplate[] }>('/api/platform/sms-templates', p ? { approved: false } : {}).then((r) => r.items));
  const [error, setError] = createSignal<unknown>(null);
  const [notice, setNotice] = createSignal<string | null>(null);
  const decide = async (x: SmsTemplate, approved: boolean): Promise<void> => {
    setError(null);
    try {
      await api('PATCH', `/api/platform/sms-templates/${x.id}`, { approved });
      setNotice(t('common.saved'));
      void refetch();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <section>
      <PageHead title={t('nav.smsApproval')}>
        <label class="check"><input type="checkbox" checked={onlyPending()} onChange={(e) => setOnlyPending(e.currentTarget.checked)} /> {t('sms.onlyPending')}</label>
      </PageHead>
      <ErrorBox error={error() ?? rows.error} />
      <Notice text={notice()} />
      <div class="table-scroll">
        <table class="data">
          <caption class="visually-hidden">{t('nav.smsApproval')}</caption>
          <thead><tr><th scope="col">{t('sms.enterprise')}</th><th scope="col">{t('sms.grade')}</th><th scope="col">{t('sms.name')}</th><th scope="col">{t('sms.text')}</th><th scope="col">{t('sms.approval')}</th><th scope="col">{t('common.actions')}</th></tr></thead>
          <tbody>
            <For each={rows() ?? []} fallback={<tr><td class="empty" colspan="6">{rows.loading ? t('common.loading') : t('common.none')}</td></tr>}>
              {(x) => (
                <tr>
                  <td>#{x.enterpriseId}</td>
                  <td><span class={`grade grade-${x.grade}`}>{x.grade}</span></td>
                  <td>{x.name || '—'}</td>
                  <td class="sms-text">{x.text}</td>
                  <td>{x.approved ? `${t('sms.approved')} ${formatDateTime(x.approvedAt)}` : t('sms.pending')}</td>
                  <td class="row-actions">
                    <Show when={x.approved} fallback={<button type="button" class="primary" aria-label={`${t('sms.approve')} ${x.text.slice(0, 20)}`} onClick={() => void decide(x, true)}>{t('sms.approve')}</button>}>
                      <button type="button" aria-label={`${t('sms.withdraw')} ${x.text.slice(0, 20)}`} onClick={() => void decide(x, false)}>{t('sms.withdraw')}</button>
                    </Show>
                  </td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
    </section>
  );
}
