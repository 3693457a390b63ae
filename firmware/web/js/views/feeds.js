// Calendars: a duty calendar (iCalendar) for a person or a desk at a secret address that a phone's
// calendar subscribes to; the address is shown once, when it is made. The feeds made, and revoking
// one. Schedulers make feeds; an administrator sees and revokes everyone's.
import { h, show } from '../dom.js';
import { ApiError, del, get, post, query } from '../api.js';
import { t } from '../i18n.js';

let made = null;  // the feed just made: its address is shown this once

export async function renderFeeds(ctx, el) {
  const site = ctx.site;
  const [{ content }, { feeds }] = await Promise.all([
    get(`/sites/${encodeURIComponent(site.id)}/schedule`),
    get('/feeds' + query({ site: site.id })),
  ]);
  const message = h('p', { id: 'feeds-message', class: 'error', role: 'alert' });
  const people = content.people.map((p) => ({ value: `person:${p.id}`, label: `${p.name} (${p.id})` }));
  const desks = content.lines.flatMap((l) => l.desks.map((d) => ({
    value: `desk:${l.number}:${d.id}`, label: `${d.name} (${l.name})`,
  })));
  const subject = h('select', { id: 'feed-subject' },
    h('optgroup', { label: t('feeds.people') },
      people.map((o) => h('option', { value: o.value }, o.label))),
    h('optgroup', { label: t('feeds.desks') },
      desks.map((o) => h('option', { value: o.value }, o.label))));
  const form = h('form', { class: 'card', id: 'feed-add', novalidate: true },
    h('h2', {}, t('feeds.add')),
    h('div', { class: 'field' }, h('label', { for: 'feed-subject' }, t('feeds.subject')), subject),
    message,
    h('button', { type: 'submit', id: 'feed-create' }, t('feeds.create')));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const [kind, a, b] = subject.value.split(':');
    const body = kind === 'person' ? { site: site.id, person: a } : { site: site.id, line: a, desk: b };
    try {
      const feed = await post('/feeds', body);
      made = { ...feed, url: new URL(feed.url, location.origin).href };
      ctx.rerender();
    } catch (err) {
      if (!(err instanceof ApiError) || err.status === 401) throw err;
      message.textContent = err.message;
    }
  });
  const news = made ? h('section', { class: 'card notice', id: 'feed-made', role: 'status' },
    h('p', {}, t('feeds.made')),
    h('p', {}, h('label', { for: 'feed-url' }, t('feeds.url'))),
    h('input', { id: 'feed-url', readonly: true, value: made.url, class: 'wide' }),
    h('p', { class: 'muted' }, t('feeds.how'))) : null;
  made = null;
  const revoke = async (f) => {
    try {
      await del(`/feeds/${f.id}`);
      ctx.rerender();
    } catch (err) {
      if (!(err instanceof ApiError) || err.status === 401) throw err;
      message.textContent = err.message;
    }
  };
  show(el, h('h1', {}, t('feeds.title')), news, form,
    h('div', { class: 'scroll' }, h('table', { class: 'grid', id: 'feeds' },
      h('caption', {}, t('feeds.list')),
      h('thead', {}, h('tr', {}, ['feeds.id', 'feeds.subject', 'feeds.created', 'feeds.by',
        'feeds.fetched', 'feeds.state'].map((k) => h('th', { scope: 'col' }, t(k))), h('th', {}))),
      h('tbody', {}, feeds.map((f) => h('tr', { class: f.revoked ? 'revoked' : '' },
        h('td', {}, String(f.id)),
        h('td', {}, f.person ? f.person : `${f.desk} (${f.line})`),
        h('td', {}, f.created), h('td', {}, f.created_by), h('td', {}, f.last_fetched || ''),
        h('td', {}, f.revoked ? t('feeds.revoked', { by: f.revoked_by }) : t('feeds.active')),
        h('td', {}, f.revoked ? null : h('button', {
          type: 'button', id: `revoke-${f.id}`, onclick: () => revoke(f),
        }, t('feeds.revoke')))))))));
}
