// The admin page's promises section: the share of callbacks made on time, by week and team, from the documented
// GET /api/admin/reports/promises. An inline SVG bar chart (no chart library) and the same figures as a table.
import { el, uniqueId } from './ui.js';
import { useSectionStyle } from './sectionKit.js';

const WORDS = {
  es: {
    intro:
      'Qué parte de las llamadas prometidas se hicieron a tiempo (primer intento dentro del margen del equipo), por semana ISO y equipo.',
    weeks: 'Semanas',
    lastWeeks: 'Últimas {n} semanas',
    team: 'Equipo',
    allTeams: 'Todos los equipos',
    show: 'Mostrar',
    loading: 'Cargando…',
    chartTitle: 'A tiempo, por semana y equipo',
    chartDesc:
      'Barras: porcentaje de llamadas hechas a tiempo sobre las ya vencidas, de {from} a {to}. La tabla siguiente da las mismas cifras.',
    bar: '{team}, {week}: {percent} a tiempo ({kept} de {passed})',
    noBar: '{team}, {week}: nada vencido todavía',
    legend: 'Equipos',
    tableCaption: 'A tiempo por semana y equipo (a tiempo / vencidas; reservadas)',
    week: 'Semana',
    cell: '{percent} ({kept}/{passed}; {booked} reservadas)',
    empty: '— ({booked} reservadas)',
    total: 'Total',
    nothing: 'No hay llamadas en este periodo.',
  },
  en: {
    intro: 'The share of promised callbacks made on time (first attempt within the team’s margin), by ISO week and team.',
    weeks: 'Weeks',
    lastWeeks: 'Last {n} weeks',
    team: 'Team',
    allTeams: 'All teams',
    show: 'Show',
    loading: 'Loading…',
    chartTitle: 'Kept on time, by week and team',
    chartDesc:
      'Bars: the share of callbacks made on time among those already due, from {from} to {to}. The table below gives the same figures.',
    bar: '{team}, {week}: {percent} on time ({kept} of {passed})',
    noBar: '{team}, {week}: nothing due yet',
    legend: 'Teams',
    tableCaption: 'Kept on time by week and team (on time / due; booked)',
    week: 'Week',
    cell: '{percent} ({kept}/{passed}; {booked} booked)',
    empty: '— ({booked} booked)',
    total: 'Total',
    nothing: 'No callbacks in this period.',
  },
};

/** This section's words, merged into the page's by the shell (keys prefixed, so no section overwrites another's). */
export const strings = Object.fromEntries(
  Object.entries(WORDS).map(([lang, words]) => [
    lang,
    Object.fromEntries(Object.entries(words).map(([key, text]) => [`promises.${key}`, text])),
  ]),
);

// Okabe–Ito: told apart with the common colour-vision deficiencies; each bar also carries its figure as text.
const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#000000'];
const SVG = 'http://www.w3.org/2000/svg';

function svg(tag, attributes = {}, children = []) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name === 'text') node.textContent = value;
    else if (value !== null && value !== undefined) node.setAttribute(name, String(value));
  }
  for (const child of children) if (child) node.appendChild(child);
  return node;
}

/** The report's own range when asked for none: the current ISO week and the three before it. */
const DEFAULT_WEEKS = 4;

/** "YYYY-MM-DD", n weeks before. */
function weeksBefore(day, n) {
  return new Date(Date.parse(`${day}T00:00:00Z`) - n * 7 * 86_400_000).toISOString().slice(0, 10);
}

export function mount(root, ctx) {
  useSectionStyle();
  const w = (key, values) => ctx.t(`promises.${key}`, values);
  const percent = (ratio) =>
    new Intl.NumberFormat(ctx.lang === 'es' ? 'es-ES' : 'en-GB', { style: 'percent', maximumFractionDigits: 0 }).format(ratio);

  const weeks = el(
    'select',
    { name: 'weeks' },
    [4, 8, 12].map((n) => el('option', { value: String(n), text: w('lastWeeks', { n }) })),
  );
  const team = el('select', { name: 'team' });
  const fillTeams = () => {
    const chosen = team.value;
    team.replaceChildren(
      el('option', { value: '', text: w('allTeams') }),
      ...ctx.teams().map((t) => el('option', { value: t.id, text: t.name })),
    );
    team.value = chosen;
  };
  fillTeams();
  const weeksId = uniqueId('weeks');
  const teamId = uniqueId('team');
  weeks.id = weeksId;
  team.id = teamId;
  const status = el('p', { className: 'status', role: 'status' });
  const chart = el('div', { className: 'promise-chart' });
  const form = el('form', { className: 'card promise-controls' }, [
    el('p', { className: 'hint', text: w('intro') }),
    el('div', { className: 'fields' }, [
      el('div', { className: 'field' }, [el('label', { for: weeksId, text: w('weeks') }), weeks]),
      el('div', { className: 'field' }, [el('label', { for: teamId, text: w('team') }), team]),
    ]),
    el('div', { className: 'actions' }, [el('button', { type: 'submit', className: 'primary', text: w('show') })]),
  ]);
  root.append(form, status, chart);

  // The end of the current week by the server's clock (its default range's end), not the browser's.
  let weekEnd = null;
  async function load() {
    status.textContent = w('loading');
    const n = Number(weeks.value);
    const base = team.value ? { team: team.value } : {};
    try {
      let report = null;
      if (weekEnd === null || n === DEFAULT_WEEKS) {
        report = await ctx.api('GET', `/api/admin/reports/promises?${new URLSearchParams(base)}`);
        weekEnd = report.to;
      }
      if (n !== DEFAULT_WEEKS) {
        const query = new URLSearchParams({ ...base, from: weeksBefore(weekEnd, n), to: weekEnd });
        report = await ctx.api('GET', `/api/admin/reports/promises?${query}`);
      }
      status.textContent = '';
      render(report);
    } catch (error) {
      status.textContent = error.message;
    }
  }

  function render(report) {
    const weekList = [...new Set(report.weeks.map((row) => row.week))].sort();
    const teamIds = [...new Set(report.weeks.map((row) => row.team))].sort();
    const names = new Map(ctx.teams().map((t) => [t.id, t.name]));
    const nameOf = (id) => names.get(id) ?? id;
    const colourOf = (id) => PALETTE[teamIds.indexOf(id) % PALETTE.length];
    const rowOf = new Map(report.weeks.map((row) => [`${row.week}|${row.team}`, row]));

    // Geometry: one group of bars a week, one bar a team, the y axis from 0 to 100 %.
    const left = 48;
    const top = 16;
    const plotHeight = 220;
    const barWidth = Math.max(10, Math.min(36, Math.floor(560 / Math.max(1, weekList.length * teamIds.length))));
    const groupWidth = barWidth * teamIds.length + 16;
    const width = left + Math.max(1, weekList.length) * groupWidth + 8;
    const height = top + plotHeight + 40;
    const y = (ratio) => top + plotHeight * (1 - ratio);
    const titleId = uniqueId('chart-title');
    const descId = uniqueId('chart-desc');
    const grid = [0, 0.25, 0.5, 0.75, 1].map((tick) =>
      svg('g', { class: 'tick' }, [
        svg('line', { x1: left, x2: width - 4, y1: y(tick), y2: y(tick), stroke: '#c9d1de', 'stroke-width': 1 }),
        svg('text', { x: left - 6, y: y(tick) + 4, 'text-anchor': 'end', 'font-size': 11, fill: '#5a6272', text: percent(tick) }),
      ]),
    );
    const groups = weekList.map((week, weekIndex) => {
      const x0 = left + weekIndex * groupWidth + 8;
      const bars = teamIds.map((id, teamIndex) => {
        const row = rowOf.get(`${week}|${id}`);
        const x = x0 + teamIndex * barWidth;
        if (!row || row.ratio === null) {
          // Nothing due yet: no bar, a dash on the axis, so an empty week is not read as 0 %.
          return svg('g', { 'data-team': id, 'data-week': week, 'data-ratio': '' }, [
            svg('title', { text: w('noBar', { team: nameOf(id), week }) }),
            svg('text', { x: x + barWidth / 2, y: y(0) - 4, 'text-anchor': 'middle', 'font-size': 11, fill: '#5a6272', text: '–' }),
          ]);
        }
        const label = w('bar', { team: nameOf(id), week, percent: percent(row.ratio), kept: row.keptOnTime, passed: row.passed });
        return svg('g', { 'data-team': id, 'data-week': week, 'data-ratio': row.ratio }, [
          svg('title', { text: label }),
          svg('rect', { x: x + 1, y: y(row.ratio), width: barWidth - 2, height: Math.max(1, plotHeight * row.ratio), fill: colourOf(id) }),
          barWidth >= 22
            ? svg('text', {
                x: x + barWidth / 2,
                y: y(row.ratio) - 3,
                'text-anchor': 'middle',
                'font-size': 10,
                fill: '#1d2330',
                text: percent(row.ratio),
              })
            : null,
        ]);
      });
      return svg('g', { class: 'week' }, [
        ...bars,
        svg('text', {
          x: x0 + (barWidth * teamIds.length) / 2,
          y: top + plotHeight + 18,
          'text-anchor': 'middle',
          'font-size': 11,
          fill: '#1d2330',
          text: week,
        }),
      ]);
    });
    const picture = svg(
      'svg',
      { role: 'img', 'aria-labelledby': `${titleId} ${descId}`, viewBox: `0 0 ${width} ${height}`, width, height, class: 'chart' },
      [
        svg('title', { id: titleId, text: w('chartTitle') }),
        svg('desc', { id: descId, text: w('chartDesc', { from: report.from, to: report.to }) }),
        ...grid,
        svg('line', { x1: left, x2: left, y1: top, y2: top + plotHeight, stroke: '#5a6272', 'stroke-width': 1 }),
        ...groups,
      ],
    );
    const legend = el(
      'ul',
      { className: 'legend', 'aria-label': w('legend') },
      teamIds.map((id) =>
        el('li', {}, [
          svg('svg', { width: 12, height: 12, 'aria-hidden': 'true' }, [svg('rect', { width: 12, height: 12, fill: colourOf(id) })]),
          ` ${nameOf(id)}`,
        ]),
      ),
    );

    const cell = (row) =>
      row.ratio === null
        ? w('empty', { booked: row.booked })
        : w('cell', { percent: percent(row.ratio), kept: row.keptOnTime, passed: row.passed, booked: row.booked });
    const totalsOf = (id) => {
      const rows = report.weeks.filter((row) => row.team === id);
      const sum = (key) => rows.reduce((total, row) => total + row[key], 0);
      const passed = sum('passed');
      return { keptOnTime: sum('keptOnTime'), passed, booked: sum('booked'), ratio: passed === 0 ? null : sum('keptOnTime') / passed };
    };
    const table = el('table', { className: 'promise-table' }, [
      el('caption', { text: w('tableCaption') }),
      el('thead', {}, [
        el('tr', {}, [el('th', { scope: 'col', text: w('week') }), ...teamIds.map((id) => el('th', { scope: 'col', text: nameOf(id) }))]),
      ]),
      el('tbody', {}, [
        ...weekList.map((week) =>
          el('tr', { 'data-week': week }, [
            el('th', { scope: 'row', text: week }),
            ...teamIds.map((id) => el('td', { 'data-team': id, text: cell(rowOf.get(`${week}|${id}`) ?? { ratio: null, booked: 0 }) })),
          ]),
        ),
        el('tr', { className: 'total' }, [
          el('th', { scope: 'row', text: w('total') }),
          ...teamIds.map((id) => el('td', { 'data-team': id, text: cell(totalsOf(id)) })),
        ]),
      ]),
    ]);
    chart.replaceChildren(
      el('div', { className: 'card' }, [
        report.totals.booked === 0 ? el('p', { className: 'hint', text: w('nothing') }) : null,
        el('div', { className: 'scroll' }, [picture]),
        legend,
        el('div', { className: 'scroll' }, [table]),
      ]),
    );
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void load();
  });
  ctx.onTeamChange(() => fillTeams());
  // Shown again: teams may have been added and callbacks made meanwhile.
  ctx.onShow(() => {
    fillTeams();
    void load();
  });
  void load();
}
