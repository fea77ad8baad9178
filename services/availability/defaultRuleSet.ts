import type { RuleSetInput } from './ruleSet';

/**
 * What a new installation books into until an admin says otherwise: working hours in Madrid, Spanish
 * national holidays, two agents. The lawful window of each prospect still applies on top.
 */
export function defaultRuleSet(id: string): RuleSetInput {
  const weekday = [
    { start: '09:00', end: '14:00' },
    { start: '15:30', end: '20:00' },
  ];
  return {
    id,
    name: 'Default (edit me through the admin API)',
    timeZone: 'Europe/Madrid',
    weeklyHours: { mon: weekday, tue: weekday, wed: weekday, thu: weekday, fri: weekday, sat: [], sun: [] },
    dateOverrides: {},
    holidays: { country: 'ES', add: [], remove: [] },
    slotMinutes: 30,
    intervalMinutes: 30,
    bufferMinutes: 0,
    minNoticeMinutes: 30,
    horizonDays: 21,
    capacity: { default: 2, ranges: [] },
    stricterWindows: [],
  };
}
