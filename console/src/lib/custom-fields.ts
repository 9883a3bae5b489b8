/**
 * Custom fields (定义字段) as form fields: the enterprise defines them per target (lead or
 * customer) and they appear in the add and edit forms, stored under `fields`.
 */
import { get } from '../api/client.js';
import type { CustomField } from '../api/types.js';
import type { FieldSpec, FormValues } from '../components/form-builder.js';

export async function loadFields(target: 'lead' | 'customer'): Promise<CustomField[]> {
  return (await get<{ items: CustomField[] }>('/api/custom-fields', { target })).items;
}

/** Form specs for custom fields, named `field.KEY` so they never clash with the built-in ones. */
export function customSpecs(fields: readonly CustomField[]): FieldSpec[] {
  return fields.map((f) => ({
    name: `field.${f.key}`,
    label: () => f.label,
    kind: f.type === 'number' ? 'number' : f.type === 'date' ? 'date' : f.type === 'select' ? 'select' : f.type === 'multiselect' ? 'lines' : 'text',
    required: f.required,
    omitEmpty: true,
    ...(f.type === 'select' ? { options: () => f.options.map((o) => ({ value: o, label: o })) } : {}),
  }));
}

/** Moves `field.KEY` values into `fields: { KEY }` for the API. */
export function withFields(body: FormValues): FormValues {
  const out: FormValues = {};
  const fields: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(body)) {
    if (k.startsWith('field.')) fields[k.slice(6)] = Array.isArray(v) && v.length === 0 ? null : v;
    else out[k] = v;
  }
  if (Object.keys(fields).length > 0) out['fields'] = fields;
  return out;
}

/** The inverse, for editing a record. */
export function fieldValues(fields: Record<string, unknown>): FormValues {
  return Object.fromEntries(Object.entries(fields).map(([k, v]) => [`field.${k}`, v]));
}
