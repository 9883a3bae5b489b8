/** The affirmative, negative and backchannel word lists, one word per line. */
import { For } from 'solid-js';
import type { JSX } from 'solid-js';
import type { SetStoreFunction } from 'solid-js/store';
import type { Template, TemplateIssue, WordLists } from '../../api/types.js';
import { t } from '../../i18n/index.js';
import { Field } from '../../components/field.js';
import { cellIssue, splitWords } from './edit-kit.js';

const LISTS: readonly (keyof WordLists)[] = ['affirmative', 'negative', 'backchannel'];

export function WordsEditor(props: { draft: Template; setDraft: SetStoreFunction<Template>; issues: TemplateIssue[] }): JSX.Element {
  return (
    <div class="words-grid">
      <For each={LISTS}>
        {(key) => (
          <Field label={`${t(`words.${key}`)} (${props.draft.words[key].length})`} error={cellIssue(props.issues, `words.${key}`)} hint={t('words.hint')}>
            {(ids) => (
              <textarea
                id={ids.id} rows="12" value={props.draft.words[key].join('\n')} aria-describedby={ids.describedBy} aria-invalid={ids.invalid}
                onChange={(e) => props.setDraft('words', key, splitWords(e.currentTarget.value))}
              />
            )}
          </Field>
        )}
      </For>
    </div>
  );
}
