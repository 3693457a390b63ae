// Calls: one local day of the call log (caller numbers as the unit keeps them, minimised) and
// the day's summary, and the statistics for the partners (statistics.js). Every read is
// audited by the service.
import { h, show } from '../dom.js';
import { get, query } from '../api.js';
import { t } from '../i18n.js';
import { addDays, dateOf, formatter, localHour } from '../time.js';
import { statisticsSection } from './statistics.js';

const PAGE = 1000;
let chosenDay = null;

// Every call whose arrival falls on local `day` (the API's dates are UTC days, so the one before
// is read too).
async function callsOn(day, zone) {
  const out = [];
  let after;
  for (;;) {
    const page = await get('/calls' + query({ from: addDays(day, -1), to: day, after, limit: PAGE }));
    out.push(...page.calls.filter((c) => localHour(Date.parse(c.arrived_utc), zone).date === day));
    if (page.next === null || page.next === undefined) break;
    after = page.next;
  }
  return out;
}

function localTime(iso, zone) {
  return formatter(zone, { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' })
    .format(new Date(iso));
}

function median(values) {
  if (!values.length) return null;
  const v = [...values].sort((a, b) => a - b);
  const m = Math.floor(v.length / 2);
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}

function summary(calls) {
  const counts = new Map();
  for (const c of calls) counts.set(c.outcome, (counts.get(c.outcome) || 0) + 1);
  const waits = calls.map((c) => c.wait_ms).filter((w) => typeof w === 'number');
  const med = median(waits);
  return h('section', { class: 'card', id: 'calls-summary' },
    h('h2', {}, t('calls.summary')),
    h('dl', { class: 'counts' },
      h('dt', {}, t('calls.total')), h('dd', { id: 'calls-total' }, String(calls.length)),
      [...counts].map(([outcome, n]) => [h('dt', {}, t(`outcome.${outcome}`)), h('dd', {}, String(n))]),
      med === null ? null : [h('dt', {}, `${t('calls.wait')} (median)`),
        h('dd', {}, `${(med / 1000).toFixed(1)} s`)]));
}

export async function renderCalls(ctx, el) {
  const zone = ctx.site.zone || 'Europe/Oslo';
  if (!chosenDay) chosenDay = dateOf((await get('/who')).instant);
  const calls = await callsOn(chosenDay, zone);
  const day = h('input', { type: 'date', id: 'calls-day', value: chosenDay });
  day.addEventListener('change', () => {
    if (day.value) {
      chosenDay = day.value;
      ctx.rerender();
    }
  });
  show(el,
    h('div', { class: 'toolbar' }, h('h1', {}, t('calls.title')),
      h('label', { for: 'calls-day' }, t('calls.day')), day),
    summary(calls),
    statisticsSection(ctx, chosenDay),
    h('p', { class: 'muted' }, t('calls.note')),
    calls.length === 0 ? h('p', {}, t('calls.none')) : h('div', { class: 'scroll' },
      h('table', { class: 'grid', id: 'calls' },
        h('thead', {}, h('tr', {}, ['calls.arrived', 'calls.caller', 'calls.desk', 'calls.outcome',
          'calls.answered_by', 'calls.wait'].map((k) => h('th', { scope: 'col' }, t(k))))),
        h('tbody', {}, calls.map((c) => h('tr', { class: `outcome-${c.outcome}` },
          h('td', {}, localTime(c.arrived_utc, zone)), h('td', {}, c.caller),
          h('td', {}, c.desk), h('td', {}, t(`outcome.${c.outcome}`)),
          h('td', {}, c.answered_person || ''),
          h('td', {}, typeof c.wait_ms === 'number' ? `${(c.wait_ms / 1000).toFixed(1)} s` : '')))))));
}
