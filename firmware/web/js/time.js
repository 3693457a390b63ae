// Dates and times as the page shows them. The service gives instants as RFC 3339 in the site's
// local time with its offset ("2026-12-07T08:00:00+01:00"), so the wall clock is read from the
// text itself; calendar arithmetic is on dates alone ("2026-12-07"), in UTC, free of any zone.
import { language } from './i18n.js';

export const dateOf = (rfc) => rfc.slice(0, 10);
export const timeOf = (rfc) => rfc.slice(11, 16);

function utcDate(date) {
  return new Date(date + 'T00:00:00Z');
}

export function addDays(date, n) {
  const d = utcDate(date);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

// The Monday of the ISO week `date` is in.
export function mondayOf(date) {
  const wd = utcDate(date).getUTCDay() || 7;
  return addDays(date, 1 - wd);
}

export function isoWeek(date) {
  const thursday = addDays(mondayOf(date), 3);
  const jan1 = utcDate(thursday.slice(0, 4) + '-01-01');
  return 1 + Math.floor((utcDate(thursday) - jan1) / (7 * 86400000));
}

export function firstOfMonth(date) {
  return date.slice(0, 8) + '01';
}

export function lastOfMonth(date) {
  const d = utcDate(firstOfMonth(date));
  d.setUTCMonth(d.getUTCMonth() + 1);
  d.setUTCDate(0);
  return d.toISOString().slice(0, 10);
}

function locale() {
  return language() === 'en' ? 'en-GB' : 'nb-NO';
}

// "man. 7. des." / "Mon 7 Dec"
export function dayLabel(date, withYear = false) {
  const options = { timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'short' };
  if (withYear) options.year = 'numeric';
  return new Intl.DateTimeFormat(locale(), options).format(utcDate(date));
}

export function monthLabel(date) {
  return new Intl.DateTimeFormat(locale(), { timeZone: 'UTC', month: 'long', year: 'numeric' })
    .format(utcDate(date));
}

// "man. 7. des. 08:00" for an instant in the site's local time; only the time when on `today`.
export function whenLabel(rfc, today) {
  return dateOf(rfc) === today ? timeOf(rfc) : `${dayLabel(dateOf(rfc))} ${timeOf(rfc)}`;
}

// Making a formatter costs far more than using one: one per zone and kind, kept.
const formatters = new Map();
export function formatter(zone, options) {
  const key = zone + JSON.stringify(options);
  if (!formatters.has(key)) {
    formatters.set(key, new Intl.DateTimeFormat('en-CA', { timeZone: zone, ...options }));
  }
  return formatters.get(key);
}

// The local date and hour of an instant (milliseconds) in an IANA zone.
export function localHour(ms, zone) {
  const parts = formatter(zone, {
    year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', hourCycle: 'h23',
  }).formatToParts(new Date(ms));
  const get = (type) => parts.find((p) => p.type === type).value;
  return { date: `${get('year')}-${get('month')}-${get('day')}`, hour: Number(get('hour')) };
}
