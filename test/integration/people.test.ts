import { PeopleStore } from '../../services/people/peopleStore';
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

  it('makes one person of twenty simultaneous first contacts with one number', async () => {
    const found = await Promise.all(Array.from({ length: 20 }, () => people.findOrCreateByPhone('+34915550501', { provenance })));
    expect(new Set(found.map((p) => p._id)).size).toBe(1);
    expect(await database.collection('people').countDocuments({ phoneE164: '+34915550501' })).toBe(1);
    expect(found[0]).toMatchObject({ timeZone: null, region: null, customer: null, existingCustomer: false });
  });

  it('finds a WhatsApp sender by the number alone, and links the account', async () => {
    const person = await people.findOrCreateByPhone('+34612550502', { provenance });
    expect((await people.personForChannelAccount('whatsapp', '34612550502'))?._id).toBe(person._id);
    expect(await people.channelAccountsOf(person._id)).toEqual([expect.objectContaining({ _id: 'whatsapp:34612550502' })]);
    expect(await people.personForChannelAccount('webchat', 'someone-else')).toBeNull();
  });

  it('lets two imports of the same new numbers race without losing or doubling anyone', async () => {
    const rows = Array.from({ length: 50 }, (_, i) => ({ phoneE164: `+3491555${String(1000 + i)}`, patch: { existingCustomer: true }, provenance }));
    const [a, b] = await Promise.all([people.upsertMany(rows), people.upsertMany(rows)]);
    expect(a!.created + b!.created).toBe(50);
    expect(a!.updated + b!.updated).toBe(50);
    expect(await database.collection('people').countDocuments({ phoneE164: { $in: rows.map((r) => r.phoneE164) }, existingCustomer: true })).toBe(50);
  });
});
