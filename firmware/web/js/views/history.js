// History: the site's published versions, newest first, and for administrators the audit trail
// with each change's difference and its effect on routing, and undo (publish an earlier version
// again).
import { h, show } from '../dom.js';
import { ApiError, get, post, query } from '../api.js';
import { t } from '../i18n.js';

const PAGE = 50;
const AUDIT_PAGE = 1000;
const AUDIT_SHOWN = 100;

// A change's fields as "pointer: before → after"; any other entry's detail (a read of the call
// log, a retention purge's counts) as "key: value", one a line.
function fieldsText(detail) {
  if (!detail || typeof detail !== 'object') return '';
  if (Array.isArray(detail.fields)) {
    return detail.fields.map((f) => `${f.pointer}: ${JSON.stringify(f.before)} → ${JSON.stringify(f.after)}`)
      .join('\n');
  }
  if (detail.kind !== undefined) return '';
  return Object.entries(detail)
    .map(([k, v]) => `${k}: ${v !== null && typeof v === 'object' ? JSON.stringify(v) : v}`)
    .join('\n');
}

// The entries of the trail shown with a site's history: the site's own, and the unit's entries
// about the call log (reads, exports, retention purges), which belong to no site.
function shown(entry, site) {
  return entry.site === site || (entry.site === null && entry.action.startsWith('call_log_'));
}

// The newest entries of the trail for the site (the API pages oldest first).
async function recentAudit(site) {
  let after = 0;
  let kept = [];
  for (;;) {
    const { entries } = await get('/audit' + query({ after, limit: AUDIT_PAGE }));
    kept = kept.concat(entries.filter((e) => shown(e, site))).slice(-AUDIT_SHOWN);
    if (entries.length < AUDIT_PAGE) break;
    after = entries[entries.length - 1].seq;
  }
  return kept.reverse();
}

export async function renderHistory(ctx, el, before) {
  const site = ctx.site;
  const { versions } = await get(`/sites/${encodeURIComponent(site.id)}/versions` +
    query({ limit: PAGE, before }));
  const current = versions.find((v) => v.published) || { id: site.version };
  const message = h('p', { id: 'history-message', role: 'status' });
  const undo = async (v) => {
    if (!window.confirm(t('hist.undo_confirm', { v: v.id }))) return;
    try {
      const done = await post(`/sites/${encodeURIComponent(site.id)}/rollback`,
        { base: current.id, version: v.id });
      message.textContent = t('hist.undone', { v: v.id, n: done.version });
      await renderHistory(ctx, el);
      el.prepend(message);
    } catch (e) {
      if (!(e instanceof ApiError) || e.status === 401) throw e;
      message.textContent = e.message;
    }
  };
  const rows = versions.map((v) => h('tr', { class: v.published ? 'current' : '' },
    h('td', {}, String(v.id), v.published ? h('span', { class: 'tag' }, t('hist.published')) : null),
    h('td', {}, v.created), h('td', {}, v.author), h('td', {}, v.comment),
    ctx.may('administrator')
      ? h('td', {}, v.published ? null : h('button', {
          type: 'button', class: 'undo', id: `undo-${v.id}`, onclick: () => undo(v),
        }, t('hist.undo')))
      : null));
  const more = versions.length === PAGE
    ? h('button', {
        type: 'button', onclick: () => renderHistory(ctx, el, versions[versions.length - 1].id),
      }, t('hist.more'))
    : null;
  let audit = null;
  if (ctx.may('administrator')) {
    const entries = await recentAudit(site.id);
    audit = h('div', { class: 'scroll' }, h('table', { class: 'grid', id: 'audit' },
      h('caption', {}, t('hist.audit')),
      h('thead', {}, h('tr', {}, ['hist.created', 'hist.author', 'hist.action', 'hist.version',
        'hist.comment', 'hist.change', 'hist.effect'].map((k) => h('th', { scope: 'col' }, t(k))))),
      h('tbody', {}, entries.map((e) => h('tr', {},
        h('td', {}, e.at), h('td', {}, `${e.user} (${e.source})`), h('td', {}, e.action),
        h('td', {}, e.version_to === null ? '' : `${e.version_from ?? '–'} → ${e.version_to}`),
        h('td', {}, e.comment),
        h('td', {}, h('pre', {}, fieldsText(e.detail))),
        h('td', {}, h('pre', {}, e.routing_effect || '')))))));
  }
  show(el, h('h1', {}, t('hist.title')), message,
    h('div', { class: 'scroll' }, h('table', { class: 'grid', id: 'versions' },
      h('caption', {}, t('hist.versions')),
      h('thead', {}, h('tr', {}, ['hist.version', 'hist.created', 'hist.author', 'hist.comment']
        .map((k) => h('th', { scope: 'col' }, t(k))), ctx.may('administrator') ? h('th', {}) : null)),
      h('tbody', {}, rows))),
    more, audit);
}
