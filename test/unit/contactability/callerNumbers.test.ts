import { DateTime } from 'luxon';
import { bookableRuleSetSchema } from '../../../services/availability/ruleSet';
import type { CallPurpose } from '../../../services/contactability/callAttempts';
import {
  callerNumberFor,
  callerNumberReason,
  callTypeOf,
  SPANISH_COMMERCIAL_CALLER_RULE,
} from '../../../services/contactability/callerNumbers';
import { madridTeam } from '../availability/fixtures';

const COMMERCIAL_ES = { callType: 'commercial', country: 'ES', number: '+34400123456' } as const;
const SERVICE_ES = { callType: 'service', country: 'ES', number: '+34910000000' } as const;

/** What contactability decides about the caller number, as it composes the three functions. */
function decide(
  purpose: CallPurpose,
  country: string | undefined,
  now: string,
  numbers: ReadonlyArray<typeof COMMERCIAL_ES | typeof SERVICE_ES>,
) {
  const callType = callTypeOf(purpose);
  const callerNumber = callerNumberFor(numbers, callType, country);
  return {
    callerNumber,
    code: callerNumberReason({ callType, country, callerNumber, ruleSetId: 'default', now: new Date(now) })?.code ?? null,
  };
}

describe('Ley 10/2025: commercial calls to Spain from a number of the commercial range', () => {
  it('starts at midnight of 28 December 2026 in Madrid, which is 23:00 UTC (winter time), whatever the process zone', () => {
    const from = SPANISH_COMMERCIAL_CALLER_RULE.appliesFrom;
    expect(from.toISOString()).toBe('2026-12-27T23:00:00.000Z');
    expect(DateTime.fromJSDate(from, { zone: 'Europe/Madrid' }).toISO()).toBe('2026-12-28T00:00:00.000+01:00');
  });

  it.each<[string, CallPurpose, string | undefined, string, (typeof COMMERCIAL_ES)[] | [], string | null, string | null]>([
    // label, purpose, country, now (UTC), configured numbers, expected reason, expected caller number
    ['acquisition, the last millisecond before', 'acquisition', 'ES', '2026-12-27T22:59:59.999Z', [], null, null],
    ['acquisition, Madrid midnight', 'acquisition', 'ES', '2026-12-27T23:00:00.000Z', [], 'caller_number_not_allowed', null],
    ['upsell, after', 'upsell', 'ES', '2027-03-01T10:00:00Z', [], 'caller_number_not_allowed', null],
    // 23:30 on the 27th in the Canaries is already the 28th in Madrid: the law's date is Spain's, not the island's clock.
    ['acquisition, 23:30 in Las Palmas on the 27th', 'acquisition', 'ES', '2026-12-27T23:30:00Z', [], 'caller_number_not_allowed', null],
    // The summer offset would have put midnight at 22:00 UTC: still before.
    ['acquisition, 22:30 UTC on the 27th', 'acquisition', 'ES', '2026-12-27T22:30:00Z', [], null, null],
    ['service, after', 'service', 'ES', '2027-03-01T10:00:00Z', [], null, null],
    ['a US number, after', 'acquisition', 'US', '2027-03-01T10:00:00Z', [], null, null],
    ['a number of no country, after', 'acquisition', undefined, '2027-03-01T10:00:00Z', [], null, null],
    ['a configured commercial number, after', 'acquisition', 'ES', '2027-03-01T10:00:00Z', [COMMERCIAL_ES], null, '+34400123456'],
    ['a configured commercial number, before', 'upsell', 'ES', '2026-12-01T10:00:00Z', [COMMERCIAL_ES], null, '+34400123456'],
  ])('%s', (_label, purpose, country, now, numbers, code, callerNumber) => {
    expect(decide(purpose, country, now, numbers)).toEqual({ code, callerNumber });
  });

  it('gives each call type its own number: a service number does not lift the commercial refusal', () => {
    expect(decide('acquisition', 'ES', '2027-01-10T10:00:00Z', [SERVICE_ES])).toEqual({
      code: 'caller_number_not_allowed',
      callerNumber: null,
    });
    expect(decide('service', 'ES', '2027-01-10T10:00:00Z', [COMMERCIAL_ES, SERVICE_ES])).toEqual({
      code: null,
      callerNumber: '+34910000000',
    });
  });

  it('does not count a commercial number for Spain outside the reserved range (stored before it was checked)', () => {
    const geographic = { callType: 'commercial', country: 'ES', number: '+34911234567' } as const;
    expect(callerNumberFor([geographic], 'commercial', 'ES')).toBeNull();
  });

  it('names the rule set in the reason, so the agent knows where to configure it', () => {
    const reason = callerNumberReason({
      callType: 'commercial',
      country: 'ES',
      callerNumber: null,
      ruleSetId: 'madrid-sales',
      now: new Date('2027-01-01T12:00:00Z'),
    });
    expect(reason?.message).toContain('rule set "madrid-sales"');
    expect(reason?.message).toContain('+34 400');
  });
});

describe('caller numbers in a rule set an admin writes', () => {
  const write = (callerNumbers: unknown) => bookableRuleSetSchema.safeParse({ ...madridTeam(), callerNumbers });

  it('takes a commercial number of the range reserved for Spain, and any E.164 number for service', () => {
    expect(write([COMMERCIAL_ES, SERVICE_ES]).success).toBe(true);
  });

  it('refuses a commercial number for Spain outside the range, naming the field', () => {
    const result = write([{ callType: 'commercial', country: 'ES', number: '+34911234567' }]);
    expect(result.success).toBe(false);
    expect(result.error?.issues).toEqual([
      expect.objectContaining({ path: ['callerNumbers', 0, 'number'], message: expect.stringContaining('+34 400') }),
    ]);
  });

  it('refuses two numbers for the same call type and country', () => {
    const result = write([COMMERCIAL_ES, { ...COMMERCIAL_ES, number: '+34400654321' }]);
    expect(result.error?.issues).toEqual([expect.objectContaining({ path: ['callerNumbers', 1] })]);
  });
});
