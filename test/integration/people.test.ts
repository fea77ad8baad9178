import { normalisePhone, PeopleStore } from '../../services/people/peopleStore';
import { openTestDatabase, TestDatabase } from '../support/database';

const NOW = new Date('2026-11-24T08:00:00Z');
const provenance = { source: 'import' as const, campaign: null, collectedAt: NOW, detail: null };

describe('PeopleStore on the real database', () => {
  let database: TestDatabase;
  let people: PeopleStore;
  beforeAll(async () => {
    database = await openTestDatabase('people');
    people = new PeopleStore(database.collection('people'), database.collection('channelAccounts'), () => NOW);
  });
  afterAll(() => database.dispose());

  it.each([
    ['612 34 56 78', 'ES', '+34612345678', 'ES'],
    ['+1 (212) 555-0100', 'ES', '+12125550100', 'US'],
    ['0034 915 55 12 34', undefined, '+34915551234', 'ES'],
    ['+34 612 34 56 78', 'XX', '+34612345678', 'ES'],
  ])('normalises %p (default %s) to %s', (input, country, e164, numberCountry) => {
    expect(normalisePhone(input, country)).toEqual({ ok: true, e164, country: numberCountry });
  });

  it.each([
    ['12345', 'invalid'],
    ['+34 000 000 000', 'invalid'],
    ['ninguno', 'not_a_number'],
  ])('refuses %p as %s', (input, reason) => {
    expect(normalisePhone(input, 'ES')).toEqual({ ok: false, reason });
  });

  it('finds the same person the second time, without touching them', async () => {
    const first = await people.findOrCreateByPhone('+34915550500', { provenance, timeZone: 'Europe/Madrid', language: 'es' });
    const again = await people.findOrCreateByPhone('+34915550500', {
      provenance: { ...provenance, source: 'bot' },
      timeZone: 'Atlantic/Canary',
    });
    expect(again).toEqual(first);
    expect(first).toMatchObject({ timeZone: 'Europe/Madrid', language: 'es', provenance: { source: 'import' } });
    expect(await people.get(first._id)).toEqual(first);
    expect(await people.getByPhone('+34915550500')).toEqual(first);
    expect(await people.get('nobody')).toBeNull();
  });

  it('updates only the fields of the patch, and reads the person back', async () => {
    const person = await people.findOrCreateByPhone('+34915550503', { provenance, region: 'MD' });
    const updated = await people.update(person._id, {
      existingCustomer: true,
      customer: { since: NOW, lastInteractionAt: null, products: ['fibra'] },
      timeZone: undefined,
    });
    expect(updated).toMatchObject({ region: 'MD', timeZone: null, existingCustomer: true, customer: { products: ['fibra'] } });
    expect(await people.update(person._id, { customer: null, region: null })).toMatchObject({
      customer: null,
      region: null,
      existingCustomer: true,
    });
  });

  it('tells whether an upsert by number created the person, even when ten race', async () => {
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => people.upsertByPhone('+34915550504', { language: i % 2 === 0 ? 'es' : 'en' }, { provenance })),
    );
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.person._id)).size).toBe(1);
    const again = await people.upsertByPhone('+34915550504', { existingCustomer: true }, { provenance });
    expect(again).toMatchObject({ created: false, person: { existingCustomer: true, provenance: { source: 'import' } } });
  });

  it('makes one person of twenty simultaneous first contacts with one number', async () => {
    const found = await Promise.all(Array.from({ length: 20 }, () => people.findOrCreateByPhone('+34915550501', { provenance })));
    expect(new Set(found.map((p) => p._id)).size).toBe(1);
    expect(await database.collection('people').countDocuments({ phoneE164: '+34915550501' })).toBe(1);
    expect(found[0]).toMatchObject({ timeZone: null, region: null, customer: null, existingCustomer: false });
  });

  it('finds a signed WhatsApp sender by the number alone, verified, and links the account', async () => {
    const person = await people.findOrCreateByPhone('+34612550502', { provenance });
    expect(await people.accountLink(wa('34612550502', false))).toBeNull();
    expect(await people.accountLink(wa('34612550502'))).toMatchObject({ person: { _id: person._id }, assurance: 'verified' });
    expect(await people.channelAccountsOf(person._id)).toEqual([
      expect.objectContaining({ _id: 'whatsapp:34612550502', assurance: 'verified', verifiedBy: 'whatsapp_number' }),
    ]);
    expect(await people.accountLink(web('someone-else'))).toBeNull();
  });

  it('keeps a typed number claimed, and only a vouched account keeps a verified link verified', async () => {
    const ana = await people.findOrCreateByPhone('+34915550508', { provenance });
    await people.linkChannelAccount('msteams', '29:typed', ana._id);
    expect(await people.accountLink(teams('29:typed'))).toMatchObject({ assurance: 'claimed' });
    await people.linkChannelAccount('msteams', '29:typed', ana._id, 'verified', 'one_time_code');
    // Typing the same number again proves nothing less: still verified.
    await people.linkChannelAccount('msteams', '29:typed', ana._id);
    expect(await people.accountLink(teams('29:typed'))).toMatchObject({ assurance: 'verified' });
    // The same id sent without the channel's proof (anonymous mode) is only a claim.
    expect(await people.accountLink(teams('29:typed', false))).toMatchObject({ assurance: 'claimed' });
  });

  it('links channel accounts, and relinking one answers the person it pointed to', async () => {
    const ana = await people.findOrCreateByPhone('+34915550505', { provenance });
    const bea = await people.findOrCreateByPhone('+34915550506', { provenance });
    expect(await people.linkChannelAccount('webchat', 'device-1', ana._id)).toBeNull();
    expect(await people.linkChannelAccount('webchat', 'device-1', ana._id)).toBeNull();
    expect(await people.linkChannelAccount('msteams', '29:ana', ana._id)).toBeNull();
    expect((await people.personForChannelAccount(web('device-1')))?._id).toBe(ana._id);
    expect((await people.channelAccountsOf(ana._id)).map((a) => a._id).sort()).toEqual(['msteams:29:ana', 'webchat:device-1']);

    expect(await people.linkChannelAccount('webchat', 'device-1', bea._id)).toBe(ana._id);
    expect((await people.personForChannelAccount(web('device-1')))?._id).toBe(bea._id);
    expect((await people.channelAccountsOf(ana._id)).map((a) => a._id)).toEqual(['msteams:29:ana']);
  });

  it('links one account once when its first messages arrive together', async () => {
    const person = await people.findOrCreateByPhone('+34915550507', { provenance });
    await Promise.all(Array.from({ length: 10 }, () => people.linkChannelAccount('webchat', 'twin-tabs', person._id)));
    expect(await people.channelAccountsOf(person._id)).toHaveLength(1);
  });

  it('finds a WhatsApp sender whose id carries the plus sign, and knows no one for an unknown number', async () => {
    const person = await people.findOrCreateByPhone('+12125550142', { provenance });
    expect((await people.personForChannelAccount(wa('+12125550142')))?._id).toBe(person._id);
    expect(await people.personForChannelAccount(wa('34699000999'))).toBeNull();
    expect(await people.personForChannelAccount(wa('not-a-number'))).toBeNull();
  });

  it('lets two imports of the same new numbers race without losing or doubling anyone', async () => {
    const rows = Array.from({ length: 50 }, (_, i) => ({
      phoneE164: `+3491555${String(1000 + i)}`,
      patch: { existingCustomer: true },
      provenance,
    }));
    const [a, b] = await Promise.all([people.upsertMany(rows), people.upsertMany(rows)]);
    expect(a.created + b.created).toBe(50);
    expect(a.updated + b.updated).toBe(50);
    expect(
      await database.collection('people').countDocuments({ phoneE164: { $in: rows.map((r) => r.phoneE164) }, existingCustomer: true }),
    ).toBe(50);
  });
});

function wa(accountId: string, vouched = true) {
  return { channelId: 'whatsapp', accountId, vouched };
}
function web(accountId: string) {
  return { channelId: 'webchat', accountId, vouched: true };
}
function teams(accountId: string, vouched = true) {
  return { channelId: 'msteams', accountId, vouched };
}
