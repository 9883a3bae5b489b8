/** 版本: every saved version, newest first, each downloadable as .xlsx or .xls. */
import { For, createResource, createSignal } from 'solid-js';
import type { JSX } from 'solid-js';
import { download, get } from '../../api/client.js';
import type { ScriptSummary, ScriptVersion } from '../../api/types.js';
import { formatDateTime, t } from '../../i18n/index.js';
import { ErrorBox } from '../../components/error-box.js';

export function VersionsPanel(props: { script: ScriptSummary }): JSX.Element {
  const [versions] = createResource(() => `${props.script.id}:${props.script.currentVersion}`, () => get<{ items: ScriptVersion[] }>(`/api/scripts/${props.script.id}/versions`).then((r) => r.items));
  const [error, setError] = createSignal<unknown>(null);
  const dl = (v: number, format: 'xlsx' | 'xls'): void => {
    void download(`/api/scripts/${props.script.id}/download?format=${format}&version=${v}`, `${props.script.name}-v${v}.${format}`).catch(setError);
  };
  return (
    <div>
      <ErrorBox error={error() ?? versions.error} />
      <table class="data">
        <caption class="visually-hidden">{t('tab.versions')}</caption>
        <thead><tr><th scope="col">{t('scripts.version')}</th><th scope="col">{t('versions.at')}</th><th scope="col">{t('versions.note')}</th><th scope="col">{t('versions.download')}</th></tr></thead>
        <tbody>
          <For each={versions() ?? []}>
            {(v) => (
              <tr>
                <td>v{v.number}{v.number === props.script.currentVersion ? ` (${t('versions.current')})` : ''}</td>
                <td>{formatDateTime(v.createdAt)}</td>
                <td>{v.note ?? ''}</td>
                <td>
                  <button type="button" onClick={() => dl(v.number, 'xlsx')} aria-label={`v${v.number} .xlsx`}>.xlsx</button>{' '}
                  <button type="button" onClick={() => dl(v.number, 'xls')} aria-label={`v${v.number} .xls`}>.xls</button>
                </td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </div>
  );
}
