/**
 * 客户类型: the enterprise's customer types — listed in display order, added, renamed or
 * reordered, deleted (their customers keep no type). The customer form and the customer
 * search offer these types.
 */
import type { JSX } from 'solid-js';
import { get } from '../../api/client.js';
import type { CustomerType } from '../../api/types.js';
import { t } from '../../i18n/index.js';
import { CrudPage } from '../../components/crud-page.js';
import type { FieldSpec } from '../../components/form-builder.js';

/** The types in display order (the server sorts them); an empty list when none are defined. */
export async function loadCustomerTypes(): Promise<CustomerType[]> {
  return (await get<{ items: CustomerType[] }>('/api/customer-types')).items;
}

const specs: FieldSpec[] = [
  { name: 'name', label: () => t('customerTypes.name'), required: true },
  { name: 'sortOrder', label: () => t('customerTypes.sortOrder'), kind: 'number', omitEmpty: true, hint: () => t('customerTypes.sortHint') },
];

export function CustomerTypesPage(): JSX.Element {
  return (
    <CrudPage<CustomerType>
      title={t('nav.customerTypes')} intro={t('customerTypes.intro')} rowLabel={(x) => x.name}
      load={loadCustomerTypes}
      columns={[
        { header: () => t('customerTypes.name'), cell: (x) => x.name },
        { header: () => t('customerTypes.sortOrder'), cell: (x) => x.sortOrder },
      ]}
      createPath="/api/customer-types" createSpecs={specs}
      editPath={(x) => `/api/customer-types/${x.id}`} editSpecs={specs} editValues={(x) => ({ name: x.name, sortOrder: x.sortOrder })}
      deletePath={(x) => `/api/customer-types/${x.id}`}
    />
  );
}
