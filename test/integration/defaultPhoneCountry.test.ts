import type { RunningApp } from '../../bot/app';
import { ApiKeyStore } from '../../services/auth/apiKeys';
import { apiClient, startTestApp } from '../support/app';
import { uniqueDatabaseName } from '../support/database';

describe('DEFAULT_PHONE_COUNTRY reaches the admin and agent routes', () => {
  let app: RunningApp;
  let admin: string;
  beforeAll(async () => {
    app = await startTestApp(uniqueDatabaseName('country'), { DEFAULT_PHONE_COUNTRY: 'US' }, () => new Date('2026-11-24T15:00:00Z'));
    admin = (await new ApiKeyStore(app.database.apiKeys).create('admin', 'test')).key;
  });
  afterAll(async () => {
    await app.database.db.dropDatabase();
    await app.close();
  });
  const call = (method: string, path: string, body?: unknown) => apiClient(app, admin)(method, path, body);

  it('reads a number without a prefix as that country’s, in paths, queries and bodies', async () => {
    const consent = { phone: '(212) 555-0100', event: 'granted', scope: 'callbacks', wording: 'May we call you?' };
    expect(await call('POST', '/api/admin/consent', consent)).toMatchObject({ status: 201 });
    expect(await call('GET', '/api/admin/people/212%20555%200100/consent')).toMatchObject({ status: 200, body: { phone: '+12125550100' } });
    expect(await call('GET', '/api/admin/people/2125550100')).toMatchObject({ status: 200, body: { phoneE164: '+12125550100' } });
    expect((await call('GET', '/api/agent/contactability?phone=2125550100&purpose=service')).status).toBe(200);
  });

  it('so a Spanish national number is no longer valid without its prefix', async () => {
    expect(await call('GET', '/api/admin/people/612345678/consent')).toMatchObject({ status: 400, body: { field: 'phone' } });
    expect(await call('GET', '/api/admin/people/%2B34612345678/consent')).toMatchObject({ status: 404 });
  });
});
