/**
 * The softphone's face in the agent workspace: registration status, the call (who, ringing or
 * talking, for how long), answer / hang up / mute / hold, a DTMF keypad while talking, and a
 * number box for calling a customer back (click-to-call). All state comes from the softphone's
 * signals (lib/softphone.ts); this component only draws them and forwards clicks.
 */
import { For, Match, Show, Switch, createSignal, onCleanup } from 'solid-js';
import type { JSX } from 'solid-js';
import type { Softphone, SoftphoneCall } from '../../lib/softphone.js';
import { t } from '../../i18n/index.js';

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'] as const;

/** m:ss since `fromMs`. */
export function elapsed(fromMs: number, nowMs: number): string {
  const s = Math.max(0, Math.floor((nowMs - fromMs) / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

export function SoftphonePanel(props: { phone: Softphone }): JSX.Element {
  const [now, setNow] = createSignal(Date.now());
  const tick = setInterval(() => setNow(Date.now()), 1000);
  onCleanup(() => clearInterval(tick));
  const [number, setNumber] = createSignal('');
  const call = (): SoftphoneCall | null => props.phone.call();
  const live = (): boolean => call() !== null && call()!.status !== 'ended';

  return (
    <section class="softphone workspace-box" aria-label={t('softphone.title')}>
      <h2>{t('softphone.title')}</h2>
      <p class="softphone-registration" data-status={props.phone.registration()}>
        {t(`softphone.reg.${props.phone.registration()}`)}
        <Show when={props.phone.registrationError()}>{(why) => <span class="muted"> ({why()})</span>}</Show>
      </p>

      <Show when={call()}>
        {(c) => (
          <div class="softphone-call" data-status={c().status}>
            <p>
              <strong>{t(`softphone.call.${c().status}`)}</strong>{' '}
              <span aria-label={t('softphone.remote')}>{c().displayName ?? c().remote}</span>
              <Show when={c().status === 'talking' && c().answeredAtMs !== null}>
                {' '}<span class="muted">{elapsed(c().answeredAtMs!, now())}</span>
              </Show>
              <Show when={c().held}> · {t('softphone.held')}</Show>
              <Show when={c().muted}> · {t('softphone.muted')}</Show>
            </p>
            <div class="actions">
              <Switch>
                <Match when={c().status === 'ringing' && c().direction === 'incoming'}>
                  <button type="button" class="primary" onClick={() => props.phone.answer()}>{t('softphone.answer')}</button>
                  <button type="button" class="danger" onClick={() => props.phone.hangup()}>{t('softphone.decline')}</button>
                </Match>
                <Match when={c().status === 'calling' || c().status === 'ringing'}>
                  <button type="button" class="danger" onClick={() => props.phone.hangup()}>{t('softphone.hangup')}</button>
                </Match>
                <Match when={c().status === 'talking'}>
                  <button type="button" class="danger" onClick={() => props.phone.hangup()}>{t('softphone.hangup')}</button>
                  <button type="button" aria-pressed={c().muted} onClick={() => props.phone.setMuted(!c().muted)}>{c().muted ? t('softphone.unmute') : t('softphone.mute')}</button>
                  <button type="button" aria-pressed={c().held} onClick={() => props.phone.setHeld(!c().held)}>{c().held ? t('softphone.unhold') : t('softphone.hold')}</button>
                </Match>
              </Switch>
            </div>
            <Show when={c().status === 'talking'}>
              <div class="keypad" role="group" aria-label={t('softphone.keypad')}>
                <For each={KEYS}>{(k) => <button type="button" onClick={() => props.phone.dtmf(k)}>{k}</button>}</For>
              </div>
            </Show>
          </div>
        )}
      </Show>

      <Show when={!live()}>
        <form class="softphone-dial" onSubmit={(e) => { e.preventDefault(); props.phone.dial(number()); }}>
          <label>
            {t('softphone.number')}{' '}
            <input type="tel" inputmode="tel" value={number()} onInput={(e) => setNumber(e.currentTarget.value.replace(/[^0-9*#+]/g, ''))} />
          </label>{' '}
          <button type="submit" disabled={props.phone.registration() !== 'registered' || number() === ''}>{t('softphone.dial')}</button>
        </form>
      </Show>
    </section>
  );
}
