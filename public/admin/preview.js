// The preview section: what a Spanish mobile, a Canary landline, a New York number and any number typed would be
// offered over the chosen days, each on their own clock, and why every other hour is not offered. Computed by the
// server (POST /api/admin/rule-sets/:id/preview, the conversation's own engine), from the rules editor's unsaved
// draft when there is one, so a change of hours shows here before it is saved.
import { ApiProblem, el, formatDay, clockOf, showFieldErrors, clearFieldErrors, labelled, uniqueId, todayIso } from './ui.js';

export const strings = {
  es: {
    'preview.controls': 'Qué calcular',
    'preview.from': 'Desde el día',
    'preview.days': 'Días',
    'preview.number': 'Otro número (opcional)',
    'preview.numberHint': 'Con prefijo, p. ej. +44 20 7946 0018',
    'preview.useDraft': 'Usar los cambios sin guardar de «Reglas»',
    'preview.run': 'Calcular',
    'preview.running': 'Calculando…',
    'preview.ofDraft': 'Vista previa del borrador sin guardar.',
    'preview.ofVersion': 'Vista previa de la versión {version} guardada.',
    'preview.draftInvalid': 'El borrador tiene errores (corrígelos en «Reglas»):',
    'preview.zone': 'Su hora: {zone}',
    'preview.zoneUnknown': 'No se conoce la zona horaria de los números de {country}: no se ofrece nada hasta que la persona diga la suya.',
    'preview.zoneAmbiguous': 'El número puede sonar en {zones}: se muestra en {zone} y solo se ofrecen horas legales en todas.',
    'preview.zoneStated':
      '{zone}, como dice la persona; solo por el número podría sonar en {n} zonas y se ofrecerían horas legales en todas.',
    'preview.law': 'Norma: {citation}',
    'preview.narrowed': 'Este equipo lo restringe a {windows}.',
    'preview.offered': '{n} citas ofrecidas',
    'preview.noneOffered': 'Ninguna hora ofrecida este día.',
    'preview.teamTime': 'equipo {time}',
    'preview.teamShift': 'Hora del equipo: la suya {shift}',
    'preview.slotsOf': 'Horas ofrecidas el {day}',
    'preview.legend': 'Motivos de las horas no ofrecidas',
    'prospect.es_mobile': 'Móvil español',
    'prospect.es_canary_landline': 'Fijo de Canarias',
    'prospect.us': 'Número de Nueva York',
    'prospect.typed': 'Número escrito',
    'reason.unlawful': 'fuera del horario legal',
    'reason.holiday': 'festivo',
    'reason.team_closed': 'equipo cerrado',
    'reason.full': 'completo',
    'reason.too_soon': 'demasiado pronto',
    'reason.beyond_horizon': 'más allá del horizonte',
  },
  en: {
    'preview.controls': 'What to compute',
    'preview.from': 'From',
    'preview.days': 'Days',
    'preview.number': 'Another number (optional)',
    'preview.numberHint': 'With its prefix, e.g. +44 20 7946 0018',
    'preview.useDraft': 'Use the unsaved changes of “Rules”',
    'preview.run': 'Compute',
    'preview.running': 'Computing…',
    'preview.ofDraft': 'Preview of the unsaved draft.',
    'preview.ofVersion': 'Preview of saved version {version}.',
    'preview.draftInvalid': 'The draft has errors (fix them in “Rules”):',
    'preview.zone': 'Their time: {zone}',
    'preview.zoneUnknown': 'No time zone is known for numbers of {country}: nothing is offered until the person states theirs.',
    'preview.zoneAmbiguous': 'The number may ring in {zones}: shown in {zone}, offered only at times lawful in every one of them.',
    'preview.zoneStated':
      '{zone}, as the person states it; the number alone may ring in {n} zones and would be offered only times lawful in all.',
    'preview.law': 'Rule: {citation}',
    'preview.narrowed': 'This team narrows it to {windows}.',
    'preview.offered': '{n} slots offered',
    'preview.noneOffered': 'No time offered this day.',
    'preview.teamTime': 'team {time}',
    'preview.teamShift': 'Team time: theirs {shift}',
    'preview.slotsOf': 'Times offered on {day}',
    'preview.legend': 'Why hours are not offered',
    'prospect.es_mobile': 'Spanish mobile',
    'prospect.es_canary_landline': 'Canary landline',
    'prospect.us': 'New York number',
    'prospect.typed': 'Typed number',
    'reason.unlawful': 'outside lawful hours',
    'reason.holiday': 'holiday',
    'reason.team_closed': 'team closed',
    'reason.full': 'full',
    'reason.too_soon': 'too soon',
    'reason.beyond_horizon': 'beyond the horizon',
  },
};

const REASONS = ['unlawful', 'holiday', 'team_closed', 'full', 'too_soon', 'beyond_horizon'];

/** Minutes the team's wall clock is ahead of the prospect's at a slot ("YYYY-MM-DDTHH:mm" both). */
function shiftOf(slot) {
  const minutes = (local) =>
    Date.UTC(+local.slice(0, 4), +local.slice(5, 7) - 1, +local.slice(8, 10), +local.slice(11, 13), +local.slice(14, 16)) / 60000;
  return minutes(slot.team) - minutes(slot.local);
}

function shiftText(minutes) {
  const sign = minutes < 0 ? '−' : '+';
  const size = Math.abs(minutes);
  return `${sign}${Math.floor(size / 60)} h${size % 60 ? ` ${size % 60} min` : ''}`;
}

export function mount(root, ctx) {
  const { api, t, lang } = ctx;
  let team = ctx.team();
  let stale = true;
  let timer = null;
  let request = 0;

  const from = el('input', { type: 'date', value: todayIso(), required: true });
  const days = el('input', { type: 'number', min: '1', max: '14', value: '3', inputmode: 'numeric' });
  const number = el('input', { type: 'tel', autocomplete: 'off', placeholder: '+34 …' });
  const useDraftId = uniqueId('draft');
  const useDraft = el('input', { type: 'checkbox', id: useDraftId, checked: true });
  const run = el('button', { type: 'submit', className: 'primary', text: t('preview.run') });
  const controls = el('form', { className: 'card preview-controls', 'aria-label': t('preview.controls') }, [
    el('div', { className: 'fields' }, [
      labelled(t('preview.from'), from, 'from'),
      labelled(t('preview.days'), days, 'days'),
      labelled(t('preview.number'), number, 'numbers.0', t('preview.numberHint')),
    ]),
    el('div', { className: 'actions' }, [
      el('span', { className: 'choice' }, [useDraft, el('label', { for: useDraftId, text: t('preview.useDraft') })]),
      run,
    ]),
  ]);
  const note = el('p', { className: 'hint', role: 'status', 'aria-live': 'polite' });
  const problems = el('div', { className: 'messages', role: 'alert' });
  const results = el('div', { className: 'prospects', 'aria-busy': 'false' });
  root.append(controls, note, problems, results);

  controls.addEventListener('submit', (event) => {
    event.preventDefault();
    void compute();
  });
  useDraft.addEventListener('change', () => void compute());

  // A change in the rules editor recomputes at once when this section is on screen, else when it is shown.
  const onDraft = () => {
    if (!useDraft.checked) return;
    stale = true;
    if (root.hidden) return;
    clearTimeout(timer);
    timer = setTimeout(() => void compute(), 300);
  };
  ctx.shared.onChange(`draft:${team}`, onDraft);
  ctx.onTeamChange((id) => {
    team = id;
    ctx.shared.onChange(`draft:${team}`, onDraft);
    stale = true;
    if (!root.hidden) void compute();
  });
  ctx.onShow(() => {
    if (stale) void compute();
  });
  void compute();

  function draftToUse() {
    const draft = ctx.shared.get(`draft:${team}`);
    return useDraft.checked && draft && draft.dirty ? draft : null;
  }

  async function compute() {
    stale = false;
    const mine = ++request;
    const draft = draftToUse();
    const body = { from: from.value, days: days.value === '' ? days.value : Number(days.value) };
    if (number.value.trim()) body.numbers = [number.value.trim()];
    if (draft) body.ruleSet = draft.ruleSet;
    clearFieldErrors(controls);
    problems.replaceChildren();
    note.textContent = t('preview.running');
    results.setAttribute('aria-busy', 'true');
    try {
      const answer = await api('POST', `/api/admin/rule-sets/${encodeURIComponent(team)}/preview`, body);
      if (mine !== request) return;
      note.textContent = answer.ruleSetVersion === null ? t('preview.ofDraft') : t('preview.ofVersion', { version: answer.ruleSetVersion });
      results.replaceChildren(legend(), ...answer.prospects.map(prospectColumn));
    } catch (error) {
      if (mine !== request) return;
      if (!(error instanceof ApiProblem)) throw error;
      note.textContent = '';
      results.replaceChildren();
      if (error.status === 400) {
        const draftProblems = Object.entries(error.fields).filter(([field]) => field.startsWith('ruleSet'));
        const unplaced = showFieldErrors(controls, {
          fields: Object.fromEntries(Object.entries(error.fields).filter(([field]) => !field.startsWith('ruleSet'))),
        });
        if (draftProblems.length) {
          problems.appendChild(el('p', { className: 'error', text: t('preview.draftInvalid') }));
          problems.appendChild(
            el(
              'ul',
              {},
              draftProblems.map(([field, message]) =>
                el('li', { className: 'error', text: `${field.replace(/^ruleSet\./, '')}: ${message}` }),
              ),
            ),
          );
        }
        for (const text of unplaced) problems.appendChild(el('p', { className: 'error', text }));
      } else {
        problems.appendChild(el('p', { className: 'error', text: error.message }));
      }
    } finally {
      if (mine === request) results.setAttribute('aria-busy', 'false');
    }
  }

  function legend() {
    return el(
      'p',
      { className: 'legend', 'aria-label': t('preview.legend') },
      REASONS.map((reason) => el('span', { className: `reason reason-${reason}`, text: t(`reason.${reason}`) })),
    );
  }

  /** One prospect: who, on which clock, and each of their local days as offered times and closed stretches. */
  function prospectColumn(prospect) {
    const headingId = uniqueId('p');
    const byDay = new Map();
    const dayOf = (local) => {
      const day = local.slice(0, 10);
      if (!byDay.has(day)) byDay.set(day, { slots: [], closed: [] });
      return byDay.get(day);
    };
    for (const slot of prospect.slots) dayOf(slot.local).slots.push(slot);
    for (const range of prospect.closed) dayOf(range.localFrom).closed.push(range);
    const dayNodes = [...byDay.keys()].sort().map((day) => dayBlock(day, byDay.get(day)));
    return el('section', { className: 'prospect card', 'data-prospect': prospect.label, 'aria-labelledby': headingId }, [
      el('h3', { id: headingId, text: t(`prospect.${prospect.label}`) }),
      el('p', { className: 'phone', text: `${prospect.phone} · ${prospect.country}` }),
      el('p', { className: 'zone', text: t('preview.zone', { zone: prospect.timeZone }) }),
      zoneNote(prospect) ? el('p', { className: 'hint zone-note', text: zoneNote(prospect) }) : null,
      el('p', { className: 'hint lawful', text: t('preview.law', { citation: prospect.law.citation }) }),
      prospect.law.narrowedTo.length
        ? el('p', { className: 'hint lawful', text: t('preview.narrowed', { windows: prospect.law.narrowedTo.join(', ') }) })
        : null,
      el('p', { className: 'count', text: t('preview.offered', { n: prospect.slots.length }) }),
      ...dayNodes,
    ]);
  }

  /** Why this zone, in the page's language, when the number alone does not say. */
  function zoneNote({ zone, country }) {
    if (zone.shownIn === null) return t('preview.zoneUnknown', { country });
    if (zone.candidates.length > 1) return t('preview.zoneAmbiguous', { zones: zone.candidates.join(', '), zone: zone.shownIn });
    if (zone.stated && zone.numberAlone.length > 1) return t('preview.zoneStated', { zone: zone.shownIn, n: zone.numberAlone.length });
    return null;
  }

  function dayBlock(day, { slots, closed }) {
    // Offered times and closed stretches in the order of the prospect's day.
    const entries = [
      ...slots.map((slot) => ({ at: slot.local, node: null, slot })),
      ...closed.map((range) => ({ at: range.localFrom, node: null, range })),
    ].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
    // The team's clock beside the prospect's: said once for the day when it is one shift (the usual case), else per slot.
    const shifts = new Set(slots.map(shiftOf));
    const oneShift = shifts.size === 1 ? [...shifts][0] : null;
    const items = [];
    let chips = null;
    for (const entry of entries) {
      if (entry.slot) {
        if (!chips) {
          chips = el('ul', { className: 'slots', 'aria-label': t('preview.slotsOf', { day: formatDay(day, lang) }) });
          items.push(el('li', { className: 'slot-run' }, [chips]));
        }
        const slot = entry.slot;
        const differs = oneShift === null && shiftOf(slot) !== 0;
        chips.appendChild(
          el('li', { className: 'slot', 'data-local': slot.local, 'data-team': slot.team }, [
            clockOf(slot.local),
            differs ? el('span', { className: 'team-time', text: ` (${t('preview.teamTime', { time: clockOf(slot.team) })})` }) : null,
          ]),
        );
      } else {
        chips = null;
        const range = entry.range;
        const sameDay = range.localTo.slice(0, 10) === day;
        const to = sameDay
          ? clockOf(range.localTo)
          : `${formatDay(range.localTo.slice(0, 10), lang, { weekday: 'short', day: 'numeric' })} ${clockOf(range.localTo)}`;
        items.push(
          el(
            'li',
            {
              className: `closed reason-${range.reason}`,
              'data-reason': range.reason,
              'data-from': range.localFrom,
              'data-to': range.localTo,
            },
            [el('span', { className: 'span', text: `${clockOf(range.localFrom)}–${to}` }), ` ${t(`reason.${range.reason}`)}`],
          ),
        );
      }
    }
    return el('div', { className: 'preview-day', 'data-day': day }, [
      el('h4', { text: formatDay(day, lang, { weekday: 'long', day: 'numeric', month: 'long' }) }),
      oneShift ? el('p', { className: 'hint team-shift', text: t('preview.teamShift', { shift: shiftText(oneShift) }) }) : null,
      slots.length === 0 ? el('p', { className: 'hint', text: t('preview.noneOffered') }) : null,
      el('ul', { className: 'day-entries' }, items),
    ]);
  }
}
