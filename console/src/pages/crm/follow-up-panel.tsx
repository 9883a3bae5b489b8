/** A customer's follow-up records (跟进记录) and a form to add one. */
import { For, createResource, createSignal } from 'solid-js';
import type { JSX } from 'solid-js';
import { api, get } from '../../api/client.js';
import type { Customer, FollowUp } from '../../api/types.js';
import { formatDateTime, t } from '../../i18n/index.js';
import { FormBuilder } from '../../components/form-builder.js';
import { Notice } from '../../components/error-box.js';

export const FOLLOW_UP_TYPES = ['phone', 'visit', 'wechat', 'sms', 'other'] as const;

export function FollowUpsPanel(props: { customer: Customer; onChanged: () => void }): JSX.Element {
  const [items, { refetch }] = createResource(() => props.customer.id, (id) => get<{ items: FollowUp[] }>(`/api/customers/${id}/follow-ups`).then((r) => r.items));
  const [notice, setNotice] = createSignal<string | null>(null);
  return (
    <div>
      <FormBuilder
        specs={[
          { name: 'type', label: () => t('followUps.type'), kind: 'select', required: true, options: () => FOLLOW_UP_TYPES.map((x) => ({ value: t(`followUpType.${x}`), label: t(`followUpType.${x}`) })) },
          { name: 'notes', label: () => t('followUps.notes'), kind: 'textarea', required: true },
          { name: 'nextAt', label: () => t('followUps.nextAt'), kind: 'datetime', omitEmpty: true },
        ]}
        submitLabel={t('followUps.add')}
        onSubmit={async (body) => {
          await api('POST', `/api/customers/${props.customer.id}/follow-ups`, body);
          setNotice(t('common.saved'));
          void refetch();
          props.onChanged();
        }}
      />
      <Notice text={notice()} />
      <ol class="timeline">
        <For each={items() ?? []} fallback={<li class="muted">{t('common.none')}</li>}>
          {(f) => <li><strong>{formatDateTime(f.at)}</strong> · {f.type} · {f.by?.name ?? ''}<p>{f.notes}</p></li>}
        </For>
      </ol>
    </div>
  );
}
