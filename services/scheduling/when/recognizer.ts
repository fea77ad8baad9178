import { Culture, DateTimeOptions, recognizeDateTime } from '@microsoft/recognizers-text-date-time';

export type WhenLocale = 'es' | 'en';

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
export function recognize(text: string, locale: WhenLocale, reference: Date): RecognizedEntity[] {
  const culture = locale === 'es' ? Culture.Spanish : Culture.English;
  return recognizeDateTime(text, culture, DateTimeOptions.None, reference)
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
