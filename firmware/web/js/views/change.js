// Change: cover a shift, swap two shifts, add a one-off shift, add a special day, change the hours
// from a date, import a roster file. Each form is checked by the service exactly as the API
// checks it; the preview (routing difference in words, coverage gaps, the weeks affected) comes
// before anything is published, and a refusal is shown next to the field it concerns.
import { clear, h, show } from '../dom.js';
import { ApiError, get, post } from '../api.js';
import { t } from '../i18n.js';
import { heatmap } from '../heatmap.js';

const FORMS = [
  { id: 'override', role: 'scheduler' },
  { id: 'swap', role: 'scheduler' },
  { id: 'shift', role: 'scheduler' },
  { id: 'import', role: 'scheduler' },
  { id: 'special_day', role: 'administrator' },
  { id: 'hours', role: 'administrator' },
];

let chosen = 'override';
let published = '';

const options = (list, blank) => [
  blank !== undefined ? h('option', { value: '' }, blank) : null,
  list.map((o) => h('option', { value: o.id }, o.name ? `${o.name} (${o.id})` : o.id)),
];

// A labelled control with its place for a message.
function field(form, name, label, control, hint) {
  const id = `${form}-${name}`;
  control.id = id;
  control.name = name;
  const error = h('span', { class: 'field-error', id: `${id}-error`, role: 'alert' });
  control.setAttribute('aria-describedby', `${id}-error`);
  return h('div', { class: 'field', dataset: { field: name } },
    h('label', { for: id }, label), control, hint ? h('small', {}, hint) : null, error);
}

const input = (attrs) => h('input', attrs);
const select = (children, attrs = {}) => h('select', attrs, children);

function windows(text) {
  return text.split(/[,;\s]+/).map((w) => w.trim()).filter(Boolean);
}

function build(kind, content) {
  const rotas = content.rotas;
  const rotaSelect = () => select(options(rotas));
  const roleSelect = (rotaEl) => {
    const el = select([]);
    const fillRoles = () => {
      const rota = rotas.find((r) => r.id === rotaEl.value) || rotas[0];
      clear(el).append(...options(rota ? rota.roles : []).flat().filter(Boolean));
    };
    rotaEl.addEventListener('change', fillRoles);
    fillRoles();
    return el;
  };
  const people = () => select(options(content.people));
  switch (kind) {
    case 'override': {
      const rota = rotaSelect();
      const f = {
        rota, role: roleSelect(rota), person: people(),
        start: input({ type: 'datetime-local', required: true }),
        end: input({ type: 'datetime-local', required: true }),
        replaces: select(options(content.people, t('f.anyone'))),
        reason: input({ type: 'text', required: true }),
      };
      return {
        fields: [['rota', 'f.rota'], ['role', 'f.role'], ['person', 'f.person'],
          ['start', 'f.start'], ['end', 'f.end'], ['replaces', 'f.replaces'],
          ['reason', 'f.reason']].map(([n, l]) => field(kind, n, t(l), f[n])),
        change: () => ({
          kind: 'override_add', rota: f.rota.value, role: f.role.value, person: f.person.value,
          start: f.start.value, end: f.end.value, reason: f.reason.value,
          ...(f.replaces.value ? { replaces: f.replaces.value } : {}),
        }),
      };
    }
    case 'swap': {
      const rota = rotaSelect();
      const f = {
        rota, role: roleSelect(rota),
        first: input({ type: 'datetime-local', required: true }),
        second: input({ type: 'datetime-local', required: true }),
        reason: input({ type: 'text', required: true }),
      };
      return {
        fields: [['rota', 'f.rota'], ['role', 'f.role'], ['first', 'f.first'],
          ['second', 'f.second'], ['reason', 'f.reason']].map(([n, l]) => field(kind, n, t(l), f[n])),
        change: () => ({
          kind: 'swap_add', rota: f.rota.value, role: f.role.value,
          occurrences: [f.first.value, f.second.value], reason: f.reason.value,
        }),
        pointers: { occurrences: 'first' },
      };
    }
    case 'shift': {
      const rota = rotaSelect();
      const f = {
        rota, role: roleSelect(rota), person: people(),
        start: input({ type: 'datetime-local', required: true }),
        end: input({ type: 'datetime-local', required: true }),
        note: input({ type: 'text' }),
      };
      return {
        fields: [['rota', 'f.rota'], ['role', 'f.role'], ['person', 'f.person'],
          ['start', 'f.start'], ['end', 'f.end'], ['note', 'f.note']]
          .map(([n, l]) => field(kind, n, t(l), f[n])),
        change: () => ({
          kind: 'shift_add', rota: f.rota.value, role: f.role.value, person: f.person.value,
          start: f.start.value, end: f.end.value, ...(f.note.value ? { note: f.note.value } : {}),
        }),
      };
    }
    case 'special_day': {
      const f = {
        name: input({ type: 'text', required: true }),
        date: input({ type: 'date', required: true }),
        last: input({ type: 'date' }),
        treatment: select(['holiday', 'sunday', 'saturday', 'weekday', 'closed', 'own']
          .map((v) => h('option', { value: v }, t(`treat.${v}`)))),
        windows: input({ type: 'text', placeholder: '10:00-15:00' }),
      };
      return {
        fields: [['name', 'f.name'], ['date', 'f.date'], ['last', 'f.last'],
          ['treatment', 'f.treatment'], ['windows', 'f.windows']]
          .map(([n, l]) => field(kind, n, t(l), f[n])),
        change: () => {
          const c = {
            kind: 'special_day_add', name: f.name.value,
            date: f.last.value ? [f.date.value, f.last.value] : f.date.value,
          };
          const how = f.treatment.value;
          if (how === 'closed') c.hours = [];
          else if (how === 'own') c.hours = windows(f.windows.value);
          else c.treat_as = how;
          return c;
        },
        pointers: { treat_as: 'treatment', hours: 'windows' },
      };
    }
    case 'hours': {
      const desks = content.lines.flatMap((l) => l.desks.map((d) => ({ ...d, line: l.number })));
      const f = {
        line: select(options(content.lines.map((l) => ({ id: l.number, name: l.name })))),
        desk: select(options(desks, t('f.desk_all'))),
        from: input({ type: 'date', required: true }),
        weekday: input({ type: 'text', placeholder: '08:00-23:00' }),
        saturday: input({ type: 'text', placeholder: '10:00-18:00' }),
        sunday: input({ type: 'text', placeholder: '10:00-18:00' }),
        holiday: input({ type: 'text', placeholder: '10:00-18:00' }),
      };
      return {
        fields: [['line', 'f.line'], ['desk', 'f.desk'], ['from', 'f.from'], ['weekday', 'f.weekday'],
          ['saturday', 'f.saturday'], ['sunday', 'f.sunday'], ['holiday', 'f.holiday']]
          .map(([n, l]) => field(kind, n, t(l), f[n])),
        change: () => ({
          kind: 'hours_set', line: f.line.value, ...(f.desk.value ? { desk: f.desk.value } : {}),
          from: f.from.value,
          hours: Object.fromEntries(['weekday', 'saturday', 'sunday', 'holiday']
            .map((d) => [d, windows(f[d].value)])),
        }),
      };
    }
    case 'import': {
      const f = {
        rota: rotaSelect(),
        file: input({ type: 'file', accept: '.csv,.ics,text/csv,text/calendar', required: true }),
      };
      return {
        fields: [['rota', 'f.rota'], ['file', 'f.file']].map(([n, l]) => field(kind, n, t(l), f[n])),
        importer: async () => {
          const file = f.file.files[0];
          if (!file) throw new ApiError(400, t('f.file'), '/text');
          return {
            format: /\.(ics|ical|ifb)$/i.test(file.name) ? 'ical' : 'csv', source: file.name,
            rota: f.rota.value, text: await file.text(),
          };
        },
        pointers: { text: 'file', source: 'file' },
      };
    }
    default:
      return null;
  }
}

function clearErrors(form) {
  for (const el of form.querySelectorAll('.field-error')) el.textContent = '';
  for (const el of form.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
}

// Shows a refusal next to its field when its pointer names one, else above the buttons.
// The field a refusal concerns: the request's pointer (/change/person), or, for what the loader
// found in the site after the change, the last member of its document pointer
// ("site after the change: /rotas/0/overrides/2/end: ...").
function fieldOf(form, spec, error) {
  const names = [];
  const m = /^\/change\/([^/]+)/.exec(error.pointer || '') || /^\/([^/]+)/.exec(error.pointer || '');
  if (m) names.push(m[1]);
  const loader = /site after the change: \/\S*\/([a-z_]+)(?:\/\d+)?:/.exec(error.message || '');
  if (loader) names.push(loader[1]);
  for (const raw of names) {
    const name = (spec.pointers && spec.pointers[raw]) || raw;
    const place = form.querySelector(`[data-field="${name}"]`);
    if (place) return place;
  }
  return null;
}

function showError(form, spec, error, general) {
  const place = fieldOf(form, spec, error);
  if (place) {
    place.querySelector('.field-error').textContent = error.message;
    place.querySelector('input, select').setAttribute('aria-invalid', 'true');
    place.querySelector('input, select').focus();
  } else {
    general.textContent = error.message;
  }
  if (error.body && Array.isArray(error.body.problems)) {
    general.append(h('p', {}, t('change.problems', { n: error.body.problems.length })),
      h('ul', { id: 'import-problems' }, error.body.problems.map((p) =>
        h('li', {}, `${p.line ? `${p.line}: ` : ''}${p.message}`))));
  }
}

function previewPanel(answer, zone, onConfirm) {
  const p = answer.preview || {};
  const gaps = answer.gaps_opened || 0;
  const confirmGaps = gaps > 0
    ? h('label', { class: 'check' }, h('input', { type: 'checkbox', id: 'confirm-gaps' }),
        ' ', t('change.confirm_gaps'))
    : null;
  const comment = h('input', { type: 'text', id: 'change-comment' });
  const publish = h('button', { type: 'button', id: 'change-confirm', class: 'primary' },
    t('change.confirm'));
  publish.addEventListener('click', () => onConfirm({
    confirm_gaps: confirmGaps ? confirmGaps.querySelector('input').checked : false,
    comment: comment.value,
  }, publish));
  return h('section', { class: 'card preview', id: 'preview', 'aria-live': 'polite' },
    h('h2', {}, answer.summary || ''),
    answer.shifts ? h('p', {}, t('change.shifts', { n: answer.shifts })) : null,
    p.changes_routing === false
      ? h('p', {}, t('change.no_effect', { d: p.horizon_days || 90 })) : null,
    h('pre', { class: 'preview-text', id: 'preview-text' }, answer.preview_text || ''),
    gaps ? h('p', { class: 'alert' }, t('change.gaps_opened', { n: gaps })) : null,
    heatmap(p, zone),
    h('div', { class: 'field' }, h('label', { for: 'change-comment' }, t('f.comment')), comment),
    confirmGaps, publish);
}

export async function renderChange(ctx, el) {
  const site = ctx.site;
  const path = `/sites/${encodeURIComponent(site.id)}`;
  const { version, content } = await get(`${path}/schedule`);
  const base = version.id;
  const zone = content.site ? content.site.zone : 'Europe/Oslo';
  const forms = FORMS.filter((f) => ctx.may(f.role));
  if (!forms.some((f) => f.id === chosen)) chosen = forms[0].id;
  const spec = build(chosen, content);
  const general = h('div', { class: 'error', id: 'change-error', role: 'alert' });
  const result = h('div', { id: 'change-result' });
  const previewButton = h('button', { type: 'submit', id: 'change-preview' }, t('change.preview'));
  const form = h('form', { class: 'card', id: `form-${chosen}`, novalidate: true },
    h('h2', {}, t(`change.${chosen}`)), spec.fields, general, previewButton);

  const send = async (publish, extra) => {
    if (spec.importer) {
      const file = await spec.importer();
      return post(`${path}/roster-import`, { base, publish, ...file, ...extra });
    }
    const body = { base, change: spec.change(), ...extra };
    return post(`${path}/${publish ? 'changes' : 'preview'}`, body);
  };
  const refused = (e) => {
    if (!(e instanceof ApiError) || e.status === 0 || e.status === 401) throw e;
    if (e.status === 409 && e.body && e.body.current) general.textContent = t('change.stale');
    else showError(form, spec, e, general);
  };

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(form);
    general.textContent = '';
    clear(result);
    previewButton.disabled = true;
    try {
      const answer = await send(false, {});
      result.append(previewPanel(answer, zone, async (choice, button) => {
        button.disabled = true;
        try {
          const extra = { confirm_gaps: choice.confirm_gaps };
          if (choice.comment) extra.comment = choice.comment;
          const done = await send(true, extra);
          // The form again, from the version just published, with the news above it.
          published = t('change.published', { v: done.version });
          ctx.rerender();
        } catch (err) {
          button.disabled = false;
          refused(err);
        }
      }));
      result.querySelector('#change-confirm').focus();
    } catch (err) {
      try {
        refused(err);
      } catch (fatal) {
        ctx.failed(result, fatal);
      }
    } finally {
      previewButton.disabled = false;
    }
  });

  const news = published
    ? h('p', { class: 'notice', id: 'change-published', role: 'status' }, published) : null;
  published = '';
  show(el,
    h('h1', {}, t('change.title')), news,
    h('div', { class: 'tabs', role: 'group', 'aria-label': t('change.title') },
      forms.map((f) => h('button', {
        type: 'button', id: `tab-${f.id}`, 'aria-pressed': f.id === chosen ? 'true' : 'false',
        onclick: () => { chosen = f.id; ctx.rerender(); },
      }, t(`change.${f.id}`)))),
    form, result);
}
