import { randomUUID } from 'node:crypto';
import { bookingServiceOn } from '../../services/booking/bookingService';
import { ConsentLedger } from '../../services/consent/ledger';
import { CallAttempts } from '../../services/contactability/callAttempts';
import { Contactability } from '../../services/contactability/contactability';
import { EmptyExclusionListError, ExclusionLists, ImportUnderWayError } from '../../services/contactability/exclusionLists';
import { PeopleStore } from '../../services/people/peopleStore';
import { openTestDatabase, type TestDatabase } from '../support/database';

const SECRET = 'contactability-secret-0123456789';
const TUESDAY_10_MADRID = new Date('2026-11-24T09:00:00Z');
const WORDING = '¿Podemos llamarte para hablar de nuestras ofertas?';
const provenance = { source: 'web_form' as const, campaign: null, collectedAt: new Date('2026-10-01T00:00:00Z'), detail: null };

describe('contactability rules, on the real database (services directly)', () => {
  let database: TestDatabase;
  let people: PeopleStore;
  let ledger: ConsentLedger;
  let lists: ExclusionLists;
  let attempts: CallAttempts;
  let contactability: Contactability;

  beforeAll(async () => {
    database = await openTestDatabase('contactrules');
    people = new PeopleStore(database.collection('people'), database.collection('channelAccounts'), () => TUESDAY_10_MADRID);
    ledger = new ConsentLedger(database.collection('consentEvents'), database.collection('suppressions'), SECRET);
    lists = new ExclusionLists(database.collection('exclusionLists'), database.collection('exclusionEntries'), SECRET);
    attempts = new CallAttempts(database.collection('callAttempts'));
    contactability = new Contactability({ people, ledger, bookings: bookingServiceOn(database), attempts, exclusions: lists });
  });
  afterAll(() => database.dispose());

  const grant = async (phone: string) => {
    const person = await people.findOrCreateByPhone(phone, { provenance });
    await ledger.record({
      personId: person._id,
      event: 'granted',
      scope: 'callbacks',
      channelId: 'webchat',
      wording: WORDING,
      personWords: 'sí',
      source: 'bot',
      at: new Date('2026-11-01T00:00:00Z'),
    });
    return person;
  };
  const codes = async (phone: string, purpose: 'acquisition' | 'upsell' | 'service', now = TUESDAY_10_MADRID) =>
    (await contactability.check({ phoneE164: phone, purpose, now })).reasons.map((r) => r.code).sort();

  it('collects every reason, not only the first, and gives no next time when one is not about time', async () => {
    const person = await grant('+34915550500');
    await ledger.optOutEverywhere({
      personId: person._id,
      channelId: 'webchat',
      personWords: 'baja',
      wording: 'Hecho.',
      source: 'bot',
      at: new Date('2026-11-02T00:00:00Z'),
    });
    await ledger.suppress('+34915550500', 'opted_out', new Date('2026-11-02T00:00:00Z'));
    for (const day of ['2026-11-20', '2026-11-21', '2026-11-22']) {
      await attempts.record({
        personId: person._id,
        phoneE164: '+34915550500',
        at: new Date(`${day}T10:00:00Z`),
        purpose: 'acquisition',
        outcome: 'no_answer',
        agentKeyId: 'k',
      });
    }
    const answer = await contactability.check({ phoneE164: '+34915550500', purpose: 'acquisition', now: new Date('2026-11-24T21:00:00Z') });
    expect(answer.reasons.map((r) => r.code).sort()).toEqual([
      'exclusion_list_stale:es-robinson',
      'exclusion_list_stale:es-stop-publicidad',
      'frequency_cap',
      'no_legal_basis',
      'opted_out',
      'outside_lawful_window',
      'suppressed',
    ]);
    expect(answer).toMatchObject({ allowed: false, nextAllowedAt: null });
  });

  it('with the window and the cap both in the way, the next time clears both', async () => {
    await grant('+34915550501');
    for (const at of ['2026-11-18T15:00:00Z', '2026-11-19T15:00:00Z', '2026-11-20T15:00:00Z']) {
      await attempts.record({
        personId: null,
        phoneE164: '+34915550501',
        at: new Date(at),
        purpose: 'acquisition',
        outcome: 'busy',
        agentKeyId: 'k',
      });
    }
    // Capped until Wed 25 Nov 15:00Z; Tue 24 Nov 21:00Z is also outside the window: the cap is the later.
    const answer = await contactability.check({ phoneE164: '+34915550501', purpose: 'acquisition', now: new Date('2026-11-24T21:00:00Z') });
    expect(answer).toMatchObject({ allowed: false, nextAllowedAt: '2026-11-25T15:00:00.000Z' });
    // Capped until Fri 27 Nov 15:00Z if the attempts were later; then 21:00 Madrid is past the window: Monday 09:00.
    await attempts.record({
      personId: null,
      phoneE164: '+34915550502',
      at: new Date('2026-11-20T19:59:00Z'),
      purpose: 'upsell',
      outcome: 'busy',
      agentKeyId: 'k',
    });
    await attempts.record({
      personId: null,
      phoneE164: '+34915550502',
      at: new Date('2026-11-20T19:59:00Z'),
      purpose: 'upsell',
      outcome: 'busy',
      agentKeyId: 'k',
    });
    await attempts.record({
      personId: null,
      phoneE164: '+34915550502',
      at: new Date('2026-11-20T19:59:00Z'),
      purpose: 'upsell',
      outcome: 'busy',
      agentKeyId: 'k',
    });
    await grant('+34915550502');
    expect(await contactability.check({ phoneE164: '+34915550502', purpose: 'acquisition', now: TUESDAY_10_MADRID })).toMatchObject({
      nextAllowedAt: '2026-11-27T19:59:00.000Z',
    });
    expect(
      await contactability.check({ phoneE164: '+34915550502', purpose: 'acquisition', now: new Date('2026-11-27T20:30:00Z') }),
    ).toMatchObject({ nextAllowedAt: '2026-11-30T08:00:00.000Z' });
  });

  it('suppression by hashed number applies with no person record at all', async () => {
    await ledger.suppress('+34915550503', 'erased', TUESDAY_10_MADRID);
    expect(await codes('+34915550503', 'service')).toEqual(['no_service_relationship', 'suppressed']);
  });

  it('allows service to someone with a callback they booked, and refuses it once they opt out', async () => {
    const person = await people.findOrCreateByPhone('+34915550504', { provenance });
    await database.collection('callbacks').insertOne({
      _id: randomUUID(),
      personId: person._id,
      ruleSetId: 'sales',
      status: 'booked',
      seatKey: `sales|x|${person._id}`,
      activeKey: `${person._id}|active`,
      startUtc: new Date('2026-11-25T09:00:00Z'),
      endUtc: new Date('2026-11-25T09:30:00Z'),
      prospectTimeZone: 'Europe/Madrid',
      channelId: 'webchat',
      createdAt: TUESDAY_10_MADRID,
      updatedAt: TUESDAY_10_MADRID,
      history: [],
    });
    expect(await contactability.check({ phoneE164: '+34915550504', purpose: 'service', now: TUESDAY_10_MADRID })).toEqual({
      allowed: true,
      reasons: [],
      nextAllowedAt: null,
      callerNumber: null,
    });
    await ledger.record({
      personId: person._id,
      event: 'withdrawn',
      scope: 'callbacks',
      channelId: 'webchat',
      wording: 'Hecho.',
      personWords: 'no me llaméis',
      source: 'bot',
      at: TUESDAY_10_MADRID,
    });
    expect(await codes('+34915550504', 'service')).toEqual(['opted_out']);
  });

  it('a service call is still bound by the lawful window', async () => {
    await people.upsertByPhone('+34915550505', { existingCustomer: true }, { provenance });
    expect(
      await contactability.check({ phoneE164: '+34915550505', purpose: 'service', now: new Date('2026-11-24T20:30:00Z') }),
    ).toMatchObject({ allowed: false, reasons: [{ code: 'outside_lawful_window' }], nextAllowedAt: '2026-11-25T08:00:00.000Z' });
  });

  it('refuses marketing without consent where we screen no register (no_consent), and never screens Canada against us-dnc', async () => {
    expect(await codes('+33142685300', 'acquisition', new Date('2026-11-24T10:00:00Z'))).toEqual(['no_consent']);
    await lists.import('us-dnc', '+1 416 555 0123\n', new Date('2026-11-20T00:00:00Z'));
    // Canada has no zone table of ours either: no time can be shown lawful, so that is said too.
    expect(await codes('+14165550123', 'acquisition', new Date('2026-11-24T19:00:00Z'))).toEqual(['no_consent', 'unknown_zone']);
  });

  it('refuses a number that is not E.164, as such (not as a database failure)', async () => {
    expect(await contactability.check({ phoneE164: '915550100', purpose: 'service', now: TUESDAY_10_MADRID })).toMatchObject({
      allowed: false,
      reasons: [{ code: 'invalid_number' }],
    });
  });

  describe('exclusion lists', () => {
    it('answers from the current generation only: a half-written import changes nothing', async () => {
      await lists.import('es-robinson', 'telefono\n+34612000101\n', TUESDAY_10_MADRID);
      await lists.import('es-stop-publicidad', '+34612000199\n', TUESDAY_10_MADRID);
      expect(await codes('+34612000101', 'acquisition')).toEqual(['exclusion_list:es-robinson', 'no_legal_basis']);
      // An import that died after writing its entries, before the switch.
      const entries = database.collection('exclusionEntries');
      const current = (await lists.listDocument('es-robinson'))!;
      const [entry] = await entries.find({ list: 'es-robinson', generation: current.currentGeneration }).toArray();
      await entries.insertOne({ ...entry!, _id: `es-robinson:dead:${entry!.hash}`, generation: 'dead', hash: 'other' });
      expect(await codes('+34612000101', 'acquisition')).toEqual(['exclusion_list:es-robinson', 'no_legal_basis']);
      // A refresh replaces the list: the number left it; the previous generation is gone; the dead one is swept a day on.
      const report = await lists.import('es-robinson', '+34612000102\n', new Date('2026-11-26T09:00:00Z'));
      expect(report).toEqual({ list: 'es-robinson', imported: 1, rejected: [], refreshedAt: '2026-11-26T09:00:00.000Z' });
      expect(await codes('+34612000101', 'acquisition', new Date('2026-11-26T09:00:00Z'))).toEqual(['no_legal_basis']);
      expect(await codes('+34612000102', 'acquisition', new Date('2026-11-26T09:00:00Z'))).toEqual([
        'exclusion_list:es-robinson',
        'no_legal_basis',
      ]);
      expect(await entries.countDocuments({ list: 'es-robinson' })).toBe(1);
    });

    it('runs one import of a list at a time: a second one at once is told so, and the list stays whole', async () => {
      const a = Array.from({ length: 50 }, (_, i) => `+3461200${String(1000 + i)}`).join('\n');
      const b = Array.from({ length: 50 }, (_, i) => `+3461200${String(2000 + i)}`).join('\n');
      // An import under way (its lease held): another is told so, and changes nothing.
      const leases = database.collection('exclusionLists');
      const before = await database.collection('exclusionEntries').countDocuments({ list: 'es-stop-publicidad' });
      await leases.insertOne({ _id: 'es-stop-publicidad@import', until: new Date(TUESDAY_10_MADRID.getTime() + 60_000) });
      await expect(lists.import('es-stop-publicidad', b, TUESDAY_10_MADRID)).rejects.toBeInstanceOf(ImportUnderWayError);
      expect(await database.collection('exclusionEntries').countDocuments({ list: 'es-stop-publicidad' })).toBe(before);
      await leases.deleteOne({ _id: 'es-stop-publicidad@import' });

      // Two at once: the second is refused while the first holds the lease, or, on a machine slow enough that
      // the first finished before the second began, both run one after the other. Either way the list is whole.
      const results = await Promise.allSettled([
        lists.import('es-stop-publicidad', a, TUESDAY_10_MADRID),
        lists.import('es-stop-publicidad', b, TUESDAY_10_MADRID),
      ]);
      expect(results.filter((r) => r.status === 'fulfilled').length).toBeGreaterThanOrEqual(1);
      for (const refused of results.filter((r) => r.status === 'rejected')) {
        expect(refused).toMatchObject({ reason: expect.any(ImportUnderWayError) });
      }
      const current = (await lists.listDocument('es-stop-publicidad'))!;
      expect(current.count).toBe(50);
      expect(await database.collection('exclusionEntries').countDocuments({ list: 'es-stop-publicidad' })).toBe(50);
      expect(
        await database.collection('exclusionEntries').countDocuments({ list: 'es-stop-publicidad', generation: current.currentGeneration }),
      ).toBe(50);
      // The lease is released: the next import goes ahead.
      await expect(lists.import('es-stop-publicidad', a, TUESDAY_10_MADRID)).resolves.toMatchObject({ imported: 50 });
    });

    it('lets an import go ahead when the lease of one that died has expired', async () => {
      await database.collection('exclusionLists').insertOne({ _id: 'us-dnc@import', until: new Date('2026-11-24T08:00:00Z') });
      await expect(lists.import('us-dnc', '+12125550111', new Date('2026-11-24T07:59:00Z'))).rejects.toBeInstanceOf(ImportUnderWayError);
      await expect(lists.import('us-dnc', '+12125550111', TUESDAY_10_MADRID)).resolves.toMatchObject({ imported: 1 });
    });

    it('reports bad lines by number, and refuses a file with no valid number, keeping the list', async () => {
      const report = await lists.import('us-dnc', 'phone\n212 555 0199\nnope\n+1 212 555 01\n', TUESDAY_10_MADRID);
      expect(report).toMatchObject({ imported: 1, rejected: [{ line: 3 }, { line: 4 }] });
      await expect(lists.import('us-dnc', 'phone\nnope\n', TUESDAY_10_MADRID)).rejects.toBeInstanceOf(EmptyExclusionListError);
      expect((await lists.listDocument('us-dnc'))?.count).toBe(1);
    });

    it('refuses marketing without consent when a list is stale or was never imported, but not with consent', async () => {
      const fresh = new ExclusionLists(database.collection('exclusionLists'), database.collection('exclusionEntries'), SECRET);
      const strict = new Contactability({
        people,
        ledger,
        bookings: bookingServiceOn(database),
        attempts,
        exclusions: fresh,
        options: { exclusionListMaxAgeDays: 1 },
      });
      const answer = await strict.check({ phoneE164: '+34612000300', purpose: 'upsell', now: new Date('2026-11-28T09:00:00Z') });
      expect(answer.reasons.map((r) => r.code)).toContain('exclusion_list_stale:es-robinson');
      await grant('+34612000300');
      expect(await strict.check({ phoneE164: '+34612000300', purpose: 'upsell', now: new Date('2026-11-27T09:00:00Z') })).toMatchObject({
        allowed: true,
      });
    });
  });
});
