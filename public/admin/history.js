// The history section: every version of the team's rules with who saved it and when; pick two and read what
// changed between them (GET /api/admin/rule-sets/:id/diff, worded here field by field).
import { WEEKDAYS, el, formatDay, formatInstant, uniqueId } from './ui.js';
import { keyLabels } from './who.js';

export const strings = {
  es: {
    'history.version': 'Versión',
    'history.who': 'Quién',
    'history.when': 'Cuándo',
    'history.from': 'Comparar desde',
    'history.to': 'hasta',
    'history.fromLabel': 'Comparar desde la versión {version}',
    'history.toLabel': 'Comparar hasta la versión {version}',
    'history.compare': 'Ver diferencias',
    'history.only': 'Solo hay una versión: nada que comparar todavía.',
    'history.same': 'Las dos versiones son iguales.',
    'history.between': 'De la versión {from} a la {to}: {n} cambios',
    'history.betweenOne': 'De la versión {from} a la {to}: un cambio',
    'history.what': 'Qué',
    'history.before': 'Antes',
    'history.after': 'Después',
    'history.none': '—',
    'history.closed': 'cerrado',
    'history.allDays': 'todos los días',
    'history.yes': 'sí',
    'history.no': 'no',
    'field.name': 'Nombre',
    'field.timeZone': 'Zona horaria',
    'field.weeklyHours': 'Horario semanal',
    'field.dateOverrides': 'Día especial',
    'field.holidays': 'Festivos',
    'field.holidays.country': 'Festivos · país',
    'field.holidays.region': 'Festivos · región',
    'field.holidays.add': 'Festivos · días añadidos',
    'field.holidays.remove': 'Festivos · días trabajados',
    'field.slotMinutes': 'Duración de la cita (min)',
    'field.intervalMinutes': 'Una cita cada (min)',
    'field.bufferMinutes': 'Margen tras cada cita (min)',
    'field.minNoticeMinutes': 'Antelación mínima (min)',
    'field.horizonDays': 'Horizonte (días)',
    'field.capacity': 'Capacidad',
    'field.capacity.default': 'Capacidad por defecto',
    'field.capacity.ranges': 'Capacidad por franja',
    'field.stricterWindows': 'Ventanas más estrictas',
    'field.promises': 'Promesas',
    'field.callerNumbers': 'Números desde los que se llama',
  },
  en: {
    'history.version': 'Version',
    'history.who': 'Who',
    'history.when': 'When',
    'history.from': 'Compare from',
    'history.to': 'to',
    'history.fromLabel': 'Compare from version {version}',
    'history.toLabel': 'Compare to version {version}',
    'history.compare': 'Show differences',
    'history.only': 'There is only one version: nothing to compare yet.',
    'history.same': 'The two versions are the same.',
    'history.between': 'From version {from} to {to}: {n} changes',
    'history.betweenOne': 'From version {from} to {to}: one change',
    'history.what': 'What',
    'history.before': 'Before',
    'history.after': 'After',
    'history.none': '—',
    'history.closed': 'closed',
    'history.allDays': 'every day',
    'history.yes': 'yes',
    'history.no': 'no',
    'field.name': 'Name',
    'field.timeZone': 'Time zone',
    'field.weeklyHours': 'Weekly hours',
    'field.dateOverrides': 'Special day',
    'field.holidays': 'Holidays',
    'field.holidays.country': 'Holidays · country',
    'field.holidays.region': 'Holidays · region',
    'field.holidays.add': 'Holidays · days added',
    'field.holidays.remove': 'Holidays · days worked',
    'field.slotMinutes': 'Call length (min)',
    'field.intervalMinutes': 'One call every (min)',
    'field.bufferMinutes': 'Buffer after each call (min)',
    'field.minNoticeMinutes': 'Minimum notice (min)',
    'field.horizonDays': 'Horizon (days)',
    'field.capacity': 'Capacity',
    'field.capacity.default': 'Default capacity',
    'field.capacity.ranges': 'Capacity by time range',
    'field.stricterWindows': 'Stricter windows',
    'field.promises': 'Promises',
    'field.callerNumbers': 'Numbers called from',
  },
};

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

export function mount(root, ctx) {
  const { api, t, lang } = ctx;
  let team = ctx.team();
  const body = el('div');
  const result = el('div', { className: 'diff', 'aria-live': 'polite' });
  root.append(body, result);
  ctx.onTeamChange((id) => {
    team = id;
    void load();
  });
  // Saves made in the rules section meanwhile are new versions.
  ctx.onShow(() => void load());
  void load();

  async function load() {
    body.replaceChildren(el('p', { className: 'hint', text: t('loading') }));
    result.replaceChildren();
    let versions;
    try {
      versions = (await api('GET', `/api/admin/rule-sets/${encodeURIComponent(team)}/history`)).versions;
    } catch (error) {
      body.replaceChildren(el('p', { className: 'error', text: error.status === 404 ? t('rules.noRuleSet') : error.message }));
      return;
    }
    const who = await keyLabels(api, t);
    const fromName = uniqueId('from');
    const toName = uniqueId('to');
    const rows = versions.map((version, i) =>
      el('tr', { 'data-version': version.version }, [
        el('th', { scope: 'row', text: String(version.version) }),
        el('td', { text: who(version.changedBy) }),
        el('td', { text: formatInstant(version.changedAt, lang) }),
        el('td', {}, [
          el('input', {
            type: 'radio',
            name: fromName,
            value: String(version.version),
            checked: i === 1,
            'aria-label': t('history.fromLabel', { version: version.version }),
          }),
        ]),
        el('td', {}, [
          el('input', {
            type: 'radio',
            name: toName,
            value: String(version.version),
            checked: i === 0,
            'aria-label': t('history.toLabel', { version: version.version }),
          }),
        ]),
      ]),
    );
    const form = el('form', { className: 'card' }, [
      el('table', { className: 'versions' }, [
        el('thead', {}, [
          el(
            'tr',
            {},
            [t('history.version'), t('history.who'), t('history.when'), t('history.from'), t('history.to')].map((text) =>
              el('th', { scope: 'col', text }),
            ),
          ),
        ]),
        el('tbody', {}, rows),
      ]),
      versions.length > 1
        ? el('div', { className: 'actions' }, [el('button', { type: 'submit', className: 'primary', text: t('history.compare') })])
        : el('p', { className: 'hint', text: t('history.only') }),
    ]);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const chosen = (name) => form.querySelector(`input[name="${name}"]:checked`)?.value;
      void compare(chosen(fromName), chosen(toName));
    });
    body.replaceChildren(form);
  }

  async function compare(from, to) {
    result.replaceChildren(el('p', { className: 'hint', text: t('loading') }));
    try {
      const query = new URLSearchParams({ from, to });
      const diff = await api('GET', `/api/admin/rule-sets/${encodeURIComponent(team)}/diff?${query.toString()}`);
      result.replaceChildren(diffTable(diff));
    } catch (error) {
      result.replaceChildren(el('p', { className: 'error', text: error.message }));
    }
  }

  function diffTable(diff) {
    if (diff.changes.length === 0) return el('p', { className: 'card', text: t('history.same') });
    const caption = t(diff.changes.length === 1 ? 'history.betweenOne' : 'history.between', {
      from: diff.from,
      to: diff.to,
      n: diff.changes.length,
    });
    const table = el('table', { className: 'changes' }, [
      el('caption', { text: caption }),
      el('thead', {}, [
        el(
          'tr',
          {},
          [t('history.what'), t('history.before'), t('history.after')].map((text) => el('th', { scope: 'col', text })),
        ),
      ]),
      el(
        'tbody',
        {},
        diff.changes.map((change) =>
          el('tr', { 'data-path': change.path }, [
            el('th', { scope: 'row', text: pathWords(change.path) }),
            el('td', { className: 'before', text: valueWords(change.before, change.path) }),
            el('td', { className: 'after', text: valueWords(change.after, change.path) }),
          ]),
        ),
      ),
    ]);
    return el('div', { className: 'card' }, [table]);
  }

  /** `weeklyHours.mon` → "Weekly hours · Monday"; `dateOverrides.2026-12-24` → "Special day · Thu 24 Dec 2026". */
  function pathWords(path) {
    const parts = path.split('.');
    for (let n = parts.length; n > 0; n--) {
      const key = `field.${parts.slice(0, n).join('.')}`;
      if (t(key) !== key) return [t(key), ...parts.slice(n).map(partWords)].join(' · ');
    }
    return path;
  }

  function partWords(part) {
    if (WEEKDAYS.includes(part)) return t(`day.${part}`);
    if (ISO_DAY.test(part)) return formatDay(part, lang, { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' });
    if (/^\d+$/.test(part)) return `#${Number(part) + 1}`;
    return part;
  }

  /** A JSON value of a rule set in words: ranges as "09:00–14:00", a closed day as such, lists joined. */
  function valueWords(value, path = '') {
    if (value === undefined || value === null) return t('history.none');
    if (typeof value === 'boolean') return value ? t('history.yes') : t('history.no');
    if (typeof value === 'string')
      return ISO_DAY.test(value) ? formatDay(value, lang, { day: 'numeric', month: 'short', year: 'numeric' }) : value;
    if (typeof value === 'number') return String(value);
    if (Array.isArray(value)) {
      // An empty day of the week is a closed day; any other empty list is nothing.
      if (value.length === 0) return t(path.startsWith('weeklyHours') ? 'history.closed' : 'history.none');
      return value.map((item) => valueWords(item)).join(', ');
    }
    if (value.closed === true) return t('history.closed');
    if (Array.isArray(value.hours)) return valueWords(value.hours);
    if (typeof value.start === 'string' && typeof value.end === 'string') {
      const days = Array.isArray(value.weekdays) ? value.weekdays.map((d) => t(`day.${d}`)).join(', ') : null;
      const range = `${value.start}–${value.end}`;
      const extras = [value.jurisdiction, days, typeof value.capacity === 'number' ? `× ${value.capacity}` : null].filter(Boolean);
      return extras.length ? `${range} (${extras.join(', ')})` : range;
    }
    return Object.entries(value)
      .map(([key, inner]) => `${key}: ${valueWords(inner)}`)
      .join('; ');
  }
}
