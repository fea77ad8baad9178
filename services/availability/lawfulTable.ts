import type { LocalRange } from './clockTime';
import type { Weekday } from './weekdays';

/** One row of the lawful-hours table: when a jurisdiction lets us call a consumer. */
export interface LawfulRule {
  /** Short name used in messages, e.g. "TRLGDCU art. 96.2". */
  readonly ruleName: string;
  /** Full citation shown to admins and stored with audit records. */
  readonly citation: string;
  /** Local hours in the called person's zone; a weekday absent here is closed. */
  readonly hours: Readonly<Partial<Record<Weekday, LocalRange>>>;
  /** Whether the jurisdiction's public holidays are closed days. */
  readonly closedOnPublicHolidays: boolean;
}

const WEEKDAYS_ONLY = (range: LocalRange): Partial<Record<Weekday, LocalRange>> => ({
  mon: range,
  tue: range,
  wed: range,
  thu: range,
  fri: range,
});
const EVERY_DAY = (range: LocalRange): Partial<Record<Weekday, LocalRange>> => ({
  ...WEEKDAYS_ONLY(range),
  sat: range,
  sun: range,
});

export const LAWFUL_RULES = {
  // Spain: Real Decreto Legislativo 1/2007 (TRLGDCU) art. 96.2, as worded by Ley 3/2014:
  // commercial calls only 09:00–21:00 on working days, never on weekends or public holidays.
  ES: {
    ruleName: 'TRLGDCU art. 96.2',
    citation:
      'Spain, RDL 1/2007 (TRLGDCU) art. 96.2 as amended by Ley 3/2014: 09:00–21:00 local time, Monday–Friday, not on public holidays',
    hours: WEEKDAYS_ONLY({ start: '09:00', end: '21:00' }),
    closedOnPublicHolidays: true,
  },
  // United States: TCPA rules, 47 CFR 64.1200(c)(1): no telephone solicitation before 8 a.m.
  // or after 9 p.m. local time at the called party's location; no weekday or holiday rule.
  US: {
    ruleName: '47 CFR 64.1200(c)(1)',
    citation: "United States, TCPA, 47 CFR 64.1200(c)(1): 08:00–21:00 in the called party's local time, every day",
    hours: EVERY_DAY({ start: '08:00', end: '21:00' }),
    closedOnPublicHolidays: false,
  },
} as const satisfies Record<string, LawfulRule>;

/*
 * Every other country: our own conservative policy, not a statute. It sits inside the
 * strictest national rules we know of in Europe and the Americas (weekday daytime only,
 * never on national public holidays), so it should stay lawful until a real row is added.
 */
export const DEFAULT_LAWFUL_RULE: LawfulRule = {
  ruleName: 'default policy (no country rule on file)',
  citation: 'Internal default for countries without a rule on file: 09:00–20:00 local time, Monday–Friday, not on national public holidays',
  hours: WEEKDAYS_ONLY({ start: '09:00', end: '20:00' }),
  closedOnPublicHolidays: true,
};

export function lawfulRuleFor(jurisdiction: string): LawfulRule {
  return Object.prototype.hasOwnProperty.call(LAWFUL_RULES, jurisdiction)
    ? LAWFUL_RULES[jurisdiction as keyof typeof LAWFUL_RULES]
    : DEFAULT_LAWFUL_RULE;
}
