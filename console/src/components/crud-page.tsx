/**
 * A list page with add, edit and delete through modal forms: the settings pages (trunks,
 * caller numbers, extensions, fields, users …) share it and differ only in their fields.
 */
import { For, Show, createResource, createSignal } from 'solid-js';
import type { JSX } from 'solid-js';
import { api } from '../api/client.js';
import { t } from '../i18n/index.js';
import { PageHead } from './page.js';
import { ErrorBox, Notice } from './error-box.js';
import { Modal } from './modal.js';
import { FormBuilder } from './form-builder.js';
import type { FieldSpec, FormValues } from './form-builder.js';

export interface CrudColumn<T> { readonly header: () => string; readonly cell: (row: T) => JSX.Element }

export interface CrudProps<T extends { id: number }> {
  title: string;
  load: () => Promise<T[]>;
  columns: readonly CrudColumn<T>[];
  createSpecs?: readonly FieldSpec[];
  editSpecs?: readonly FieldSpec[];
  createPath?: string;
  /** PATCH path for a row; no editing without it. */
  editPath?: (row: T) => string;
  editValues?: (row: T) => FormValues;
  deletePath?: (row: T) => string;
  /** What to say after a create (a generated password shown once). */
  created?: (answer: unknown) => string | null;
  rowActions?: (row: T, reload: () => void, report: (msg: string | null, err?: unknown) => void) => JSX.Element;
  toolbar?: (reload: () => void, report: (msg: string | null, err?: unknown) => void) => JSX.Element;
  intro?: string;
  rowLabel: (row: T) => string;
}

export function CrudPage<T extends { id: number }>(props: CrudProps<T>): JSX.Element {
  const [rows, { refetch }] = createResource(() => props.load());
  const [editing, setEditing] = createSignal<T | 'new' | null>(null);
  const [error, setError] = createSignal<unknown>(null);
  const [notice, setNotice] = createSignal<string | null>(null);
  const reload = (): void => void refetch();
  const report = (msg: string | null, err?: unknown): void => { setNotice(msg); setError(err ?? null); };
  const remove = async (row: T): Promise<void> => {
    if (!props.deletePath || !confirm(t('common.confirmDelete', { what: props.rowLabel(row) }))) return;
    try {
      await api('DELETE', props.deletePath(row));
      report(t('common.deleted'));
      reload();
    } catch (e) {
      report(null, e);
    }
  };
  const submit = async (body: FormValues): Promise<void> => {
    const target = editing();
    if (target === 'new') {
      const answer = await api<unknown>('POST', props.createPath!, body);
      report(props.created?.(answer) ?? t('common.saved'));
    } else if (target) {
      await api('PATCH', props.editPath!(target), body);
      report(t('common.saved'));
    }
    setEditing(null);
    reload();
  };
  return (
    <section>
      <PageHead title={props.title}>
        <Show when={props.createSpecs && props.createPath}>
          <button type="button" class="primary" onClick={() => setEditing('new')}>{t('common.add')}</button>
        </Show>
        {props.toolbar?.(reload, report)}
      </PageHead>
      <Show when={props.intro}><p class="muted">{props.intro}</p></Show>
      <ErrorBox error={error() ?? rows.error} />
      <Notice text={notice()} />
      <div class="table-scroll">
        <table class="data">
          <caption class="visually-hidden">{props.title}</caption>
          <thead><tr><For each={props.columns}>{(c) => <th scope="col">{c.header()}</th>}</For><th scope="col">{t('common.actions')}</th></tr></thead>
          <tbody>
            <For each={rows() ?? []} fallback={<tr><td class="empty" colspan={props.columns.length + 1}>{rows.loading ? t('common.loading') : t('common.none')}</td></tr>}>
              {(row) => (
                <tr>
                  <For each={props.columns}>{(c) => <td>{c.cell(row)}</td>}</For>
                  <td class="row-actions">
                    <Show when={props.editPath && props.editSpecs}>
                      <button type="button" aria-label={`${t('common.edit')} ${props.rowLabel(row)}`} onClick={() => setEditing(() => row)}>{t('common.edit')}</button>
                    </Show>
                    {props.rowActions?.(row, reload, report)}
                    <Show when={props.deletePath}>
                      <button type="button" class="danger" aria-label={`${t('common.delete')} ${props.rowLabel(row)}`} onClick={() => void remove(row)}>{t('common.delete')}</button>
                    </Show>
                  </td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
      <Modal title={editing() === 'new' ? `${t('common.add')} · ${props.title}` : `${t('common.edit')} · ${props.title}`} open={editing() !== null} onClose={() => setEditing(null)}>
        <FormBuilder
          specs={(editing() === 'new' ? props.createSpecs : props.editSpecs) ?? []}
          initial={editing() && editing() !== 'new' ? props.editValues?.(editing() as T) ?? {} : {}}
          submitLabel={t('common.save')} onSubmit={submit} onCancel={() => setEditing(null)}
        />
      </Modal>
    </section>
  );
}
