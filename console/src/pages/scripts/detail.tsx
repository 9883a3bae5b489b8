/**
 * One script: the flow graph and the editable tables (flows, questions, corrections, word
 * lists, grade rules) over a draft that saves as a new version; the simulator, unmatched
 * utterances and versions. A stale save (409) says someone else changed it and offers a
 * reload; a refused save (422) pins each problem to its row and cell. Renaming and sharing
 * happen here too (script-meta.tsx).
 */
import { Match, Show, Switch, createEffect, createResource, createSignal, on } from 'solid-js';
import type { JSX } from 'solid-js';
import { createStore, reconcile, unwrap } from 'solid-js/store';
import { useParams } from '@solidjs/router';
import { ApiError, api, download, get } from '../../api/client.js';
import type { ScriptDetail, ScriptSummary, Template, TemplateIssue } from '../../api/types.js';
import { pick, t } from '../../i18n/index.js';
import { PageHead } from '../../components/page.js';
import { ErrorBox, Notice } from '../../components/error-box.js';
import { Tabs } from '../../components/tabs.js';
import { FlowGraphView } from './graph.js';
import { FlowsTable } from './flows-table.js';
import { QuestionsTable } from './questions-table.js';
import { CorrectionsTable } from './corrections-table.js';
import { WordsEditor } from './words-editor.js';
import { GradeRulesTable } from './grade-rules-table.js';
import { Simulator } from './simulator.js';
import { UnmatchedPanel } from './unmatched.js';
import { VersionsPanel } from './versions.js';
import { issuePlace } from './issue-grid.js';
import { RenameDialog, ShareButton } from './script-meta.js';

const TABS = ['graph', 'flows', 'questions', 'corrections', 'words', 'rules', 'simulate', 'unmatched', 'versions'] as const;
type Tab = (typeof TABS)[number];
const EDIT_TABS: readonly Tab[] = ['graph', 'flows', 'questions', 'corrections', 'words', 'rules'];

const clone = (x: Template): Template => JSON.parse(JSON.stringify(x)) as Template;

export function ScriptPage(): JSX.Element {
  const params = useParams();
  const [detail, { refetch }] = createResource(() => Number(params['id']), (id) => get<ScriptDetail>(`/api/scripts/${id}`));
  const [draft, setDraft] = createStore<Template>({ flows: [], questions: [], corrections: [], words: { affirmative: [], negative: [], backchannel: [] }, settings: { name: '', industry: '' }, gradeRules: [] });
  const [saved, setSaved] = createSignal('');
  const [tab, setTab] = createSignal<Tab>('graph');
  const [issues, setIssues] = createSignal<TemplateIssue[]>([]);
  const [error, setError] = createSignal<unknown>(null);
  const [stale, setStale] = createSignal(false);
  const [notice, setNotice] = createSignal<string | null>(null);
  const [ruleProblem, setRuleProblem] = createSignal<string | null>(null);
  const [focus, setFocus] = createSignal<number | null>(null);
  const [busy, setBusy] = createSignal(false);
  const [renaming, setRenaming] = createSignal<ScriptSummary | null>(null);
  // A rename or share bumps the revision: reload, keeping unsaved table edits out of it (they are saved as a version).
  const metaChanged = (_s: ScriptSummary, message: string): void => { setError(null); setNotice(message); void refetch(); };

  createEffect(on(detail, (d) => {
    if (!d) return;
    setDraft(reconcile(clone(d.template)));
    setSaved(JSON.stringify(d.template));
    setIssues([]);
    setStale(false);
  }));
  const dirty = (): boolean => !!detail() && JSON.stringify(unwrap(draft)) !== saved();

  const save = async (): Promise<void> => {
    const d = detail();
    if (!d) return;
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      const r = await api<{ script: ScriptSummary; warnings: TemplateIssue[] }>('PUT', `/api/scripts/${d.script.id}`, { revision: d.script.revision, template: unwrap(draft) });
      setNotice(t('script.saved', { v: r.script.currentVersion }));
      await refetch();
      setIssues(r.warnings);
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) setStale(true);
      else if (e instanceof ApiError && e.code === 'SCRIPT_INVALID') setIssues((e.details as { issues?: TemplateIssue[] } | undefined)?.issues ?? []);
      else setError(e);
    } finally {
      setBusy(false);
    }
  };
  const openFlow = (i: number): void => {
    setFocus(i);
    setTab('flows');
    queueMicrotask(() => document.querySelector<HTMLInputElement>(`#flow-row-${i} input`)?.focus());
  };
  const openQuestion = (i: number): void => {
    setFocus(i);
    setTab('questions');
    queueMicrotask(() => document.querySelector<HTMLInputElement>(`#question-row-${i} input`)?.focus());
  };
  const errorsIn = (section: string): boolean => issues().some((i) => i.severity === 'error' && i.path?.startsWith(section));

  return (
    <section>
      <Show when={detail()} fallback={<><ErrorBox error={detail.error} /><p role="status">{detail.loading ? t('common.loading') : ''}</p></>}>
        {(d) => (
          <>
            <PageHead title={`${d().script.name} · v${d().script.currentVersion}`}>
              <Show when={EDIT_TABS.includes(tab())}>
                <button type="button" class="primary" disabled={!dirty() || busy()} onClick={() => void save()}>{t('script.save')}</button>
                <button type="button" disabled={!dirty() || busy()} onClick={() => { setDraft(reconcile(clone(d().template))); setIssues([]); }}>{t('script.discard')}</button>
              </Show>
              <button type="button" disabled={dirty()} onClick={() => setRenaming(d().script)}>{t('scripts.rename')}</button>
              <Show when={!dirty()}><ShareButton script={d().script} onDone={metaChanged} onError={setError} /></Show>
              <button type="button" onClick={() => void download(`/api/scripts/${d().script.id}/download?format=xlsx`, `${d().script.name}.xlsx`).catch(setError)}>{t('script.download')}</button>
            </PageHead>
            <Show when={dirty()}><p class="muted" role="status">{t('script.unsaved')}</p></Show>
            <Show when={stale()}>
              <div class="alert alert-error" role="alert">
                {t('script.stale')} <button type="button" onClick={() => void refetch()}>{t('script.reload')}</button>
              </div>
            </Show>
            <ErrorBox error={error()} />
            <Notice text={notice()} />
            <Notice text={ruleProblem()} kind="warn" />
            <Show when={issues().length > 0}>
              <div class="alert" classList={{ 'alert-error': issues().some((i) => i.severity === 'error'), 'alert-warn': !issues().some((i) => i.severity === 'error') }} role="alert">
                <strong>{issues().some((i) => i.severity === 'error') ? t('script.invalid') : t('script.warnings')}</strong>
                <ul>{issues().slice(0, 30).map((i) => <li>{issuePlace(i)} {i.path ? `(${i.path})` : ''}: {pick(i.message)}</li>)}</ul>
              </div>
            </Show>
            <Tabs
              label={t('script.sections')} idPrefix="script-tab" active={tab()} onSelect={(id) => setTab(id as Tab)}
              tabs={TABS.map((id) => ({ id, label: t(`tab.${id}`), marked: errorsIn(id === 'rules' ? 'gradeRules' : id) }))}
            />
            <div class="tab-panel" role="tabpanel" aria-labelledby={`script-tab-${tab()}`}>
              <Switch>
                <Match when={tab() === 'graph'}><FlowGraphView template={draft} onFlow={openFlow} onQuestion={openQuestion} /></Match>
                <Match when={tab() === 'flows'}><FlowsTable draft={draft} setDraft={setDraft} issues={issues()} focus={focus()} /></Match>
                <Match when={tab() === 'questions'}><QuestionsTable draft={draft} setDraft={setDraft} issues={issues()} focus={focus()} /></Match>
                <Match when={tab() === 'corrections'}><CorrectionsTable draft={draft} setDraft={setDraft} issues={issues()} /></Match>
                <Match when={tab() === 'words'}><WordsEditor draft={draft} setDraft={setDraft} issues={issues()} /></Match>
                <Match when={tab() === 'rules'}><GradeRulesTable draft={draft} setDraft={setDraft} issues={issues()} onBad={setRuleProblem} /></Match>
                <Match when={tab() === 'simulate'}>
                  <Show when={dirty()}><p class="alert alert-warn">{t('sim.savedOnly')}</p></Show>
                  <Simulator scriptId={d().script.id} version={d().script.currentVersion} />
                </Match>
                <Match when={tab() === 'unmatched'}><UnmatchedPanel script={d().script} template={d().template} onChanged={() => void refetch()} /></Match>
                <Match when={tab() === 'versions'}><VersionsPanel script={d().script} /></Match>
              </Switch>
            </div>
            <RenameDialog script={renaming()} onClose={() => setRenaming(null)} onDone={metaChanged} />
          </>
        )}
      </Show>
    </section>
  );
}
