import { ClaimLedger } from '../../services/store/leasedClaims';
import { WhatsAppInbox } from '../../services/whatsapp/inbox';
import { openTestDatabase, TestDatabase } from '../support/database';

describe('claims settled by a unique _id', () => {
  let database: TestDatabase;
  let wall = 1_000_000;
  beforeAll(async () => {
    database = await openTestDatabase('wa_claims');
  });
  afterAll(() => database.dispose());

  const ledger = (owner: string) => new ClaimLedger(database.collection('whatsappClaims'), owner, () => wall);

  it('lets exactly one of many replicas claim a message at once', async () => {
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => ledger(`r${i}`).claim('in:wamid.race', 60_000)));
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('lets the next attempt be taken once a holder’s lease ran out, by one replica only, and not before', async () => {
    const first = await ledger('a').claim('in:wamid.lease', 1_000);
    expect(first?.attempt).toBe(0);
    expect(await ledger('b').claim('in:wamid.lease', 1_000)).toBeNull();
    wall += 1_001;
    const takeovers = await Promise.all(Array.from({ length: 10 }, (_, i) => ledger(`t${i}`).claim('in:wamid.lease', 1_000)));
    expect(takeovers.filter(Boolean).map((c) => c!.attempt)).toEqual([1]);
  });

  it('keeps a renewed claim, and frees a released one at once', async () => {
    const mine = ledger('a');
    const claim = (await mine.claim('in:wamid.renew', 1_000))!;
    wall += 800;
    await mine.renew(claim, 1_000);
    wall += 800;
    expect(await ledger('b').claim('in:wamid.renew', 1_000)).toBeNull();
    await mine.release(claim);
    expect(await ledger('b').claim('in:wamid.renew', 1_000)).toMatchObject({ attempt: 1 });
  });
});

describe('the inbox keeps answered wamids only as long as Meta may retry them', () => {
  it('sweeps answered messages older than the cut-off, never pending ones', async () => {
    const database = await openTestDatabase('wa_sweep');
    try {
      const inbox = new WhatsAppInbox(database.collection('whatsappInbox'));
      const message = (wamid: string) => ({
        wamid,
        phoneNumberId: '1',
        waId: '34612345678',
        kind: 'text' as const,
        text: 'hola',
        messageType: 'text',
      });
      await inbox.record([message('old'), message('recent'), message('waiting')], new Date('2026-11-01T00:00:00Z'));
      await inbox.complete('old', new Date('2026-11-01T00:00:00Z'));
      await inbox.complete('recent', new Date('2026-11-20T00:00:00Z'));
      expect(await inbox.sweepAnswered(new Date('2026-11-10T00:00:00Z'))).toBe(1);
      expect((await inbox.pending()).map((item) => item._id)).toEqual(['waiting']);
      // The recent one still stops a redelivery.
      expect(await inbox.record([message('recent')], new Date())).toEqual({ recorded: [], duplicates: ['recent'] });
    } finally {
      await database.dispose();
    }
  });
});
