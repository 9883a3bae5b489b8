/**
 * JSON schemas of the lead import's own inputs and answer. Kept apart from schemas.ts so the
 * import's options can grow without touching the shared lead shapes.
 */
import { importResult } from './schemas.js';

/** What an import does with a row whose number is already a lead. */
export const EXISTING_MODES = ['skip', 'update'] as const;

const existing = {
  type: 'string', enum: [...EXISTING_MODES],
  description: 'a row whose number is already a lead (default skip): skip = rejected as DUPLICATE_EXISTING (default); '
    + 'update = updates that lead\'s name and custom fields from the row\'s filled cells (empty cells keep the stored values) and counts it as updated. '
    + 'Blacklisted numbers are rejected either way',
} as const;

/**
 * The import's query string. `existing` may instead come as a multipart text field of the same
 * name, which routes.ts checks against the same enum.
 */
export const importQuery = {
  type: 'object', additionalProperties: false,
  properties: { existing },
} as const;

export const importResultSchema = {
  ...importResult,
  properties: {
    ...importResult.properties,
    updated: { type: 'integer', description: 'rows that updated an existing lead (existing=update); accepted + rejected + updated = total' },
  },
} as const;
