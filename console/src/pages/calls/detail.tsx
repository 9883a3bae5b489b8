/**
 * 通话详情: the transcript beside the stereo recording (customer left, robot right), playing in
 * sync: the turn being heard is highlighted, and choosing a turn plays from its start. Grade
 * and reasons, tags, counters, and each callee turn's latency (end of speech → robot audio).
 */
import { For, Show, createResource, createSignal } from 'solid-js';
import type { JSX } from 'solid-js';
import { useParams } from '@solidjs/router';
import { get } from '../../api/client.js';
import type { CallDetail, CallTurn } from '../../api/types.js';
import { formatDateTime, formatDuration, hasKey, t } from '../../i18n/index.js';
import { PageHead } from '../../components/page.js';
import { ErrorBox } from '../../components/error-box.js';
import { outcomeText } from './list.js';
import { traceLabel } from '../scripts/simulator.js';

/** The turn playing at `ms` from the answer: the last one that started at or before it. */
export function turnAt(turns: readonly CallTurn[], ms: number): number {
  let at = -1;
  for (let i = 0; i < turns.length; i++) if (turns[i]!.startMs <= ms) at = i;
  return at;
}

export function CallPage(): JSX.Element {
  const params = useParams();
  const [call] = createResource(() => Number(params['id']), (id) => get<CallDetail>(`/api/calls/${id}`));
  const [nowMs, setNowMs] = createSignal(-1);
  let audio: HTMLAudioElement | undefined;
  const playFrom = (turn: CallTurn): void => {
    if (!audio) return;
    audio.currentTime = turn.startMs / 1000;
    void audio.play().catch(() => {});
  };
  const current = (): number => (call() ? turnAt(call()!.turns, nowMs()) : -1);
  return (
    <section>
      <Show when={call()} fallback={<><ErrorBox error={call.error} /><p role="status">{call.loading ? t('common.loading') : ''}</p></>}>
        {(c) => (
          <>
            <PageHead title={`${t('calls.call')} #${c().id} · ${c().calleeNumber}`} />
            <div class="call-layout">
              <div class="call-side">
                <dl class="facts">
                  <dt>{t('calls.dialAt')}</dt><dd>{formatDateTime(c().dialAt)}</dd>
                  <dt>{t('calls.outcome')}</dt><dd>{outcomeText(c().outcome)}</dd>
                  <dt>{t('calls.talk')}</dt><dd>{formatDuration(c().talkMs)}</dd>
                  <dt>{t('leads.grade')}</dt><dd><Show when={c().grade} fallback="—"><span class={`grade grade-${c().grade}`}>{c().grade}</span> {t(`grade.${c().grade!}`)}</Show></dd>
                  <dt>{t('calls.reasons')}</dt><dd>{c().gradeReasons.join('；') || '—'}</dd>
                  <dt>{t('calls.tags')}</dt><dd>{c().tags.join('、') || '—'}</dd>
                  <dt>{t('sim.counters')}</dt><dd>{Object.entries(c().counters).map(([k, v]) => `${hasKey(`counter.${k}`) ? t(`counter.${k}` as never) : k}=${v}`).join(' · ')}</dd>
                </dl>
                <Show when={c().recording} fallback={<p class="muted">{t('calls.noRecording')}</p>}>
                  {(r) => (
                    <div class="player">
                      <p class="muted">{t('calls.stereo')}</p>
                      <audio ref={audio} controls preload="metadata" src={r().url} aria-label={t('calls.recording')} onTimeUpdate={(e) => setNowMs(e.currentTarget.currentTime * 1000)} />
                    </div>
                  )}
                </Show>
              </div>
              <ol class="transcript" aria-label={t('calls.transcript')}>
                <For each={c().turns} fallback={<li class="muted">{t('common.none')}</li>}>
                  {(turn, i) => (
                    <li class={`turn-row who-${turn.who.toLowerCase()}`} classList={{ playing: current() === i() }} aria-current={current() === i() ? 'true' : undefined}>
                      <button type="button" class="turn-play" disabled={!c().recording} onClick={() => playFrom(turn)} aria-label={t('calls.playTurn', { at: formatDuration(turn.startMs) })}>▶ {formatDuration(turn.startMs)}</button>
                      <div>
                        <span class="who">{t(`speaker.${turn.who}`)}{turn.flow ? ` · ${turn.flow}` : ''}{turn.bargedIn ? ` · ${t('calls.barge')}` : ''}</span>
                        <p>{turn.text}</p>
                        <Show when={turn.correctedText && turn.correctedText !== turn.text}><p class="muted">{t('calls.corrected')}: {turn.correctedText}</p></Show>
                        <Show when={turn.latencyMs !== null}><small class="muted">{t('calls.latency', { ms: turn.latencyMs ?? 0 })}</small></Show>
                        <Show when={turn.matched && turn.matched.length > 0}>
                          <details class="trace"><summary>{t('sim.why')}</summary><ul><For each={turn.matched ?? []}>{(e) => <li><span class="trace-code">{traceLabel(e)}</span> {e.note}</li>}</For></ul></details>
                        </Show>
                      </div>
                    </li>
                  )}
                </For>
              </ol>
            </div>
          </>
        )}
      </Show>
    </section>
  );
}
