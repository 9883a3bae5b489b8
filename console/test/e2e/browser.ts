/**
 * What every browser test shares: Debian's Chromium (a test file skips without it, unless CI's
 * WAIHU_REQUIRE_PEERS=1 makes a missing browser a failure), launched with the flags a container
 * needs, and logging in through the real login form.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { Started } from './server.js';

export const CHROMIUM = '/usr/bin/chromium';

/**
 * Is Chromium here? Without it `what` is skipped with a warning, or, under
 * WAIHU_REQUIRE_PEERS=1, the test file fails to load.
 */
export function chromiumFor(what: string): boolean {
  const have = existsSync(CHROMIUM);
  if (!have && process.env['WAIHU_REQUIRE_PEERS'] === '1') throw new Error(`${CHROMIUM} is missing: run tools/install-peers.sh`);
  if (!have) console.warn(`skipping ${what}: ${CHROMIUM} is missing (tools/install-peers.sh installs it)`);
  return have;
}

/**
 * Headless Chromium: no sandbox or GPU (CI containers, root), no background traffic (this
 * machine's closed network refuses it, many connections at a time), plus `extraArgs`.
 */
export function launchChromium(extraArgs: readonly string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync', ...extraArgs],
  });
}

/** Logs `page` in as the demo account of `role` (ENTERPRISE_ADMIN, LEADER, AGENT, …) and waits to leave the login page. */
export async function logIn(page: Page, server: Started, role: string): Promise<void> {
  const who = server.accounts.get(role);
  if (!who) throw new Error(`the server printed no demo account for ${role}`);
  await page.goto(`${server.url}/login`);
  await page.getByLabel('账号').fill(who.login);
  await page.getByLabel('密码').fill(who.password);
  await page.getByRole('button', { name: '登录' }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
}
