/**
 * 弹屏: what the agent sees while their phone rings for a transferred call — who is calling, the
 * grade and tags the robot gave so far, the lead's fields and the conversation until the
 * transfer — so the agent can say the right first words. The event is the `screen-pop` of
 * GET /api/agents/events (the agent workspace passes it in as it arrives).
 */
import { For, Show } from 'solid-js';
import type { JSX } from 'solid-js';
import { t } from '../../i18n/index.js';

/** The lead template's name column (data, not UI text), shown as the customer's name instead. */
const NAME_FIELD = '\u59d3\u540d';

/** One line of the conversation before the transfer. */
export interface ScreenPopTurn {
  readonly speaker: 'robot' | 'customer';
  readonly text: string;
}

/** The `screen-pop` event of the agents' live stream (server: dialogs' AgentBusEvent). */
export interface ScreenPopEvent {
  readonly type: 'screen-pop';
  /** Epoch ms the pop was made (before the phone rang). */
  readonly atMs: number;
  readonly agentId: string;
  readonly pop: {
    /** The call's reference: its SIP Call-ID (the saved call's `sipCallId`). */
    readonly callRef: string;
    readonly customer: { readonly phone: string; readonly name: string | null };
    /** The script's flow that asked for the transfer. */
    readonly flow: string;
    readonly grade: string | null;
    readonly tags: readonly string[];
    readonly transcript: readonly ScreenPopTurn[];
    /** The lead's fields (姓名, 额度, custom fields…). */
    readonly lead: Readonly<Record<string, string>>;
    readonly taskId: string | null;
    readonly leadId: string | null;
  };
}

/** A number shown as 138 0013 8000 (easier to read back to the customer). */
export function groupedPhone(phone: string): string {
  return /^1\d{10}$/.test(phone) ? `${phone.slice(0, 3)} ${phone.slice(3, 7)} ${phone.slice(7)}` : phone;
}

export function ScreenPop(props: { event: ScreenPopEvent }): JSX.Element {
  const pop = () => props.event.pop;
  // 姓名 is shown as the customer's name already; the other fields are the lead's details.
  const fields = () => Object.entries(pop().lead).filter(([k, v]) => k !== NAME_FIELD && v !== '');
  return (
    <section class="screen-pop card" aria-label={t('pop.title')} data-call-ref={pop().callRef}>
      <header class="screen-pop-head">
        <h2>{pop().customer.name || t('pop.unknownName')}</h2>
        <span class="screen-pop-phone" aria-label={t('pop.phone')}>{groupedPhone(pop().customer.phone)}</span>
        <Show when={pop().grade}>
          {(g) => <span class={`badge grade-${g()}`} aria-label={t('pop.grade')}>{g()}</span>}
        </Show>
      </header>
      <p class="muted">{t('pop.flow', { flow: pop().flow })}</p>
      <Show when={pop().tags.length > 0}>
        <ul class="tags" aria-label={t('pop.tags')}>
          <For each={pop().tags}>{(tag) => <li class="tag">{tag}</li>}</For>
        </ul>
      </Show>
      <Show when={fields().length > 0}>
        <dl class="screen-pop-fields" aria-label={t('pop.lead')}>
          <For each={fields()}>{([k, v]) => <><dt>{k}</dt><dd>{v}</dd></>}</For>
        </dl>
      </Show>
      <h3>{t('pop.transcript')}</h3>
      <Show when={pop().transcript.length > 0} fallback={<p class="muted">{t('pop.noTranscript')}</p>}>
        <ol class="transcript" aria-label={t('pop.transcript')}>
          <For each={pop().transcript}>
            {(turn) => (
              <li class={`turn turn-${turn.speaker}`}>
                <span class="turn-who">{turn.speaker === 'robot' ? t('pop.robot') : t('pop.customer')}</span>
                <span class="turn-text">{turn.text}</span>
              </li>
            )}
          </For>
        </ol>
      </Show>
    </section>
  );
}
