// Now: every line and desk, open or closed, who is rung first and next and until when, and the
// next change (opening, closing, handover); a desk open with nobody on duty stands out.
import { h, show } from '../dom.js';
import { get, query } from '../api.js';
import { t } from '../i18n.js';
import { addDays, dateOf, timeOf, whenLabel } from '../time.js';

const names = (attempts) => attempts.map((a) => a.name).join(', ') || t('now.nobody');

function describeChange(from, to) {
  if (!from.open && to.open) return t('now.opens', { window: to.window || '' });
  if (from.open && !to.open) return t('now.closes');
  if (to.coverage_gap) return t('now.gap_from');
  return t('now.handover', { who: names(to.attempts) });
}

function deskCard(desk, nowMs, today) {
  const segments = desk.segments;
  const i = segments.findIndex((s) => Date.parse(s.start) <= nowMs && nowMs < Date.parse(s.end));
  const cur = segments[i];
  if (!cur) return null;
  const next = segments[i + 1];
  const state = cur.coverage_gap ? 'gap' : cur.open ? 'open' : 'closed';
  const body = [];
  if (cur.open && !cur.coverage_gap) {
    body.push(h('p', { class: 'label' }, t('now.rings'), ' ',
      h('span', { class: 'muted' }, t('now.until', { time: whenLabel(cur.end, today) }))));
    body.push(h('ol', { class: 'attempts' }, cur.attempts.map((a, n) =>
      h('li', { class: n === 0 ? 'first' : '' },
        h('strong', {}, a.name), ` – ${a.role_name}`,
        a.source !== 'rotation'
          ? h('span', { class: `tag src-${a.source}` }, t(`source.${a.source}`)) : null))));
  } else if (cur.coverage_gap) {
    body.push(h('p', { class: 'alert' }, t('gap'), '. ', t('now.gap_to', { fallback: cur.fallback })));
  } else {
    body.push(h('p', {}, t('now.closed_to', { fallback: cur.fallback })));
    const opening = segments.slice(i + 1).find((s) => s.open);
    if (opening) body.push(h('p', {}, t('now.on_opening', { who: names(opening.attempts) })));
  }
  if (next) {
    body.push(h('p', { class: 'next' },
      t('now.next', { time: whenLabel(next.start, today), what: describeChange(cur, next) })));
  }
  return h('section', { class: `card desk state-${state}`, id: `now-${desk.desk}`,
    'aria-labelledby': `now-${desk.desk}-title` },
  h('h2', { id: `now-${desk.desk}-title` }, desk.name,
    h('span', { class: `badge ${state}` }, t(state))),
  body);
}

// The unit's own state (samteld's status file, read by the admin service): a fault or a stopped
// daemon is the first thing on the page.
function unitBanner(unit) {
  if (!unit || unit.state === 'routing') return null;
  if (unit.state === 'unknown') {
    return h('p', { class: 'muted', id: 'unit-state' }, t('unit.unknown', { m: unit.message || '' }));
  }
  const faults = (unit.faults || []).map((f) => h('li', {}, `${f.message} (${t('unit.since')} ${f.since})`));
  return h('section', { class: 'card unit-fault', id: 'unit-state', role: 'alert' },
    h('h2', {}, unit.state === 'fault' ? t('unit.fault') : t('unit.stopped')),
    unit.message ? h('p', {}, unit.message) : null,
    faults.length ? h('ul', {}, faults) : null);
}

export async function renderNow(ctx, el) {
  const site = ctx.site;
  const [who, unit] = await Promise.all([get('/who'), get('/unit').catch(() => null)]);
  const today = dateOf(who.instant);
  const cal = await get(`/sites/${encodeURIComponent(site.id)}/calendar` +
    query({ from: today, to: addDays(today, 2) }));
  const nowMs = Date.parse(who.instant);
  const lines = new Map();
  for (const desk of cal.desks) {
    if (!lines.has(desk.line)) lines.set(desk.line, { name: desk.line_name, desks: [] });
    lines.get(desk.line).desks.push(desk);
  }
  show(el,
    unitBanner(unit),
    h('h1', {}, t('now.title'), ' ',
      h('small', { class: 'muted', id: 'now-time' },
        t('now.at', { time: `${today} ${timeOf(who.instant)}` }))),
    [...lines].map(([number, line]) => h('section', { class: 'line' },
      h('h2', { class: 'line-title' }, `${line.name} · ${t('now.line', { number })}`),
      h('div', { class: 'cards' }, line.desks.map((d) => deskCard(d, nowMs, today))))));
}
