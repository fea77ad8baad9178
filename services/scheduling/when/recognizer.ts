import { Culture, DateTimeOptions, DateTimeRecognizer } from '@microsoft/recognizers-text-date-time';
import { foldForMatching } from '../../text/matchingText';
import type { Language } from '../../language/language';

/** One resolution the recognizer offers; several when the phrase is ambiguous ("a las 6": 06:00 or 18:00). */
export interface RecognizedValue {
  timex?: string;
  type?: string;
  value?: string;
  start?: string;
  end?: string;
  Mod?: string;
}

export interface RecognizedEntity {
  /** datetimeV2 subtype: date, time, datetime, daterange, timerange, datetimerange, duration, set. */
  type: string;
  text: string;
  start: number;
  values: RecognizedValue[];
}

/**
 * The date-time entities the recognizer finds, typed. `reference` must carry the person's wall clock in
 * its local fields (see recognizerReference).
 */
export function recognize(text: string, locale: Language, reference: Date): RecognizedEntity[] {
  if (!mayNameATime(text)) return [];
  return modelFor(locale)
    .parse(text, reference)
    .filter((entity) => entity.typeName.startsWith('datetimeV2.'))
    .map((entity) => ({
      type: entity.typeName.slice('datetimeV2.'.length),
      text: entity.text,
      start: entity.start,
      values: valuesOf(entity.resolution),
    }));
}

function valuesOf(resolution: { [key: string]: unknown } | undefined): RecognizedValue[] {
  const values = resolution?.values;
  if (!Array.isArray(values)) return [];
  return values.filter(isRecord).map((v) => ({
    timex: stringOr(v.timex),
    type: stringOr(v.type),
    value: stringOr(v.value),
    start: stringOr(v.start),
    end: stringOr(v.end),
    Mod: stringOr(v.Mod),
  }));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function stringOr(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/*
 * recognizeDateTime builds the whole model (hundreds of regular expressions) on every call; built once
 * per language and reused, a call costs about half as much.
 */
const models = new Map<Language, ReturnType<DateTimeRecognizer['getDateTimeModel']>>();

function modelFor(locale: Language) {
  let model = models.get(locale);
  if (!model) {
    const culture = locale === 'es' ? Culture.Spanish : Culture.English;
    model = new DateTimeRecognizer(culture, DateTimeOptions.None).getDateTimeModel(culture, true);
    models.set(locale, model);
  }
  return model;
}

/*
 * Words (or their beginnings) any date or time in Spanish or English is said with: days, parts of the day,
 * months, units, numbers, "now"/"later"/"next"… Text with none of them and no digit names no time, and
 * the recognizer (milliseconds a call) is not run on it: "hola", "sí", "vale", "la segunda", "no gracias".
 * The list errs on the side of running it: a word here that is not a time only costs a call.
 */
const TIME_WORD_STEMS = [
  // es
  'hoy manana pasado ayer tarde noche madruga mediodia medianoche lunes martes miercoles jueves viernes',
  'sabado domingo finde fin semana quincena mes ano dia hora minuto segundo ahora ya luego despues',
  'antes pronto proxim siguiente viene cuarto media punto enero febrero marzo abril mayo junio julio',
  'agosto septiembre setiembre octubre noviembre diciembre uno una dos tres cuatro cinco seis siete',
  'ocho nueve diez once doce trece catorce quince dieci veint treinta cuarenta cincuenta temprano rato',
  'momento inmediat cuanto comer comida desayun cena almuerz mediados principio final laborable festivo',
  'navidad nochebuena nochevieja vispera dentro desde hasta partir entre primer ultim mitad am pm',
  // en
  'today tomorrow tonight yesterday morning afternoon evening night noon midnight midday monday tuesday',
  'wednesday thursday friday saturday sunday mon tue wed thu fri sat sun weekend week fortnight month',
  'year day hour hr minute min second sec now later soon next after before this coming quarter half',
  'past oclock clock january jan february feb march mar april apr may june jun july jul august aug',
  'september sep october oct november nov december dec one two three four five six seven eight nine ten',
  'eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty thirty forty',
  'fifty asap early late lunch breakfast dinner supper end begin start mid christmas eve holiday within',
  'from until till til between first last tmr tmrw tomoz tues thurs weds',
]
  .join(' ')
  .split(' ');

/** False only for text that plainly names no time: no digit, and no word that dates or times are said with. */
export function mayNameATime(text: string): boolean {
  const normalised = foldForMatching(text, ':-');
  if (/[0-9]/.test(normalised)) return true;
  return normalised.split(/[\s:-]+/).some((word: string) => TIME_WORD_STEMS.some((stem) => word.startsWith(stem)));
}
