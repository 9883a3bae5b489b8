/**
 * 等级短信: SMS templates by grade A–F, one section per grade with the platform admin's approval
 * shown on each (only approved, enabled templates are sent, after the call, by the number's final
 * grade), and whether the enterprise's SMS switch is on. Changing a text withdraws its approval.
 */
import { For, Show, createResource, createSignal } from 'solid-js';
import type { JSX } from 'solid-js';
import { A } from '@solidjs/router';
import { api, get } from '../../api/client.js';
import type { EnterpriseSettings, Grade } from '../../api/types.js';
import { GRADES } from '../../api/types.js';
import { formatDateTime, t } from '../../i18n/index.js';
import { PageHead } from '../../components/page.js';
import { ErrorBox, Notice } from '../../components/error-box.js';
import { Modal } from '../../components/modal.js';
import { FormBuilder } from '../../components/form-builder.js';
import type { FieldSpec, FormValues } from '../../components/form-builder.js';
import type { SmsTemplate } from '../tasks/types.js';

const specs: FieldSpec[] = [
  { name: 'name', label: () => t('sms.name'), omitEmpty: true },
  { name: 'text', label: () => t('sms.text'), kind: 'textarea', required: true, hint: () => t('sms.textHint') },
  { name: 'enabled', label: () => t('common.enabled'), kind: 'checkbox' },
];

export function SmsTemplatesPage(): JSX.Element {
  const [data, { refetch }] = createResource(async () => {
    const [templates, settings] = await Promise.all([
      get<{ items: SmsTemplate[] }>('/api/sms-templates').then((r) => r.items),
      get<{ settings: EnterpriseSettings }>('/api/settings').then((r) => r.settings),
    ]);
    return { templates, smsOn: settings.sms.enabled };
  });
  const [editing, setEditing] = createSignal<{ grade: Grade; template: SmsTemplate | null } | null>(null);
  const [notice, setNotice] = createSignal<string | null>(null);
  const [error, setError] = createSignal<unknown>(null);
  const ofGrade = (g: Grade): SmsTemplate[] => data()?.templates.filter((x) => x.grade === g) ?? [];
  const save = async (body: FormValues): Promise<void> => {
    const e = editing()!;
    if (e.template) await api('PATCH', `/api/sms-templates/${e.template.id}`, body);
    else await api('POST', '/api/sms-templates', { ...body, grade: e.grade });
    setEditing(null);
    setNotice(t('common.saved'));
    void refetch();
  };
  const remove = async (x: SmsTemplate): Promise<void> => {
    if (!confirm(t('common.confirmDelete', { what: x.name || x.text.slice(0, 20) }))) return;
    try {
      await api('DELETE', `/api/sms-templates/${x.id}`);
      setNotice(t('common.deleted'));
      void refetch();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <section>
      <PageHead title={t('nav.smsTemplates')} />
      <p class="muted">{t('sms.intro')}</p>
      <ErrorBox error={error() ?? data.error} />
      <Notice text={notice()} />
      <Show when={data()}>
        {(d) => (
          <>
            <p class={d().smsOn ? 'alert alert-ok' : 'alert alert-warn'}>
              {d().smsOn ? t('sms.switchOn') : t('sms.switchOff')} <A href="/settings/system">{t('nav.system')}</A>
            </p>
            <div class="sms-grades">
              <For each={GRADES}>
                {(g) => (
                  <section class="panel" aria-labelledby={`sms-${g}`}>
                    <h2 id={`sms-${g}`}><span class={`grade grade-${g}`}>{g}</span> {t(`grade.${g}`)}</h2>
                    <Show when={ofGrade(g).length > 0} fallback={<p class="muted">{t('sms.none')}</p>}>
                      <table class="data compact">
                        <caption class="visually-hidden">{`${g} ${t('nav.smsTemplates')}`}</caption>
                        <thead><tr><th scope="col">{t('sms.name')}</th><th scope="col">{t('sms.text')}</th><th scope="col">{t('sms.approval')}</th><th scope="col">{t('common.enabled')}</th><th scope="col">{t('common.actions')}</th></tr></thead>
                        <tbody>
                          <For each={ofGrade(g)}>
                            {(x) => (
                              <tr>
                                <td>{x.name || '—'}</td>
                                <td class="sms-text">{x.text}</td>
                                <td><span class={x.approved ? 'ok' : 'pending'} data-approved={x.approved}>{x.approved ? `${t('sms.approved')} ${formatDateTime(x.approvedAt)}` : t('sms.pending')}</span></td>
                                <td>{x.enabled ? '✓' : '—'}</td>
                                <td class="row-actions">
                                  <button type="button" aria-label={`${t('common.edit')} ${g} ${x.name || x.text.slice(0, 10)}`} onClick={() => setEditing({ grade: g, template: x })}>{t('common.edit')}</button>
                                  <button type="button" class="danger" aria-label={`${t('common.delete')} ${g} ${x.name || x.text.slice(0, 10)}`} onClick={() => void remove(x)}>{t('common.delete')}</button>
                                </td>
                              </tr>
                            )}
                          </For>
                        </tbody>
                      </table>
                    </Show>
                    <button type="button" onClick={() => setEditing({ grade: g, template: null })}>{t('sms.add', { grade: g })}</button>
                  </section>
                )}
              </For>
            </div>
          </>
        )}
      </Show>
      <Modal title={editing() ? `${editing()!.grade} · ${t('nav.smsTemplates')}` : ''} open={editing() !== null} onClose={() => setEditing(null)}>
        <FormBuilder
          specs={specs}
          initial={editing()?.template ? { name: editing()!.template!.name, text: editing()!.template!.text, enabled: editing()!.template!.enabled } : { enabled: true }}
          submitLabel={t('common.save')} onSubmit={save} onCancel={() => setEditing(null)}
        />
      </Modal>
    </section>
  );
}
