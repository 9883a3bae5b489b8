/** `{姓名}` and `{姓名|您}` (with a fallback) in prompts. */

const VARIABLE = /\{([^{}|]+)(?:\|([^{}]*))?\}/g;

/** Names of the variables a text uses. */
export function variablesIn(text: string): string[] {
  return [...text.matchAll(VARIABLE)].map((m) => m[1]!.trim());
}

/** Fills variables from the lead; a missing value takes the fallback, or nothing. */
export function fillVariables(text: string, vars: Readonly<Record<string, string>>): string {
  if (!text.includes('{')) return text;
  return text.replace(VARIABLE, (_all, name: string, fallback: string | undefined) => {
    const v = vars[name.trim()];
    return v !== undefined && v !== '' ? v : (fallback ?? '');
  });
}
