/**
 * 模拟对话: type what the callee says; the server replays the whole conversation (stateless, the
 * saved version) and answers every turn with what the robot said and the trace of what matched
 * and why, plus tags, the path, and the grade with its reasons.
 */
import { For, Show, createSignal } from 'solid-js';
import type { JSX } from 'solid-js';
import { api } from '../../api/client.js';
import type { SimResult, TraceEntry } from '../../api/types.js';
import { hasKey, t } from '../../i18n/index.js';
import { ErrorBox } from '../../components/error-box.js';

export function traceLabel(e: TraceEntry): string {
  const key = `trace.${e.code}`;
  return hasKey(key) ? t(key) : e.code;
}

export function Simulator(props: { scriptId: number; version: number }): JSX.Element {
  const [lines, setLines] = createSignal<string[]>([]);
  const [text, setText] = createSignal('');
  const [result, setResult] = createSignal<SimResult | null>(null);
  const [error, setError] = createSignal<unknown>(null);
  const [busy, setBusy] = createSignal(false);
  let input!: HTMLInputElement;

  const run = async (next: string[]): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      const r = await api<SimResult>('POST', `/api/scripts/${props.scriptId}/simulate`, { lines: next, version: props.version });
      setLines(next);
      setResult(r);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
      input.focus();
    }
  };
  const say = (line: string): void => {
    if (!line.trim()) return;
    setText('');
    void run([...lines(), line.trim()]);
  };
  return (
    <div class="simulator">
      <div class="chat" aria-live="polite" aria-label={t('sim.conversation')} role="log">
        <Show when={result()} fallback={<p class="muted">{t('sim.start')}</p>}>
          {(r) => (
            <For each={r().turns}>
              {(turn) => (
                <div class="turn">
                  <Show when={turn.callee}>
                    {(c) => <div class="bubble callee"><span class="who">{t('sim.callee')}</span>{c().kind === 'say' ? c().text : `<${c().kind}>`}</div>}
                  </Show>
                  <Show when={turn.trace.length > 0}>
                    <details class="trace" open={!!turn.callee}>
                      <summary>{t('sim.why')}</summary>
                      <ul>
                        <For each={turn.trace}>{(e) => <li><span class={`trace-code code-${e.code}`}>{traceLabel(e)}</span> {e.note}</li>}</For>
                      </ul>
                    </details>
                  </Show>
                  <For each={turn.robot}>{(say) => <div class="bubble robot"><span class="who">{t('sim.robot')} · {say.flow}</span>{say.text}</div>}</For>
                </div>
              )}
            </For>
          )}
        </Show>
      </div>
      <form class="chat-input" onSubmit={(e) => { e.preventDefault(); say(text()); }}>
        <label for="sim-line" class="visually-hidden">{t('sim.line')}</label>
        <input id="sim-line" ref={input} type="text" value={text()} placeholder={t('sim.placeholder')} onInput={(e) => setText(e.currentTarget.value)} disabled={busy()} autocomplete="off" />
        <button type="submit" class="primary" disabled={busy() || !text().trim()}>{t('sim.send')}</button>
        <button type="button" onClick={() => say('<silence>')} disabled={busy()}>{t('sim.silence')}</button>
        <button type="button" onClick={() => say('<hangup>')} disabled={busy()}>{t('sim.hangup')}</button>
        <button type="button" onClick={() => { setLines([]); setResult(null); void run([]); }} disabled={busy()}>{t('sim.restart')}</button>
      </form>
      <ErrorBox error={error()} />
      <Show when={result()}>
        {(r) => (
          <dl class="sim-summary">
            <dt>{t('sim.grade')}</dt><dd><strong class={`grade grade-${r().grade ?? 'none'}`}>{r().grade ?? '—'}</strong> {r().grade ? t(`grade.${r().grade!}`) : ''}</dd>
            <dt>{t('sim.reasons')}</dt><dd>{r().reasons.join('；') || '—'}</dd>
            <dt>{t('sim.tags')}</dt><dd>{r().tags.join('、') || '—'}</dd>
            <dt>{t('sim.path')}</dt><dd>{r().path.join(' → ')}</dd>
            <dt>{t('sim.counters')}</dt><dd>{Object.entries(r().counters).map(([k, v]) => `${hasKey(`counter.${k}`) ? t(`counter.${k}` as never) : k}=${v}`).join(' · ')}</dd>
          </dl>
        )}
      </Show>
    </div>
  );
}
