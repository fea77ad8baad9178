import type { RuleSetInput } from '../../services/availability/ruleSet';

/** A Madrid sales team: split shift on weekdays, a short Saturday, Spanish public holidays of Madrid. */
export function madridSalesRuleSet(overrides: Partial<RuleSetInput> = {}): RuleSetInput {
  return {
    id: 'madrid-sales',
    name: 'Madrid sales',
    timeZone: 'Europe/Madrid',
    weeklyHours: {
      mon: [
        { start: '09:00', end: '14:00' },
        { start: '15:30', end: '20:00' },
      ],
      tue: [
        { start: '09:00', end: '14:00' },
        { start: '15:30', end: '20:00' },
      ],
      wed: [
        { start: '09:00', end: '14:00' },
        { start: '15:30', end: '20:00' },
      ],
      thu: [
        { start: '09:00', end: '14:00' },
        { start: '15:30', end: '20:00' },
      ],
      fri: [{ start: '09:00', end: '15:00' }],
      sat: [{ start: '10:00', end: '13:00' }],
      sun: [],
    },
    dateOverrides: { '2026-12-24': { hours: [{ start: '09:00', end: '13:00' }] }, '2026-12-31': { closed: true } },
    holidays: { country: 'ES', region: 'MD', add: [], remove: [] },
    slotMinutes: 30,
    intervalMinutes: 30,
    bufferMinutes: 0,
    minNoticeMinutes: 60,
    horizonDays: 14,
    capacity: { default: 3, ranges: [] },
    stricterWindows: [],
    ...overrides,
  };
}
