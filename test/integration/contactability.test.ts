import type { RunningApp } from '../../bot/app';
import { ApiKeyStore } from '../../services/auth/apiKeys';
import { startTestApp } from '../support/app';
import { uniqueDatabaseName } from '../support/database';

// Tuesday 24 November 2026, 10:00 in Madrid, 04:00 in New York.
let now = new Date('2026-11-24T09:00:00Z');

describe('contactability for dialers and agents, on the real database', () => {
  let app: RunningApp;
  let admin: string;
  let agent: string;

  beforeAll(async () => {
    app = await startTestApp(uniqueDatabaseName('contact'), {}, () => now);
    const keys = new ApiKeyStore(app.database.apiKeys);
    admin = (await keys.create('admin', 'test')).key;
    agent = (await keys.create('agent', 'test')).key;
  });
  afterAll(async () => {
    await app.database.db.dropDatabase();
    await app.close();
  });
  beforeEach(() => {
    now = new Date('2026-11-24T09:00:00Z');
  });

  async function api(method: string, path: string, body?: unknown, key = admin, contentType = 'application/json') {
    const response = await fetch(`${app.url}${path}`, {
      method,
      headers: { 'content-type': contentType, 'x-api-key': key },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, any> };
  }
  const ask = async (phone: string, purpose: string, extra = '') =>
    (await api('GET', `/api/agent/contactability?phone=${encodeURIComponent(phone)}&purpose=${purpose}${extra}`, undefined, agent))
      .body as {
      allowed: boolean;
      reasons: Array<{ code: string; message: string }>;
      nextAllowedAt: string | null;
      callerNumber: string | null;
    };
  const codes = async (phone: string, purpose: string, extra = '') => (await ask(phone, purpose, extra)).reasons.map((r) => r.code).sort();
  const grant = (phone: string) =>
    api('POST', '/api/admin/consent', {
      phone,
      event: 'granted',
      scope: 'callbacks',
      wording: '¿Podemos llamarte para hablar de nuestras ofertas?',
    });
  const freshLists = async () => {
    await api('PUT', '/api/admin/exclusion-lists/es-robinson', 'telefono\n+34 612 000 001\n', admin, 'text/csv');
    await api('PUT', '/api/admin/exclusion-lists/es-stop-publicidad', '+34612000002\n', admin, 'text/csv');
    await api('PUT', '/api/admin/exclusion-lists/us-dnc', '+1 212 555 0199\n', admin, 'text/csv');
  };

  it('allows a consented Spanish number inside the lawful window', async () => {
    await grant('+34915550100');
    expect(await ask('+34915550100', 'acquisition')).toEqual({ allowed: true, reasons: [], nextAllowedAt: null, callerNumber: null });
  });

  it('refuses outside the lawful window and says when it opens (21:30 Madrid → 09:00 next day)', async () => {
    await grant('+34915550101');
    now = new Date('2026-11-24T20:30:00Z');
    const answer = await ask('+34915550101', 'acquisition');
    expect(answer).toMatchObject({
      allowed: false,
      reasons: [{ code: 'outside_lawful_window' }],
      nextAllowedAt: '2026-11-25T08:00:00.000Z',
    });
  });

  it('refuses on a Spanish public holiday (8 December 2026), next allowed on the 9th', async () => {
    await grant('+34915550102');
    now = new Date('2026-12-08T10:00:00Z');
    expect(await ask('+34915550102', 'acquisition')).toMatchObject({
      allowed: false,
      reasons: [{ code: 'lawful_holiday' }],
      nextAllowedAt: '2026-12-09T08:00:00.000Z',
    });
  });

  it('applies the US window (08:00–21:00) in the number’s own zone', async () => {
    await api('PUT', '/api/admin/people/%2B12125550100', { timeZone: 'America/New_York' });
    await grant('+12125550100');
    expect((await ask('+12125550100', 'acquisition')).reasons.map((r) => r.code)).toEqual(['outside_lawful_window']); // 04:00 in New York
    now = new Date('2026-11-24T14:00:00Z'); // 09:00 in New York
    expect(await ask('+12125550100', 'acquisition')).toMatchObject({ allowed: true });
  });

  it('refuses an opted-out person and a suppressed number, with no next time', async () => {
    await grant('+34915550103');
    await api('POST', '/api/admin/consent', {
      phone: '+34915550103',
      event: 'withdrawn',
      scope: 'all',
      wording: 'baja',
      personWords: 'no me llaméis más',
    });
    const answer = await ask('+34915550103', 'service');
    expect(answer.reasons.map((r) => r.code)).toEqual(expect.arrayContaining(['opted_out', 'suppressed']));
    expect(answer.nextAllowedAt).toBeNull();
  });

  it('never pitches acquisition to an existing customer (friendly fire), but allows service', async () => {
    await api('PUT', '/api/admin/people/%2B34915550104', {
      existingCustomer: true,
      customer: { since: '2020-01-01', lastInteractionAt: '2026-10-01' },
    });
    await grant('+34915550104');
    expect(await codes('+34915550104', 'acquisition')).toEqual(['existing_customer_acquisition']);
    expect(await ask('+34915550104', 'service')).toMatchObject({ allowed: true });
  });

  it('caps attempts (3 in 7 days by default) and says when the cap lifts', async () => {
    await grant('+34915550105');
    for (const at of ['2026-11-20T09:00:00Z', '2026-11-21T09:00:00Z', '2026-11-23T09:00:00Z']) {
      expect(
        (await api('POST', '/api/agent/call-attempts', { phone: '+34915550105', purpose: 'acquisition', outcome: 'no_answer', at }, agent))
          .status,
      ).toBe(201);
    }
    expect(await ask('+34915550105', 'acquisition')).toMatchObject({
      allowed: false,
      reasons: [{ code: 'frequency_cap' }],
      nextAllowedAt: '2026-11-27T09:00:00.000Z',
    });
  });

  describe('marketing to people who have not consented to us', () => {
    it('refuses when the exclusion lists were never imported', async () => {
      expect(await codes('+34915550106', 'acquisition')).toEqual([
        'exclusion_list_stale:es-robinson',
        'exclusion_list_stale:es-stop-publicidad',
        'no_legal_basis',
      ]);
    });

    it('refuses a number on Lista Robinson, and reports bad lines of an import without failing it', async () => {
      const imported = await api(
        'PUT',
        '/api/admin/exclusion-lists/es-robinson',
        'telefono\n+34 612 000 001\nnot a number\n612000003\n',
        admin,
        'text/csv',
      );
      expect(imported).toMatchObject({ status: 200, body: { list: 'es-robinson', imported: 2, rejected: [{ line: 3 }] } });
      await freshLists();
      expect(await codes('+34612000001', 'upsell')).toEqual(['exclusion_list:es-robinson', 'no_legal_basis']);
    });

    it('replaces a list on refresh: a number dropped from the list is no longer on it', async () => {
      await freshLists();
      await api('PUT', '/api/admin/exclusion-lists/es-robinson', '+34 612 000 009\n', admin, 'text/csv');
      expect(await codes('+34612000001', 'upsell')).toEqual(['no_legal_basis']);
    });

    it('refuses when a list is older than allowed (30 days by default)', async () => {
      await freshLists();
      now = new Date('2027-01-05T09:00:00Z');
      expect(await codes('+34915550107', 'acquisition')).toEqual([
        'caller_number_not_allowed', // Ley 10/2025 applies by then, and the default rule set names no commercial number
        'exclusion_list_stale:es-robinson',
        'exclusion_list_stale:es-stop-publicidad',
        'no_legal_basis',
      ]);
    });

    it('allows upsell to our own customer on legitimate interest within 12 months, for a similar product', async () => {
      await freshLists();
      await api('PUT', '/api/admin/people/%2B34915550108', {
        existingCustomer: true,
        customer: { since: '2020-01-01', lastInteractionAt: '2025-12-01' },
      });
      expect(await ask('+34915550108', 'upsell', '&similarProduct=true')).toMatchObject({ allowed: true });
      expect(await codes('+34915550108', 'upsell')).toEqual(['no_legal_basis']); // not a similar product
      await api('PUT', '/api/admin/people/%2B34915550108', { customer: { since: '2020-01-01', lastInteractionAt: '2025-10-20' } }); // 13 months ago
      expect(await codes('+34915550108', 'upsell', '&similarProduct=true')).toEqual(['no_legal_basis']);
    });

    it('refuses a US number on the Do Not Call registry', async () => {
      await freshLists();
      // No zone stated: lawful only when it is lawful in every US zone, 08:00 in Honolulu = 18:00Z.
      now = new Date('2026-11-24T19:00:00Z');
      expect(await codes('+12125550199', 'acquisition')).toEqual(['exclusion_list:us-dnc']);
    });
  });

  describe('caller numbers (Ley 10/2025: commercial calls to Spain from the commercial range, from 28 December 2026)', () => {
    const ruleSet = async (id: string) => {
      const { version: _version, changedBy: _by, changedAt: _at, ruleSet: stored } = (await api('GET', `/api/admin/rule-sets/${id}`)).body;
      return stored as Record<string, unknown>;
    };
    const COMMERCIAL = { callType: 'commercial', country: 'ES', number: '+34400123456' };
    const SERVICE = { callType: 'service', country: 'ES', number: '+34910000000' };

    it('refuses a commercial call to a Spanish number from Madrid midnight of the 28th while the rule set names no commercial number', async () => {
      await grant('+34915550190');
      now = new Date('2026-12-27T22:59:00Z'); // Sunday 27th, 23:59 in Madrid: outside the lawful hours, but the law is not in force
      expect((await ask('+34915550190', 'acquisition')).reasons.map((r) => r.code)).toEqual(['outside_lawful_window']);
      now = new Date('2026-12-28T10:00:00Z'); // Monday 28th, 11:00 in Madrid
      const answer = await ask('+34915550190', 'acquisition');
      expect(answer).toMatchObject({ allowed: false, nextAllowedAt: null, callerNumber: null });
      expect(answer.reasons).toEqual([{ code: 'caller_number_not_allowed', message: expect.stringContaining('rule set "default"') }]);
      expect(await codes('+34915550190', 'upsell')).toEqual(['caller_number_not_allowed']);
    });

    it('lets service calls and calls to other countries through', async () => {
      now = new Date('2026-12-28T15:00:00Z'); // 16:00 in Madrid, 10:00 in New York
      await api('PUT', '/api/admin/people/%2B34915550191', { existingCustomer: true, customer: { since: '2020-01-01' } });
      expect(await ask('+34915550191', 'service')).toEqual({ allowed: true, reasons: [], nextAllowedAt: null, callerNumber: null });
      await api('PUT', '/api/admin/people/%2B12125550191', { timeZone: 'America/New_York' });
      await grant('+12125550191');
      await freshLists();
      expect(await ask('+12125550191', 'acquisition')).toMatchObject({ allowed: true, callerNumber: null });
    });

    it('lifts the refusal once the rule set names a commercial number for ES, and answers the number to dial from', async () => {
      await grant('+34915550192');
      now = new Date('2027-01-12T10:00:00Z');
      const rejected = await api('PUT', '/api/admin/rule-sets/default', {
        ...(await ruleSet('default')),
        callerNumbers: [{ ...COMMERCIAL, number: '+34911234567' }],
      });
      expect(rejected).toMatchObject({ status: 400, body: { field: 'callerNumbers.0.number' } });
      expect(await codes('+34915550192', 'acquisition')).toEqual(['caller_number_not_allowed']);

      const saved = await api('PUT', '/api/admin/rule-sets/default', {
        ...(await ruleSet('default')),
        callerNumbers: [COMMERCIAL, SERVICE],
      });
      expect(saved.status).toBe(200);
      expect(await ask('+34915550192', 'acquisition')).toEqual({
        allowed: true,
        reasons: [],
        nextAllowedAt: null,
        callerNumber: '+34400123456',
      });
      await api('PUT', '/api/admin/people/%2B34915550192', { existingCustomer: true, customer: { since: '2020-01-01' } });
      expect(await ask('+34915550192', 'service')).toMatchObject({ allowed: true, callerNumber: '+34910000000' });
    });

    it('reads the caller numbers of the rule set named (a callback’s), and answers 404 for one that does not exist', async () => {
      await grant('+34915550193');
      now = new Date('2027-01-12T10:00:00Z');
      const { callerNumbers: _numbers, ...withoutNumbers } = await ruleSet('default');
      expect((await api('PUT', '/api/admin/rule-sets/valencia-sales', { ...withoutNumbers, id: undefined })).status).toBe(201);
      expect(await codes('+34915550193', 'acquisition', '&ruleSetId=valencia-sales')).toEqual(['caller_number_not_allowed']);
      expect(
        await api('GET', '/api/agent/contactability?phone=%2B34915550193&purpose=acquisition&ruleSetId=nowhere', undefined, agent),
      ).toMatchObject({
        status: 404,
        body: { field: 'ruleSetId' },
      });
    });
  });

  it('refuses a service call with no relationship', async () => {
    expect(await codes('+34915550109', 'service')).toEqual(['no_service_relationship']);
  });

  it('answers a bad query with a 400 naming the field', async () => {
    expect(await api('GET', '/api/agent/contactability?phone=123&purpose=acquisition', undefined, agent)).toMatchObject({
      status: 400,
      body: { field: 'phone' },
    });
    expect(await api('GET', '/api/agent/contactability?phone=%2B34915550100&purpose=cold', undefined, agent)).toMatchObject({
      status: 400,
      body: { field: 'purpose' },
    });
    expect(await api('PUT', '/api/admin/exclusion-lists/fr-bloctel', '+33 1 23 45 67 89', admin, 'text/csv')).toMatchObject({
      status: 400,
      body: { field: 'list' },
    });
  });
});
