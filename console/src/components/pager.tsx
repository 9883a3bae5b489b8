/** Server-side paging: previous/next, a page number to jump to, and the page size. */
import type { JSX } from 'solid-js';
import { For } from 'solid-js';
import { formatNumber, t } from '../i18n/index.js';

export const PAGE_SIZES = [20, 50, 100, 200] as const;

export function Pager(props: { page: number; pageSize: number; total: number | null; onPage: (p: number) => void; onPageSize: (n: number) => void }): JSX.Element {
  const pages = (): number => (props.total === null ? props.page + 1 : Math.max(1, Math.ceil(props.total / props.pageSize)));
  return (
    <nav class="pager" aria-label={t('pager.label')}>
      <span>{t('pager.total', { n: formatNumber(props.total ?? 0) })}</span>
      <button type="button" disabled={props.page <= 1} onClick={() => props.onPage(props.page - 1)}>{t('pager.prev')}</button>
      <label>
        {t('pager.page')}{' '}
        <input
          type="number" min="1" max={pages()} value={props.page} style={{ width: '5em' }}
          onChange={(e) => { const p = Math.min(pages(), Math.max(1, Number(e.currentTarget.value) || 1)); props.onPage(p); }}
        />
        {' '}/ {formatNumber(pages())}
      </label>
      <button type="button" disabled={props.page >= pages()} onClick={() => props.onPage(props.page + 1)}>{t('pager.next')}</button>
      <label>
        {t('pager.size')}{' '}
        <select value={props.pageSize} onChange={(e) => props.onPageSize(Number(e.currentTarget.value))}>
          <For each={PAGE_SIZES}>{(n) => <option value={n}>{n}</option>}</For>
        </select>
      </label>
    </nav>
  );
}
