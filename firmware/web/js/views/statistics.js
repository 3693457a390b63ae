// The statistics for the partners, in the Calls view: a month, quarter or year of the site and
// links to its JSON, CSV and printable report (made by the service; counts 1 to 4 as "<5").
import { h } from '../dom.js';
import { query } from '../api.js';
import { t } from '../i18n.js';

const KINDS = {
  month: { pattern: /^\d{4}-(0[1-9]|1[0-2])$/, example: '2027-03' },
  quarter: { pattern: /^\d{4}-Q[1-4]$/, example: '2027-Q1' },
  year: { pattern: /^\d{4}$/, example: '2027' },
};

let chosen = null;  // { kind, value }, kept while the page is open

// The month before `day` (YYYY-MM-DD): a report is usually for the last whole month.
function monthBefore(day) {
  const [y, m] = day.split('-').map(Number);
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

export function statisticsSection(ctx, day) {
  if (!chosen) chosen = { kind: 'month', value: monthBefore(day) };
  const path = (format) => `/api/v1/sites/${encodeURIComponent(ctx.site.id)}/statistics` +
    query({ [chosen.kind]: chosen.value, format });
  const links = h('p', { class: 'links', id: 'statistics-links' });
  const hint = h('p', { class: 'error', id: 'statistics-hint', role: 'alert' });
  const value = h('input', { type: 'text', id: 'statistics-period', value: chosen.value,
    'aria-describedby': 'statistics-hint', size: 9 });
  const kind = h('select', { id: 'statistics-kind' },
    Object.keys(KINDS).map((k) => h('option', { value: k, selected: k === chosen.kind },
      t(`stats.${k}`))));
  const update = () => {
    chosen = { kind: kind.value, value: value.value.trim() };
    const ok = KINDS[chosen.kind].pattern.test(chosen.value);
    hint.textContent = ok ? '' : t('stats.bad', { e: KINDS[chosen.kind].example });
    links.replaceChildren(...(ok ? [
      h('a', { href: path('html'), id: 'statistics-report' }, t('stats.report')), ' · ',
      h('a', { href: path('csv'), id: 'statistics-csv' }, 'CSV'), ' · ',
      h('a', { href: path('json'), id: 'statistics-json' }, 'JSON'),
    ] : []));
  };
  // Another kind keeps the year: 2027-03 → 2027-Q1 → 2027.
  kind.addEventListener('change', () => {
    const year = /^\d{4}/.test(value.value) ? value.value.slice(0, 4) : day.slice(0, 4);
    value.value = { month: `${year}-01`, quarter: `${year}-Q1`, year }[kind.value];
    update();
  });
  value.addEventListener('input', update);
  update();
  return h('section', { class: 'card', id: 'statistics' },
    h('h2', {}, t('stats.title')),
    h('div', { class: 'toolbar' },
      h('label', { for: 'statistics-kind' }, t('stats.kind')), kind,
      h('label', { for: 'statistics-period' }, t('stats.period')), value),
    hint, links,
    h('p', { class: 'muted' }, t('stats.note')));
}
