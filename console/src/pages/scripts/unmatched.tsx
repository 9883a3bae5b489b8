/**
 * 未匹配管理: what callees said that the script did not understand, grouped by similarity and
 * ordered by how often it was heard; one action turns a whole group into a new question (the
 * others become its sub-questions), words of a flow's branch, or a keyword correction.
 */
import { For, Show, createResource, createSignal } from 'solid-js';
import type { JSX } from 'solid-js';
import { api, get } from '../../api/client.js';
import type { ScriptSummary, Template, Unmatched } from '../../api/types.js';
import { t } from '../../i18n/index.js';
import { groupBySimilarity } from '../../lib/similarity.js';
import type { Group } from '../../lib/similarity.js';
import { ErrorBox, Notice } from '../../components/error-box.js';

type Kind = 'question' | 'alternative' | 'branch' | 'correction';

export function UnmatchedPanel(props: { script: ScriptSummary; template: Template; onChanged: () => void }): JSX.Element {
  const [data, { refetch }] = createResource(() => props.script.id, (id) => get<{ items: Unmatched[]; total: number }>(`/api/scripts/${id}/unmatched`, { pageSize: 200 }));
  const groups = (): Group<Unmatched>[] => groupBySimilarity(data()?.items ?? []);
  const [error, setError] = createSignal<unknown>(null);
  const [done, setDone] = createSignal<string | null>(null);

  /** Resolves the group one utterance at a time, each on the revision the last one made. */
  const resolve = async (g: Group<Unmatched>, kind: Kind, form: Record<string, string>): Promise<void> => {
    setError(null);
    setDone(null);
    let revision = props.script.revision;
    const qIndex = props.template.questions.length;
    try {
      for (const [n, u] of g.members.entries()) {
        let body: Record<string, unknown>;
        if (kind === 'question') body = n === 0 ? { as: 'question', answer: form['answer'] } : { as: 'alternative', questionIndex: qIndex };
        else if (kind === 'alternative') body = { as: 'alternative', questionIndex: Number(form['questionIndex']) };
        else if (kind === 'branch') body = { as: 'branch', flow: form['flow'], branch: Number(form['branch'] || 1) };
        else body = { as: 'correction', correction: form['correction'] };
        const r = await api<{ script: ScriptSummary }>('POST', `/api/scripts/${props.script.id}/unmatched/${u.id}/resolve`, { ...body, revision });
        revision = r.script.revision;
      }
      setDone(t('unmatched.done', { n: g.members.length }));
      void refetch();
      props.onChanged();
    } catch (e) {
      setError(e);
    }
  };

  return (
    <div>
      <p class="muted">{t('unmatched.hint')}</p>
      <ErrorBox error={error() ?? data.error} />
      <Notice text={done()} />
      <Show when={groups().length > 0} fallback={<p class="empty">{data.loading ? t('common.loading') : t('unmatched.none')}</p>}>
        <ol class="unmatched-groups">
          <For each={groups()}>{(g) => <GroupItem group={g} template={props.template} onResolve={(k, f) => void resolve(g, k, f)} />}</For>
        </ol>
      </Show>
    </div>
  );
}

function GroupItem(props: { group: Group<Unmatched>; template: Template; onResolve: (kind: Kind, form: Record<string, string>) => void }): JSX.Element {
  const [kind, setKind] = createSignal<Kind>('question');
  const [form, setForm] = createSignal<Record<string, string>>({ flow: props.template.flows[0]?.name ?? '', branch: '1', questionIndex: '0' });
  const set = (k: string, v: string): void => { setForm((old) => ({ ...old, [k]: v }) as Record<string, string>); };
  const id = `ug-${props.group.leader.id}`;
  const ready = (): boolean => (kind() === 'question' ? !!form()['answer'] : kind() === 'correction' ? !!form()['correction'] : true);
  return (
    <li class="panel">
      <h3 id={id}>“{props.group.leader.text}” <span class="badge">{t('unmatched.times', { n: props.group.total })}</span></h3>
      <Show when={props.group.members.length > 1}>
        <p class="muted">{t('unmatched.similar')}: {props.group.members.slice(1).map((m) => `${m.text} (${m.count})`).join('、')}</p>
      </Show>
      <form class="inline-form" aria-labelledby={id} onSubmit={(e) => { e.preventDefault(); if (ready()) props.onResolve(kind(), form()); }}>
        <label>{t('unmatched.as')}{' '}
          <select value={kind()} onChange={(e) => setKind(e.currentTarget.value as Kind)}>
            <option value="question">{t('unmatched.asQuestion')}</option>
            <option value="alternative">{t('unmatched.asAlternative')}</option>
            <option value="branch">{t('unmatched.asBranch')}</option>
            <option value="correction">{t('unmatched.asCorrection')}</option>
          </select>
        </label>
        <Show when={kind() === 'question'}>
          <label>{t('questions.answer')} <input type="text" value={form()['answer'] ?? ''} onInput={(e) => set('answer', e.currentTarget.value)} required /></label>
        </Show>
        <Show when={kind() === 'alternative'}>
          <label>{t('unmatched.ofQuestion')}{' '}
            <select value={form()['questionIndex']} onChange={(e) => set('questionIndex', e.currentTarget.value)}>
              <For each={props.template.questions}>{(q, i) => <option value={i()}>{q.question}</option>}</For>
            </select>
          </label>
        </Show>
        <Show when={kind() === 'branch'}>
          <label>{t('unmatched.flow')}{' '}
            <select value={form()['flow']} onChange={(e) => set('flow', e.currentTarget.value)}>
              <For each={props.template.flows.filter((f) => f.branches.length > 0)}>{(f) => <option value={f.name}>{f.name}</option>}</For>
            </select>
          </label>
          <label>{t('unmatched.branchNo')} <input type="number" min="1" value={form()['branch']} onInput={(e) => set('branch', e.currentTarget.value)} style={{ width: '4em' }} /></label>
        </Show>
        <Show when={kind() === 'correction'}>
          <label>{t('corrections.correction')} <input type="text" value={form()['correction'] ?? ''} onInput={(e) => set('correction', e.currentTarget.value)} required /></label>
        </Show>
        <button type="submit" class="primary" disabled={!ready()}>{t('unmatched.apply')}</button>
      </form>
    </li>
  );
}
