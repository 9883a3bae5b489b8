/** 定义字段: custom fields of the lead and customer forms, and customer types. */
import type { JSX } from 'solid-js';
import { get } from '../../api/client.js';
import type { CustomField } from '../../api/types.js';
import { t } from '../../i18n/index.js';
import { CrudPage } from '../../components/crud-page.js';
import type { FieldSpec } from '../../components/form-builder.js';

const TYPES = ['text', 'number', 'date', 'select', 'multiselect', 'phone'] as const;
const editable: FieldSpec[] = [
  { name: 'label', label: () => t('fields.label'), required: true },
  { name: 'options', label: () => t('fields.options'), kind: 'lines', hint: () => t('fields.optionsHint') },
  { name: 'required', label: () => t('fields.required'), kind: 'checkbox' },
  { name: 'sortOrder', label: () => t('fields.sortOrder'), kind: 'number', omitEmpty: true },
];

export function FieldsPage(): JSX.Element {
  return (
    <CrudPage<CustomField>
      title={t('nav.fields')} rowLabel={(x) => x.label}
      load={() => get<{ items: CustomField[] }>('/api/custom-fields').then((r) => r.items)}
      columns={[
        { header: () => t('fields.target'), cell: (x) => t(`fieldTarget.${x.target}`) },
        { header: () => t('fields.key'), cell: (x) => <span class="mono">{x.key}</span> },
        { header: () => t('fields.label'), cell: (x) => x.label },
        { header: () => t('fields.type'), cell: (x) => t(`fieldType.${x.type}`) },
        { header: () => t('fields.options'), cell: (x) => x.options.join('、') },
        { header: () => t('fields.required'), cell: (x) => (x.required ? '✓' : '') },
      ]}
      createPath="/api/custom-fields"
      createSpecs={[
        { name: 'target', label: () => t('fields.target'), kind: 'select', required: true, options: () => (['lead', 'customer'] as const).map((v) => ({ value: v, label: t(`fieldTarget.${v}`) })) },
        { name: 'key', label: () => t('fields.key'), required: true, hint: () => t('fields.keyHint') },
        { name: 'type', label: () => t('fields.type'), kind: 'select', required: true, options: () => TYPES.map((v) => ({ value: v, label: t(`fieldType.${v}`) })) },
        ...editable,
      ]}
      editSpecs={editable} editPath={(x) => `/api/custom-fields/${x.id}`}
      editValues={(x) => ({ label: x.label, options: x.options, required: x.required, sortOrder: x.sortOrder })}
      deletePath={(x) => `/api/custom-fields/${x.id}`}
    />
  );
}
