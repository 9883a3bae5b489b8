/**
 * 操作日志: who changed what and when, newest first, paged on the server and filtered by
 * person, entity and date; each entry opens into a before/after table of the fields it sent
 * (secrets were hidden by the server when it wrote the entry).
 */
import { For, Show, createResource, createSignal } from 'solid-js';
import type { JSX } from 'solid-js';
import { get } from '../../api/client.js';
import type { Owner, User } from '../../api/types.js';
import type { MessageKey } from '../../i18n/index.js';
import { formatDateTime, hasKey, t } from '../../i18n/index.js';
import { PageHead } from '../../components/page.js';
import { ErrorBox } from '../../components/error-box.js';
import { Pager } from '../../components/pager.js';
import { REDACTED, diffRows } from './audit-diff.js';

/** One entry as GET /api/audit answers it. */
export interface AuditEntry {
  readonly id: number;
  readonly at: string;
  readonly userId: number | null;
  readonly user: Owner | null;
  readonly action: string;
  readonly entity: string;
  readonly entityId: string | null;
  readonly before: unknown;
  readonly beforeFrom: number | null;
  readonly after: unknown;
  readonly ip: string | null;
}

interface Filter { userId: string; entity: string; from: string; to: string }
const EMPTY: Filter = { userId: '', entity: '', from: '', to: '' };

function methodLabel(action: string): string {
  const key = `audit.method.${action.split(' ')[0] ?? ''}`;
  return hasKey(key) ? t(key as MessageKey) : action;
}

const shown = (v: string | undefined): string => (v === undefined ? '' : v === REDACTED ? t('audit.redacted') : v);

/** The before/after table of one entry. */
export function AuditChanges(props: { entry: AuditEntry }): JSX.Element {
  const rows = (): ReturnType<typeof diffRows> => diffRows(props.entry.before, props.entry.after);
  return (
    <div class="audit-changes">
      <p class="muted">{props.entry.beforeFrom !== null ? t('audit.beforeFrom', { id: props.entry.beforeFrom }) : t('audit.noBefore')}</p>
      <Show when={rows().length > 0} fallback={<p>{t('audit.nothing')}</p>}>
        <table class="data compact">
          <caption class="visually-hidden">{t('audit.changes')} #{props.entry.id}</caption>
          <thead><tr><th scope="col">{t('audit.field')}</th><th scope="col">{t('audit.before')}</th><th scope="col">{t('audit.after')}</th><th scope="col"><span class="visually-hidden">{t('audit.changed')}</span></th></tr></thead>
          <tbody>
            <For each={rows()}>
              {(r) => (
                <tr classList={{ changed: r.changed }}>
                  <th scope="row" class="mono">{r.path}</th>
                  <td>{r.changed && r.before !== undefined ? <del>{shown(r.before)}</del> : shown(r.before)}</td>
                  <td>{r.changed && r.after !== undefined ? <ins>{shown(r.after)}</ins> : shown(r.after)}</td>
                  <td>{r.changed ? t('audit.changed') : ''}</td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </Show>
    </div>
  );
}

export function AuditLogPage(): JSX.Element {
  const [draft, setDraft] = createSignal<Filter>({ ...EMPTY });
  const [filter, setFilter] = createSignal<Filter>({ ...EMPTY });
  const [page, setPage] = createSignal(1);
  const [pageSize, setPageSize] = createSignal(50);
  const [open, setOpen] = createSignal<Set<number>>(new Set());
  const [entries] = createResource(
    () => ({ ...filter(), page: page(), pageSize: pageSize() }),
    (q) => get<{ items: AuditEntry[]; total: number }>('/api/audit', q),
  );
  const [users] = createResource(() => get<{ items: User[] }>('/api/users').then((r) => r.items).catch(() => [] as User[]));
  const [entities] = createResource(() => get<{ items: string[] }>('/api/audit/entities').then((r) => r.items).catch(() => [] as string[]));
  const set = (k: keyof Filter, v: string): void => { setDraft((d) => ({ ...d, [k]: v })); };
  const toggle = (id: number): void => {
    const s = new Set(open());
    if (s.has(id)) s.delete(id);
    else s.add(id);
    setOpen(s);
  };
  const who = (e: AuditEntry): string => (e.user ? `${e.user.name} (${e.user.workNo})` : e.userId === null ? t('audit.system') : `#${e.userId}`);
  return (
    <section>
      <PageHead title={t('nav.audit')} />
      <p class="muted">{t('audit.intro')}</p>
      <form class="search-bar" role="search" aria-label={t('common.search')} onSubmit={(e) => { e.preventDefault(); setPage(1); setOpen(new Set<number>()); setFilter({ ...draft() }); }}>
        <label>{t('audit.user')}{' '}
          <select value={draft().userId} onChange={(e) => set('userId', e.currentTarget.value)}>
            <option value="">{t('audit.anyone')}</option>
            <For each={users() ?? []}>{(u) => <option value={u.id}>{u.name} ({u.workNo})</option>}</For>
          </select>
        </label>
        <label>{t('audit.entity')}{' '}
          <select value={draft().entity} onChange={(e) => set('entity', e.currentTarget.value)}>
            <option value="">{t('common.all')}</option>
            <For each={entities() ?? []}>{(x) => <option value={x}>{x}</option>}</For>
          </select>
        </label>
        <label>{t('common.from')} <input type="date" value={draft().from} onInput={(e) => set('from', e.currentTarget.value)} /></label>
        <label>{t('common.to')} <input type="date" value={draft().to} onInput={(e) => set('to', e.currentTarget.value)} /></label>
        <button type="submit" class="primary">{t('common.search')}</button>
        <button type="button" onClick={() => { setDraft({ ...EMPTY }); setFilter({ ...EMPTY }); setPage(1); }}>{t('common.reset')}</button>
      </form>
      <ErrorBox error={entries.error} />
      <div class="table-scroll">
        <table class="data audit-log">
          <caption class="visually-hidden">{t('nav.audit')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('audit.at')}</th><th scope="col">{t('audit.user')}</th><th scope="col">{t('audit.action')}</th>
              <th scope="col">{t('audit.entity')}</th><th scope="col">{t('audit.entityId')}</th><th scope="col">{t('audit.changes')}</th>
            </tr>
          </thead>
          <tbody>
            <For each={entries()?.items ?? []} fallback={<tr><td colspan="6" class="empty">{entries.loading ? t('common.loading') : t('audit.empty')}</td></tr>}>
              {(e) => (
                <>
                  <tr>
                    <td>{formatDateTime(e.at)}</td>
                    <td>{who(e)}</td>
                    <td>{methodLabel(e.action)} <span class="mono muted">{e.action}</span></td>
                    <td class="mono">{e.entity}</td>
                    <td class="mono">{e.entityId ?? ''}</td>
                    <td>
                      <button type="button" aria-expanded={open().has(e.id)} aria-controls={`audit-${e.id}`} onClick={() => toggle(e.id)}>
                        {open().has(e.id) ? t('audit.hide') : t('audit.show')}
                      </button>
                    </td>
                  </tr>
                  <Show when={open().has(e.id)}>
                    <tr id={`audit-${e.id}`}><td colspan="6"><AuditChanges entry={e} /></td></tr>
                  </Show>
                </>
              )}
            </For>
          </tbody>
        </table>
      </div>
      <Pager page={page()} pageSize={pageSize()} total={entries()?.total ?? 0} onPage={setPage} onPageSize={(n) => { setPageSize(n); setPage(1); }} />
    </section>
  );
}
