/**
 * Every page in both languages, in headless Chromium against the real server (`npm start`'s
 * main with its demo enterprise, plus a customer, a type and a speech engine): each role logs
 * in and opens every page its menu (nav.ts) offers — and the first record page each list links
 * to (a script, a call, a task) — first in Chinese, then switched to English in place, then
 * reloaded in English, and a page's add dialog in English. Each time the page must have drawn
 * its heading without an error box and without a raw message key (`nav.xxx`); in English no
 * string of the Chinese table may show (what is left in Chinese is user data: names, scripts,
 * notes). Screenshots go to console/test-artifacts/languages/.
 *
 * The test walks NAV itself, so pages added to the menu later are checked without editing it.
 * A menu entry whose page is not built yet (the router answers "page not found") is reported
 * and skipped, not failed; everything else found is listed at the end of each role's test.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ROOT, startServer } from './server.js';
import type { Started } from './server.js';
import { chromiumFor, launchChromium } from './browser.js';
import { menuFor } from '../../src/nav.js';
import type { NavItem } from '../../src/nav.js';
import type { Role } from '../../src/api/types.js';
import { zh } from '../../src/i18n/zh.js';
import { en } from '../../src/i18n/en.js';

const ARTIFACTS = join(ROOT, 'console', 'test-artifacts', 'languages');
const haveChromium = chromiumFor("the console's language walk");

const ROLES: readonly Role[] = ['PLATFORM_ADMIN', 'ENTERPRISE_ADMIN', 'LEADER', 'AGENT'];
const CJK = /[\u3400-\u9fff\uff01-\uff5e\u3000-\u303f]/;

/** A UI string of the Chinese table as a pattern: placeholders match anything. */
interface Phrase { readonly key: string; readonly full: RegExp; readonly inside: RegExp | null }
const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const PHRASES: readonly Phrase[] = Object.entries(zh)
  .filter(([, v]) => CJK.test(v))
  .map(([key, v]) => {
    const body = v.split(/\{\w+\}/).map(escape).join('.+?');
    // Short phrases (两个字) are also common words of user data: they count only as a whole text.
    const cjkChars = [...v.replace(/\{\w+\}/g, '')].filter((c) => CJK.test(c)).length;
    return { key, full: new RegExp(`^${body}$`), inside: cjkChars >= 4 ? new RegExp(body) : null };
  });
const KEY_PREFIXES = new Set(Object.keys(zh).map((k) => k.split('.')[0]!));
const RAW_KEY = /\b([a-zA-Z][\w-]*)\.[\w-]+(?:\.[\w-]+)*/g;
const NOT_FOUND = [zh['common.notFound'], en['common.notFound']];

/**
 * The Chinese UI string a text shows, if any (after trimming labels' " *" and colons). `userData`
 * (longest first) are texts people typed that happen to read like the table: the demo's admin
 * is named 企业管理员, a demo script has a flow called 预约回电.
 */
function chinesePhraseIn(text: string, userData: readonly string[]): string | null {
  let rest = text;
  for (const data of userData) if (rest.includes(data)) rest = rest.split(data).join(' ');
  for (const part of rest.split(/\s+[·—|]\s+/)) {
    const s = part.trim().replace(/\s*\*$/, '').replace(/[:：]$/, '').trim();
    if (!CJK.test(s)) continue;
    const hit = PHRASES.find((p) => p.full.test(s) || p.inside?.test(s));
    if (hit) return `${hit.key} in "${text.slice(0, 80)}"`;
  }
  return null;
}

/** A message key shown as text (a lookup that missed returns the key itself). */
function rawKeyIn(text: string): string | null {
  for (const m of text.matchAll(RAW_KEY)) {
    if (KEY_PREFIXES.has(m[1]!) && (m[0] in zh || /^[a-zA-Z][\w-]*\.[a-zA-Z][\w-]*$/.test(m[0]))) return m[0];
  }
  return null;
}

/**
 * A little of everything a page can list, so the walk reads rows and forms and not only empty
 * tables: a customer type, a customer with a follow-up, espeak as the speech engine (its form and
 * the audit log's entries follow).
 */
async function seed(url: string, login: string, password: string): Promise<void> {
  const r = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ account: login, password }) });
  const { token } = (await r.json()) as { token: string };
  const call = async <T>(method: string, path: string, body: unknown): Promise<T> => {
    const res = await fetch(`${url}${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };
  const { type } = await call<{ type: { id: number } }>('POST', '/api/customer-types', { name: '重点客户' });
  await call('PATCH', `/api/customer-types/${type.id}`, { name: 'VIP客户' });
  const { customer } = await call<{ customer: { id: number } }>('POST', '/api/customers', { name: '赵一', phone: '13700137001', typeId: type.id, company: '演示公司' });
  await call('POST', `/api/customers/${customer.id}/follow-ups`, { type: 'phone', notes: '客户说下周再联系' });
  await call('PUT', '/api/speech', { tts: { provider: 'espeak', voice: { vol: 8 } } });
}

/** Every text a person sees or hears on the page: visible text, options, labels for assistive tech, the title. */
async function visibleTexts(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [document.title];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      const text = n.textContent?.trim() ?? '';
      if (!el || !text || el.closest('script, style')) continue;
      // Options and visually-hidden text (captions, labels) are read out even when not drawn.
      if (el.closest('option, .visually-hidden') || el.getClientRects().length > 0) out.push(text);
    }
    for (const el of document.querySelectorAll('[aria-label], [placeholder], [title], [alt]')) {
      for (const a of ['aria-label', 'placeholder', 'title', 'alt']) {
        const v = el.getAttribute(a);
        if (v) out.push(v);
      }
    }
    return out;
  });
}

/** The page's main text, or null when the app drew no frame at all. */
async function mainText(page: Page): Promise<string | null> {
  return page.evaluate(() => document.querySelector('main')?.textContent ?? null);
}

interface Visit { readonly role: Role; readonly path: string; readonly label: string }

describe.skipIf(!haveChromium)('every page in Chinese and English', () => {
  let server: Started;
  let browser: Browser;
  const skipped: string[] = [];
  /** The demo accounts' names: user data, whatever they look like. */
  const names = new Set<string>();
  /**
   * Chinese strings the API sent (names, scripts, notes): user data too. The `zh` half of a
   * `{ zh, en }` pair is left out — showing it on an English page is exactly the bug to find.
   */
  const served = new Set<string>();
  const collect = (v: unknown, key = ''): void => {
    if (typeof v === 'string') { if (key !== 'zh' && CJK.test(v)) served.add(v.trim()); return; }
    if (Array.isArray(v)) { for (const x of v) collect(x, key); return; }
    if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) collect(x, k);
  };

  beforeAll(async () => {
    await mkdir(ARTIFACTS, { recursive: true });
    server = await startServer();
    const admin = server.accounts.get('ENTERPRISE_ADMIN')!;
    await seed(server.url, admin.login, admin.password);
    for (const { login, password } of server.accounts.values()) {
      const r = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ account: login, password }) });
      names.add(((await r.json()) as { principal: { name: string } }).principal.name);
    }
    browser = await launchChromium();
  });
  afterAll(async () => {
    if (skipped.length > 0) console.warn(`pages in the menu but not built yet (skipped):\n  ${skipped.join('\n  ')}`);
    await browser?.close();
    await server?.stop();
  });

  /** Waits until the page has drawn its heading (or an error) and stopped loading; false when nothing came. */
  async function settled(page: Page): Promise<boolean> {
    const drawn = await page.locator('main h1, main .alert-error, main p').first().waitFor({ timeout: 20_000 }).then(() => true, () => false);
    await page.waitForLoadState('networkidle', { timeout: 20_000 }).catch(() => undefined);
    await page.waitForFunction((words) => !words.some((w) => document.querySelector('main')?.textContent?.includes(w)), [zh['common.loading'], en['common.loading']], { timeout: 20_000 }).catch(() => undefined);
    return drawn;
  }

  /** What is wrong with the page as drawn now, in `lang`. */
  async function problems(page: Page, v: Visit, lang: 'zh' | 'en', phase: string, drawn: boolean, userData: readonly string[]): Promise<string[]> {
    const where = `${v.role} ${v.path} (${phase})`;
    const out: string[] = [];
    if (!drawn) out.push(`${where}: nothing drawn in <main> within 20 s`);
    const errors = await page.locator('.alert-error').allTextContents();
    for (const e of errors) out.push(`${where}: error box "${e.trim().slice(0, 160)}"`);
    if ((await page.locator('main h1').count()) === 0) out.push(`${where}: no page heading`);
    const still = await mainText(page);
    if (still === null) out.push(`${where}: no <main> (the app drew no frame)`);
    if (still?.includes(lang === 'zh' ? zh['common.loading'] : en['common.loading'])) out.push(`${where}: still loading after 20 s`);
    const texts = await visibleTexts(page);
    for (const text of texts) {
      const key = rawKeyIn(text);
      if (key) out.push(`${where}: raw message key "${key}"`);
      if (lang === 'en') {
        const phrase = chinesePhraseIn(text, userData);
        if (phrase) out.push(`${where}: Chinese UI text ${phrase}`);
      }
    }
    const htmlLang = await page.evaluate(() => document.documentElement.lang);
    if (lang === 'en' && htmlLang !== 'en') out.push(`${where}: <html lang="${htmlLang}">`);
    return [...new Set(out)];
  }

  async function shot(page: Page, v: Visit, lang: string): Promise<void> {
    const slug = v.path.replace(/^\//, '').replace(/[/:]/g, '_') || 'home';
    await page.screenshot({ path: join(ARTIFACTS, `${v.role.toLowerCase()}-${slug}-${lang}.png`), fullPage: true });
  }

  /** Chinese, English in place, English after a reload; back to Chinese for the next page. */
  async function check(page: Page, v: Visit): Promise<string[] | 'missing'> {
    await page.evaluate(() => localStorage.setItem('waihu.locale', 'zh-CN'));
    await page.goto(`${server.url}${v.path}`);
    let drawn = await settled(page);
    const main = (await mainText(page)) ?? '';
    if (NOT_FOUND.some((t) => main.includes(t))) return 'missing';
    const found = await problems(page, v, 'zh', 'Chinese', drawn, []);
    const userData = [...names, ...served].filter((x) => x.length >= 2).sort((a, b) => b.length - a.length);
    await shot(page, v, 'zh');
    await page.getByLabel(zh['layout.language']).selectOption('en');
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    drawn = await settled(page);
    found.push(...await problems(page, v, 'en', 'switched to English', drawn, userData));
    await shot(page, v, 'en-switched');
    await page.reload();
    drawn = await settled(page);
    found.push(...await problems(page, v, 'en', 'English after reload', drawn, userData));
    await shot(page, v, 'en');
    // The page's add form, where it has one in a dialog: forms are where labels and hints live.
    const add = page.locator('main .page-head').getByRole('button', { name: en['common.add'], exact: true });
    if ((await add.count()) === 1) {
      await add.click();
      const dialog = page.getByRole('dialog');
      if (await dialog.waitFor({ timeout: 3_000 }).then(() => true, () => false)) {
        found.push(...await problems(page, v, 'en', 'English add dialog', true, userData));
        await shot(page, v, 'en-add');
        await page.keyboard.press('Escape');
        await dialog.waitFor({ state: 'detached' });
      }
    }
    return found;
  }

  /** The first record page a list links to (`/scripts/12`, `/tasks/3`), to check detail pages too. */
  async function firstRecordLink(page: Page, item: NavItem): Promise<string | null> {
    const hrefs = await page.locator('main a[href]').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
    const re = new RegExp(`^${item.path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/\\d+$`);
    return hrefs.find((h) => re.test(h)) ?? null;
  }

  for (const role of ROLES) {
    it(`${role}: every page of the menu`, async () => {
      const account = server.accounts.get(role);
      expect(account, `no demo account for ${role}`).toBeDefined();
      const context = await browser.newContext({ viewport: { width: 1280, height: 720 }, locale: 'zh-CN' });
      const page = await context.newPage();
      page.setDefaultTimeout(20_000);
      const found: string[] = [];
      page.on('pageerror', (e) => found.push(`${role} ${page.url().replace(server.url, '')}: uncaught ${e.message}`));
      page.on('response', (res) => {
        if (!res.url().includes('/api/') || !(res.headers()['content-type'] ?? '').includes('json')) return;
        res.json().then((body: unknown) => collect(body), () => undefined);
      });
      try {
        await page.goto(`${server.url}/login`);
        await page.getByLabel(zh['login.account']).fill(account!.login);
        await page.getByLabel(zh['login.password']).fill(account!.password);
        await page.getByRole('button', { name: zh['login.submit'] }).click();
        await page.waitForURL((u) => !u.pathname.startsWith('/login'));
        const menu = menuFor(role);
        expect(menu.length).toBeGreaterThan(0);
        // Every menu entry is drawn in the side menu, in both languages (checked as part of each page).
        for (const item of menu) {
          const v = { role, path: item.path, label: item.label };
          const r = await check(page, v);
          if (r === 'missing') { skipped.push(`${role} ${item.path}`); continue; }
          found.push(...r);
          await page.evaluate(() => localStorage.setItem('waihu.locale', 'zh-CN'));
          await page.goto(`${server.url}${item.path}`);
          await settled(page);
          const record = await firstRecordLink(page, item);
          if (record) {
            const sub = await check(page, { role, path: record, label: item.label });
            if (sub !== 'missing') found.push(...sub);
          }
        }
      } finally {
        await context.close();
      }
      expect(found).toEqual([]);
    }, 900_000);
  }
});
