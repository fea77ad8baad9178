import { type LocalRange, minutesOfClock } from './clockTime';
import { type LawfulRule, lawfulRuleFor } from './lawfulTable';
import { WEEKDAYS, type Weekday, describeWeekdays, weekdayName } from './weekdays';

/** An admin's narrowing of the lawful window for one jurisdiction; never a widening. */
export interface StricterWindow {
  readonly jurisdiction: string;
  /** Omitted: every day the law allows calls. */
  readonly weekdays?: readonly Weekday[] | undefined;
  readonly start: string;
  readonly end: string;
}

export interface StricterWindowError {
  readonly index: number;
  readonly field: 'weekdays' | 'start' | 'end';
  readonly message: string;
}

/** "09:00–21:00 Monday–Friday", grouping weekdays that share the same hours. */
export function describeLawfulHours(rule: LawfulRule): string {
  const groups = new Map<string, Weekday[]>();
  for (const day of WEEKDAYS) {
    const hours = rule.hours[day];
    if (hours === undefined) continue;
    const key = `${hours.start}–${hours.end}`;
    groups.set(key, [...(groups.get(key) ?? []), day]);
  }
  return [...groups].map(([hours, days]) => `${hours} ${describeWeekdays(days)}`).join(', ');
}

interface Widening {
  readonly field: StricterWindowError['field'];
  readonly problem: string;
}

function widening(window: StricterWindow, rule: LawfulRule): Widening | null {
  const days = window.weekdays ?? WEEKDAYS.filter((d) => rule.hours[d] !== undefined);
  for (const day of days) {
    const lawful: LocalRange | undefined = rule.hours[day];
    if (lawful === undefined) return { field: 'weekdays', problem: `${weekdayName(day)} is not a calling day` };
    if (minutesOfClock(window.start) < minutesOfClock(lawful.start)) {
      return { field: 'start', problem: `${window.start} is earlier` };
    }
    if (minutesOfClock(window.end) > minutesOfClock(lawful.end)) {
      return { field: 'end', problem: `${window.end} is later` };
    }
  }
  return null;
}

/**
 * Admins may only narrow the law. Returns one error per window that would widen it, naming
 * the rule, e.g. "ES: TRLGDCU art. 96.2 allows 09:00–21:00 Monday–Friday; 08:00 is earlier".
 * Times must already be valid "HH:mm" (the schema checks that first).
 */
export function checkStricterWindows(windows: readonly StricterWindow[]): StricterWindowError[] {
  const errors: StricterWindowError[] = [];
  windows.forEach((window, index) => {
    const rule = lawfulRuleFor(window.jurisdiction);
    const found = widening(window, rule);
    if (found === null) return;
    errors.push({
      index,
      field: found.field,
      message: `${window.jurisdiction}: ${rule.ruleName} allows ${describeLawfulHours(rule)}; ${found.problem}`,
    });
  });
  return errors;
}
