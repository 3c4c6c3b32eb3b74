/**
 * The console's entry point: adopts a token from the link's fragment, asks
 * the API who it is, draws the frame (navigation for that role), and renders
 * the view the URL names. Every view reads its state from the URL.
 */
import { adoptTokenFromFragment, request, token } from './api';
import { fill, h, message } from './dom';
import { session } from './session';
import { go, link, onNavigate, view, type ViewName } from './state';
import { blastView } from './views/blast';
import { findingsView } from './views/findings';
import { mineView } from './views/mine';
import { pathView } from './views/path';
import { reachView } from './views/reach';
import { searchView } from './views/search';
import { signinView, VIEWER } from './views/signin';

const VIEWS: Record<Exclude<ViewName, 'signin'>, { title: string; render: (root: HTMLElement) => Promise<void>; roles?: string[] }> = {
  mine: { title: 'My access', render: mineView, roles: ['OWNER'] },
  search: { title: 'Search', render: searchView },
  blast: { title: 'Blast radius', render: blastView },
  reach: { title: 'Who can reach', render: reachView },
  path: { title: 'Path', render: pathView },
  findings: { title: 'Findings and gaps', render: findingsView },
};
/** Roles the console has views for (the API allows them the reads these views make). */
const READERS = ['ADMIN', 'ANALYST', 'OWNER', 'TENANT_AUDITOR'];

const header = h('header', { class: 'top' });
const main = h('main', { id: 'main' });

function frame(): void {
  const me = session.get();
  const current = view();
  const nav = me && READERS.includes(me.role)
    ? h(
        'nav',
        { 'aria-label': 'Views' },
        Object.entries(VIEWS)
          .filter(([, v]) => !v.roles || v.roles.includes(me.role))
          .map(([name, v]) => link(v.title, name as ViewName, {}, name === current ? 'current' : undefined)),
      )
    : null;
  if (nav) for (const a of nav.querySelectorAll('a.current')) a.setAttribute('aria-current', 'page');
  fill(header, 
    h('span', { class: 'brand' }, 'PathWarden'),
    nav,
    me
      ? h(
          'span',
          { class: 'who' },
          `${me.role.replace('_', ' ').toLowerCase()} · ${me.id}`,
          h(
            'button',
            {
              type: 'button',
              onclick: () => {
                token.clear();
                session.set(null);
                go('signin');
              },
            },
            'Sign out',
          ),
        )
      : null,
  );
}

async function render(): Promise<void> {
  main.removeAttribute('data-ready');
  frame();
  const me = session.get();
  const name = view();
  if (!me || name === 'signin' || !name) {
    if (!me) return signinView(main, frame);
    return void go(me.role === 'OWNER' ? 'mine' : 'search');
  }
  if (!READERS.includes(me.role)) return void main.replaceChildren(message(`A ${me.role} credential reads nothing the console shows.`, 'error'));
  const chosen = VIEWS[name as Exclude<ViewName, 'signin'>];
  if (!chosen || (chosen.roles && !chosen.roles.includes(me.role))) return void main.replaceChildren(message(`No view “${name}” for your role.`, 'error'));
  document.title = `${chosen.title} · PathWarden`;
  await chosen.render(main);
  main.setAttribute('data-ready', name);
}

async function boot(): Promise<void> {
  document.body.replaceChildren(h('a', { href: '#main', class: 'skip' }, 'Skip to content'), header, main);
  adoptTokenFromFragment();
  if (token.get()) {
    try {
      const { viewer } = await request(VIEWER, {});
      session.set({ id: viewer.id, role: viewer.role, personId: viewer.personId ?? null, tenantId: viewer.tenantId ?? null });
    } catch (error) {
      token.clear();
      main.replaceChildren(message(`The saved token no longer works: ${(error as Error).message}`, 'error'));
    }
  }
  onNavigate(() => void render());
  await render();
}

void boot();
