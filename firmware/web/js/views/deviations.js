// Deviations: the site's deviation candidates over a month (calls that reached nobody while open,
// nobody on duty, long waits, ...), each with its calls by call-log id and time (never a caller's
// number) and its review, and a decision on each: filed (with the deviation system's reference),
// dismissed (with the reason) or explained (with the explanation). Only schedulers and
// administrators see candidates; every read of them is audited by the service.
import { h, show } from '../dom.js';
import { ApiError, get, put, query } from '../api.js';
import { t } from '../i18n.js';
import { dateOf, dayLabel, firstOfMonth, lastOfMonth, timeOf } from '../time.js';

const STATUSES = ['open', 'filed', 'dismissed', 'explained'];
// The decisions and the field of the body each takes (as the service's review_json()).
const NOTES = { filed: 'reference', dismissed: 'reason', explained: 'explanation' };

let chosenMonth = null;  // "YYYY-MM", kept while the page is open
let chosenStatus = '';
let decided = '';

// "man. 4. jan. 09:00–09:02" (one time for one call), or both dates when it ends on another day.
function spanLabel(start, end) {
  const from = `${dayLabel(dateOf(start))} ${timeOf(start)}`;
  if (start === end) return from;
  if (dateOf(end) === dateOf(start)) return `${from}–${timeOf(end)}`;
  return `${from} – ${dayLabel(dateOf(end))} ${timeOf(end)}`;
}

function reviewText(review) {
  if (!review) return '';
  const note = review[NOTES[review.decision]];
  return t('dev.reviewed', {
    note, by: review.by, at: `${review.at.slice(0, 10)} ${review.at.slice(11, 16)} UTC`,
  });
}

// The form that decides on candidate number `i`; `done` runs after the service took it.
function decisionForm(site, d, i, done) {
  const id = `dev-${i}`;
  const decision = h('select', { id: `${id}-decision`, name: 'decision' },
    Object.keys(NOTES).map((k) => h('option', {
      value: k, selected: d.review ? d.review.decision === k : k === 'filed',
    }, t(`dev.decide.${k}`))));
  const noteLabel = h('label', { for: `${id}-note` });
  const note = h('input', {
    type: 'text', id: `${id}-note`, name: 'note', class: 'wide', maxlength: 2000,
    'aria-describedby': `${id}-note-error`,
  });
  const labelNote = () => { noteLabel.textContent = t(`dev.note.${decision.value}`); };
  decision.addEventListener('change', labelNote);
  labelNote();
  const error = h('span', { class: 'field-error', id: `${id}-note-error`, role: 'alert' });
  const general = h('p', { class: 'error', id: `${id}-error`, role: 'alert' });
  const submit = h('button', { type: 'submit', id: `${id}-decide` }, t('dev.decide'));
  const form = h('form', { class: 'decide', id: `${id}-form`, novalidate: true },
    h('div', { class: 'field' }, h('label', { for: `${id}-decision` }, t('dev.decision')), decision),
    h('div', { class: 'field', dataset: { field: 'note' } }, noteLabel, note, error),
    general, submit);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    error.textContent = '';
    general.textContent = '';
    note.removeAttribute('aria-invalid');
    submit.disabled = true;
    try {
      await put(`/sites/${encodeURIComponent(site)}/deviations/${encodeURIComponent(d.key)}/review`,
        { decision: decision.value, [NOTES[decision.value]]: note.value });
      await done(t('dev.decided', { status: t(`dev.status.${decision.value}`) }));
    } catch (err) {
      submit.disabled = false;
      if (!(err instanceof ApiError) || err.status === 0 || err.status === 401) throw err;
      // A refusal of the note (its pointer names the decision's field) is shown next to it.
      if (Object.values(NOTES).some((n) => err.pointer === `/${n}`)) {
        error.textContent = err.message;
        note.setAttribute('aria-invalid', 'true');
        note.focus();
      } else {
        general.textContent = err.message;
      }
    }
  });
  return form;
}

function candidate(ctx, d, i) {
  const site = ctx.site.id;
  const done = async (message) => {
    decided = message;
    ctx.rerender();
  };
  return h('li', { class: `card deviation severity-${d.severity}`, id: `dev-${i}`, dataset: { key: d.key } },
    h('h2', {}, t(`dev.cat.${d.category}`), ' ',
      h('span', { class: `tag sev-${d.severity}` }, t(`dev.sev.${d.severity}`)), ' ',
      h('span', { class: `tag st-${d.status}`, id: `dev-${i}-status` }, t(`dev.status.${d.status}`))),
    h('p', { class: 'when' }, spanLabel(d.start, d.end)),
    h('p', {}, d.description),
    d.calls.length ? h('p', { class: 'muted' }, t('dev.calls'), ' ',
      d.calls.map((c, n) => [n ? ', ' : '',
        `#${c.id} ${timeOf(c.arrived)} (${t(`outcome.${c.outcome}`)})`])) : null,
    d.review ? h('p', { id: `dev-${i}-review` }, reviewText(d.review)) : null,
    ctx.may('scheduler') ? decisionForm(site, d, i, done) : null);
}

export async function renderDeviations(ctx, el) {
  if (!chosenMonth) chosenMonth = dateOf((await get('/who')).instant).slice(0, 7);
  const first = firstOfMonth(`${chosenMonth}-01`);
  const answer = await get(`/sites/${encodeURIComponent(ctx.site.id)}/deviations` +
    query({ from: first, to: lastOfMonth(first), status: chosenStatus }));
  const month = h('input', { type: 'month', id: 'dev-month', value: chosenMonth });
  month.addEventListener('change', () => {
    if (/^\d{4}-\d{2}$/.test(month.value)) {
      chosenMonth = month.value;
      ctx.rerender();
    }
  });
  const status = h('select', { id: 'dev-status' },
    h('option', { value: '' }, t('dev.status.all')),
    STATUSES.map((s) => h('option', { value: s, selected: s === chosenStatus }, t(`dev.status.${s}`))));
  status.addEventListener('change', () => {
    chosenStatus = status.value;
    ctx.rerender();
  });
  const news = decided
    ? h('p', { class: 'notice', id: 'dev-decided', role: 'status' }, decided) : null;
  decided = '';
  const list = answer.deviations;
  show(el,
    h('div', { class: 'toolbar' }, h('h1', {}, t('dev.title')),
      h('label', { for: 'dev-month' }, t('dev.month')), month,
      h('label', { for: 'dev-status' }, t('dev.status')), status),
    news,
    h('p', { class: 'muted' }, t('dev.note', { n: answer.calls_read })),
    list.length === 0
      ? h('p', { id: 'dev-none' }, t('dev.none'))
      : h('ul', { class: 'deviations', id: 'deviations' }, list.map((d, i) => candidate(ctx, d, i))));
}
