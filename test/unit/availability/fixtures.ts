import { type CallbackSlot } from '../../../services/availability/engine';
import { type RuleSetInput, parseRuleSet, type RuleSet } from '../../../services/availability/ruleSet';

const WORKDAY = [{ start: '08:00', end: '22:00' }];

/** A Madrid team open 08:00–22:00 Monday–Friday, 30-minute slots, no notice, two seats. */
export function madridTeam(overrides: Partial<RuleSetInput> = {}): RuleSet {
  return parseRuleSet({
    id: 'madrid-sales',
    name: 'Madrid sales',
    timeZone: 'Europe/Madrid',
    weeklyHours: { mon: WORKDAY, tue: WORKDAY, wed: WORKDAY, thu: WORKDAY, fri: WORKDAY },
    slotMinutes: 30,
    intervalMinutes: 30,
    bufferMinutes: 0,
    minNoticeMinutes: 0,
    horizonDays: 60,
    capacity: { default: 2 },
    ...overrides,
  });
}

const ALL_DAY = [{ start: '00:00', end: '24:00' }];
export const EVERY_HOUR = { mon: ALL_DAY, tue: ALL_DAY, wed: ALL_DAY, thu: ALL_DAY, fri: ALL_DAY, sat: ALL_DAY, sun: ALL_DAY };

export function range(fromIso: string, toIso: string): { fromUtc: Date; toUtc: Date } {
  return { fromUtc: new Date(fromIso), toUtc: new Date(toIso) };
}

export const prospectStarts = (slots: readonly CallbackSlot[]): string[] => slots.map((s) => s.prospectLocalStart);
export const teamStarts = (slots: readonly CallbackSlot[]): string[] => slots.map((s) => s.teamLocalStart);
