/**
 * A marketer's campaign in headless Chromium against the real server (`npm start`'s main.ts,
 * with its dialer worker and the demo enterprise's test trunk): create a task on the test trunk
 * with the demo batch, start it, watch its progress move, open its call queue, open a graded
 * call from the task's call records and find its transcript and a playable stereo recording;
 * then the dashboard; SMS templates approved by the platform and the dialer settings; and the
 * tasks page in English. Screenshots go to console/test-artifacts/
 * (gitignored). Skipped when Debian's chromium is missing, unless WAIHU_REQUIRE_PEERS=1.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ROOT, startServer } from './server.js';
import type { Started } from './server.js';
import { chromiumFor, launchChromium, logIn } from './browser.js';

const ARTIFACTS = join(ROOT, 'console', 'test-artifacts');
const haveChromium = chromiumFor("the console's task journey");

const DAYS = ['周一', '周二', '周三', '周四', '周五', '周六', '周日'];
const TASK = '端到端回访任务';

describe.skipIf(!haveChromium)('a campaign in Chromium', () => {
  let server: Started;
  let browser: Browser;
  let page: Page;
  let taskUrl = '';
  const shot = async (name: string): Promise<void> => { await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true }); };

  beforeAll(async () => {
    await mkdir(ARTIFACTS, { recursive: true });
    server = await startServer();
    browser = await launchChromium(['--autoplay-policy=no-user-gesture-required']);
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 }, locale: 'zh-CN' });
    page = await context.newPage();
    page.setDefaultTimeout(20_000);
    // The marketer: a leader (班长), who runs campaigns but does not administer trunks.
    await logIn(page, server, 'LEADER');
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('creates a task on the test trunk with the demo batch, after the form points at what is missing', async () => {
    await page.getByRole('link', { name: '任务发送' }).click();
    await page.getByRole('heading', { name: '任务发送' }).waitFor();
    // Submitting the empty form marks the fields instead of sending anything.
    await page.getByRole('button', { name: '创建任务' }).click();
    await expect(page.getByRole('alert').first().textContent()).resolves.toMatch(/处需要修改/);
    expect(await page.getByLabel('任务名称 *').getAttribute('aria-invalid')).toBe('true');

    await page.getByLabel('任务名称 *').fill(TASK);
    await page.getByLabel('话术 *').selectOption({ index: 1 });
    await page.getByLabel(/演示批次/).check();
    await page.getByLabel('外线', { exact: true }).selectOption({ label: '测试外线（模拟，不拨打真实电话）' });
    await page.getByLabel(/02000000000/).check();
    // Whenever the test runs, the task may dial: all day, no breaks.
    for (const d of DAYS) {
      await page.getByLabel(`${d} 开始`, { exact: true }).fill('00:00');
      await page.getByLabel(`${d} 结束`, { exact: true }).fill('23:59');
      await page.getByLabel(`${d} 休息时段`, { exact: true }).fill('');
    }
    await page.getByLabel('并发线路 *').fill('5');
    await page.getByLabel('每秒最多呼叫 *').fill('5');
    await page.getByLabel('跳过今天已被任何任务呼叫过的号码').uncheck();
    await shot('20-task-form');
    await page.getByRole('button', { name: '创建任务' }).click();
    await page.waitForURL(/\/tasks\/\d+\?created=\d+$/);
    taskUrl = page.url().replace(/\?.*$/, '');
    await page.getByRole('heading', { name: TASK }).waitFor();
    expect(await page.getByRole('status').filter({ hasText: '已创建' }).textContent()).toMatch(/加入 50 个号码/);
    expect(await page.locator('[data-state]').getAttribute('data-state')).toBe('DRAFT');
  });

  it('starts the task after confirming, and watches its progress move', async () => {
    await page.getByRole('button', { name: '现在发送' }).click();
    const dialog = page.getByRole('dialog');
    expect(await dialog.textContent()).toContain(`确定现在开始发送任务“${TASK}”吗`);
    await dialog.getByRole('button', { name: '现在发送' }).click();
    await page.locator('[data-state="RUNNING"]').waitFor();
    const figure = async (name: string): Promise<number> => Number(((await page.locator(`[data-figure="${name}"]`).textContent()) ?? '').replace(/,/g, '').split(/\s/)[0]);
    expect(await figure('submitted')).toBe(50);
    // The test trunk answers in a few seconds: the page refreshes itself until calls connect.
    await page.waitForFunction(() => parseInt(document.querySelector('[data-figure="connected"]')?.textContent?.replace(/,/g, '') ?? '0', 10) > 0, null, { timeout: 90_000 });
    expect(await figure('dialed')).toBeGreaterThan(0);
    expect(await page.locator('svg[role=img]').first().getAttribute('aria-label')).toMatch(/号码等级分布/);
    await shot('21-task-progress');
  });

  it('opens the call queue with each lead\'s state, filtered and paged', async () => {
    await page.getByRole('tab', { name: '呼叫队列' }).click();
    await page.locator('.vt tbody .qstate').first().waitFor();
    expect(await page.getByRole('navigation', { name: '分页' }).textContent()).toContain('共 50 条');
    const search = page.getByRole('search', { name: /呼叫队列/ });
    await search.getByRole('combobox').selectOption('DONE');
    await search.getByRole('button', { name: '搜索' }).click();
    await page.waitForFunction(() => [...document.querySelectorAll('.vt tbody tr:not(.spacer) .qstate')].every((x) => x.textContent?.startsWith('已完成')));
    await shot('22-call-queue');
    // The whole 呼叫队列 page, from the menu.
    await page.getByRole('link', { name: '呼叫队列' }).click();
    await page.getByRole('heading', { name: '呼叫队列' }).waitFor();
    await page.locator('.vt tbody .qstate').first().waitFor();
    const all = page.getByRole('search', { name: /呼叫队列/ });
    await all.getByLabel('任务').selectOption({ label: `${TASK}（发送中）` });
    await all.getByRole('button', { name: '搜索' }).click();
    await page.waitForFunction((name) => { const cells = [...document.querySelectorAll('.vt tbody tr:not(.spacer) td:first-child')]; return cells.length > 0 && cells.every((c) => c.textContent === name); }, TASK);
  });

  it('opens a graded call from the task\'s call records: transcript beside a playable stereo recording', async () => {
    await page.goto(taskUrl);
    await page.getByRole('tab', { name: '呼叫记录' }).click();
    const graded = page.locator('.vt a.grade').first();
    // Calls are kept when they end: search again until an answered, graded one is there.
    for (let i = 0; i < 30 && (await graded.count()) === 0; i++) {
      await page.waitForTimeout(2_000);
      await page.getByRole('search', { name: /呼叫记录/ }).getByRole('button', { name: '搜索' }).click();
    }
    await shot('23-task-calls');
    await graded.click();
    await page.waitForURL(/\/calls\/\d+$/);
    await page.locator('ol.transcript li').nth(1).waitFor();
    expect(await page.locator('ol.transcript').textContent()).toContain('您好，这里是测试外线的演示通话。');
    expect(await page.locator('.facts').textContent()).toMatch(/[ABCD]/);
    const audio = page.getByLabel('通话录音');
    expect(await audio.getAttribute('src')).toMatch(/^\/api\/calls\/\d+\/recording$/);
    // The browser loads the WAV: two channels' worth of seconds, as long as the call talked.
    await page.waitForFunction(() => { const a = document.querySelector('audio'); return !!a && a.readyState >= 1 && a.duration > 1; }, null, { timeout: 20_000 });
    // Choosing a turn plays from it and marks it.
    await page.locator('ol.transcript li').nth(1).getByRole('button').click();
    await page.waitForFunction(() => { const a = document.querySelector('audio')!; return a.currentTime > 0; });
    await page.locator('ol.transcript li[aria-current="true"]').waitFor();
    await shot('24-call-recording');
  });

  it('shows today\'s figures, grade charts and live calls on the dashboard', async () => {
    await page.goto(`${server.url}/dashboard`);
    await page.getByRole('heading', { name: '首页' }).waitFor();
    await page.waitForFunction(() => parseInt(document.querySelector('[data-figure="today"]')?.textContent?.replace(/,/g, '') ?? '0', 10) > 0);
    expect(await page.getByRole('img', { name: /今日等级分布/ }).count()).toBe(1);
    expect(await page.getByRole('img', { name: /各任务的等级分布/ }).getAttribute('aria-label')).toContain(TASK.slice(0, 8));
    await shot('25-dashboard');
  });

  it('keeps SMS templates by grade that only the platform approves, and the dialer settings', async () => {
    const as = async (role: string): Promise<Page> => {
      const p = await (await browser.newContext({ viewport: { width: 1280, height: 720 }, locale: 'zh-CN' })).newPage();
      p.setDefaultTimeout(20_000);
      await logIn(p, server, role);
      return p;
    };
    const admin = await as('ENTERPRISE_ADMIN');
    await admin.getByRole('link', { name: '等级短信' }).click();
    await admin.getByRole('button', { name: '添加 A 级模板' }).click();
    await admin.getByLabel('短信内容 *').fill('【演示】感谢您的关注，顾问稍后与您联系。');
    await admin.getByRole('dialog').getByRole('button', { name: '保存' }).click();
    const gradeA = admin.getByRole('region', { name: /^A/ });
    await gradeA.getByText('待审核').waitFor();

    const root = await as('PLATFORM_ADMIN');
    await root.getByRole('link', { name: '短信审核' }).click();
    await root.getByRole('button', { name: /^通过 【演示】/ }).click();
    await root.getByRole('status').filter({ hasText: '已保存' }).waitFor();

    await admin.reload();
    await admin.getByRole('region', { name: /^A/ }).getByText(/已通过/).waitFor();
    await admin.screenshot({ path: join(ARTIFACTS, '27-sms-templates.png'), fullPage: true });

    await admin.getByRole('link', { name: '外呼设置' }).click();
    const optOut = admin.getByLabel('客户说“不要再打了”等话时把号码加入黑名单');
    await optOut.check();
    await admin.getByRole('button', { name: '保存' }).click();
    await admin.getByRole('status').filter({ hasText: '已保存' }).waitFor();
    await admin.reload();
    await admin.getByRole('heading', { name: '外呼设置' }).waitFor();
    await admin.getByLabel('客户说“不要再打了”等话时把号码加入黑名单').waitFor();
    expect(await admin.getByLabel('客户说“不要再打了”等话时把号码加入黑名单').isChecked()).toBe(true);
    await admin.screenshot({ path: join(ARTIFACTS, '28-dialer-settings.png'), fullPage: true });
    await admin.context().close();
    await root.context().close();
  });

  it('pauses the task, then reads the tasks page in English', async () => {
    await page.goto(taskUrl);
    await page.getByRole('button', { name: '暂停发送' }).click();
    await page.getByRole('dialog').getByRole('button', { name: '暂停发送' }).click();
    await page.locator('[data-state="PAUSED"]').waitFor();
    await page.getByLabel('语言').selectOption('en');
    await page.getByRole('link', { name: 'Tasks', exact: true }).click();
    await page.getByRole('heading', { name: 'Tasks' }).waitFor();
    const row = page.locator('.vt tbody tr').filter({ hasText: TASK });
    await row.waitFor();
    expect(await row.textContent()).toContain('Paused');
    expect(await page.locator('.vt thead').textContent()).toContain('Connected');
    expect(await page.getByRole('button', { name: `Resume ${TASK}` }).count()).toBe(1);
    await shot('26-tasks-english');
  });
});
