import type { RunningApp } from '../../bot/app';
import { ApiKeyStore } from '../../services/auth/apiKeys';
import { apiClient, startTestApp } from '../support/app';
import { uniqueDatabaseName } from '../support/database';
import { bookThroughTheBot, createAgent } from '../support/handoff';

// Booked on Tuesday 24 November 2026; looked at on Tuesday 12 January 2027, 11:00 in Madrid, when Ley 10/2025 applies.
let now = new Date('2026-11-24T08:15:00Z');

describe('the agent sees the caller number of the callback’s own rule set (real app, real database)', () => {
  let app: RunningApp;
  let agent: ReturnType<typeof apiClient>;
  let admin: ReturnType<typeof apiClient>;

  beforeAll(async () => {
    app = await startTestApp(uniqueDatabaseName('callernumbers'), {}, () => now);
    agent = apiClient(app, (await createAgent(app, { name: 'Lucía', timeZone: 'Europe/Madrid', languages: ['es'] })).key);
    admin = apiClient(app, (await new ApiKeyStore(app.database.apiKeys).create('admin', 'test')).key);
  });
  afterAll(async () => {
    await app.database.db.dropDatabase();
    await app.close();
  });

  it('checks a callback against its rule set’s numbers, not the default one’s', async () => {
    await bookThroughTheBot(app, { userId: 'rosa', phone: '612 34 56 70' });
    // A campaign of its own, with its commercial number; the default rule set names none.
    const { ruleSet: defaults } = (await admin('GET', '/api/admin/rule-sets/default')).body;
    const campaign = {
      ...defaults,
      id: 'fibra-campaign',
      callerNumbers: [{ callType: 'commercial', country: 'ES', number: '+34400111222' }],
    };
    expect((await admin('PUT', '/api/admin/rule-sets/fibra-campaign', campaign)).status).toBe(201);
    const callbacks = app.database.collection('callbacks');
    const booked = await callbacks.findOne({});
    await callbacks.updateOne({ _id: booked!._id }, { $set: { ruleSetId: 'fibra-campaign' } });

    now = new Date('2027-01-12T10:00:00Z');
    const list = await agent('GET', '/api/agent/callbacks?from=2026-11-24&to=2026-11-30');
    expect(list.body.callbacks).toEqual([
      expect.objectContaining({ contactability: { allowed: true, reasons: [], nextAllowedAt: null, callerNumber: '+34400111222' } }),
    ]);
    const detail = await agent('GET', `/api/agent/callbacks/${booked!._id}`);
    expect(detail.body.contactabilityByPurpose).toMatchObject({
      acquisition: { allowed: true, callerNumber: '+34400111222' },
      service: { allowed: true, callerNumber: null },
    });

    // The same callback under the default rule set: refused, as the law says.
    await callbacks.updateOne({ _id: booked!._id }, { $set: { ruleSetId: 'default' } });
    const refused = await agent('GET', '/api/agent/callbacks?from=2026-11-24&to=2026-11-30');
    expect(refused.body.callbacks[0].contactability).toMatchObject({
      allowed: false,
      reasons: [{ code: 'caller_number_not_allowed' }],
      callerNumber: null,
    });
  });
});
