/** 纠正列表: keyword → correction pairs applied to recognized text before matching. */
import { For } from 'solid-js';
import type { JSX } from 'solid-js';
import type { SetStoreFunction } from 'solid-js/store';
import type { Template, TemplateIssue } from '../../api/types.js';
import { t } from '../../i18n/index.js';
import { CellText, RowButtons, cellIssue, moved } from './edit-kit.js';

export function CorrectionsTable(props: { draft: Template; setDraft: SetStoreFunction<Template>; issues: TemplateIssue[] }): JSX.Element {
  return (
    <div class="edit-table-wrap">
      <table class="edit-table compact">
        <caption class="visually-hidden">{t('tab.corrections')}</caption>
        <thead><tr><th scope="col">#</th><th scope="col">{t('corrections.keyword')}</th><th scope="col">{t('corrections.correction')}</th><th scope="col"><span class="visually-hidden">{t('common.actions')}</span></th></tr></thead>
        <tbody>
          <For each={props.draft.corrections} fallback={<tr><td colspan="4" class="empty">{t('common.none')}</td></tr>}>
            {(c, i) => (
              <tr>
                <td>{i() + 1}</td>
                <td><CellText value={c.keyword} label={`${t('corrections.keyword')} ${i() + 1}`} error={cellIssue(props.issues, `corrections[${i()}].keyword`)} onInput={(v) => props.setDraft('corrections', i(), 'keyword', v)} /></td>
                <td><CellText value={c.correction} label={`${t('corrections.correction')} ${i() + 1}`} error={cellIssue(props.issues, `corrections[${i()}].correction`)} onInput={(v) => props.setDraft('corrections', i(), 'correction', v)} /></td>
                <td><RowButtons index={i()} count={props.draft.corrections.length} what={c.keyword} onMove={(a, b) => props.setDraft('corrections', (l) => moved(l, a, b))} onRemove={(x) => props.setDraft('corrections', (l) => l.filter((_, k) => k !== x))} /></td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
      <button type="button" onClick={() => props.setDraft('corrections', (l) => [...l, { keyword: '', correction: '' }])}>{t('corrections.add')}</button>
    </div>
  );
}
