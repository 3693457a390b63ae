// The page's words in Norwegian (bokmål, the default) and English. `t('key', {n: 3})` fills
// {n}; a key missing in English falls back to bokmål, and a missing key shows itself.
const nb = {
  title: 'Samhandlingstelefonen',
  'nav.now': 'Nå', 'nav.week': 'Uke', 'nav.month': 'Måned', 'nav.change': 'Endre',
  'nav.history': 'Historikk', 'nav.calls': 'Samtaler', 'nav.users': 'Brukere',
  'nav.main': 'Hovedmeny', 'lang.switch': 'English', 'sign_out': 'Logg ut',
  'signed_in_as': 'Innlogget som {user} ({role})', site: 'Sted',
  'role.viewer': 'leser', 'role.scheduler': 'vaktplanlegger', 'role.administrator': 'administrator',
  'login.title': 'Logg inn', 'login.user': 'Brukernavn', 'login.password': 'Passord',
  'login.submit': 'Logg inn', 'login.failed': 'Ukjent bruker eller feil passord.',
  'login.locked': 'For mange mislykkede forsøk. Prøv igjen om {s} sekunder.',
  loading: 'Laster …', 'error.network': 'Får ikke kontakt med enheten: {m}',
  'error.session': 'Økten er utløpt. Logg inn igjen.',
  'now.title': 'Nå', 'now.at': 'Per {time}', open: 'Åpen', closed: 'Stengt',
  'gap': 'Ingen på vakt', 'now.rings': 'Ringes nå', 'now.until': 'til {time}',
  'now.then': 'deretter', 'now.next': 'Neste endring {time}: {what}',
  'now.opens': 'åpner ({window})', 'now.closes': 'stenger', 'now.handover': 'vaktskifte til {who}',
  'now.gap_from': 'ingen på vakt', 'now.closed_to': 'Innringere henvises til {fallback}.',
  'now.gap_to': 'Samtaler går rett til {fallback}.', 'now.on_opening': 'På vakt ved åpning: {who}',
  'now.nobody': 'ingen', 'now.line': 'Linje {number}',
  'cal.week': 'Uke {n}', 'cal.prev': 'Forrige', 'cal.next': 'Neste', 'cal.today': 'I dag',
  'cal.day': 'Dag', 'cal.hours': 'Åpent', 'cal.closed_day': 'stengt',
  'cal.legend': 'Tegnforklaring', 'source.rotation': 'turnus', 'source.override': 'dekker vakt',
  'source.swap': 'byttet', 'source.shift': 'ekstra vakt', 'cal.dst': 'Sommertid: {what}',
  'cal.roster': 'Vaktliste', 'cal.hours_title': 'Åpningstider',
  'day.weekday': 'hverdag', 'day.saturday': 'lørdag', 'day.sunday': 'søndag',
  'day.holiday': 'helligdag', 'day.special': 'spesialdag',
  'change.title': 'Endre vaktplan', 'change.override': 'Dekk en vakt',
  'change.swap': 'Bytt to vakter', 'change.shift': 'Legg til en ekstra vakt',
  'change.special_day': 'Legg til en spesialdag', 'change.hours': 'Endre åpningstider fra en dato',
  'change.import': 'Importer vaktliste (CSV eller iCal)',
  'f.rota': 'Vaktlag', 'f.role': 'Rolle', 'f.person': 'Lege', 'f.start': 'Fra', 'f.end': 'Til',
  'f.replaces': 'Erstatter (valgfritt)', 'f.reason': 'Begrunnelse', 'f.note': 'Merknad (valgfritt)',
  'f.first': 'Første vakt (start)', 'f.second': 'Andre vakt (start)', 'f.name': 'Navn',
  'f.date': 'Dato', 'f.last': 'Til og med (valgfritt)', 'f.treatment': 'Behandles som',
  'f.windows': 'Åpent (f.eks. 10:00-15:00)', 'f.line': 'Linje', 'f.desk': 'Skranke',
  'f.desk_all': 'hele linjen', 'f.from': 'Gjelder fra', 'f.weekday': 'Hverdager',
  'f.saturday': 'Lørdag', 'f.sunday': 'Søndag', 'f.holiday': 'Helligdager', 'f.file': 'Fil',
  'f.comment': 'Kommentar (valgfritt)', 'f.anyone': '— hvem som helst —',
  'treat.holiday': 'helligdag', 'treat.sunday': 'søndag', 'treat.saturday': 'lørdag',
  'treat.weekday': 'hverdag', 'treat.closed': 'stengt hele dagen', 'treat.own': 'egne åpningstider',
  'change.preview': 'Forhåndsvis', 'change.confirm': 'Bekreft og publiser',
  'change.cancel': 'Avbryt', 'change.confirm_gaps': 'Jeg vet at endringen gir hull i dekningen',
  'change.published': 'Publisert som versjon {v}. Samtaler rutes etter den nå.',
  'change.no_effect': 'Endringen endrer ikke rutingen de neste {d} dagene.',
  'change.gaps_opened': 'Endringen gir {n} hull i dekningen:',
  'change.problems': 'Filen har {n} feil; ingenting er importert:',
  'change.shifts': '{n} vakter', 'change.heatmap': 'Berørte uker: timer med endret ruting',
  'change.heat_changed': 'endret', 'change.heat_gap': 'hull i dekningen',
  'change.heat_same': 'uendret', 'change.stale': 'Vaktplanen er endret av andre siden du begynte. Forhåndsvis på nytt.',
  'hist.title': 'Historikk', 'hist.versions': 'Versjoner', 'hist.version': 'Versjon',
  'hist.created': 'Tidspunkt', 'hist.author': 'Av', 'hist.comment': 'Kommentar',
  'hist.published': 'i bruk', 'hist.undo': 'Gå tilbake til denne',
  'hist.undo_confirm': 'Publisere versjon {v} på nytt?', 'hist.audit': 'Revisjonslogg',
  'hist.action': 'Handling', 'hist.effect': 'Virkning på rutingen', 'hist.change': 'Endring',
  'hist.more': 'Vis flere', 'hist.undone': 'Versjon {v} er publisert på nytt som versjon {n}.',
  'calls.title': 'Samtaler', 'calls.day': 'Dag', 'calls.summary': 'Sammendrag for dagen',
  'calls.total': 'Samtaler', 'calls.arrived': 'Ankom', 'calls.caller': 'Innringer',
  'calls.desk': 'Skranke', 'calls.outcome': 'Utfall', 'calls.wait': 'Ventetid',
  'calls.answered_by': 'Besvart av', 'calls.none': 'Ingen samtaler denne dagen.',
  'calls.more': 'Vis flere', 'calls.note': 'Innringernummer vises slik enheten lagrer dem (minimert).',
  'outcome.redirected': 'videresendt', 'outcome.answered': 'besvart',
  'outcome.escalated-answered': 'besvart av bakvakt', 'outcome.fallback': 'til reserve',
  'outcome.gap': 'ingen på vakt', 'outcome.closed': 'stengt', 'outcome.caller-gave-up': 'innringer la på',
  'outcome.failed': 'feilet',
  'users.title': 'Brukere', 'users.name': 'Brukernavn', 'users.role': 'Rolle',
  'users.active': 'Aktiv', 'users.locked': 'Låst til', 'users.add': 'Legg til bruker',
  'users.password': 'Passord (minst 12 tegn)', 'users.save': 'Lagre', 'users.deactivate': 'Deaktiver',
  'users.added': 'Brukeren {name} er lagt til.', 'users.yes': 'ja', 'users.no': 'nei',
  'users.deactivate_confirm': 'Deaktivere {name}? Øktene avsluttes.',
  'nav.feeds': 'Kalendere', 'feeds.title': 'Vaktkalendere', 'feeds.add': 'Lag en vaktkalender',
  'feeds.subject': 'For', 'feeds.people': 'Leger', 'feeds.desks': 'Skranker',
  'feeds.create': 'Lag kalender', 'feeds.made': 'Kalenderen er laget. Adressen vises bare nå: send den til legen på en sikker måte.',
  'feeds.url': 'Adresse å abonnere på', 'feeds.how': 'iPhone: Innstillinger → Kalender → Kontoer → Legg til konto → Annet → Legg til abonnert kalender. Android: en app som abonnerer på kalenderadresser, f.eks. ICSx⁵. Den som har adressen, kan lese og trekke tilbake kalenderen.',
  'feeds.list': 'Kalendere som er laget', 'feeds.id': 'Nr.', 'feeds.created': 'Laget',
  'feeds.by': 'Av', 'feeds.fetched': 'Sist hentet', 'feeds.state': 'Status',
  'feeds.active': 'i bruk', 'feeds.revoked': 'trukket tilbake av {by}', 'feeds.revoke': 'Trekk tilbake',
};

const en = {
  title: 'Collaboration line',
  'nav.now': 'Now', 'nav.week': 'Week', 'nav.month': 'Month', 'nav.change': 'Change',
  'nav.history': 'History', 'nav.calls': 'Calls', 'nav.users': 'Users',
  'nav.main': 'Main menu', 'lang.switch': 'Norsk', 'sign_out': 'Sign out',
  'signed_in_as': 'Signed in as {user} ({role})', site: 'Site',
  'role.viewer': 'viewer', 'role.scheduler': 'scheduler', 'role.administrator': 'administrator',
  'login.title': 'Sign in', 'login.user': 'User name', 'login.password': 'Password',
  'login.submit': 'Sign in', 'login.failed': 'Unknown user or wrong password.',
  'login.locked': 'Too many failed attempts. Try again in {s} seconds.',
  loading: 'Loading …', 'error.network': 'Cannot reach the unit: {m}',
  'error.session': 'The session has ended. Sign in again.',
  'now.title': 'Now', 'now.at': 'At {time}', open: 'Open', closed: 'Closed',
  gap: 'Nobody on duty', 'now.rings': 'Rung now', 'now.until': 'until {time}',
  'now.then': 'then', 'now.next': 'Next change {time}: {what}',
  'now.opens': 'opens ({window})', 'now.closes': 'closes', 'now.handover': 'handover to {who}',
  'now.gap_from': 'nobody on duty', 'now.closed_to': 'Callers are referred to {fallback}.',
  'now.gap_to': 'Calls go straight to {fallback}.', 'now.on_opening': 'On duty when it opens: {who}',
  'now.nobody': 'nobody', 'now.line': 'Line {number}',
  'cal.week': 'Week {n}', 'cal.prev': 'Previous', 'cal.next': 'Next', 'cal.today': 'Today',
  'cal.day': 'Day', 'cal.hours': 'Open', 'cal.closed_day': 'closed',
  'cal.legend': 'Legend', 'source.rotation': 'rotation', 'source.override': 'covering',
  'source.swap': 'swapped', 'source.shift': 'one-off shift', 'cal.dst': 'Daylight saving: {what}',
  'cal.roster': 'Roster', 'cal.hours_title': 'Opening hours',
  'day.weekday': 'weekday', 'day.saturday': 'Saturday', 'day.sunday': 'Sunday',
  'day.holiday': 'public holiday', 'day.special': 'special day',
  'change.title': 'Change the schedule', 'change.override': 'Cover a shift',
  'change.swap': 'Swap two shifts', 'change.shift': 'Add a one-off shift',
  'change.special_day': 'Add a special day', 'change.hours': 'Change the hours from a date',
  'change.import': 'Import a roster (CSV or iCal)',
  'f.rota': 'Rota', 'f.role': 'Role', 'f.person': 'Doctor', 'f.start': 'From', 'f.end': 'To',
  'f.replaces': 'Stands in for (optional)', 'f.reason': 'Reason', 'f.note': 'Note (optional)',
  'f.first': 'First shift (start)', 'f.second': 'Second shift (start)', 'f.name': 'Name',
  'f.date': 'Date', 'f.last': 'Through (optional)', 'f.treatment': 'Treated as',
  'f.windows': 'Open (e.g. 10:00-15:00)', 'f.line': 'Line', 'f.desk': 'Desk',
  'f.desk_all': 'the whole line', 'f.from': 'Effective from', 'f.weekday': 'Weekdays',
  'f.saturday': 'Saturday', 'f.sunday': 'Sunday', 'f.holiday': 'Public holidays', 'f.file': 'File',
  'f.comment': 'Comment (optional)', 'f.anyone': '— whoever is on duty —',
  'treat.holiday': 'a public holiday', 'treat.sunday': 'a Sunday', 'treat.saturday': 'a Saturday',
  'treat.weekday': 'a weekday', 'treat.closed': 'closed all day', 'treat.own': 'its own hours',
  'change.preview': 'Preview', 'change.confirm': 'Confirm and publish', 'change.cancel': 'Cancel',
  'change.confirm_gaps': 'I know this change leaves gaps in the coverage',
  'change.published': 'Published as version {v}. Calls are routed by it now.',
  'change.no_effect': 'The change does not alter routing in the next {d} days.',
  'change.gaps_opened': 'The change opens {n} coverage gaps:',
  'change.problems': 'The file has {n} problems; nothing was imported:',
  'change.shifts': '{n} shifts', 'change.heatmap': 'Weeks affected: hours whose routing changes',
  'change.heat_changed': 'changed', 'change.heat_gap': 'coverage gap', 'change.heat_same': 'unchanged',
  'change.stale': 'Someone else changed the schedule since you started. Preview again.',
  'hist.title': 'History', 'hist.versions': 'Versions', 'hist.version': 'Version',
  'hist.created': 'When', 'hist.author': 'By', 'hist.comment': 'Comment',
  'hist.published': 'in force', 'hist.undo': 'Go back to this one',
  'hist.undo_confirm': 'Publish version {v} again?', 'hist.audit': 'Audit trail',
  'hist.action': 'Action', 'hist.effect': 'Effect on routing', 'hist.change': 'Change',
  'hist.more': 'Show more', 'hist.undone': 'Version {v} published again as version {n}.',
  'calls.title': 'Calls', 'calls.day': 'Day', 'calls.summary': "The day's summary",
  'calls.total': 'Calls', 'calls.arrived': 'Arrived', 'calls.caller': 'Caller',
  'calls.desk': 'Desk', 'calls.outcome': 'Outcome', 'calls.wait': 'Wait',
  'calls.answered_by': 'Answered by', 'calls.none': 'No calls that day.', 'calls.more': 'Show more',
  'calls.note': 'Caller numbers are shown as the unit keeps them (minimised).',
  'outcome.redirected': 'redirected', 'outcome.answered': 'answered',
  'outcome.escalated-answered': 'answered by the backup', 'outcome.fallback': 'to the fallback',
  'outcome.gap': 'nobody on duty', 'outcome.closed': 'closed', 'outcome.caller-gave-up': 'caller hung up',
  'outcome.failed': 'failed',
  'users.title': 'Users', 'users.name': 'User name', 'users.role': 'Role', 'users.active': 'Active',
  'users.locked': 'Locked until', 'users.add': 'Add a user',
  'users.password': 'Password (at least 12 characters)', 'users.save': 'Save',
  'users.deactivate': 'Deactivate', 'users.added': 'User {name} added.', 'users.yes': 'yes',
  'users.no': 'no', 'users.deactivate_confirm': 'Deactivate {name}? Their sessions end.',
  'nav.feeds': 'Calendars', 'feeds.title': 'Duty calendars', 'feeds.add': 'Make a duty calendar',
  'feeds.subject': 'For', 'feeds.people': 'Doctors', 'feeds.desks': 'Desks',
  'feeds.create': 'Make the calendar', 'feeds.made': 'The calendar is made. Its address is shown only now: send it to the doctor by a safe channel.',
  'feeds.url': 'Address to subscribe to', 'feeds.how': 'iPhone: Settings → Calendar → Accounts → Add Account → Other → Add Subscribed Calendar. Android: an app that subscribes to calendar addresses, such as ICSx⁵. Whoever has the address can read and revoke the calendar.',
  'feeds.list': 'Calendars made', 'feeds.id': 'No.', 'feeds.created': 'Made',
  'feeds.by': 'By', 'feeds.fetched': 'Last fetched', 'feeds.state': 'State',
  'feeds.active': 'in use', 'feeds.revoked': 'revoked by {by}', 'feeds.revoke': 'Revoke',
};

const words = { nb, en };
let lang = 'nb';

export function setLanguage(l) {
  lang = words[l] ? l : 'nb';
  document.documentElement.lang = lang;
  try {
    localStorage.setItem('samtel.lang', lang);
  } catch {
    /* storage may be off: the default stays */
  }
}

export function language() {
  return lang;
}

export function savedLanguage() {
  try {
    return localStorage.getItem('samtel.lang') || 'nb';
  } catch {
    return 'nb';
  }
}

export function t(key, vars = {}) {
  const text = words[lang][key] ?? nb[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => (name in vars ? String(vars[name]) : `{${name}}`));
}
