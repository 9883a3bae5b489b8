/**
 * A spreadsheet as plain data: what the engine reads scripts from and writes them to.
 * Turning `.xlsx`/`.xls` bytes into this (and back) is `@waihu/workbook`'s job; the engine
 * only ever sees cells, so it stays pure and testable without files.
 */

/** One cell's value as a spreadsheet holds it. Dates arrive as numbers or text. */
export type CellValue = string | number | boolean | null;

/** A rectangle of cells, 0-based, inclusive (as spreadsheets describe merged cells). */
export interface CellRange {
  readonly startRow: number;
  readonly startCol: number;
  readonly endRow: number;
  readonly endCol: number;
}

/** One sheet: rows of cells (0-based), plus facts the reader saw that values alone hide. */
export interface Sheet {
  readonly name: string;
  readonly rows: readonly (readonly CellValue[])[];
  /** Merged ranges; the value sits in the top-left cell. */
  readonly merges?: readonly CellRange[];
  /** Cells that hold a formula (their cached value is in `rows`), 0-based `[row, col]`. */
  readonly formulas?: readonly (readonly [number, number])[];
  /**
   * Cells in red font, 0-based `[row, col]`: the seeds' templates mark instruction rows in red
   * (模板里面的红色字体), so a row whose first filled cell is red is read as an instruction.
   */
  readonly red?: readonly (readonly [number, number])[];
}

export interface Workbook {
  readonly sheets: readonly Sheet[];
}

/** `0 -> "A"`, `27 -> "AB"`: the column letters people see. */
export function columnLetter(col: number): string {
  let n = col + 1;
  let out = '';
  while (n > 0) {
    const rem = (n - 1) % 26;
    out = String.fromCharCode(65 + rem) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}
