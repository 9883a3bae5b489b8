/**
 * 语音引擎: a form per provider for the recognition (ASR) and synthesis (TTS) engines — only the
 * fields the chosen provider needs, password inputs for keys (never shown; blank keeps the
 * stored one), 并发数, the fallback engine — and the live check of what is saved.
 */
import { For, Show, createEffect, createResource, createSignal } from 'solid-js';
import type { JSX } from 'solid-js';
import { createStore, reconcile, unwrap } from 'solid-js/store';
import type { SetStoreFunction } from 'solid-js/store';
import { ApiError, api, get } from '../../api/client.js';
import type { MessageKey } from '../../i18n/index.js';
import { t } from '../../i18n/index.js';
import { PageHead } from '../../components/page.js';
import { ErrorBox, Notice } from '../../components/error-box.js';
import { Field } from '../../components/field.js';
import { ASR_FIELDS, ASR_PROVIDERS, SECRET_FIELDS, TTS_PROVIDERS, formFrom, speechBody, speechFieldErrors, ttsNeedsCredentials } from './speech-form.js';
import type { AsrEngineForm, AsrField, AsrKind, SpeechForm, TtsForm } from './speech-form.js';

interface Check { ok: boolean; provider: string; latencyMs: number | null; code?: string | null; message?: string | null }

const ASR_LABEL: Record<AsrField, MessageKey> = { appId: 'speech.appId', apiKey: 'speech.apiKey', secretKey: 'speech.secretKey', devPid: 'speech.devPid', lmId: 'speech.lmId', url: 'speech.url', modelDir: 'speech.modelDir' };

function asrHint(kind: AsrEngineForm['provider'], field: AsrField, has: boolean): string | undefined {
  if (SECRET_FIELDS.has(field)) return has ? t('speech.keySet') : t('speech.keyMissing');
  if (field === 'devPid') return t('speech.devPidHint');
  if (field === 'url') return kind === 'funasr' ? t('speech.urlHintFunasr') : t('speech.urlHintBaidu');
  if (field === 'modelDir') return t('speech.modelDirHint');
  return undefined;
}

/** One text/password/number input bound to a form value, its error beside it. */
function Input(props: { label: string; value: string; onInput: (v: string) => void; error: string | undefined; hint?: string | undefined; secret?: boolean; number?: boolean; required?: boolean; name: string }): JSX.Element {
  return (
    <Field label={`${props.label}${props.required ? ' *' : ''}`} error={props.error} {...(props.hint ? { hint: props.hint } : {})}>
      {(ids) => (
        <input
          id={ids.id} name={props.name} type={props.secret ? 'password' : props.number ? 'number' : 'text'} value={props.value}
          autocomplete={props.secret ? 'new-password' : 'off'} aria-invalid={ids.invalid} aria-describedby={ids.describedBy}
          onInput={(e) => props.onInput(e.currentTarget.value)}
        />
      )}
    </Field>
  );
}

/** A recognition engine's provider and the fields that provider needs. */
function AsrEngineFields(props: { part: 'asr' | 'asrFallback'; form: SpeechForm; set: SetStoreFunction<SpeechForm>; errors: Record<string, string>; noneLabel: string }): JSX.Element {
  const f = (): AsrEngineForm => props.form[props.part];
  return (
    <>
      <Field label={t('speech.engine')} error={props.errors[`${props.part}.provider`]}>
        {(ids) => (
          <select id={ids.id} name={`${props.part}.provider`} value={f().provider} aria-invalid={ids.invalid} aria-describedby={ids.describedBy}
            onChange={(e) => props.set(props.part, 'provider', e.currentTarget.value as AsrEngineForm['provider'])}>
            <option value="">{props.noneLabel}</option>
            <For each={ASR_PROVIDERS}>{(k) => <option value={k}>{t(`asrProvider.${k}`)}</option>}</For>
          </select>
        )}
      </Field>
      <Show when={f().provider !== '' ? (f().provider as AsrKind) : null}>
        {(kind) => (
          <>
            <For each={ASR_FIELDS[kind()]}>
              {(spec) => (
                <Input
                  name={`${props.part}.${spec.field}`} label={t(ASR_LABEL[spec.field])} value={f()[spec.field]} error={props.errors[`${props.part}.${spec.field}`]}
                  required={spec.required && !(spec.field === 'apiKey' && f().hasApiKey) && !(spec.field === 'secretKey' && f().hasSecretKey)}
                  secret={SECRET_FIELDS.has(spec.field)} number={spec.field === 'appId' || spec.field === 'devPid' || spec.field === 'lmId'}
                  hint={asrHint(kind(), spec.field, spec.field === 'apiKey' ? f().hasApiKey : f().hasSecretKey)}
                  onInput={(v) => props.set(props.part, spec.field, v)}
                />
              )}
            </For>
            <Input name={`${props.part}.concurrency`} label={t('speech.concurrency')} number value={f().concurrency} error={props.errors[`${props.part}.concurrency`]} hint={t('speech.concurrencyHint')} onInput={(v) => props.set(props.part, 'concurrency', v)} />
          </>
        )}
      </Show>
    </>
  );
}

function TtsFields(props: { form: SpeechForm; set: SetStoreFunction<SpeechForm>; errors: Record<string, string> }): JSX.Element {
  const f = (): TtsForm => props.form.tts;
  const e = (k: string): string | undefined => props.errors[`tts.${k}`];
  // Baidu falls back to espeak by default (the server's default too): calls keep speaking when the cloud fails.
  const pickTts = (kind: TtsForm['provider']): void => {
    props.set('tts', 'provider', kind);
    if (kind === 'baidu' && f().fallback === 'none') props.set('tts', 'fallback', 'espeak');
    if (kind === f().fallback) props.set('tts', 'fallback', 'none');
  };
  return (
    <>
      <Field label={t('speech.engine')} error={e('provider')}>
        {(ids) => (
          <select id={ids.id} name="tts.provider" value={f().provider} aria-invalid={ids.invalid} aria-describedby={ids.describedBy} onChange={(ev) => pickTts(ev.currentTarget.value as TtsForm['provider'])}>
            <option value="">{t('speech.none')}</option>
            <For each={TTS_PROVIDERS}>{(k) => <option value={k}>{t(`ttsProvider.${k}`)}</option>}</For>
          </select>
        )}
      </Field>
      <Show when={f().provider !== ''}>
        <Show when={ttsNeedsCredentials(f())}>
          <Input name="tts.appId" label={t('speech.appId')} required value={f().appId} error={e('appId')} onInput={(v) => props.set('tts', 'appId', v)} />
          <Input name="tts.apiKey" label={t('speech.apiKey')} secret required={!f().hasCredentials} value={f().apiKey} error={e('apiKey')} hint={f().hasCredentials ? t('speech.keySet') : t('speech.keyMissing')} onInput={(v) => props.set('tts', 'apiKey', v)} />
          <Input name="tts.secretKey" label={t('speech.secretKey')} secret required={!f().hasCredentials} value={f().secretKey} error={e('secretKey')} hint={f().hasCredentials ? t('speech.keySet') : t('speech.keyMissing')} onInput={(v) => props.set('tts', 'secretKey', v)} />
        </Show>
        <fieldset>
          <legend>{t('speech.voice')}</legend>
          <div class="form-row">
            <Show when={f().provider === 'baidu'}>
              <Input name="tts.per" label={t('speech.per')} number value={f().per} error={e('per')} onInput={(v) => props.set('tts', 'per', v)} />
            </Show>
            <Input name="tts.spd" label={t('speech.spd')} number value={f().spd} error={e('spd')} onInput={(v) => props.set('tts', 'spd', v)} />
            <Input name="tts.pit" label={t('speech.pit')} number value={f().pit} error={e('pit')} onInput={(v) => props.set('tts', 'pit', v)} />
            <Input name="tts.vol" label={t('speech.vol')} number value={f().vol} error={e('vol')} onInput={(v) => props.set('tts', 'vol', v)} />
          </div>
        </fieldset>
        <Input name="tts.concurrency" label={t('speech.concurrency')} number value={f().concurrency} error={e('concurrency')} hint={t('speech.concurrencyHint')} onInput={(v) => props.set('tts', 'concurrency', v)} />
        <Field label={t('speech.fallback')} error={e('fallback')} hint={t('speech.fallbackHint')}>
          {(ids) => (
            <select id={ids.id} name="tts.fallback" value={f().fallback} aria-invalid={ids.invalid} aria-describedby={ids.describedBy} onChange={(ev) => props.set('tts', 'fallback', ev.currentTarget.value as TtsForm['fallback'])}>
              <option value="none">{t('speech.none')}</option>
              <For each={TTS_PROVIDERS.filter((k) => k !== f().provider)}>{(k) => <option value={k}>{t(`ttsProvider.${k}`)}</option>}</For>
            </select>
          )}
        </Field>
      </Show>
    </>
  );
}

function CheckLine(props: { name: string; check: Check | null | undefined }): JSX.Element {
  return (
    <li classList={{ ok: props.check?.ok === true, bad: props.check?.ok === false }}>
      {props.name}:{' '}
      <Show when={props.check} fallback={t('speech.notConfigured')}>
        {(c) => <>{c().provider} — {c().ok ? t('speech.ok', { ms: c().latencyMs ?? 0 }) : `${t('speech.failed')} ${c().code ?? ''} ${c().message ?? ''}`}</>}
      </Show>
    </li>
  );
}

export function SpeechPage(): JSX.Element {
  const [engines, { mutate }] = createResource(() => get<{ asr: unknown; tts: unknown }>('/api/speech'));
  const [form, setForm] = createStore<SpeechForm>(formFrom(null));
  const [error, setError] = createSignal<unknown>(null);
  const [errors, setErrors] = createSignal<Record<string, string>>({});
  const [notice, setNotice] = createSignal<string | null>(null);
  const [check, setCheck] = createSignal<{ asr: Check | null; tts: Check | null } | null>(null);
  const [checking, setChecking] = createSignal(false);
  const [saving, setSaving] = createSignal(false);
  createEffect(() => { const d = engines(); if (d) setForm(reconcile(formFrom(d))); });
  const save = async (e: Event): Promise<void> => {
    e.preventDefault();
    setSaving(true);
    setError(null);
    setErrors({});
    setNotice(null);
    try {
      const saved = await api<{ asr: unknown; tts: unknown }>('PUT', '/api/speech', speechBody(unwrap(form)));
      mutate(saved);
      setNotice(t('common.saved'));
      setCheck(null);
    } catch (err) {
      const fields = err instanceof ApiError ? speechFieldErrors(err.details) : {};
      setErrors(fields);
      // Problems shown beside their fields are not listed again above the form: the headline says where to look.
      setError(err instanceof ApiError && Object.keys(fields).length > 0 ? new ApiError(err.status, err.code, err.message) : err);
    } finally {
      setSaving(false);
    }
  };
  const runCheck = async (): Promise<void> => {
    setChecking(true);
    setError(null);
    try { setCheck(await api('POST', '/api/speech/check', {})); } catch (e) { setError(e); } finally { setChecking(false); }
  };
  return (
    <section>
      <PageHead title={t('nav.speech')}>
        <button type="button" onClick={() => void runCheck()} disabled={checking()} aria-describedby="speech-check-hint">{checking() ? t('speech.checking') : t('speech.check')}</button>
      </PageHead>
      <p class="muted">{t('speech.intro')} <span id="speech-check-hint">{t('speech.checkHint')}</span></p>
      <ErrorBox error={error() ?? engines.error} />
      <Notice text={notice()} />
      <Show when={check()}>
        {(c) => <ul class="check-list" role="status" aria-label={t('speech.check')}><CheckLine name={t('speech.asr')} check={c().asr} /><CheckLine name={t('speech.tts')} check={c().tts} /></ul>}
      </Show>
      <Show when={engines()}>
        <form class="form speech-form" onSubmit={(e) => void save(e)}>
          <fieldset>
            <legend>{t('speech.asr')}</legend>
            <AsrEngineFields part="asr" form={form} set={setForm} errors={errors()} noneLabel={t('speech.none')} />
            <Show when={form.asr.provider !== ''}>
              <fieldset>
                <legend>{t('speech.fallback')}</legend>
                <p class="muted">{t('speech.fallbackHint')}</p>
                <AsrEngineFields part="asrFallback" form={form} set={setForm} errors={errors()} noneLabel={t('speech.none')} />
              </fieldset>
            </Show>
          </fieldset>
          <fieldset>
            <legend>{t('speech.tts')}</legend>
            <TtsFields form={form} set={setForm} errors={errors()} />
          </fieldset>
          <fieldset>
            <legend>{t('speech.recorded')}</legend>
            <p class="muted">{t('speech.recordedHint')}</p>
          </fieldset>
          <div class="form-actions"><button type="submit" class="primary" disabled={saving()}>{t('speech.saveAll')}</button></div>
        </form>
      </Show>
    </section>
  );
}
