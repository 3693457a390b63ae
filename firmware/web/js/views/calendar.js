// Week and Month: opening hours per desk, day by day, with public holidays, special days and the
// two daylight-saving Sundays marked; and the roster per rota, with overrides, swaps and one-off
// shifts told apart from the rotation (by a word, not only a colour).
import { h, show } from '../dom.js';
import { get, query } from '../api.js';
import { t } from '../i18n.js';
import {
  addDays, dateOf, dayLabel, firstOfMonth, isoWeek, lastOfMonth, mondayOf, monthLabel, timeOf,
} from '../time.js';

const anchors = { week: null, month: null };

function range(kind, anchor) {
  if (kind === 'week') {
    const first = mondayOf(anchor);
    return { first, last: addDays(first, 6), title: t('cal.week', { n: isoWeek(first) }) };
  }
  return { first: firstOfMonth(anchor), last: lastOfMonth(anchor), title: monthLabel(anchor) };
}

function step(kind, anchor, n) {
  if (kind === 'week') return addDays(anchor, 7 * n);
  const [y, m] = anchor.split('-').map(Number);
  const d = new Date(Date.UTC(y, m - 1 + n, 1));
  return d.toISOString().slice(0, 10);
}

function dayCell(day) {
  const marks = [];
  if (day.holiday) marks.push(h('span', { class: 'tag holiday' }, day.holiday));
  if (day.special_day) marks.push(h('span', { class: 'tag special' }, day.special_day));
  if (day.clock_change) {
    marks.push(h('span', { class: 'tag dst', title: day.clock_change },
      t('cal.dst', { what: `${day.hours} h` })));
  }
  return h('th', { scope: 'row', class: `day type-${day.day_type}` },
    dayLabel(day.date), marks.length ? h('br') : null, marks);
}

// The open runs that start on each date: "08:00–23:00", with gaps marked.
function openRuns(desk) {
  const byDate = new Map();
  let run = null;
  for (const seg of desk.segments) {
    if (!seg.open) {
      run = null;
      continue;
    }
    if (!run) {
      run = { start: seg.start, end: seg.end, gaps: [] };
      const date = dateOf(seg.start);
      if (!byDate.has(date)) byDate.set(date, []);
      byDate.get(date).push(run);
    }
    run.end = seg.end;
    if (seg.coverage_gap) run.gaps.push(seg);
  }
  return byDate;
}

function hoursTable(cal) {
  const runs = cal.desks.map(openRuns);
  return h('table', { class: 'grid', id: 'cal-hours' },
    h('caption', {}, t('cal.hours_title')),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('cal.day')),
      cal.desks.map((d) => h('th', { scope: 'col' }, d.name)))),
    h('tbody', {}, cal.days.map((day) => h('tr', {}, dayCell(day),
      runs.map((byDate) => {
        const list = byDate.get(day.date) || [];
        if (!list.length) return h('td', { class: 'closed' }, t('cal.closed_day'));
        return h('td', { class: list.some((r) => r.gaps.length) ? 'open has-gap' : 'open' },
          list.map((r) => h('div', {}, `${timeOf(r.start)}–${timeOf(r.end)}`,
            r.gaps.map((g) => h('div', { class: 'tag gap' },
              `${t('gap')} ${timeOf(g.start)}–${timeOf(g.end)}`)))));
      })))));
}

function rosterTable(cal, rota) {
  const first = cal.days[0].date;
  const cells = rota.roles.map((role) => {
    const byDate = new Map();
    for (const duty of role.duty) {
      let date = dateOf(duty.start);
      if (date < first) date = first;
      if (!byDate.has(date)) byDate.set(date, []);
      byDate.get(date).push(duty);
    }
    return byDate;
  });
  return h('table', { class: 'grid roster', id: `cal-rota-${rota.id}` },
    h('caption', {}, `${t('cal.roster')}: ${rota.name}`),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('cal.day')),
      rota.roles.map((r) => h('th', { scope: 'col' }, r.name)))),
    h('tbody', {}, cal.days.map((day) => h('tr', {}, dayCell(day),
      cells.map((byDate) => h('td', {}, (byDate.get(day.date) || []).map((d) =>
        h('div', { class: `duty src-${d.source}`, title: d.reason || d.note || '' },
          h('span', { class: 'time' }, `${timeOf(d.start)}→${timeOf(d.end)}`), ' ', d.name,
          d.source !== 'rotation'
            ? h('span', { class: `tag src-${d.source}` }, t(`source.${d.source}`)) : null))))))));
}

export async function renderCalendar(ctx, el, kind) {
  if (!anchors[kind]) {
    const who = await get('/who');
    anchors[kind] = dateOf(who.instant);
  }
  const r = range(kind, anchors[kind]);
  const cal = await get(`/sites/${encodeURIComponent(ctx.site.id)}/calendar` +
    query({ from: r.first, to: r.last }));
  const go = (n) => () => {
    anchors[kind] = n === 0 ? null : step(kind, anchors[kind], n);
    ctx.rerender();
  };
  show(el,
    h('div', { class: 'toolbar' },
      h('h1', { id: 'cal-title' }, r.title),
      h('button', { type: 'button', id: 'cal-prev', onclick: go(-1) }, `‹ ${t('cal.prev')}`),
      h('button', { type: 'button', id: 'cal-today', onclick: go(0) }, t('cal.today')),
      h('button', { type: 'button', id: 'cal-next', onclick: go(1) }, `${t('cal.next')} ›`)),
    h('p', { class: 'legend' }, `${t('cal.legend')}: `,
      ['override', 'swap', 'shift'].map((s) => h('span', { class: `tag src-${s}` }, t(`source.${s}`))),
      h('span', { class: 'tag holiday' }, t('day.holiday')),
      h('span', { class: 'tag special' }, t('day.special')),
      h('span', { class: 'tag gap' }, t('gap'))),
    h('div', { class: 'scroll' }, hoursTable(cal)),
    cal.rotas.map((rota) => h('div', { class: 'scroll' }, rosterTable(cal, rota))));
}
