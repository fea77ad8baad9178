// The rules section: one team's rule set as a form (week grid, calendar of date overrides, holidays, slots,
// capacity, stricter windows). The server validates; its field errors are shown next to their fields. Saves
// send If-Match, so a change made meanwhile by someone else is a conflict that names them, never overwritten.
// The unsaved draft is shared with the preview section (`draft:<team>`), which previews it as it is typed.
import {
  ApiProblem,
  WEEKDAYS,
  el,
  formatDay,
  formatInstant,
  showFieldErrors,
  clearFieldErrors,
  uniqueId,
  labelled,
  todayIso,
} from './ui.js';
import { keyLabels } from './who.js';

export const strings = {
  es: {
    'day.mon': 'lunes',
    'day.tue': 'martes',
    'day.wed': 'miércoles',
    'day.thu': 'jueves',
    'day.fri': 'viernes',
    'day.sat': 'sábado',
    'day.sun': 'domingo',
    'rules.general': 'General',
    'rules.name': 'Nombre',
    'rules.timeZone': 'Zona horaria del equipo',
    'rules.timeZoneHint': 'IANA, p. ej. Europe/Madrid',
    'rules.slotMinutes': 'Duración de la cita (min)',
    'rules.intervalMinutes': 'Una cita cada (min)',
    'rules.bufferMinutes': 'Margen tras cada cita (min)',
    'rules.minNoticeMinutes': 'Antelación mínima (min)',
    'rules.horizonDays': 'Horizonte (días)',
    'rules.week': 'Horario semanal',
    'rules.weekHint': 'En la hora del equipo. Varios tramos por día; pueden tocarse, no solaparse.',
    'rules.from': 'desde',
    'rules.to': 'hasta',
    'rules.range': '{day}, tramo {n}: {part}',
    'rules.addRange': 'Añadir tramo',
    'rules.addRangeTo': 'Añadir tramo al {day}',
    'rules.removeRange': 'Quitar el tramo {n} del {day}',
    'rules.closedDay': 'Cerrado',
    'rules.overrides': 'Días especiales',
    'rules.overridesHint': 'Elige un día del calendario para cerrarlo o darle otro horario.',
    'rules.prevMonth': 'Mes anterior',
    'rules.nextMonth': 'Mes siguiente',
    'rules.dayNormal': 'Horario semanal',
    'rules.dayClosed': 'Cerrado',
    'rules.dayHours': 'Horario especial',
    'rules.dayHoliday': 'festivo',
    'rules.dayIs': 'El {date}',
    'rules.overrideList': 'Días especiales guardados en el borrador',
    'rules.noOverrides': 'Ninguno.',
    'rules.edit': 'Editar',
    'rules.remove': 'Quitar',
    'rules.holidays': 'Festivos',
    'rules.useHolidays': 'No ofrecer citas los festivos oficiales',
    'rules.country': 'País (ISO, p. ej. ES)',
    'rules.region': 'Región (opcional, p. ej. MD, CN)',
    'rules.added': 'Días añadidos como festivos',
    'rules.removed': 'Festivos en que sí se trabaja',
    'rules.addDay': 'Añadir',
    'rules.dayToAdd': 'Día que añadir',
    'rules.dayToRemove': 'Festivo en que se trabaja',
    'rules.coming': 'Próximos festivos',
    'rules.comingNone': 'Ningún festivo en estos meses.',
    'rules.comingUnavailable': 'No se pudo leer el calendario de festivos: {message}',
    'rules.workThatDay': 'Trabajar ese día',
    'rules.keepHoliday': 'Volver a festivo',
    'rules.worked': 'se trabaja',
    'rules.capacity': 'Capacidad',
    'rules.capacityDefault': 'Llamadas a la vez (por defecto)',
    'rules.capacityRanges': 'Capacidad por franja',
    'rules.capacityRangesHint': 'Sin días marcados, la franja vale para todos.',
    'rules.addCapacity': 'Añadir franja de capacidad',
    'rules.capacityValue': 'Llamadas a la vez',
    'rules.stricter': 'Ventanas más estrictas',
    'rules.stricterHint': 'Horario legal más estrecho para personas de un país (en su hora local).',
    'rules.jurisdiction': 'País (ISO)',
    'rules.addStricter': 'Añadir ventana',
    'rules.weekdays': 'Días',
    'rules.start': 'Desde',
    'rules.end': 'Hasta',
    'rules.removeRow': 'Quitar fila {n}',
    'rules.save': 'Guardar',
    'rules.discard': 'Descartar cambios',
    'rules.dirty': 'Cambios sin guardar (la vista previa ya los usa).',
    'rules.clean': 'Versión {version}, guardada por {who} el {when}.',
    'rules.saved': 'Guardado: versión {version}.',
    'rules.invalid': 'El servidor no ha aceptado los cambios; mira los campos marcados.',
    'rules.conflict': '{who} cambió estas reglas primero ({when}, versión {version}). Tus cambios no se han guardado.',
    'rules.conflictUnknown': 'Alguien cambió estas reglas primero. Tus cambios no se han guardado.',
    'rules.reload': 'Cargar la versión actual',
    'rules.noRuleSet': 'Este equipo todavía no tiene reglas.',
    system: 'el sistema',
  },
  en: {
    'day.mon': 'Monday',
    'day.tue': 'Tuesday',
    'day.wed': 'Wednesday',
    'day.thu': 'Thursday',
    'day.fri': 'Friday',
    'day.sat': 'Saturday',
    'day.sun': 'Sunday',
    'rules.general': 'General',
    'rules.name': 'Name',
    'rules.timeZone': 'Team time zone',
    'rules.timeZoneHint': 'IANA, e.g. Europe/Madrid',
    'rules.slotMinutes': 'Call length (min)',
    'rules.intervalMinutes': 'One call every (min)',
    'rules.bufferMinutes': 'Buffer after each call (min)',
    'rules.minNoticeMinutes': 'Minimum notice (min)',
    'rules.horizonDays': 'Horizon (days)',
    'rules.week': 'Weekly hours',
    'rules.weekHint': 'In the team’s time. Several ranges a day; they may touch, not overlap.',
    'rules.from': 'from',
    'rules.to': 'to',
    'rules.range': '{day}, range {n}: {part}',
    'rules.addRange': 'Add range',
    'rules.addRangeTo': 'Add a range to {day}',
    'rules.removeRange': 'Remove range {n} of {day}',
    'rules.closedDay': 'Closed',
    'rules.overrides': 'Special days',
    'rules.overridesHint': 'Pick a day on the calendar to close it or give it other hours.',
    'rules.prevMonth': 'Previous month',
    'rules.nextMonth': 'Next month',
    'rules.dayNormal': 'Weekly hours',
    'rules.dayClosed': 'Closed',
    'rules.dayHours': 'Special hours',
    'rules.dayHoliday': 'holiday',
    'rules.dayIs': '{date}',
    'rules.overrideList': 'Special days in the draft',
    'rules.noOverrides': 'None.',
    'rules.edit': 'Edit',
    'rules.remove': 'Remove',
    'rules.holidays': 'Holidays',
    'rules.useHolidays': 'Offer no calls on public holidays',
    'rules.country': 'Country (ISO, e.g. ES)',
    'rules.region': 'Region (optional, e.g. MD, CN)',
    'rules.added': 'Days added as holidays',
    'rules.removed': 'Holidays worked anyway',
    'rules.addDay': 'Add',
    'rules.dayToAdd': 'Day to add',
    'rules.dayToRemove': 'Holiday worked anyway',
    'rules.coming': 'Coming holidays',
    'rules.comingNone': 'No holidays in these months.',
    'rules.comingUnavailable': 'Could not read the holiday calendar: {message}',
    'rules.workThatDay': 'Work that day',
    'rules.keepHoliday': 'Make it a holiday again',
    'rules.worked': 'worked',
    'rules.capacity': 'Capacity',
    'rules.capacityDefault': 'Calls at once (default)',
    'rules.capacityRanges': 'Capacity by time range',
    'rules.capacityRangesHint': 'With no day ticked, the range applies to every day.',
    'rules.addCapacity': 'Add a capacity range',
    'rules.capacityValue': 'Calls at once',
    'rules.stricter': 'Stricter windows',
    'rules.stricterHint': 'A narrower lawful window for people of a country (in their local time).',
    'rules.jurisdiction': 'Country (ISO)',
    'rules.addStricter': 'Add window',
    'rules.weekdays': 'Days',
    'rules.start': 'From',
    'rules.end': 'To',
    'rules.removeRow': 'Remove row {n}',
    'rules.save': 'Save',
    'rules.discard': 'Discard changes',
    'rules.dirty': 'Unsaved changes (the preview already uses them).',
    'rules.clean': 'Version {version}, saved by {who} on {when}.',
    'rules.saved': 'Saved: version {version}.',
    'rules.invalid': 'The server did not accept the changes; see the marked fields.',
    'rules.conflict': '{who} changed these rules first ({when}, version {version}). Your changes were not saved.',
    'rules.conflictUnknown': 'Someone changed these rules first. Your changes were not saved.',
    'rules.reload': 'Load the current version',
    'rules.noRuleSet': 'This team has no rules yet.',
    system: 'the system',
  },
};

const MINUTE_FIELDS = ['slotMinutes', 'intervalMinutes', 'bufferMinutes', 'minNoticeMinutes', 'horizonDays'];

/** "HH:mm" → minutes of the day, or null when it is not a time yet (the server names what is wrong). */
function minutesOf(clock) {
  const match = /^(\d{2}):(\d{2})$/.exec(clock || '');
  return match ? Number(match[1]) * 60 + Number(match[2]) : null;
}

/** Minutes of the day → "HH:mm" (1440 is "24:00", the end of a day). */
function clockFromMinutes(minutes) {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** A number typed into a field: a number when it is one, else the text, for the server to refuse by name. */
function numeric(text) {
  const trimmed = text.trim();
  return trimmed !== '' && Number.isFinite(Number(trimmed)) ? Number(trimmed) : trimmed;
}

export function mount(root, ctx) {
  const { api, t, lang } = ctx;
  let team = ctx.team();
  let stored = null;
  let draft = null;
  let dirty = false;
  let month = todayIso().slice(0, 7);
  let selectedDay = null;
  let coming = { key: '', holidays: [], error: '' };
  let labels = null;
  // Set when their cards are built: the calendar, the holidays card and its list of coming holidays.
  let overridesRedraw = () => {};
  let holidaysRedraw = () => {};
  let comingList = null;

  const summary = el('p', { className: 'hint', 'aria-live': 'polite' });
  const messages = el('div', { className: 'messages', role: 'alert' });
  const form = el('div', { className: 'rules-form' });
  const saveButton = el('button', { type: 'button', className: 'primary', text: t('rules.save'), onclick: () => void save() });
  const discardButton = el('button', { type: 'button', text: t('rules.discard'), onclick: () => void load(false) });
  const bar = el('div', { className: 'actions savebar' }, [saveButton, discardButton, summary]);
  root.append(messages, form, bar);

  ctx.onTeamChange((id) => {
    team = id;
    void load(true);
  });
  void load(true);

  async function load(keepDraft) {
    messages.replaceChildren();
    form.replaceChildren(el('p', { className: 'hint', text: t('loading') }));
    try {
      stored = await api('GET', `/api/admin/rule-sets/${encodeURIComponent(team)}`);
    } catch (error) {
      stored = null;
      form.replaceChildren(el('p', { className: 'error', text: error.status === 404 ? t('rules.noRuleSet') : error.message }));
      updateBar();
      return;
    }
    const kept = ctx.shared.get(`draft:${team}`);
    if (keepDraft && kept && kept.dirty && kept.version === stored.version) {
      draft = structuredClone(kept.ruleSet);
      dirty = true;
    } else {
      draft = structuredClone(stored.ruleSet);
      dirty = false;
      publish();
    }
    labels = labels || (await keyLabels(api, t));
    render();
  }

  function publish() {
    ctx.shared.set(`draft:${team}`, { team, version: stored.version, ruleSet: structuredClone(draft), dirty });
  }

  function changed() {
    dirty = true;
    publish();
    updateBar();
  }

  function updateBar() {
    saveButton.disabled = !stored || !dirty;
    discardButton.disabled = !stored || !dirty;
    if (!stored) summary.textContent = '';
    else if (dirty) summary.textContent = t('rules.dirty');
    else
      summary.textContent = t('rules.clean', {
        version: stored.version,
        who: labels ? labels(stored.changedBy) : stored.changedBy,
        when: formatInstant(stored.changedAt, lang),
      });
  }

  function render() {
    form.replaceChildren(generalCard(), weekCard(), overridesCard(), holidaysCard(), capacityCard(), stricterCard());
    updateBar();
  }

  // ——— inputs bound to the draft ———

  function textInput(value, onValue, attrs = {}) {
    return el('input', {
      type: 'text',
      value: value ?? '',
      autocomplete: 'off',
      ...attrs,
      oninput: (event) => {
        onValue(event.target.value);
        changed();
      },
    });
  }

  function clockInput(range, key, label, redraw) {
    return textInput(
      range[key],
      (value) => {
        range[key] = value.trim();
        redraw?.();
      },
      { className: 'clock', inputmode: 'numeric', placeholder: 'HH:mm', size: '5', maxlength: '5', 'aria-label': label },
    );
  }

  function card(title, hint, children, id) {
    const headingId = uniqueId('h');
    return el('section', { className: `card ${id || ''}`, 'aria-labelledby': headingId }, [
      el('h3', { id: headingId, text: title }),
      hint ? el('p', { className: 'hint', text: hint }) : null,
      ...children,
    ]);
  }

  // ——— general ———

  function generalCard() {
    const fields = [
      labelled(
        t('rules.name'),
        textInput(draft.name, (v) => (draft.name = v)),
        'name',
      ),
      labelled(
        t('rules.timeZone'),
        textInput(draft.timeZone, (v) => (draft.timeZone = v.trim())),
        'timeZone',
        t('rules.timeZoneHint'),
      ),
      ...MINUTE_FIELDS.map((field) =>
        labelled(
          t(`rules.${field}`),
          textInput(String(draft[field] ?? ''), (v) => (draft[field] = numeric(v)), { inputmode: 'numeric', size: '6' }),
          field,
        ),
      ),
    ];
    return card(t('rules.general'), null, [el('div', { className: 'fields' }, fields)]);
  }

  // ——— the week grid ———

  function weekCard() {
    const grid = el(
      'div',
      { className: 'week-grid' },
      WEEKDAYS.map((day) => dayColumn(day)),
    );
    return card(t('rules.week'), t('rules.weekHint'), [grid], 'week-card');
  }

  function dayColumn(day) {
    draft.weeklyHours[day] = draft.weeklyHours[day] || [];
    const ranges = draft.weeklyHours[day];
    const dayName = t(`day.${day}`);
    const track = el('div', { className: 'track', 'aria-hidden': 'true' });
    const drawTrack = () => drawRanges(track, ranges);
    const list = el('ol', { className: 'ranges' });
    const column = el('fieldset', { className: 'day', 'data-field': `weeklyHours.${day}`, 'data-day': day }, [
      el('legend', { text: dayName }),
      track,
      list,
      el('button', {
        type: 'button',
        className: 'small',
        text: `+ ${t('rules.addRange')}`,
        'aria-label': t('rules.addRangeTo', { day: dayName }),
        onclick: () => {
          const last = ranges[ranges.length - 1];
          // Two hours after the last range ends (a suggestion to edit; the server judges what is kept).
          const startMinutes = Math.min(minutesOf(last?.end) ?? 540, 1380);
          ranges.push({ start: clockFromMinutes(startMinutes), end: clockFromMinutes(Math.min(startMinutes + 120, 1440)) });
          changed();
          fillList();
          list.querySelector('li:last-child input')?.focus();
        },
      }),
    ]);
    function fillList() {
      list.replaceChildren(
        ...ranges.map((range, i) => {
          const n = i + 1;
          return el('li', { 'data-field': `weeklyHours.${day}.${i}` }, [
            el('span', { className: 'clock-field', 'data-field': `weeklyHours.${day}.${i}.start` }, [
              clockInput(range, 'start', t('rules.range', { day: dayName, n, part: t('rules.from') }), drawTrack),
            ]),
            el('span', { 'aria-hidden': 'true', text: '–' }),
            el('span', { className: 'clock-field', 'data-field': `weeklyHours.${day}.${i}.end` }, [
              clockInput(range, 'end', t('rules.range', { day: dayName, n, part: t('rules.to') }), drawTrack),
            ]),
            el('button', {
              type: 'button',
              className: 'small remove',
              text: '×',
              'aria-label': t('rules.removeRange', { day: dayName, n }),
              onclick: () => {
                ranges.splice(i, 1);
                changed();
                fillList();
                column.querySelector('button.small:not(.remove)')?.focus();
              },
            }),
          ]);
        }),
      );
      if (ranges.length === 0) list.appendChild(el('li', { className: 'hint', text: t('rules.closedDay') }));
      drawTrack();
    }
    fillList();
    return column;
  }

  /** The day's ranges drawn on a 24-hour bar (a picture of the inputs beside it; hidden from screen readers). */
  function drawRanges(track, ranges) {
    track.replaceChildren(
      ...ranges
        .map((range) => [minutesOf(range.start), minutesOf(range.end)])
        .filter(([start, end]) => start !== null && end !== null && end > start)
        .map(([start, end]) => {
          const block = el('span', { className: 'block' });
          block.style.left = `${(start / 1440) * 100}%`;
          block.style.width = `${((end - start) / 1440) * 100}%`;
          return block;
        }),
    );
  }

  // ——— date overrides on a calendar ———

  function overridesCard() {
    draft.dateOverrides = draft.dateOverrides || {};
    const calendar = el('div', { className: 'calendar-wrap' });
    const editor = el('div', { className: 'day-editor' });
    const list = el('ul', { className: 'override-list' });
    const listHeading = uniqueId('h');

    const redraw = () => {
      calendar.replaceChildren(monthView());
      editor.replaceChildren(...(selectedDay ? dayEditor(selectedDay) : []));
      list.replaceChildren(...overrideItems());
    };

    function monthView() {
      const [year, monthNumber] = month.split('-').map(Number);
      const first = new Date(Date.UTC(year, monthNumber - 1, 1));
      const daysInMonth = new Date(Date.UTC(year, monthNumber, 0)).getUTCDate();
      const lead = (first.getUTCDay() + 6) % 7;
      const title = new Intl.DateTimeFormat(lang === 'es' ? 'es-ES' : 'en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
        first,
      );
      const holidays = effectiveHolidays();
      const cells = [];
      for (let i = 0; i < lead; i++) cells.push(el('span', { className: 'cal-empty', 'aria-hidden': 'true' }));
      for (let d = 1; d <= daysInMonth; d++) {
        const iso = `${month}-${String(d).padStart(2, '0')}`;
        const override = draft.dateOverrides[iso];
        const kind = override ? (override.closed ? 'closed' : 'hours') : 'normal';
        const holiday = holidays.get(iso);
        const words = [formatDay(iso, lang, { weekday: 'long', day: 'numeric', month: 'long' })];
        if (kind === 'closed') words.push(t('rules.dayClosed'));
        if (kind === 'hours') words.push(`${t('rules.dayHours')} ${rangesText(override.hours)}`);
        if (holiday) words.push(`${t('rules.dayHoliday')}: ${holiday}`);
        cells.push(
          el('button', {
            type: 'button',
            className: `cal-day ${kind}${holiday ? ' holiday' : ''}`,
            'data-date': iso,
            'aria-pressed': iso === selectedDay ? 'true' : 'false',
            'aria-label': words.join(', '),
            text: String(d),
            onclick: () => {
              selectedDay = iso;
              redraw();
              editor.querySelector('input:checked')?.focus();
            },
          }),
        );
      }
      const shift = (delta) => {
        const next = new Date(Date.UTC(year, monthNumber - 1 + delta, 1));
        month = next.toISOString().slice(0, 7);
        redraw();
        void loadComing();
      };
      return el('div', { className: 'calendar' }, [
        el('div', { className: 'cal-head' }, [
          el('button', { type: 'button', className: 'small', text: '‹', 'aria-label': t('rules.prevMonth'), onclick: () => shift(-1) }),
          el('strong', { 'aria-live': 'polite', text: title }),
          el('button', { type: 'button', className: 'small', text: '›', 'aria-label': t('rules.nextMonth'), onclick: () => shift(1) }),
        ]),
        el(
          'div',
          { className: 'cal-grid', role: 'group', 'aria-label': title },
          WEEKDAYS.map((day) => el('span', { className: 'cal-dow', 'aria-hidden': 'true', text: t(`day.${day}`).slice(0, 2) })).concat(
            cells,
          ),
        ),
      ]);
    }

    function dayEditor(iso) {
      const override = draft.dateOverrides[iso];
      const kind = override ? (override.closed ? 'closed' : 'hours') : 'normal';
      const name = uniqueId('kind');
      const choose = (value) => {
        if (value === 'normal') delete draft.dateOverrides[iso];
        else if (value === 'closed') draft.dateOverrides[iso] = { closed: true };
        else draft.dateOverrides[iso] = { hours: [{ start: '09:00', end: '14:00' }] };
        changed();
        redraw();
        editor.querySelector('input:checked')?.focus();
      };
      const radios = ['normal', 'closed', 'hours'].map((value) => {
        const id = uniqueId('r');
        return el('span', { className: 'choice' }, [
          el('input', { type: 'radio', id, name, value, checked: value === kind, onchange: () => choose(value) }),
          el('label', {
            for: id,
            text: t(value === 'normal' ? 'rules.dayNormal' : value === 'closed' ? 'rules.dayClosed' : 'rules.dayHours'),
          }),
        ]);
      });
      const nodes = [
        el('fieldset', { className: 'day-kind', 'data-field': `dateOverrides.${iso}` }, [
          el('legend', {
            text: t('rules.dayIs', { date: formatDay(iso, lang, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }) }),
          }),
          ...radios,
        ]),
      ];
      if (kind === 'hours') {
        const hours = override.hours;
        const dayName = formatDay(iso, lang, { day: 'numeric', month: 'short' });
        nodes.push(
          el(
            'ol',
            { className: 'ranges' },
            hours.map((range, i) =>
              el('li', { 'data-field': `dateOverrides.${iso}.hours.${i}` }, [
                el('span', { className: 'clock-field', 'data-field': `dateOverrides.${iso}.hours.${i}.start` }, [
                  clockInput(range, 'start', t('rules.range', { day: dayName, n: i + 1, part: t('rules.from') }), () =>
                    list.replaceChildren(...overrideItems()),
                  ),
                ]),
                el('span', { 'aria-hidden': 'true', text: '–' }),
                el('span', { className: 'clock-field', 'data-field': `dateOverrides.${iso}.hours.${i}.end` }, [
                  clockInput(range, 'end', t('rules.range', { day: dayName, n: i + 1, part: t('rules.to') }), () =>
                    list.replaceChildren(...overrideItems()),
                  ),
                ]),
                hours.length > 1
                  ? el('button', {
                      type: 'button',
                      className: 'small remove',
                      text: '×',
                      'aria-label': t('rules.removeRange', { day: dayName, n: i + 1 }),
                      onclick: () => {
                        hours.splice(i, 1);
                        changed();
                        redraw();
                      },
                    })
                  : null,
              ]),
            ),
          ),
          el('button', {
            type: 'button',
            className: 'small',
            text: `+ ${t('rules.addRange')}`,
            onclick: () => {
              const startMinutes = Math.min(minutesOf(hours[hours.length - 1]?.end) ?? 540, 1380);
              hours.push({ start: clockFromMinutes(startMinutes), end: clockFromMinutes(Math.min(startMinutes + 120, 1440)) });
              changed();
              redraw();
            },
          }),
        );
      }
      return nodes;
    }

    function overrideItems() {
      const dates = Object.keys(draft.dateOverrides).sort();
      if (dates.length === 0) return [el('li', { className: 'hint', text: t('rules.noOverrides') })];
      return dates.map((iso) => {
        const override = draft.dateOverrides[iso];
        return el('li', { 'data-field': `dateOverrides.${iso}` }, [
          el('span', {
            text: `${formatDay(iso, lang, { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' })}: ${
              override.closed ? t('rules.dayClosed') : rangesText(override.hours)
            } `,
          }),
          el('button', {
            type: 'button',
            className: 'small',
            text: t('rules.edit'),
            onclick: () => {
              selectedDay = iso;
              month = iso.slice(0, 7);
              redraw();
              void loadComing();
              editor.querySelector('input:checked')?.focus();
            },
          }),
          el('button', {
            type: 'button',
            className: 'small',
            text: t('rules.remove'),
            onclick: () => {
              delete draft.dateOverrides[iso];
              changed();
              redraw();
            },
          }),
        ]);
      });
    }

    overridesRedraw = redraw;
    redraw();
    return card(t('rules.overrides'), t('rules.overridesHint'), [
      el('div', { className: 'overrides' }, [
        calendar,
        el('div', {}, [editor, el('h4', { id: listHeading, text: t('rules.overrideList') }), list]),
      ]),
    ]);
  }

  function rangesText(ranges) {
    return (ranges || []).map((range) => `${range.start}–${range.end}`).join(', ');
  }

  // ——— holidays ———

  /** The public holidays of the calendar shown, less the days worked, plus the days added: date → name. */
  function effectiveHolidays() {
    const result = new Map();
    if (!draft.holidays) return result;
    for (const holiday of coming.holidays) result.set(holiday.date, holiday.name);
    for (const day of draft.holidays.remove || []) result.delete(day);
    for (const day of draft.holidays.add || []) result.set(day, result.get(day) || t('rules.added'));
    return result;
  }

  async function loadComing() {
    const holidays = draft.holidays;
    if (!holidays || !/^[A-Z]{2}$/.test(holidays.country || '')) {
      coming = { key: '', holidays: [], error: '' };
      drawComing();
      return;
    }
    const from = `${month}-01`;
    const key = `${holidays.country}|${holidays.region || ''}|${from}`;
    if (key === coming.key) return;
    coming = { key, holidays: [], error: '' };
    const query = new URLSearchParams({ country: holidays.country, from, months: '3' });
    if (holidays.region) query.set('region', holidays.region);
    try {
      const answer = await api('GET', `/api/admin/holidays?${query.toString()}`);
      if (coming.key === key) coming.holidays = answer.holidays;
    } catch (error) {
      if (coming.key === key) coming.error = error.message;
    }
    drawComing();
    overridesRedraw();
  }

  function drawComing() {
    if (!comingList) return;
    const removed = new Set(draft.holidays?.remove || []);
    if (coming.error) {
      comingList.replaceChildren(el('li', { className: 'error', text: t('rules.comingUnavailable', { message: coming.error }) }));
    } else if (coming.holidays.length === 0) {
      comingList.replaceChildren(el('li', { className: 'hint', text: draft.holidays ? t('rules.comingNone') : '' }));
    } else {
      comingList.replaceChildren(
        ...coming.holidays.map((holiday) => {
          const worked = removed.has(holiday.date);
          return el('li', { 'data-date': holiday.date, className: worked ? 'worked' : '' }, [
            el('span', {
              text: `${formatDay(holiday.date, lang, { weekday: 'short', day: 'numeric', month: 'short' })} · ${holiday.name}${worked ? ` (${t('rules.worked')})` : ''} `,
            }),
            el('button', {
              type: 'button',
              className: 'small',
              text: worked ? t('rules.keepHoliday') : t('rules.workThatDay'),
              onclick: () => {
                const list = draft.holidays.remove || (draft.holidays.remove = []);
                if (worked) list.splice(list.indexOf(holiday.date), 1);
                else list.push(holiday.date);
                list.sort();
                changed();
                holidaysRedraw();
              },
            }),
          ]);
        }),
      );
    }
  }

  function holidaysCard() {
    const body = el('div');
    const redraw = () => {
      const h = draft.holidays;
      const toggleId = uniqueId('use');
      const nodes = [
        el('div', { className: 'choice', 'data-field': 'holidays' }, [
          el('input', {
            type: 'checkbox',
            id: toggleId,
            checked: Boolean(h),
            onchange: (event) => {
              draft.holidays = event.target.checked ? { country: 'ES', add: [], remove: [] } : undefined;
              if (!draft.holidays) delete draft.holidays;
              changed();
              redraw();
              void loadComing();
            },
          }),
          el('label', { for: toggleId, text: t('rules.useHolidays') }),
        ]),
      ];
      if (h) {
        h.add = h.add || [];
        h.remove = h.remove || [];
        const refetch = () => void loadComing();
        nodes.push(
          el('div', { className: 'fields' }, [
            labelled(
              t('rules.country'),
              textInput(h.country, (v) => (h.country = v.trim().toUpperCase()), { size: '3', maxlength: '2', onchange: refetch }),
              'holidays.country',
            ),
            labelled(
              t('rules.region'),
              textInput(
                h.region,
                (v) => {
                  const value = v.trim().toUpperCase();
                  if (value) h.region = value;
                  else delete h.region;
                },
                { size: '4', maxlength: '3', onchange: refetch },
              ),
              'holidays.region',
            ),
          ]),
          el('div', { className: 'day-lists' }, [
            dayList('add', t('rules.added'), t('rules.dayToAdd')),
            dayList('remove', t('rules.removed'), t('rules.dayToRemove')),
          ]),
        );
      }
      comingList = el('ul', { className: 'coming' });
      nodes.push(el('h4', { text: t('rules.coming') }), comingList);
      body.replaceChildren(...nodes);
      drawComing();
      overridesRedraw();
    };

    function dayList(which, title, inputLabel) {
      const days = draft.holidays[which];
      const input = el('input', { type: 'date', 'aria-label': inputLabel });
      return el('div', { className: 'day-list', 'data-field': `holidays.${which}` }, [
        el('h4', { text: title }),
        el(
          'ul',
          {},
          days.map((day, i) =>
            el('li', { 'data-field': `holidays.${which}.${i}` }, [
              el('span', {
                text: `${/^\d{4}-\d{2}-\d{2}$/.test(day) ? formatDay(day, lang, { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' }) : day} `,
              }),
              el('button', {
                type: 'button',
                className: 'small',
                text: t('rules.remove'),
                'aria-label': `${t('rules.remove')} ${day}`,
                onclick: () => {
                  days.splice(i, 1);
                  changed();
                  redraw();
                },
              }),
            ]),
          ),
        ),
        el('span', { className: 'inline' }, [
          input,
          el('button', {
            type: 'button',
            className: 'small',
            text: t('rules.addDay'),
            onclick: () => {
              if (!input.value || days.includes(input.value)) return;
              days.push(input.value);
              days.sort();
              changed();
              redraw();
            },
          }),
        ]),
      ]);
    }

    holidaysRedraw = redraw;
    redraw();
    void loadComing();
    return card(t('rules.holidays'), null, [body]);
  }

  // ——— capacity and stricter windows: rows of weekdays and a time range ———

  function weekdayChecks(row, path, rowLabel) {
    return el(
      'fieldset',
      { className: 'weekdays', 'data-field': `${path}.weekdays` },
      [el('legend', { className: 'sr-only', text: `${rowLabel}: ${t('rules.weekdays')}` })].concat(
        WEEKDAYS.map((day) => {
          const id = uniqueId('wd');
          return el('span', { className: 'wd' }, [
            el('input', {
              type: 'checkbox',
              id,
              checked: Boolean(row.weekdays?.includes(day)),
              onchange: (event) => {
                const chosen = new Set(row.weekdays || []);
                if (event.target.checked) chosen.add(day);
                else chosen.delete(day);
                const list = WEEKDAYS.filter((d) => chosen.has(d));
                if (list.length) row.weekdays = list;
                else delete row.weekdays;
                changed();
              },
            }),
            el('label', { for: id, title: t(`day.${day}`), text: t(`day.${day}`).slice(0, 2) }),
          ]);
        }),
      ),
    );
  }

  function rowsTable(rows, path, columns, makeRow, addLabel) {
    const body = el('tbody');
    const table = el('table', { className: 'rows' }, [
      el('thead', {}, [el('tr', {}, columns.map((c) => el('th', { scope: 'col', text: c })).concat([el('th', {})]))]),
      body,
    ]);
    const redraw = () =>
      body.replaceChildren(
        ...rows.map((row, i) => {
          const label = `${i + 1}`;
          return el(
            'tr',
            { 'data-field': `${path}.${i}` },
            makeRow(row, `${path}.${i}`, label)
              .map((cell) => el('td', {}, [cell]))
              .concat([
                el('td', {}, [
                  el('button', {
                    type: 'button',
                    className: 'small remove',
                    text: '×',
                    'aria-label': t('rules.removeRow', { n: i + 1 }),
                    onclick: () => {
                      rows.splice(i, 1);
                      changed();
                      redraw();
                    },
                  }),
                ]),
              ]),
          );
        }),
      );
    redraw();
    return el('div', { className: 'rows-wrap', 'data-field': path }, [
      table,
      el('button', {
        type: 'button',
        className: 'small',
        text: `+ ${addLabel}`,
        onclick: () => {
          rows.push(makeRow.blank());
          changed();
          redraw();
          body.querySelector('tr:last-child input')?.focus();
        },
      }),
    ]);
  }

  function cellInput(row, key, path, label, attrs = {}, parse = (v) => v.trim()) {
    return el('span', { 'data-field': `${path}.${key}` }, [
      textInput(String(row[key] ?? ''), (v) => (row[key] = parse(v)), { 'aria-label': label, ...attrs }),
    ]);
  }

  function capacityCard() {
    draft.capacity = draft.capacity || { default: 1, ranges: [] };
    draft.capacity.ranges = draft.capacity.ranges || [];
    const makeRow = (row, path, n) => [
      weekdayChecks(row, path, n),
      cellInput(row, 'start', path, `${t('rules.capacityRanges')} ${n}: ${t('rules.start')}`, {
        className: 'clock',
        size: '5',
        placeholder: 'HH:mm',
      }),
      cellInput(row, 'end', path, `${t('rules.capacityRanges')} ${n}: ${t('rules.end')}`, {
        className: 'clock',
        size: '5',
        placeholder: 'HH:mm',
      }),
      cellInput(
        row,
        'capacity',
        path,
        `${t('rules.capacityRanges')} ${n}: ${t('rules.capacityValue')}`,
        { size: '4', inputmode: 'numeric' },
        numeric,
      ),
    ];
    makeRow.blank = () => ({ start: '09:00', end: '14:00', capacity: draft.capacity.default });
    return card(t('rules.capacity'), null, [
      el('div', { className: 'fields' }, [
        labelled(
          t('rules.capacityDefault'),
          textInput(String(draft.capacity.default ?? ''), (v) => (draft.capacity.default = numeric(v)), {
            inputmode: 'numeric',
            size: '4',
          }),
          'capacity.default',
        ),
      ]),
      el('h4', { text: t('rules.capacityRanges') }),
      el('p', { className: 'hint', text: t('rules.capacityRangesHint') }),
      rowsTable(
        draft.capacity.ranges,
        'capacity.ranges',
        [t('rules.weekdays'), t('rules.start'), t('rules.end'), t('rules.capacityValue')],
        makeRow,
        t('rules.addCapacity'),
      ),
    ]);
  }

  function stricterCard() {
    draft.stricterWindows = draft.stricterWindows || [];
    const makeRow = (row, path, n) => [
      cellInput(row, 'jurisdiction', path, `${t('rules.stricter')} ${n}: ${t('rules.jurisdiction')}`, { size: '3', maxlength: '2' }, (v) =>
        v.trim().toUpperCase(),
      ),
      weekdayChecks(row, path, n),
      cellInput(row, 'start', path, `${t('rules.stricter')} ${n}: ${t('rules.start')}`, {
        className: 'clock',
        size: '5',
        placeholder: 'HH:mm',
      }),
      cellInput(row, 'end', path, `${t('rules.stricter')} ${n}: ${t('rules.end')}`, {
        className: 'clock',
        size: '5',
        placeholder: 'HH:mm',
      }),
    ];
    makeRow.blank = () => ({ jurisdiction: 'ES', start: '10:00', end: '20:00' });
    return card(t('rules.stricter'), t('rules.stricterHint'), [
      rowsTable(
        draft.stricterWindows,
        'stricterWindows',
        [t('rules.jurisdiction'), t('rules.weekdays'), t('rules.start'), t('rules.end')],
        makeRow,
        t('rules.addStricter'),
      ),
    ]);
  }

  // ——— saving ———

  async function save() {
    messages.replaceChildren();
    clearFieldErrors(form);
    saveButton.disabled = true;
    try {
      stored = await api('PUT', `/api/admin/rule-sets/${encodeURIComponent(team)}`, draft, { 'if-match': `"${stored.version}"` });
      draft = structuredClone(stored.ruleSet);
      dirty = false;
      publish();
      render();
      ctx.status(t('rules.saved', { version: stored.version }));
    } catch (error) {
      if (!(error instanceof ApiProblem)) throw error;
      if (error.status === 400) {
        const unplaced = showFieldErrors(form, error);
        messages.replaceChildren(
          el('p', { className: 'error', text: t('rules.invalid') }),
          ...unplaced.map((text) => el('p', { className: 'error', text })),
        );
      } else if (error.status === 412 || (error.status === 409 && error.code === 'VersionConflict')) {
        messages.replaceChildren(await conflictBox(error));
        messages.querySelector('button')?.focus();
      } else {
        messages.replaceChildren(el('p', { className: 'error', text: error.message }));
      }
      updateBar();
    }
  }

  /** Who saved first and when: the 412's `current`, else the newest version of the history. */
  async function conflictBox(problem) {
    let current = problem.body.current;
    if (!current) {
      try {
        const newest = (await api('GET', `/api/admin/rule-sets/${encodeURIComponent(team)}/history`)).versions[0];
        current = newest && { version: newest.version, changedBy: newest.changedBy, changedAt: newest.changedAt };
      } catch {
        current = null;
      }
    }
    labels = await keyLabels(api, t);
    const text = current
      ? t('rules.conflict', {
          who: current.changedByLabel || labels(current.changedBy),
          when: formatInstant(current.changedAt, lang),
          version: current.version,
        })
      : t('rules.conflictUnknown');
    return el('div', { className: 'conflict' }, [
      el('p', { text }),
      el('button', { type: 'button', className: 'primary', text: t('rules.reload'), onclick: () => void load(false) }),
    ]);
  }
}
