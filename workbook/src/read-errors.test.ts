import { describe, expect, it } from 'vitest';
import { readWorkbook, WorkbookError, writeWorkbook } from './index.js';
import type { ReadWorkbookOptions, WorkbookErrorCode } from './index.js';
import {
  encryptedXls, encryptedXlsx, manyRows, noise, oleWithoutWorkbook, patchXlsxPart, zipWithoutWorkbook,
} from './test-fixtures.js';

/** Reads `bytes` expecting a refusal, and returns the error after checking its basics. */
async function refusal(bytes: Uint8Array, code: WorkbookErrorCode, opts?: ReadWorkbookOptions): Promise<WorkbookError> {
  const error: unknown = await readWorkbook(bytes, opts).then(
    () => { throw new Error(`expected ${code}, but the file was read`); },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WorkbookError);
  const refused = error as WorkbookError;
  expect(refused.code).toBe(code);
  expect(refused.retryable).toBe(code === 'READ_TIMEOUT');
  expect(refused.message).toBe(refused.messageEn);
  expect(refused.messageZh).toMatch(/[\u4e00-\u9fff]/);
  expect(refused.messageEn.length).toBeGreaterThan(20);
  return refused;
}

const smallXlsx = writeWorkbook({ sheets: [{ name: '流程', rows: [['节点', '话术'], ['开场', '您好']] }] });
const smallXls = writeWorkbook({ sheets: [{ name: '流程', rows: [['节点', '话术'], ['开场', '您好']] }] }, { bookType: 'xls' });
const bigXlsx = writeWorkbook({ sheets: [{ name: '名单', rows: manyRows(10_000) }] });

describe('readWorkbook refuses what is not a readable spreadsheet', () => {
  it('an empty file', async () => {
    const error = await refusal(new Uint8Array(0), 'FILE_EMPTY', { fileName: '话术.xlsx' });
    expect(error.messageZh).toContain('「话术.xlsx」');
    expect(error.messageEn).toContain('"话术.xlsx"');
  });

  it('a file over maxBytes, before parsing it', async () => {
    const error = await refusal(bigXlsx, 'FILE_TOO_LARGE', { maxBytes: 1024 * 1024 });
    expect(error.messageEn).toMatch(/is \d+(\.\d)? MB, over the 1 MB limit/);
  });

  it('random bytes', async () => {
    await refusal(noise(4096), 'NOT_A_SPREADSHEET');
  });

  it('a UTF-8 CSV file, naming it as text', async () => {
    const csv = new TextEncoder().encode('节点,话术\n开场,"您好，请问是张先生吗？"\n');
    const error = await refusal(csv, 'NOT_A_SPREADSHEET', { fileName: 'C:\\Users\\me\\话术.csv' });
    expect(error.messageZh).toContain('CSV');
    expect(error.messageZh).toContain('「话术.csv」'); // the client's path is not echoed
  });

  it('a GBK-encoded CSV, as Excel on Chinese Windows saves it', async () => {
    const gbk = new Uint8Array([0xbd, 0xda, 0xb5, 0xe3, 0x2c, 0xbb, 0xb0, 0xca, 0xf5, 0x0d, 0x0a]); // 节点,话术
    expect((await refusal(gbk, 'NOT_A_SPREADSHEET')).messageEn).toContain('text file');
  });

  it('a PNG picture', async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...noise(256)]);
    expect((await refusal(png, 'NOT_A_SPREADSHEET')).messageZh).toContain('图片');
  });

  it('a ZIP that holds no workbook', async () => {
    expect((await refusal(zipWithoutWorkbook(), 'NOT_A_SPREADSHEET')).messageEn).toContain('archive');
  });

  it('an OLE2 file that is not a workbook (a Word .doc)', async () => {
    await refusal(oleWithoutWorkbook(), 'NOT_A_SPREADSHEET');
  });

  it('a truncated .xlsx (cut in half)', async () => {
    await refusal(smallXlsx.subarray(0, smallXlsx.length >> 1), 'FILE_CORRUPT');
    await refusal(bigXlsx.subarray(0, bigXlsx.length >> 1), 'FILE_CORRUPT');
  });

  it('a truncated .xls', async () => {
    await refusal(smallXls.subarray(0, smallXls.length >> 1), 'FILE_CORRUPT');
  });

  it('noise behind a ZIP or OLE2 signature', async () => {
    await refusal(new Uint8Array([0x50, 0x4b, 0x03, 0x04, ...noise(2048)]), 'FILE_CORRUPT');
    await refusal(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...noise(2048)]), 'FILE_CORRUPT');
  });

  it('a password-protected .xlsx', async () => {
    expect((await refusal(encryptedXlsx(), 'FILE_ENCRYPTED')).messageZh).toContain('密码');
  });

  it('a password-protected .xls', async () => {
    await refusal(encryptedXls(smallXls), 'FILE_ENCRYPTED');
  });

  it('a sheet whose cells span more than the cell limit', async () => {
    // One stray value at the grid's far corner would make 17 billion cells of rows.
    const file = writeWorkbook({ sheets: [{ name: 'S', rows: [['开场', '误填']] }] });
    const stray = patchXlsxPart(file, 'xl/worksheets/sheet1.xml', (xml) => xml.replace('r="B1"', 'r="XFD1048576"'));
    expect((await refusal(stray, 'FILE_TOO_LARGE')).messageEn).toContain('2,000,000 cells');
  });

  it('a read that outlives its timeout, as retryable', async () => {
    const error = await refusal(bigXlsx, 'READ_TIMEOUT', { timeoutMs: 1 });
    expect(error.retryable).toBe(true);
  });

  it('still reads normally after a timed-out read', async () => {
    await refusal(bigXlsx, 'READ_TIMEOUT', { timeoutMs: 1 });
    const wb = await readWorkbook(smallXlsx);
    expect(wb.sheets[0]?.rows).toEqual([['节点', '话术'], ['开场', '您好']]);
  });

  it('rejects nonsensical options as a programming error', async () => {
    await expect(readWorkbook(smallXlsx, { timeoutMs: 0 })).rejects.toThrow(RangeError);
    await expect(readWorkbook(smallXlsx, { maxBytes: Number.NaN })).rejects.toThrow(RangeError);
  });
});
