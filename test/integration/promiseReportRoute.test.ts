import type { RunningApp } from '../../bot/app';
import { ApiKeyStore } from '../../services/auth/apiKeys';
import { apiClient, startTestApp } from '../support/app';
import { uniqueDatabaseName } from '../support/database';
import { bookThroughTheBot, createAgent } from '../support/handoff';

// Tuesday 24 November 2026, 09:15 in Madrid; both people book Wednesday 25 November, 16:00 Madrid (15:00 UTC).
const BOOKING_TIME = new Date('2026-11-24T08:15:00Z');

describe('GET /api/admin/reports/promises and /metrics, through the app as it runs (real database)', () => {
  let app: RunningApp;
  let now = BOOKING_TIME;
  let admin: ReturnType<typeof apiClient>;
  let agent: ReturnType<typeof apiClient>;

  beforeAll(async () => {
    app = await startTestApp(uniqueDatabaseName('promisereportroute'), {}, () => now);
    admin = apiClient(app, (await new ApiKeyStore(app.database.apiKeys).create('admin', 'test')).key);
    agent = apiClient(app, (await createAgent(app, { name: 'Lucía', timeZone: 'Europe/Madrid', languages: ['es'] })).key);

    await bookThroughTheBot(app, { userId: 'ana', phone: '612 34 56 78' });
    await bookThroughTheBot(app, { userId: 'bea', phone: '612 34 56 79' });
    const list = await agent('GET', '/api/agent/callbacks?from=2026-11-25&to=2026-11-26');
    const idOf = (phone: string): string =>
      list.body.callbacks.find((c: { person: { phoneE164: string } }) => c.person.phoneE164 === phone).callbackId;
    // Ana is called three minutes after the time promised (kept on time), Bea twenty (late).
    now = new Date('2026-11-25T15:03:00Z');
    expect(await agent('POST', `/api/agent/callbacks/${idOf('+34612345678')}/outcome`, { outcome: 'reached', note: '' })).toMatchObject({
      status: 201,
    });
    now = new Date('2026-11-25T15:20:00Z');
    expect(
      await agent('POST', `/api/agent/callbacks/${idOf('+34612345679')}/outcome`, { outcome: 'wrong_number', note: '' }),
    ).toMatchObject({ status: 201 });
  });
  afterAll(async () => {
    await app.database.db.dropDatabase();
    await app.close();
  });

  it("answers the team's week: both promises, one kept on time, one late", async () => {
    const answer = await admin('GET', '/api/admin/reports/promises?from=2026-11-23&to=2026-11-30&team=default');
    const counts = {
      booked: 2,
      keptOnTime: 1,
      late: 1,
      missed: 0,
      repaired: 0,
      lapsed: 0,
      unreachable: 0,
      cancelled: 0,
      open: 0,
      passed: 2,
      ratio: 0.5,
    };
    expect(answer).toEqual({
      status: 200,
      body: {
        from: '2026-11-23',
        to: '2026-11-30',
        team: 'default',
        weeks: [{ week: '2026-W48', team: 'default', ...counts }],
        totals: counts,
      },
    });
  });

  it('without from and to: the current ISO week and the three before it; instants are echoed as instants', async () => {
    const defaults = await admin('GET', '/api/admin/reports/promises');
    expect(defaults.status).toBe(200);
    expect(defaults.body).toMatchObject({ from: '2026-11-02', to: '2026-11-30', team: null });
    expect(defaults.body.weeks.map((row: { week: string; team: string }) => `${row.week} ${row.team}`)).toEqual([
      '2026-W45 default',
      '2026-W46 default',
      '2026-W47 default',
      '2026-W48 default',
    ]);
    const exact = await admin('GET', '/api/admin/reports/promises?from=2026-11-25T15:00:00%2B01:00&to=2026-11-26T00:00:00Z');
    expect(exact.body).toMatchObject({ from: '2026-11-25T14:00:00.000Z', to: '2026-11-26T00:00:00.000Z', totals: { booked: 2 } });
  });

  it.each([
    ['from', 'from=yesterday', /^from: expected a date like 2026-11-30 or an instant/],
    ['to', 'from=2026-11-30&to=2026-11-23', /^to: expected a bound after from \(2026-11-30\)/],
    ['to', 'from=2026-01-01&to=2026-12-31', /^to: expected at most 92 days after from/],
    ['to', 'from=2026-11-01&to=2026-02-30', /^to: expected a date/],
    ['team', 'team=Madrid%20Sales', /^team: expected a slug/],
  ])('refuses a bad %s with a 400 naming it (%s)', async (field, query, message) => {
    const answer = await admin('GET', `/api/admin/reports/promises?${query}`);
    expect(answer).toMatchObject({ status: 400, body: { code: 'ValidationFailed', field, message: expect.stringMatching(message) } });
  });

  it('a team that does not exist is a 404; an agent key reads it (the console shows the team’s week); no key is a 401', async () => {
    expect(await admin('GET', '/api/admin/reports/promises?team=nobody')).toMatchObject({ status: 404, body: { code: 'NotFound' } });
    expect((await agent('GET', '/api/admin/reports/promises')).status).toBe(200);
    expect((await fetch(`${app.url}/api/admin/reports/promises`)).status).toBe(401);
  });

  it('/metrics has the ratio of the last seven days and the transitions the agent made', async () => {
    const text = await (await fetch(`${app.url}/metrics`)).text();
    expect(text).toContain('callbacks_kept_on_time_ratio{team="default"} 0.5');
    expect(text).toContain('callbacks_transitions_total{from="booked",to="reached"} 1');
    expect(text).toContain('callbacks_transitions_total{from="booked",to="wrong_number"} 1');
  });
});
