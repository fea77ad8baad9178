import { ApiKeyStore } from '../../services/auth/apiKeys';
import { bookingServiceOn } from '../../services/booking/bookingService';
import { ConsentLedger } from '../../services/consent/ledger';
import { CallAttempts } from '../../services/contactability/callAttempts';
import { Contactability } from '../../services/contactability/contactability';
import { ExclusionLists } from '../../services/contactability/exclusionLists';
import { PeopleStore } from '../../services/people/peopleStore';
import { connectDatabase } from '../../services/store/database';
import { startEmbeddedDatabase } from '../../services/store/embeddedDatabase';
import { findProjectRoot } from '../../services/store/projectRoot';
import { requestAsDocumented, startTestApp } from '../support/app';

describe('when the database stops answering', () => {
  it('contactability fails closed: not allowed, with the reason', async () => {
    const server = await startEmbeddedDatabase({ projectRoot: findProjectRoot(__dirname), engine: 'ferretdb' });
    const database = await connectDatabase({ uri: server.uri, dbName: 'failclosed', serverSelectionTimeoutMs: 1_000 });
    const people = new PeopleStore(database.collection('people'), database.collection('channelAccounts'));
    const ledger = new ConsentLedger(database.collection('consentEvents'), database.collection('suppressions'), 'test-secret-of-16+');
    const contactability = new Contactability({
      people,
      ledger,
      bookings: bookingServiceOn(database),
      attempts: new CallAttempts(database.collection('callAttempts')),
      exclusions: new ExclusionLists(database.collection('exclusionLists'), database.collection('exclusionEntries'), 'test-secret-of-16+'),
    });
    try {
      await server.stop();
      const answer = await contactability.check({ phoneE164: '+34915550300', purpose: 'service', now: new Date('2026-11-24T09:00:00Z') });
      expect(answer).toMatchObject({ allowed: false, reasons: [{ code: 'database_unavailable' }], nextAllowedAt: null });
    } finally {
      await database.close().catch(() => undefined);
    }
  }, 30_000);

  it('the API answers 503, and readiness says so, instead of a 500', async () => {
    const server = await startEmbeddedDatabase({ projectRoot: findProjectRoot(__dirname), engine: 'ferretdb' });
    const app = await startTestApp('apidown', { MONGODB_URI: server.uri });
    try {
      const key = (await new ApiKeyStore(app.database.apiKeys).create('admin', 'test')).key;
      await server.stop();
      const response = await fetch(`${app.url}/api/agent/contactability?phone=%2B34915550300&purpose=service`, {
        headers: { 'x-api-key': key },
      });
      expect(response.status).toBe(503);
      expect(await response.json()).toMatchObject({ code: 'Unavailable' });
      expect((await fetch(`${app.url}/readyz`)).status).toBe(503);
      // Every admin and agent route, asked as its documentation's example asks it: 503, in the one error shape.
      const guarded = app.http.routes.filter((route) => route.spec.auth !== 'none');
      expect(guarded.length).toBeGreaterThan(10);
      // All at once: once the driver has marked the server down, each request waits out its server selection (5 s).
      const answers = await Promise.all(
        guarded.map(async ({ spec }) => {
          const { status, body } = await requestAsDocumented(app.url, spec, key);
          return { route: `${spec.method} ${spec.path}`, status, code: body.code };
        }),
      );
      expect(answers).toEqual(guarded.map(({ spec }) => ({ route: `${spec.method} ${spec.path}`, status: 503, code: 'Unavailable' })));
      expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
    } finally {
      await app.close().catch(() => undefined);
    }
  }, 60_000);
});
