// The weeks a change touches, as an SVG picture: a row per local day, a column per local hour,
// marked where routing changes and where a coverage gap opens. Drawn from the preview's own
// intervals, hour by hour in the site's zone (so the 23- and 25-hour days come out right).
import { h, s } from './dom.js';
import { t } from './i18n.js';
import { addDays, dayLabel, localHour, mondayOf } from './time.js';

const CELL = 14;
const LABEL = 96;
const HEAD = 16;
const MAX_WEEKS = 8;
const HOUR = 3600000;

function mark(cells, interval, zone, kind) {
  const end = Date.parse(interval.end);
  for (let ms = Date.parse(interval.start); ms < end; ms += HOUR) {
    const { date, hour } = localHour(ms, zone);
    const key = `${date} ${hour}`;
    if (cells.get(key) !== 'gap') cells.set(key, kind);
  }
}

export function heatmap(preview, zone) {
  const cells = new Map();
  for (const iv of preview.intervals || []) mark(cells, iv, zone, 'changed');
  for (const gap of preview.gaps_opened || []) mark(cells, gap, zone, 'gap');
  if (!cells.size) return null;
  const weeks = [...new Set([...cells.keys()].map((k) => mondayOf(k.slice(0, 10))))].sort()
    .slice(0, MAX_WEEKS);
  const rows = weeks.flatMap((monday) => [0, 1, 2, 3, 4, 5, 6].map((d) => addDays(monday, d)));
  const width = LABEL + 24 * CELL + 2;
  const height = HEAD + rows.length * CELL + (weeks.length - 1) * 6 + 2;
  const svg = s('svg', {
    class: 'heatmap', id: 'preview-heatmap', viewBox: `0 0 ${width} ${height}`, width, height,
    role: 'img', 'aria-label': t('change.heatmap'),
  }, s('title', {}, t('change.heatmap')));
  for (let hour = 0; hour < 24; hour += 3) {
    svg.append(s('text', { x: LABEL + hour * CELL + 1, y: 11, class: 'hm-hour' },
      String(hour).padStart(2, '0')));
  }
  let y = HEAD;
  rows.forEach((date, i) => {
    if (i > 0 && i % 7 === 0) y += 6;
    svg.append(s('text', { x: 0, y: y + CELL - 3, class: 'hm-day' }, dayLabel(date)));
    for (let hour = 0; hour < 24; ++hour) {
      const kind = cells.get(`${date} ${hour}`) || 'same';
      svg.append(s('rect', {
        x: LABEL + hour * CELL, y, width: CELL - 1, height: CELL - 1, class: `hm-${kind}`,
      }, s('title', {}, `${date} ${String(hour).padStart(2, '0')}:00 ${t(`change.heat_${kind}`)}`)));
    }
    y += CELL;
  });
  return h('figure', { class: 'heatmap' }, svg,
    h('figcaption', {}, t('change.heatmap'), ': ',
      ['changed', 'gap', 'same'].map((k) => h('span', { class: `key hm-key-${k}` }, t(`change.heat_${k}`)))));
}
