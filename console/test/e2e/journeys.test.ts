/**
 * The marketer's journeys in headless Chromium against the real server: log in, upload a
 * sample script, upload a broken one and find the error on its cell, simulate a conversation,
 * import leads and download the rejected rows, and read a page in English. Screenshots go to
 * console/test-artifacts/ (gitignored). Skipped when Debian's chromium is missing, unless
 * WAIHU_REQUIRE_PEERS=1 (CI), where a missing browser is a failure.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { readWorkbook, writeWorkbook } from '@waihu/workbook';
import { ROOT, startServer } from './server.js';
import type { Started } from './server.js';
import { chromiumFor, launchChromium } from './browser.js';

const ARTIFACTS = join(ROOT, 'console', 'test-artifacts');
const haveChromium = chromiumFor("the console's browser tests");

/** loan.xlsx with one affirmative jump pointing at a flow that does not exist. */
async function brokenScript(): Promise<{ bytes: Uint8Array; cell: string }> {
  const wb = await readWorkbook(await readFile(join(ROOT, 'scripts-templates/loan/loan.xlsx')), { fileName: 'loan.xlsx' });
  const sheets = wb.sheets.map((s) => ({ ...s, rows: s.rows.map((r) => [...r]) }));
  const flows = sheets.find((s) => s.name.includes('流程'))!;
  const headerRow = flows.rows.findIndex((r) => r.some((c) => String(c ?? '').includes('肯定跳转')));
  const col = flows.rows[headerRow]!.findIndex((c) => String(c ?? '').includes('肯定跳转'));
  // The first real flow: rows starting with # are instructions the reader skips.
  const row = flows.rows.findIndex((r, i) => i > headerRow && String(r[0] ?? '').trim() !== '' && !String(r[0]).startsWith('#'));
  flows.rows[row]![col] = '不存在的流程';
  return { bytes: writeWorkbook({ sheets }), cell: `${String.fromCharCode(65 + col)}${row + 1}` };
}

function leadsFile(): Uint8Array {
  return writeWorkbook({
    sheets: [{
      name: '线索',
      rows: [['姓名', '电话'], ['张三', '13800138000'], ['李四', '13900139000'], ['王五', '12345'], ['张三重复', '13800138000']],
    }],
  });
}

describe.skipIf(!haveChromium)('console in Chromium', () => {
  let server: Started;
  let browser: Browser;
  let page: Page;
  const shot = async (name: string): Promise<void> => { await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true }); };

  beforeAll(async () => {
    await mkdir(ARTIFACTS, { recursive: true });
    server = await startServer();
    browser = await launchChromium();
    // A laptop screen: the layout must work at 1280×720.
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 }, acceptDownloads: true, locale: 'zh-CN' });
    page = await context.newPage();
    page.setDefaultTimeout(15_000);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('logs a marketer in with the enterprise account', async () => {
    const admin = server.accounts.get('ENTERPRISE_ADMIN')!;
    await page.goto(`${server.url}/scripts`);
    await page.waitForURL(/\/login/);
    await page.getByLabel('账号').fill(admin.login);
    await page.getByLabel('密码').fill('wrong-password');
    await page.getByRole('button', { name: '登录' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toContain('账号或密码错误');
    await page.getByLabel('密码').fill(admin.password);
    await page.getByRole('button', { name: '登录' }).click();
    await page.waitForURL(/\/scripts$/);
    await page.getByRole('heading', { name: '话术模板' }).waitFor();
    await shot('01-scripts');
  });

  it('uploads a sample script and sees its flow graph', async () => {
    await page.getByLabel('选择话术文件（.xlsx / .xls）').setInputFiles(join(ROOT, 'scripts-templates/loan/loan.xlsx'));
    await page.waitForURL(/\/scripts\/\d+$/);
    await page.locator('svg g.node').first().waitFor();
    expect(await page.locator('svg g.node').count()).toBeGreaterThan(3);
    await shot('02-script-graph');
  });

  it('uploads a broken script and finds the error on the right cell', async () => {
    const broken = await brokenScript();
    await page.goto(`${server.url}/scripts`);
    await page.getByLabel('选择话术文件（.xlsx / .xls）').setInputFiles({ name: 'broken.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: Buffer.from(broken.bytes) });
    const bad = page.locator('td.bad').first();
    await bad.waitFor();
    expect(await bad.textContent()).toBe('不存在的流程');
    expect(await bad.getAttribute('aria-label')).toContain(broken.cell);
    expect(await page.locator('.issue-list').textContent()).toContain(broken.cell);
    await shot('03-broken-script');
  });

  it('simulates a conversation and shows what matched and why', async () => {
    await page.goto(`${server.url}/scripts`);
    await page.getByRole('link', { name: /贷款/ }).first().click();
    await page.getByRole('tab', { name: '模拟对话' }).click();
    await page.getByLabel('客户说').fill('你们是哪个公司的');
    await page.getByRole('button', { name: '发送' }).click();
    await page.locator('.bubble.callee').first().waitFor();
    expect(await page.locator('.chat').textContent()).toContain('问题匹配');
    await page.getByLabel('客户说').fill('好的');
    await page.getByRole('button', { name: '发送' }).click();
    await page.locator('.sim-summary').waitFor();
    await page.waitForFunction(() => document.querySelectorAll('.bubble.callee').length >= 2);
    expect(await page.locator('.sim-summary').textContent()).toMatch(/等级\s*[A-D]/);
    await shot('04-simulator');
  });

  it('imports leads with progress and downloads the rejected rows', async () => {
    await page.goto(`${server.url}/leads`);
    await page.getByRole('button', { name: '导入' }).click();
    await page.getByLabel('文件 *').setInputFiles({ name: 'leads.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: Buffer.from(leadsFile()) });
    await page.getByLabel('批次号').fill('E2E-1');
    await page.getByRole('button', { name: '开始导入' }).click();
    const result = page.locator('.import-result');
    await result.waitFor();
    expect(await result.textContent()).toContain('导入 2');
    await shot('05-import-result');
    const [dl] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '下载未导入的行' }).click()]);
    const saved = join(ARTIFACTS, 'rejected-rows.xlsx');
    await dl.saveAs(saved);
    const report = await readWorkbook(await readFile(saved), { fileName: 'rejected.xlsx' });
    const text = JSON.stringify(report.sheets[0]!.rows);
    expect(text).toContain('12345');
    expect(report.sheets[0]!.rows.length).toBe(3);
    await page.getByRole('button', { name: '关闭' }).click();
    await page.locator('.vt tbody tr').filter({ hasText: '13900139000' }).waitFor();
    await shot('06-leads');
  });

  it('switches to English and the page follows', async () => {
    await page.getByLabel('语言').selectOption('en');
    await page.getByRole('heading', { name: 'Leads' }).waitFor();
    expect(await page.locator('#side-nav').textContent()).toContain('Scripts');
    expect(await page.locator('#side-nav').textContent()).not.toContain('话术模板');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    await shot('07-leads-english');
    await page.goto(`${server.url}/scripts`);
    await page.getByRole('heading', { name: 'Scripts' }).waitFor();
    await shot('08-scripts-english');
  });
});
