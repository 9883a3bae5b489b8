/**
 * The frame around every page after login: a skip link, the header (language switch, who is
 * logged in, log out), the role's menu, and the page. On narrow screens the menu folds behind
 * a button.
 */
import { For, Show, createMemo, createSignal } from 'solid-js';
import type { JSX } from 'solid-js';
import { A, useLocation, useNavigate } from '@solidjs/router';
import { logOut, principal } from '../session.js';
import { menuFor } from '../nav.js';
import type { NavItem } from '../nav.js';
import type { MessageKey } from '../i18n/index.js';
import { t } from '../i18n/index.js';
import { LanguageSwitch } from './language-switch.js';

export function Layout(props: { children?: JSX.Element }): JSX.Element {
  const navigate = useNavigate();
  const location = useLocation();
  const [menuOpen, setMenuOpen] = createSignal(false);
  const groups = createMemo(() => {
    const p = principal();
    if (!p) return [];
    const out: { group: MessageKey; items: NavItem[] }[] = [];
    for (const item of menuFor(p.role)) {
      const g = out.find((x) => x.group === item.group);
      if (g) g.items.push(item);
      else out.push({ group: item.group, items: [item] });
    }
    return out;
  });
  // The longest menu path the page is at or under is the current one: /leads/batches and
  // /tasks/new are their own items, while /tasks/7 belongs to /tasks.
  const currentPath = createMemo(() => {
    const p = principal();
    if (!p) return null;
    const at = location.pathname;
    return menuFor(p.role).map((n) => n.path).filter((x) => at === x || at.startsWith(`${x}/`)).sort((a, b) => b.length - a.length)[0] ?? null;
  });
  const current = (path: string): boolean => currentPath() === path;
  return (
    <div class="shell">
      <a class="skip" href="#main">{t('layout.skip')}</a>
      <header class="topbar">
        <button type="button" class="menu-button" aria-expanded={menuOpen()} aria-controls="side-nav" onClick={() => setMenuOpen(!menuOpen())}>
          {t('layout.menu')}
        </button>
        <span class="brand">{t('app.name')}</span>
        <span class="spacer" />
        <LanguageSwitch />
        <Show when={principal()}>
          {(p) => <span class="who">{p().name} · {t(`role.${p().role}`)}</span>}
        </Show>
        <button type="button" onClick={() => void logOut().finally(() => navigate('/login'))}>{t('layout.logout')}</button>
      </header>
      <div class="body">
        <nav id="side-nav" class="side" classList={{ open: menuOpen() }} aria-label={t('layout.nav')}>
          <For each={groups()}>
            {(g) => (
              <div class="nav-group">
                <h2>{t(g.group)}</h2>
                <ul>
                  <For each={g.items}>
                    {(item) => (
                      <li>
                        <A href={item.path} aria-current={current(item.path) ? 'page' : undefined} onClick={() => setMenuOpen(false)}>{t(item.label)}</A>
                      </li>
                    )}
                  </For>
                </ul>
              </div>
            )}
          </For>
        </nav>
        <main id="main" tabindex="-1">{props.children}</main>
      </div>
    </div>
  );
}
