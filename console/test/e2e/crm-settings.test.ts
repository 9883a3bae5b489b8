/**
 * The enterprise admin's CRM and settings journeys in headless Chromium against the real server:
 * customer types (add, rename, used by the import and the search), a customer import with its
 * refused rows' report downloaded, renaming and sharing a script, the speech engines form (Baidu
 * keys that never come back, a refusal pinned to its field, espeak checked live), and the audit
 * log's before/after of those changes, in Chinese and in English. Screenshots go to
 * console/test-artifacts/crm-settings/.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { readWorkbook, writeWorkbook } from '@waihu/workbook';
import { ROOT, startServer } from './server.js';
import type { Started } from './server.js';
import { chromiumFor, launchChromium, logIn } from './browser.js';

const ARTIFACTS = join(ROOT, 'console', 'test-artifacts', 'crm-settings');
const haveChromium = chromiumFor("the CRM and settings journey");
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** One good row (type from the sheet), one without a type (gets the chosen default), a bad number, an unknown type. */
function customersFile(): Buffer {
  return Buffer.from(writeWorkbook({
    sheets: [{
      name: '客户',
      rows: [['姓名', '电话', '类型'], ['赵一', '13700137001', 'VIP客户'], ['钱二', '13700137002', ''], ['孙三', '12345', ''], ['李四', '13700137004', '不存在的类型']],
    }],
  }));
}

describe.skipIf(!haveChromium)('CRM and settings in Chromium', () => {
  let server: Started;
  let browser: Browser;
  let page: Page;
  const shot = async (name: string): Promise<void> => { await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true }); };

  beforeAll(async () => {
    await mkdir(ARTIFACTS, { recursive: true });
    server = await startServer();
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 }, acceptDownloads: true, locale: 'zh-CN' });
    page = await context.newPage();
    page.setDefaultTimeout(20_000);
    await logIn(page, server, 'ENTERPRISE_ADMIN');
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('adds a customer type and renames it', async () => {
    await page.goto(`${server.url}/customer-types`);
    await page.getByRole('heading', { name: '客户类型' }).waitFor();
    await page.getByRole('button', { name: '添加' }).click();
    await page.getByLabel('类型名称 *').fill('重点客户');
    await page.getByRole('dialog').getByRole('button', { name: '保存' }).click();
    await page.getByRole('cell', { name: '重点客户', exact: true }).waitFor();
    await page.getByRole('button', { name: '编辑 重点客户' }).click();
    await page.getByLabel('类型名称 *').fill('VIP客户');
    await page.getByRole('dialog').getByRole('button', { name: '保存' }).click();
    await page.getByRole('cell', { name: 'VIP客户', exact: true }).waitFor();
    expect(await page.getByRole('cell', { name: '重点客户', exact: true }).count()).toBe(0);
    await shot('01-customer-types');
  });

  it('imports customers with progress, shows why rows were refused and downloads them', async () => {
    await page.goto(`${server.url}/customers`);
    await page.getByRole('button', { name: '导入客户' }).click();
    await page.getByLabel('文件 *').setInputFiles({ name: 'customers.xlsx', mimeType: XLSX, buffer: customersFile() });
    await page.getByLabel('类型列为空时的客户类型').selectOption({ label: 'VIP客户' });
    await page.getByRole('button', { name: '开始导入' }).click();
    const result = page.locator('.import-result');
    await result.waitFor();
    expect(await result.textContent()).toContain('共 4 行：导入 2，未导入 2。');
    expect(await result.textContent()).toContain('不存在的类型');
    await shot('02-customer-import');
    const [dl] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '下载未导入的行' }).click()]);
    const saved = join(ARTIFACTS, 'customers-rejected.xlsx');
    await dl.saveAs(saved);
    const report = await readWorkbook(await readFile(saved), { fileName: 'rejected.xlsx' });
    const rows = report.sheets[0]!.rows;
    expect(rows.length).toBe(3);
    expect(JSON.stringify(rows)).toContain('12345');
    expect(JSON.stringify(rows)).toContain('不存在的类型');
    await page.getByRole('dialog').getByRole('button', { name: '关闭' }).click();
    // Both imported rows carry the type: one from the sheet, one from the default; the search by type finds them.
    await page.getByRole('search').getByLabel('客户类型').selectOption({ label: 'VIP客户' });
    await page.getByRole('search').getByRole('button', { name: '搜索' }).click();
    await page.locator('.vt tbody tr').filter({ hasText: '13700137002' }).waitFor();
    expect(await page.locator('.vt tbody tr').filter({ hasText: 'VIP客户' }).count()).toBe(2);
    await shot('03-customers-by-type');
  });

  it('renames and shares a script from the list', async () => {
    await page.goto(`${server.url}/scripts`);
    const first = page.locator('table.data tbody tr').first();
    const name = (await first.locator('td a').textContent())!.trim();
    await page.getByRole('button', { name: `重命名 ${name}` }).click();
    await page.getByLabel('新名称').fill(`${name}（改）`);
    await page.getByRole('dialog').getByRole('button', { name: '保存' }).click();
    await page.getByText(`已重命名为“${name}（改）”。`).waitFor();
    await page.getByRole('button', { name: `共享 ${name}（改）` }).click();
    await page.getByText(`“${name}（改）”已共享，其他企业可以复制。`).waitFor();
    // The list reloads after the notice: wait for the row to say so.
    await page.locator('table.data tbody tr').filter({ hasText: `${name}（改）` }).filter({ hasText: '已共享' }).waitFor();
    await shot('04-script-renamed-shared');
  });

  it('keeps Baidu keys out of the page, pins a refusal to its field and checks espeak live', async () => {
    await page.goto(`${server.url}/settings/speech`);
    await page.locator('select[name="tts.provider"]').selectOption('baidu');
    await page.getByLabel('AppId *').fill('14907505');
    await page.getByLabel('API Key（AppKey） *').fill('TTS-KEY-SECRET-1');
    await page.getByLabel('Secret Key *').fill('TTS-SECRET-SECRET-2');
    await page.getByRole('button', { name: '保存语音引擎' }).click();
    await page.getByText('已保存。').waitFor();
    await page.reload();
    const key = page.locator('input[name="tts.apiKey"]');
    await key.waitFor();
    expect([await key.getAttribute('type'), await key.inputValue()]).toEqual(['password', '']);
    expect(await page.content()).not.toContain('TTS-KEY-SECRET-1');
    expect(await page.getByLabel('AppId *').inputValue()).toBe('14907505');
    // A FunASR recognizer without its address: refused, the message beside the field.
    await page.locator('select[name="asr.provider"]').selectOption('funasr');
    await page.getByRole('button', { name: '保存语音引擎' }).click();
    await page.locator('.field.invalid').filter({ hasText: '服务地址' }).waitFor();
    await shot('05-speech-refused');
    await page.locator('select[name="asr.provider"]').selectOption('');
    await page.locator('select[name="tts.provider"]').selectOption('espeak');
    await page.getByLabel('音量（0–15）').fill('8');
    await page.getByRole('button', { name: '保存语音引擎' }).click();
    await page.getByText('已保存。').waitFor();
    await page.getByRole('button', { name: '检测' }).click();
    const status = page.getByRole('status', { name: '检测' });
    await status.waitFor();
    expect(await status.textContent()).toContain('语音识别: 未设置，无需检测');
    expect(await status.textContent()).toMatch(/语音合成: espeak\S* — 正常（\d+ 毫秒）/);
    await shot('06-speech-checked');
  });

  it('shows who changed what with before and after, in Chinese and English', async () => {
    await page.goto(`${server.url}/settings/audit-log`);
    await page.getByRole('search').getByLabel('对象').selectOption('customer-types');
    await page.getByRole('search').getByRole('button', { name: '搜索' }).click();
    await page.getByText('共 2 条').waitFor();
    await page.getByRole('button', { name: '查看改动' }).first().click();
    const changes = page.locator('.audit-changes');
    await changes.waitFor();
    const nameRow = changes.locator('tr').filter({ has: page.getByRole('rowheader', { name: 'name', exact: true }) });
    expect(await nameRow.locator('del').textContent()).toBe('重点客户');
    expect(await nameRow.locator('ins').textContent()).toBe('VIP客户');
    await shot('07-audit-rename');
    await page.getByRole('search').getByLabel('对象').selectOption('speech');
    await page.getByRole('search').getByRole('button', { name: '搜索' }).click();
    await page.getByText('共 2 条').waitFor();
    const show = page.getByRole('button', { name: '查看改动' });
    // Each opened entry's button becomes 收起改动, so the first closed one is always first.
    while ((await show.count()) > 0) await show.first().click();
    expect(await page.locator('.audit-changes').count()).toBe(2);
    const text = (await page.locator('main').textContent())!;
    expect(text).toContain('（已隐藏）');
    expect(text).not.toContain('TTS-KEY-SECRET-1');
    expect(text).not.toContain('TTS-SECRET-SECRET-2');
    await page.getByLabel('语言').selectOption('en');
    await page.getByRole('heading', { name: 'Audit log' }).waitFor();
    expect(await page.locator('.audit-changes').first().textContent()).toMatch(/FieldBeforeAfter/);
    await shot('08-audit-speech-english');
    await page.getByLabel('Language').selectOption('zh-CN');
  });
});
