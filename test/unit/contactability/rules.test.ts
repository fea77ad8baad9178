import { lawfulWindowFor } from '../../../services/availability/lawfulWindow';
import { parseExclusionCsv } from '../../../services/contactability/exclusionCsv';
import { exclusionListsFor } from '../../../services/contactability/exclusionLists';
import { frequencyCap } from '../../../services/contactability/frequencyCap';
import { lawfulTimeReason, nextLawfulInstant } from '../../../services/contactability/lawfulNow';
import { hasLegitimateInterest, marketingBasisReasons } from '../../../services/contactability/legalBasis';
import { onlyTimeBound } from '../../../services/contactability/reasons';

const customer = (lastInteractionAt: string | null) => ({
  existingCustomer: true,
  customer: {
    since: new Date('2020-01-01T00:00:00Z'),
    lastInteractionAt: lastInteractionAt === null ? null : new Date(lastInteractionAt),
    products: ['fibra'],
  },
});
const NOW = new Date('2026-11-24T09:00:00Z');

describe('lawful time now (TRLGDCU art. 96.2 in Spain, 47 CFR 64.1200(c)(1) in the US)', () => {
  const madrid = lawfulWindowFor({ phoneE164: '+34915550100' });

  it('is lawful at 10:00 on a Madrid Tuesday', () => {
    expect(lawfulTimeReason(madrid, NOW)).toBeNull();
  });

  it('refuses at 21:30 Madrid and opens at 09:00 the next morning', () => {
    const late = new Date('2026-11-24T20:30:00Z');
    expect(lawfulTimeReason(madrid, late)?.code).toBe('outside_lawful_window');
    expect(nextLawfulInstant(madrid, late)?.toISOString()).toBe('2026-11-25T08:00:00.000Z');
  });

  it('refuses on a Spanish public holiday (Inmaculada, 8 December 2026) and opens on the 9th', () => {
    const holiday = new Date('2026-12-08T10:00:00Z');
    expect(lawfulTimeReason(madrid, holiday)?.code).toBe('lawful_holiday');
    expect(nextLawfulInstant(madrid, holiday)?.toISOString()).toBe('2026-12-09T08:00:00.000Z');
  });

  it('refuses on a Saturday in Spain and opens on Monday', () => {
    const saturday = new Date('2026-11-28T11:00:00Z');
    expect(lawfulTimeReason(madrid, saturday)?.code).toBe('outside_lawful_window');
    expect(nextLawfulInstant(madrid, saturday)?.toISOString()).toBe('2026-11-30T08:00:00.000Z');
  });

  it('applies 08:00–21:00 in a stated US zone, Saturdays included', () => {
    const newYork = lawfulWindowFor({ phoneE164: '+12125550100', statedTimeZone: 'America/New_York' });
    expect(lawfulTimeReason(newYork, new Date('2026-11-28T12:59:00Z'))?.code).toBe('outside_lawful_window'); // 07:59
    expect(lawfulTimeReason(newYork, new Date('2026-11-28T13:00:00Z'))).toBeNull(); // 08:00 Saturday
    expect(lawfulTimeReason(newYork, new Date('2026-11-29T01:59:00Z'))).toBeNull(); // 20:59
    expect(nextLawfulInstant(newYork, new Date('2026-11-29T02:00:00Z'))?.toISOString()).toBe('2026-11-29T13:00:00.000Z');
  });

  it('with a Spanish mobile (Madrid or the Canaries) waits for 09:00 in the Canaries', () => {
    const mobile = lawfulWindowFor({ phoneE164: '+34612345678' });
    expect(lawfulTimeReason(mobile, new Date('2026-11-24T08:30:00Z'))?.code).toBe('outside_lawful_window'); // 09:30 Madrid, 08:30 Canaries
    expect(nextLawfulInstant(mobile, new Date('2026-11-24T08:30:00Z'))?.toISOString()).toBe('2026-11-24T09:00:00.000Z');
  });

  it('counts the lawful window and the cap as time-bound, nothing else', () => {
    expect(
      onlyTimeBound([
        { code: 'outside_lawful_window', message: '' },
        { code: 'frequency_cap', message: '' },
      ]),
    ).toBe(true);
    expect(
      onlyTimeBound([
        { code: 'outside_lawful_window', message: '' },
        { code: 'opted_out', message: '' },
      ]),
    ).toBe(false);
    expect(onlyTimeBound([])).toBe(false);
  });
});

describe('frequency cap', () => {
  const options = { maxAttempts: 3, perDays: 7 };
  it('is not reached below N attempts', () => {
    expect(frequencyCap([new Date('2026-11-20T09:00:00Z'), new Date('2026-11-21T09:00:00Z')], options)).toEqual({ capped: false });
  });
  it('lifts D days after the oldest of exactly N attempts', () => {
    const at = ['2026-11-21T09:00:00Z', '2026-11-20T09:00:00Z', '2026-11-23T09:00:00Z'].map((t) => new Date(t));
    expect(frequencyCap(at, options)).toEqual({ capped: true, clearsAt: new Date('2026-11-27T09:00:00Z') });
  });
  it('with more than N attempts, lifts when enough have aged out for one more call', () => {
    const at = ['2026-11-18T09:00:00Z', '2026-11-19T09:00:00Z', '2026-11-20T09:00:00Z', '2026-11-23T09:00:00Z'].map((t) => new Date(t));
    expect(frequencyCap(at, options)).toEqual({ capped: true, clearsAt: new Date('2026-11-26T09:00:00Z') });
  });
});

describe('legal basis for marketing calls', () => {
  const base = { consentedToUs: false, similarProduct: true, now: NOW };

  it('needs nothing more with consent to us, or for service calls', () => {
    expect(marketingBasisReasons({ ...base, country: 'ES', purpose: 'acquisition', consentedToUs: true, person: null })).toEqual([]);
    expect(marketingBasisReasons({ ...base, country: 'ES', purpose: 'service', person: null })).toEqual([]);
  });

  it('Spain (LGTel art. 66.1.b): acquisition without consent has no legal basis', () => {
    expect(
      marketingBasisReasons({ ...base, country: 'ES', purpose: 'acquisition', person: customer('2026-10-01T00:00:00Z') }).map(
        (r) => r.code,
      ),
    ).toEqual(['no_legal_basis']);
  });

  it('Spain (RGPD art. 6.1.f): upsell to our customer on a similar product within 12 months', () => {
    expect(marketingBasisReasons({ ...base, country: 'ES', purpose: 'upsell', person: customer('2025-11-24T09:00:00Z') })).toEqual([]); // exactly 12 months
    expect(hasLegitimateInterest(customer('2025-11-24T08:59:00Z'), true, NOW)).toBe(false); // a minute more
    expect(hasLegitimateInterest(customer('2025-10-24T09:00:00Z'), true, NOW)).toBe(false); // 13 months
    expect(hasLegitimateInterest(customer('2026-05-01T00:00:00Z'), false, NOW)).toBe(false); // not a similar product
    expect(hasLegitimateInterest(customer(null), true, NOW)).toBe(false);
    expect(hasLegitimateInterest({ existingCustomer: false, customer: null }, true, NOW)).toBe(false);
  });

  it('says why legitimate interest does not hold', () => {
    const [reason] = marketingBasisReasons({
      ...base,
      country: 'ES',
      purpose: 'upsell',
      similarProduct: false,
      person: customer('2026-05-01T00:00:00Z'),
    });
    expect(reason?.message).toMatch(/similar product/);
  });

  it('US: the Do Not Call screening is the basis; elsewhere only consent', () => {
    expect(marketingBasisReasons({ ...base, country: 'US', purpose: 'acquisition', person: null })).toEqual([]);
    expect(marketingBasisReasons({ ...base, country: 'FR', purpose: 'acquisition', person: null }).map((r) => r.code)).toEqual([
      'no_consent',
    ]);
    expect(
      marketingBasisReasons({ ...base, country: 'CA', purpose: 'upsell', person: customer('2026-10-01T00:00:00Z') }).map((r) => r.code),
    ).toEqual(['no_consent']);
  });

  it('screens each country against its own lists only', () => {
    expect(exclusionListsFor('ES')).toEqual(['es-robinson', 'es-stop-publicidad']);
    expect(exclusionListsFor('US')).toEqual(['us-dnc']);
    expect(exclusionListsFor('CA')).toEqual([]);
  });
});

describe('exclusion list CSV', () => {
  it('reads the first column, skips a header and blank lines, reports bad lines by number', () => {
    const text = '\uFEFFtelefono,nombre\r\n+34 612 000 001,Ana\n\n"612 000 002";x\n612000001\nnot a number\n12\n';
    expect(parseExclusionCsv(text, 'ES')).toEqual({
      phones: ['+34612000001', '+34612000002'],
      rejected: [
        { line: 6, reason: expect.stringContaining('"not a number"') },
        { line: 7, reason: expect.stringContaining('"12"') },
      ],
    });
  });

  it('needs no header, and reads bare numbers as the list’s country', () => {
    expect(parseExclusionCsv('2125550199\n+1 (212) 555-0198', 'US')).toEqual({ phones: ['+12125550199', '+12125550198'], rejected: [] });
  });

  it('reports a bad first line that is not a header', () => {
    expect(parseExclusionCsv('12345\n+34612000001', 'ES').rejected).toEqual([{ line: 1, reason: expect.any(String) }]);
  });
});
