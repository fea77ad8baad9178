import { DateTime } from 'luxon';
import { WhenRequest } from '../../../services/scheduling/when';
import type { Language } from '../../../services/language/language';

/** Every phrase the bot must understand, from fixed instants in named zones; shared with the process-zone check. */
export interface WhenCase {
  text: string;
  locale: Language;
  timeZone: string;
  now: string;
  expected: string | null;
}

// Tuesday 24 November 2026: 11:15 in Madrid, 05:15 in New York.
const NOV_24 = '2026-11-24T10:15:00Z';
const MADRID = 'Europe/Madrid';
const NEW_YORK = 'America/New_York';

/** The request as the person's own wall clock, so a wrong offset or zone shows in the failure. */
export function render(request: WhenRequest | null, timeZone: string): string | null {
  if (!request) return null;
  const local = (d: Date) => DateTime.fromJSDate(d, { zone: timeZone }).toISO();
  if (request.kind === 'asap') return 'asap';
  if (request.kind === 'at') return `at ${local(request.startUtc)}`;
  return `${local(request.fromUtc)} – ${local(request.toUtc)}${request.label ? ` ${request.label}` : ''}`;
}

function table(locale: Language, timeZone: string, now: string, rows: Array<[string, string | null]>): WhenCase[] {
  return rows.map(([text, expected]) => ({ text, locale, timeZone, now, expected }));
}

const MADRID_PHRASES_ES: Array<[string, string | null]> = [
  ['mañana por la tarde', '2026-11-25T15:00:00.000+01:00 – 2026-11-25T20:00:00.000+01:00 afternoon'],
  ['el jueves después de comer', '2026-11-26T15:00:00.000+01:00 – 2026-11-26T18:00:00.000+01:00 afterLunch'],
  ['a partir de las 6', '2026-11-24T18:00:00.000+01:00 – 2026-11-24T21:00:00.000+01:00'],
  ['llámame ya', 'asap'],
  ['el viernes por la mañana', '2026-11-27T09:00:00.000+01:00 – 2026-11-27T13:00:00.000+01:00 morning'],
  ['esta noche', '2026-11-24T19:00:00.000+01:00 – 2026-11-24T22:00:00.000+01:00 evening'],
  ['16:30', 'at 2026-11-24T16:30:00.000+01:00'],
  ['a las 6', 'at 2026-11-24T18:00:00.000+01:00'],
  // 10:00 has passed and 22:00 is outside calling hours: the next 10:00.
  ['a las 10', 'at 2026-11-25T10:00:00.000+01:00'],
  // Both 08:00 and 20:00 are calling hours; 20:00 today comes first.
  ['a las 8', 'at 2026-11-24T20:00:00.000+01:00'],
  ['dentro de dos horas', 'at 2026-11-24T13:15:00.000+01:00'],
  ['en media hora', 'at 2026-11-24T11:45:00.000+01:00'],
  ['ahora', 'asap'],
  ['cuanto antes', 'asap'],
  ['lo antes posible', 'asap'],
  ['el lunes que viene a las 9:30', 'at 2026-11-30T09:30:00.000+01:00'],
  ['mañana a las 10', 'at 2026-11-25T10:00:00.000+01:00'],
  ['mañana al mediodía', '2026-11-25T12:00:00.000+01:00 – 2026-11-25T15:00:00.000+01:00 midday'],
  ['mañana', '2026-11-25T08:00:00.000+01:00 – 2026-11-25T21:00:00.000+01:00'],
  ['mejor el viernes', '2026-11-27T08:00:00.000+01:00 – 2026-11-27T21:00:00.000+01:00'],
  ['mañana a partir de las 6', '2026-11-25T18:00:00.000+01:00 – 2026-11-25T21:00:00.000+01:00'],
  ['después de las 5', '2026-11-24T17:00:00.000+01:00 – 2026-11-24T21:00:00.000+01:00'],
  ['mañana de 4 a 6', '2026-11-25T16:00:00.000+01:00 – 2026-11-25T18:00:00.000+01:00'],
  ['entre las 4 y las 6', '2026-11-24T16:00:00.000+01:00 – 2026-11-24T18:00:00.000+01:00'],
  ['dentro de dos días', '2026-11-26T08:00:00.000+01:00 – 2026-11-26T21:00:00.000+01:00'],
  ['la semana que viene', '2026-11-30T08:00:00.000+01:00 – 2026-12-06T21:00:00.000+01:00'],
  // Today is Tuesday: its morning is still under way, so it counts and starts now...
  ['el martes por la mañana', '2026-11-24T11:15:00.000+01:00 – 2026-11-24T13:00:00.000+01:00 morning'],
  // ...but its 10:00 has passed, so it is next Tuesday's.
  ['el martes a las 10', 'at 2026-12-01T10:00:00.000+01:00'],
  ['por la tarde', '2026-11-24T15:00:00.000+01:00 – 2026-11-24T20:00:00.000+01:00 afternoon'],
  ['ahora no, mejor mañana', '2026-11-25T08:00:00.000+01:00 – 2026-11-25T21:00:00.000+01:00'],
  ['ahora no', null],
  ['ya veremos', null],
  ['ayer a las 10', null],
  ['hola', null],
  ['no sé', null],
  // "ahora"/"ya" in a sentence about something else describes the person's present, not a call time...
  ['ahora no puedo hablar', null],
  ['ahora estoy en el trabajo', null],
  ['estoy conduciendo ahora', null],
  ['ahora mismo estoy liado', null],
  ['ya vale', null],
  // ...and another time in the sentence wins...
  ['ahora estoy en el trabajo, llámame por la tarde', '2026-11-24T15:00:00.000+01:00 – 2026-11-24T20:00:00.000+01:00 afternoon'],
  ['ahora mismo estoy en una reunión, mejor mañana', '2026-11-25T08:00:00.000+01:00 – 2026-11-25T21:00:00.000+01:00'],
  ['ahora no puedo, llámame mañana a las 10', 'at 2026-11-25T10:00:00.000+01:00'],
  // ...while a request to be called now is still one.
  ['llámame ahora', 'asap'],
  ['ahora mismo, por favor', 'asap'],
  ['ahora me va bien', 'asap'],
  ['¿puedes llamarme ahora?', 'asap'],
  ['ya', 'asap'],
  ['en cuanto puedas', 'asap'],
];

const NEW_YORK_PHRASES_EN: Array<[string, string | null]> = [
  ['tomorrow afternoon', '2026-11-25T15:00:00.000-05:00 – 2026-11-25T20:00:00.000-05:00 afternoon'],
  ['Thursday after lunch', '2026-11-26T15:00:00.000-05:00 – 2026-11-26T18:00:00.000-05:00 afterLunch'],
  ['from 6', '2026-11-24T18:00:00.000-05:00 – 2026-11-24T21:00:00.000-05:00'],
  ['after 5', '2026-11-24T17:00:00.000-05:00 – 2026-11-24T21:00:00.000-05:00'],
  ['in two hours', 'at 2026-11-24T07:15:00.000-05:00'],
  ['in half an hour', 'at 2026-11-24T05:45:00.000-05:00'],
  ['call me now', 'asap'],
  ['now', 'asap'],
  ['as soon as possible', 'asap'],
  ['asap', 'asap'],
  ['next Monday at 9:30am', 'at 2026-11-30T09:30:00.000-05:00'],
  ['Friday morning', '2026-11-27T09:00:00.000-05:00 – 2026-11-27T13:00:00.000-05:00 morning'],
  ['tonight', '2026-11-24T19:00:00.000-05:00 – 2026-11-24T22:00:00.000-05:00 evening'],
  ['tomorrow at noon', 'at 2026-11-25T12:00:00.000-05:00'],
  ['at lunchtime', '2026-11-24T12:00:00.000-05:00 – 2026-11-24T15:00:00.000-05:00 midday'],
  ['16:30', 'at 2026-11-24T16:30:00.000-05:00'],
  ['at 6', 'at 2026-11-24T18:00:00.000-05:00'],
  // 05:15 now: 10:00 is still ahead today.
  ['at 10', 'at 2026-11-24T10:00:00.000-05:00'],
  ['tomorrow', '2026-11-25T08:00:00.000-05:00 – 2026-11-25T21:00:00.000-05:00'],
  ['tomorrow 4-6pm', '2026-11-25T16:00:00.000-05:00 – 2026-11-25T18:00:00.000-05:00'],
  ['before 5', '2026-11-24T08:00:00.000-05:00 – 2026-11-24T17:00:00.000-05:00'],
  ['the weekend', '2026-11-28T08:00:00.000-05:00 – 2026-11-29T21:00:00.000-05:00'],
  ['not now', null],
  ['thanks', null],
  ["I don't know", null],
  // "now" in a sentence about something else is no request; another time in it wins.
  ["I'm driving now", null],
  ['I am at work right now', null],
  ["I'm busy at the moment", null],
  ['now is not a good time', null],
  // However the apostrophe is typed (or left out), a "not now" outweighs an "as soon as" in the same message.
  ["I can't now, call me as soon as you can", null],
  ['cant now, asap', null],
  ["now isn't good, call me asap", null],
  ['now’s not good, asap please', null],
  ["right now I'm busy, call me tomorrow", '2026-11-25T08:00:00.000-05:00 – 2026-11-25T21:00:00.000-05:00'],
  ["I'm driving now, call me this afternoon", '2026-11-24T15:00:00.000-05:00 – 2026-11-24T20:00:00.000-05:00 afternoon'],
  ['now please', 'asap'],
  ['can you call me right now?', 'asap'],
  ['now is fine', 'asap'],
  ["I'm free now", 'asap'],
];

/** The same requests said in the other language or asked from the other zone. */
const MADRID_PHRASES_EN: Array<[string, string | null]> = [
  ['tomorrow afternoon', '2026-11-25T15:00:00.000+01:00 – 2026-11-25T20:00:00.000+01:00 afternoon'],
  ['Thursday after lunch', '2026-11-26T15:00:00.000+01:00 – 2026-11-26T18:00:00.000+01:00 afterLunch'],
  ['from 6', '2026-11-24T18:00:00.000+01:00 – 2026-11-24T21:00:00.000+01:00'],
  ['in two hours', 'at 2026-11-24T13:15:00.000+01:00'],
  ['call me now', 'asap'],
  ['next Monday at 9:30am', 'at 2026-11-30T09:30:00.000+01:00'],
  ['Friday morning', '2026-11-27T09:00:00.000+01:00 – 2026-11-27T13:00:00.000+01:00 morning'],
  ['tonight', '2026-11-24T19:00:00.000+01:00 – 2026-11-24T22:00:00.000+01:00 evening'],
  ['tomorrow at noon', 'at 2026-11-25T12:00:00.000+01:00'],
  ['16:30', 'at 2026-11-24T16:30:00.000+01:00'],
  ['at 10', 'at 2026-11-25T10:00:00.000+01:00'],
  ['hello', null],
  ["I'm driving now", null],
  ["right now I'm busy, call me tomorrow", '2026-11-25T08:00:00.000+01:00 – 2026-11-25T21:00:00.000+01:00'],
  ['now please', 'asap'],
];

const NEW_YORK_PHRASES_ES: Array<[string, string | null]> = [
  ['mañana por la tarde', '2026-11-25T15:00:00.000-05:00 – 2026-11-25T20:00:00.000-05:00 afternoon'],
  ['el jueves después de comer', '2026-11-26T15:00:00.000-05:00 – 2026-11-26T18:00:00.000-05:00 afterLunch'],
  ['a partir de las 6', '2026-11-24T18:00:00.000-05:00 – 2026-11-24T21:00:00.000-05:00'],
  ['llámame ya', 'asap'],
  ['el viernes por la mañana', '2026-11-27T09:00:00.000-05:00 – 2026-11-27T13:00:00.000-05:00 morning'],
  ['esta noche', '2026-11-24T19:00:00.000-05:00 – 2026-11-24T22:00:00.000-05:00 evening'],
  ['16:30', 'at 2026-11-24T16:30:00.000-05:00'],
  ['a las 10', 'at 2026-11-24T10:00:00.000-05:00'],
  ['dentro de dos horas', 'at 2026-11-24T07:15:00.000-05:00'],
  ['el lunes que viene a las 9:30', 'at 2026-11-30T09:30:00.000-05:00'],
  ['no sé', null],
  ['ahora estoy en el trabajo, llámame por la tarde', '2026-11-24T15:00:00.000-05:00 – 2026-11-24T20:00:00.000-05:00 afternoon'],
  ['estoy conduciendo ahora', null],
];

export const WHEN_CASES: WhenCase[] = [
  ...table('es', MADRID, NOV_24, MADRID_PHRASES_ES),
  ...table('en', NEW_YORK, NOV_24, NEW_YORK_PHRASES_EN),
  ...table('en', MADRID, NOV_24, MADRID_PHRASES_EN),
  ...table('es', NEW_YORK, NOV_24, NEW_YORK_PHRASES_ES),
  // Asked at 23:45: "mañana" is the next calendar day in the person's zone, not in UTC.
  ...table('es', MADRID, '2026-11-24T22:45:00Z', [
    ['llámame mañana por la tarde', '2026-11-25T15:00:00.000+01:00 – 2026-11-25T20:00:00.000+01:00 afternoon'],
  ]),
  ...table('en', NEW_YORK, '2026-11-25T04:45:00Z', [
    ['call me tomorrow afternoon', '2026-11-25T15:00:00.000-05:00 – 2026-11-25T20:00:00.000-05:00 afternoon'],
  ]),
  // DST week in Madrid: Sunday 28 March 2027 springs forward; 10:00 stays 10:00 on the new offset.
  ...table('es', MADRID, '2027-03-25T09:00:00Z', [['el domingo a las 10', 'at 2027-03-28T10:00:00.000+02:00']]),
  // On the eve: "a las 2:30" with no am/pm reads as 14:30; 02:30 am does not exist and moves to 03:30.
  ...table('es', MADRID, '2027-03-27T09:00:00Z', [
    ['mañana a las 2:30', 'at 2027-03-28T14:30:00.000+02:00'],
    ['mañana a las 2:30 de la madrugada', 'at 2027-03-28T03:30:00.000+02:00'],
  ]),
  ...table('en', NEW_YORK, '2027-03-13T15:00:00Z', [['tomorrow at 2:30am', 'at 2027-03-14T03:30:00.000-04:00']]),
  // 01:30 EST on the spring-forward night: two real hours later is 04:30 EDT, not the wall clock's 03:30.
  ...table('en', NEW_YORK, '2027-03-14T06:30:00Z', [['in two hours', 'at 2027-03-14T04:30:00.000-04:00']]),
  // A London person on the US spring-forward day: a process running in Los Angeles must not move 02:30.
  ...table('en', 'Europe/London', '2027-03-13T15:00:00Z', [['tomorrow at 2:30am', 'at 2027-03-14T02:30:00.000+00:00']]),
  // Autumn: 02:30 happens twice in Madrid on 31 October 2027; the first (summer) one is taken.
  ...table('es', MADRID, '2027-10-30T09:00:00Z', [['mañana a las 2:30 de la madrugada', 'at 2027-10-31T02:30:00.000+02:00']]),
];
