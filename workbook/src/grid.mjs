// @ts-check
/** Excel's own grid limits; a cell address beyond them is corrupt, not data. */
export const MAX_ROW = 1_048_575;
export const MAX_COL = 16_383;
