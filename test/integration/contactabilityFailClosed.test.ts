import { bookingServiceOn } from '../../services/booking/bookingService';
import { ConsentLedger } from '../../services/consent/ledger';
import { CallAttempts } from '../../services/contactability/callAttempts';
import { Contactability } from '../../services/contactability/contactability';
import { ExclusionLists } from '../../services/contactability/exclusionLists';
import { PeopleStore } from '../../services/people/peopleStore';
import { connectDatabase } from '../../services/store/database';
import { startEmbeddedDatabase } from '../../services/store/embeddedDatabase';
import { findProjectRoot } from '../../services/store/projectRoot';

const SECRET = 'fail-closed-secret-0123456789';

describe('contactability when the database server stops', () => {
  it('fails closed: not allowed, the one reason database_unavailable, no next time', async () => {
    const server = await startEmbeddedDatabase({ projectRoot: findProjectRoot(__dirname), engine: 'ferretdb' });
    const database = await connectDatabase({ uri: server.uri, dbName: 'contactfailclosed', serverSelectionTimeoutMs: 1_000 });
    try {
      const people = new PeopleStore(database.collection('people'), database.collection('channelAccounts'));
      const ledger = new ConsentLedger(database.collection('consentEvents'), database.collection('suppressions'), SECRET);
      const contactability = new Contactability({
        people,
        ledger,
        bookings: bookingServiceOn(database),
        attempts: new CallAttempts(database.collection('callAttempts')),
        exclusions: new ExclusionLists(database.collection('exclusionLists'), database.collection('exclusionEntries'), SECRET),
      });
      const query = { phoneE164: '+34915550800', purpose: 'acquisition' as const, now: new Date('2026-11-24T09:00:00Z') };
      // Up, the answer names ordinary reasons.
      expect((await contactability.check(query)).reasons.map((r) => r.code)).toContain('no_legal_basis');
      await server.stop();
      for (const purpose of ['acquisition', 'upsell', 'service'] as const) {
        expect(await contactability.check({ ...query, purpose })).toEqual({
          allowed: false,
          reasons: [{ code: 'database_unavailable', message: expect.stringMatching(/not calling is the safe answer/) }],
          nextAllowedAt: null,
          callerNumber: null,
        });
      }
    } finally {
      await database.close().catch(() => undefined);
      await server.stop();
    }
  }, 60_000);
});
