// The web page: sign in, then the views (Now, Week, Month, Change, History, Calls, Calendars,
// Deviations, Users) by the address's fragment (#/now). Everything comes from the admin service's
// API; what a role may not do is not shown (the service refuses it anyway).
import { h, show } from './dom.js';
import { ApiError, del, get, setCsrf } from './api.js';
import { language, savedLanguage, setLanguage, t } from './i18n.js';
import { renderLogin } from './views/login.js';
import { renderNow } from './views/now.js';
import { renderCalendar } from './views/calendar.js';
import { renderChange } from './views/change.js';
import { renderHistory } from './views/history.js';
import { renderCalls } from './views/calls.js';
import { renderUsers } from './views/users.js';
import { renderFeeds } from './views/feeds.js';
import { renderDeviations } from './views/deviations.js';

const RANK = { viewer: 1, scheduler: 2, administrator: 3 };

const VIEWS = [
  { id: 'now', role: 'viewer', render: renderNow },
  { id: 'week', role: 'viewer', render: (ctx, el) => renderCalendar(ctx, el, 'week') },
  { id: 'month', role: 'viewer', render: (ctx, el) => renderCalendar(ctx, el, 'month') },
  { id: 'change', role: 'scheduler', render: renderChange },
  { id: 'history', role: 'viewer', render: renderHistory },
  { id: 'calls', role: 'viewer', render: renderCalls },
  { id: 'feeds', role: 'scheduler', render: renderFeeds },
  { id: 'deviations', role: 'scheduler', render: renderDeviations },
  { id: 'users', role: 'administrator', render: renderUsers },
];

const ctx = {
  session: null,
  sites: [],
  site: null,
  may(role) {
    return this.session && RANK[this.session.role] >= RANK[role];
  },
  // Errors a view could not handle: an ended session sends the user to sign in again.
  failed(el, error) {
    if (error instanceof ApiError && error.status === 401) {
      ctx.session = null;
      start(t('error.session'));
      return;
    }
    const message = error instanceof ApiError && error.status === 0
      ? t('error.network', { m: error.message }) : error.message;
    show(el, h('p', { class: 'error', role: 'alert' }, message));
  },
  rerender: () => route(),
};

const main = () => document.getElementById('main');
const top = () => document.getElementById('top');

function currentView() {
  const id = (location.hash.match(/^#\/(\w+)/) || [])[1] || 'now';
  const view = VIEWS.find((v) => v.id === id && ctx.may(v.role));
  return view || VIEWS[0];
}

function renderHeader() {
  const view = currentView();
  const nav = h('nav', { 'aria-label': t('nav.main') },
    h('ul', {}, VIEWS.filter((v) => ctx.may(v.role)).map((v) =>
      h('li', {}, h('a', {
        href: `#/${v.id}`, 'aria-current': v === view ? 'page' : false, id: `nav-${v.id}`,
      }, t(`nav.${v.id}`))))));
  const siteChoice = ctx.sites.length > 1
    ? h('label', { class: 'site' }, t('site') + ' ',
        h('select', {
          id: 'site-select',
          onchange: (e) => { ctx.site = ctx.sites.find((s) => s.id === e.target.value); route(); },
        }, ctx.sites.map((s) => h('option', { value: s.id, selected: s === ctx.site }, s.name))))
    : null;
  show(top(),
    h('div', { class: 'bar' },
      h('span', { class: 'brand' }, t('title'), ctx.site ? ` · ${ctx.site.name}` : ''),
      siteChoice,
      h('span', { class: 'who', id: 'signed-in' },
        t('signed_in_as', { user: ctx.session.user, role: t(`role.${ctx.session.role}`) })),
      h('button', { type: 'button', class: 'link', id: 'lang', onclick: switchLanguage },
        t('lang.switch')),
      h('button', { type: 'button', class: 'link', id: 'sign-out', onclick: signOut },
        t('sign_out'))),
    nav);
}

async function route() {
  if (!ctx.session) return;
  renderHeader();
  const view = currentView();
  const el = main();
  show(el, h('p', { class: 'muted' }, t('loading')));
  document.title = `${t(`nav.${view.id}`)} – ${t('title')}`;
  try {
    await view.render(ctx, el);
  } catch (e) {
    ctx.failed(el, e);
  }
}

function switchLanguage() {
  setLanguage(language() === 'nb' ? 'en' : 'nb');
  route();
}

async function signOut() {
  try {
    await del('/session');
  } catch {
    /* the session may have ended already */
  }
  ctx.session = null;
  setCsrf('');
  start();
}

async function signedIn(session) {
  ctx.session = session;
  setCsrf(session.csrf);
  const { sites } = await get('/sites');
  ctx.sites = sites;
  ctx.site = sites[0] || null;
  route();
}

async function start(notice) {
  show(top());
  try {
    const session = await get('/session');
    await signedIn(session);
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) {
      renderLogin(main(), signedIn, notice);
    } else {
      ctx.failed(main(), e);
    }
  }
}

setLanguage(savedLanguage());
window.addEventListener('hashchange', route);
start();
