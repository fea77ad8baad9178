import { parseRuleSet } from '../../../services/availability/ruleSet';
import { defaultRuleSet } from '../../../services/availability/defaultRuleSet';
import type { CallbackDocument } from '../../../services/booking/callback';
import { dueWork, isStale, outsideQuietHours, plannedWork, reminders, type PlannedCallback } from '../../../services/promises/promisePlan';

const policy = parseRuleSet(defaultRuleSet('default')).promises;

function booked(startUtc: string, bookedAtUtc: string, zone = 'Europe/Madrid', extra: Partial<CallbackDocument> = {}): PlannedCallback {
  const at = new Date(bookedAtUtc);
  return {
    status: 'booked',
    startUtc: new Date(startUtc),
    prospectTimeZone: zone,
    history: [{ at, action: 'booked', startUtc: new Date(startUtc) }],
    createdAt: at,
    ...extra,
  };
}

const moments = (callback: PlannedCallback) => reminders(callback, policy).map((r) => [r.leadMinutes, r.dueAt.toISOString()]);

describe('reminders: the lead times of the rule set, out of quiet hours, never too soon after booking', () => {
  it.each([
    [
      'the day before and 15 minutes before (Thu 10:00 Madrid, booked Tue)',
      booked('2026-11-26T09:00:00Z', '2026-11-24T08:15:00Z'),
      [
        [1440, '2026-11-25T09:00:00.000Z'],
        [15, '2026-11-26T08:45:00.000Z'],
      ],
    ],
    [
      'a 09:00 call: 08:45 is in the quiet hours, so that reminder moves to 20:59 the evening before',
      booked('2026-11-26T08:00:00Z', '2026-11-24T08:15:00Z'),
      [
        [1440, '2026-11-25T08:00:00.000Z'],
        [15, '2026-11-25T19:59:00.000Z'],
      ],
    ],
    ['booked 10 minutes before: no reminder (the confirmation just said it)', booked('2026-11-24T15:00:00Z', '2026-11-24T14:50:00Z'), []],
    [
      'booked an hour before: only the 15-minute one',
      booked('2026-11-24T15:00:00Z', '2026-11-24T14:00:00Z'),
      [[15, '2026-11-24T14:45:00.000Z']],
    ],
    [
      'a 09:05 Canary call: its quiet hours are Canary hours, one behind Madrid',
      booked('2026-11-26T09:05:00Z', '2026-11-24T08:15:00Z', 'Atlantic/Canary'),
      [
        [1440, '2026-11-25T09:05:00.000Z'],
        [15, '2026-11-25T20:59:00.000Z'],
      ],
    ],
    [
      'DST starts in Madrid (Sunday 29 March, 09:10 CEST): both reminders fall in quiet hours, each moved to 20:59 CET',
      booked('2026-03-29T07:10:00Z', '2026-03-26T10:00:00Z'),
      [
        [1440, '2026-03-27T19:59:00.000Z'],
        [15, '2026-03-28T19:59:00.000Z'],
      ],
    ],
    [
      'the day after DST starts (Monday 30 March, 09:10 CEST): 08:55 moves to 20:59 CEST on the Sunday',
      booked('2026-03-30T07:10:00Z', '2026-03-26T10:00:00Z'),
      [
        [1440, '2026-03-29T07:10:00.000Z'],
        [15, '2026-03-29T18:59:00.000Z'],
      ],
    ],
    [
      'DST ends in New York (1 November): 08:55 EST is quiet, moved to 20:59 EDT on the Saturday',
      booked('2026-11-01T14:10:00Z', '2026-10-28T15:00:00Z', 'America/New_York'),
      [
        [1440, '2026-10-31T14:10:00.000Z'],
        [15, '2026-11-01T00:59:00.000Z'],
      ],
    ],
  ])('%s', (_name, callback, expected) => {
    expect(moments(callback)).toEqual(expected);
  });

  it('drops a moved reminder that would land within an hour after an earlier one', () => {
    const close = parseRuleSet({ ...defaultRuleSet('default'), promises: { reminderLeadMinutes: [720, 600] } }).promises;
    // 08:00Z call (09:00 Madrid): 720 → 21:00 the day before (quiet: 20:59), 600 → 23:00 (quiet: 20:59): one reminder.
    const callback = booked('2026-11-26T08:00:00Z', '2026-11-24T08:15:00Z');
    expect(reminders(callback, close).map((r) => [r.leadMinutes, r.dueAt.toISOString()])).toEqual([[720, '2026-11-25T19:59:00.000Z']]);
  });
});

describe('quiet hours are local hours', () => {
  it.each([
    ['20:59 Madrid stays', '2026-11-25T19:59:00Z', '2026-11-25T19:59:00.000Z'],
    ['21:00 Madrid moves to 20:59', '2026-11-25T20:00:00Z', '2026-11-25T19:59:00.000Z'],
    ['03:00 Madrid moves to 20:59 the evening before', '2026-11-26T02:00:00Z', '2026-11-25T19:59:00.000Z'],
    ['09:00 Madrid stays', '2026-11-26T08:00:00Z', '2026-11-26T08:00:00.000Z'],
  ])('%s', (_name, moment, expected) => {
    expect(outsideQuietHours(new Date(moment), 'Europe/Madrid', policy.quietHours).toISOString()).toBe(expected);
  });
});

describe('what is due by the wall clock, once', () => {
  const callback = booked('2026-11-26T09:00:00Z', '2026-11-24T08:15:00Z');
  const kinds = (now: string, c: PlannedCallback = callback) => dueWork(c, policy, new Date(now)).map((w) => w.key);

  it.each([
    ['nothing before the first reminder', '2026-11-25T08:59:59Z', []],
    ['the day-before reminder at its instant', '2026-11-25T09:00:00Z', ['reminder|1440|2026-11-26T09:00:00.000Z']],
    [
      'the team hears 15 minutes before, with the second reminder',
      '2026-11-26T08:45:00Z',
      ['reminder|1440|2026-11-26T09:00:00.000Z', 'reminder|15|2026-11-26T09:00:00.000Z', 'unclaimed|2026-11-26T09:00:00.000Z'],
    ],
    [
      'at start plus the 30-minute grace, missed',
      '2026-11-26T09:30:00Z',
      [
        'reminder|1440|2026-11-26T09:00:00.000Z',
        'reminder|15|2026-11-26T09:00:00.000Z',
        'unclaimed|2026-11-26T09:00:00.000Z',
        'due|2026-11-26T09:00:00.000Z',
        'missed|2026-11-26T09:00:00.000Z',
      ],
    ],
  ])('%s', (_name, now, expected) => {
    expect(kinds(now)).toEqual(expected);
  });

  it('leaves out what is done, and a late pass sends only the reminder that is still true', () => {
    const late = new Date('2026-11-26T08:50:00Z');
    const work = dueWork(callback, policy, late);
    expect(work.filter((w) => w.kind === 'reminder').map((w) => [w.key, isStale(w, callback, late)])).toEqual([
      ['reminder|1440|2026-11-26T09:00:00.000Z', true],
      ['reminder|15|2026-11-26T09:00:00.000Z', false],
    ]);
    const done = { ...callback, workDone: ['reminder|1440|2026-11-26T09:00:00.000Z'] };
    expect(kinds('2026-11-25T10:00:00Z', done)).toEqual([]);
  });

  it('a moved callback plans anew: the old time keys no longer exist', () => {
    const moved = { ...callback, startUtc: new Date('2026-11-27T09:00:00Z'), workDone: ['reminder|1440|2026-11-26T09:00:00.000Z'] };
    expect(plannedWork(moved, policy).map((w) => w.key)).not.toContain('reminder|1440|2026-11-26T09:00:00.000Z');
    expect(kinds('2026-11-26T09:00:00Z', moved)).toEqual(['reminder|1440|2026-11-27T09:00:00.000Z']);
  });

  it('a due callback is no more "due" work; a retrying one has no reminders but its own due and missed', () => {
    expect(kinds('2026-11-26T09:30:00Z', { ...callback, status: 'due' })).toEqual(
      [
        'reminder|1440|2026-11-26T09:00:00.000Z',
        'reminder|15|2026-11-26T09:00:00.000Z',
        'unclaimed|2026-11-26T09:00:00.000Z',
        'missed|2026-11-26T09:00:00.000Z',
      ].filter((key) => !key.startsWith('reminder')),
    );
    expect(kinds('2026-11-26T09:30:00Z', { ...callback, status: 'retrying' })).toEqual([
      'unclaimed|2026-11-26T09:00:00.000Z',
      'due|2026-11-26T09:00:00.000Z',
      'missed|2026-11-26T09:00:00.000Z',
    ]);
  });

  it('a missed call: the apology at once, the lapse after the repair days; a closed one: nothing', () => {
    const missed = { ...callback, status: 'missed' as const, missedAt: new Date('2026-11-26T09:30:00Z') };
    expect(kinds('2026-11-26T09:30:00Z', missed)).toEqual(['apology|2026-11-26T09:00:00.000Z']);
    expect(kinds('2026-12-03T09:30:00Z', missed)).toEqual(['apology|2026-11-26T09:00:00.000Z', 'lapse|2026-11-26T09:00:00.000Z']);
    for (const status of ['reached', 'cancelled', 'unreachable', 'repaired', 'lapsed'] as const) {
      expect(kinds('2026-12-30T00:00:00Z', { ...callback, status })).toEqual([]);
    }
  });

  it('a change the person must hear of is due at once, whatever the status', () => {
    const notice = { kind: 'unreachable' as const, key: 'unreachable|3', at: new Date('2026-11-26T12:00:00Z') };
    expect(kinds('2026-11-26T12:00:00Z', { ...callback, status: 'unreachable', notice, noticePending: true })).toEqual(['unreachable|3']);
    expect(kinds('2026-11-26T12:00:00Z', { ...callback, status: 'unreachable', notice, noticePending: false })).toEqual([]);
  });
});
