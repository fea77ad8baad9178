import type { RunningApp } from '../../bot/app';
import { ApiKeyStore } from '../../services/auth/apiKeys';
import { apiClient, startTestApp } from '../support/app';
import { uniqueDatabaseName } from '../support/database';

describe('admin API for people', () => {
  let app: RunningApp;
  let admin: string;
  beforeAll(async () => {
    app = await startTestApp(uniqueDatabaseName('people'));
    admin = (await new ApiKeyStore(app.database.apiKeys).create('admin', 'test')).key;
  });
  afterAll(async () => {
    await app.database.db.dropDatabase();
    await app.close();
  });
  const call = (method: string, path: string, body?: unknown) => apiClient(app, admin)(method, path, body);

  it('creates a person by number, then updates the existing-customer flag', async () => {
    const created = await call('PUT', '/api/admin/people/612%20345%20678?country=ES', { timeZone: 'Atlantic/Canary', region: 'CN' });
    expect(created).toMatchObject({
      status: 201,
      body: { phoneE164: '+34612345678', timeZone: 'Atlantic/Canary', existingCustomer: false, provenance: { source: 'admin' } },
    });
    const updated = await call('PUT', '/api/admin/people/%2B34612345678', {
      existingCustomer: true,
      customer: { since: '2021-03-01', products: ['fibra'] },
    });
    expect(updated).toMatchObject({
      status: 200,
      body: { existingCustomer: true, timeZone: 'Atlantic/Canary', customer: { products: ['fibra'] } },
    });
  });

  it.each([
    ['an offset instead of a zone', { timeZone: '+01:00' }, 'timeZone'],
    ['an unknown field', { vip: true }, '(body)'],
    ['a provenance source we do not know', { provenance: { source: 'bought', collectedAt: '2026-01-01' } }, 'provenance.source'],
  ])('refuses %s with a 400 naming the field', async (_label, body, field) => {
    const response = await call('PUT', '/api/admin/people/%2B34612345679', body);
    expect(response.status).toBe(400);
    expect(response.body.field).toBe(field);
  });

  it('refuses an invalid number or country in the URL', async () => {
    expect(await call('PUT', '/api/admin/people/12345', {})).toMatchObject({ status: 400, body: { field: 'phone' } });
    expect(await call('PUT', '/api/admin/people/612345678?country=XX', {})).toMatchObject({ status: 400, body: { field: 'country' } });
    expect(await call('GET', '/api/admin/people/nope')).toMatchObject({ status: 400, body: { field: 'phone' } });
  });

  it('reads a person by a national number with its country', async () => {
    await call('PUT', '/api/admin/people/%2B12125550177', {
      timeZone: 'America/New_York',
      provenance: { source: 'web_form', collectedAt: '2026-11-01T10:00:00Z', detail: 'example.com/us' },
    });
    expect(await call('GET', '/api/admin/people/(212)%20555-0177?country=US')).toMatchObject({
      status: 200,
      body: { phoneE164: '+12125550177', timeZone: 'America/New_York', provenance: { source: 'web_form', detail: 'example.com/us' } },
    });
    expect((await call('GET', '/api/admin/people/%2B34699123456')).status).toBe(404);
  });

  it('answers exactly one 201 when five admins create one number at once', async () => {
    const statuses = await Promise.all(
      Array.from({ length: 5 }, () => call('PUT', '/api/admin/people/%2B34915550999', { language: 'es' }).then((r) => r.status)),
    );
    expect(statuses.sort()).toEqual([200, 200, 200, 200, 201]);
  });

  it('is for admins only', async () => {
    const agent = (await new ApiKeyStore(app.database.apiKeys).create('agent', 'test')).key;
    const asAgent = await fetch(`${app.url}/api/admin/people/%2B34915550999`, { headers: { 'x-api-key': agent } });
    expect(asAgent.status).toBe(403);
    expect((await fetch(`${app.url}/api/admin/people/%2B34915550999`)).status).toBe(401);
  });

  it('imports nothing when one row is bad, and names every bad row', async () => {
    const response = await call('POST', '/api/admin/people/import', {
      people: [{ phone: '+34915550401' }, { phone: '12345' }, { phone: '123' }],
    });
    expect(response.status).toBe(400);
    expect(response.body.issues.map((i: { field: string }) => i.field)).toEqual(['people.1.phone', 'people.2.phone']);
    expect((await call('GET', '/api/admin/people/%2B34915550401')).status).toBe(404);
  });

  it('names every bad row, whatever is wrong with it, and stores none of the good ones', async () => {
    const response = await call('POST', '/api/admin/people/import', {
      people: [
        { phone: '+34915550402' },
        { phone: '+34915550403', timeZone: '+01:00' },
        { phone: 'x' },
        { phone: '+34915550404', vip: true },
        { existingCustomer: true },
      ],
    });
    expect(response).toMatchObject({ status: 400, body: { field: 'people.1.timeZone' } });
    expect(response.body.issues.map((i: { field: string }) => i.field)).toEqual([
      'people.1.timeZone',
      'people.2.phone',
      'people.3',
      'people.4.phone',
    ]);
    expect((await call('GET', '/api/admin/people/%2B34915550402')).status).toBe(404);
  });

  it('refuses an empty import and an unknown default country', async () => {
    expect(await call('POST', '/api/admin/people/import', { people: [] })).toMatchObject({ status: 400, body: { field: 'people' } });
    expect(await call('POST', '/api/admin/people/import', { defaultCountry: 'XX', people: [{ phone: '+34915550405' }] })).toMatchObject({
      status: 400,
      body: { field: 'defaultCountry' },
    });
  });

  it('gives imported people the import as provenance unless a row says otherwise', async () => {
    expect(await call('POST', '/api/admin/people/import', { people: [{ phone: '915550406', region: 'MD' }] })).toMatchObject({
      status: 200,
      body: { created: 1, updated: 0 },
    });
    expect((await call('GET', '/api/admin/people/915550406')).body).toMatchObject({
      region: 'MD',
      provenance: { source: 'import', campaign: null },
    });
  });

  it('stores one person for a number that a file lists twice, in two spellings', async () => {
    const response = await call('POST', '/api/admin/people/import', {
      people: [{ phone: '915550407' }, { phone: '+34 915 55 04 07', existingCustomer: true }],
    });
    expect(response).toMatchObject({ status: 200, body: { created: 1, updated: 1 } });
    expect((await call('GET', '/api/admin/people/915550407')).body).toMatchObject({ existingCustomer: true });
  });

  it('imports 2,000 people in one request, and a second import updates them', async () => {
    const people = Array.from({ length: 2_000 }, (_, i) => ({
      phone: `91${String(5_000_000 + i)}`,
      existingCustomer: i % 2 === 0,
      provenance: { source: 'campaign', campaign: 'otoño', collectedAt: '2026-10-01' },
    }));
    expect(await call('POST', '/api/admin/people/import', { defaultCountry: 'ES', people })).toMatchObject({
      status: 200,
      body: { created: 2_000, updated: 0 },
    });
    expect(
      await call('POST', '/api/admin/people/import', { people: people.slice(0, 10).map((p) => ({ ...p, existingCustomer: true })) }),
    ).toMatchObject({ status: 200, body: { created: 0, updated: 10 } });
    expect((await call('GET', '/api/admin/people/%2B34915000001')).body).toMatchObject({
      existingCustomer: true,
      provenance: { source: 'campaign', campaign: 'otoño' },
    });
    expect((await call('GET', '/api/admin/people/%2B34915000011')).body).toMatchObject({ existingCustomer: false });
  });
  describe('from a CSV file', () => {
    const csv = async (text: string, query = '') => {
      const response = await fetch(`${app.url}/api/admin/people/import/csv${query}`, {
        method: 'POST',
        headers: { 'x-api-key': admin, 'content-type': 'text/csv' },
        body: text,
      });
      return { status: response.status, body: JSON.parse(await response.text()) };
    };

    it('stores nothing when one row is bad, and names each bad row by its line and column', async () => {
      const response = await csv(
        'phone;timeZone;existingCustomer;campaign\r\n' +
          '+34915550501;Europe/Madrid;sí;otoño\r\n' +
          '+34915550502;+01:00;no;\r\n' +
          '"+34 915 55 05 03";Atlantic/Canary;maybe;\r\n' +
          '12345;;;\r\n' +
          ';;;\r\n' +
          '+34915550504;;;;extra\r\n',
      );
      expect(response).toMatchObject({ status: 400, body: { code: 'ValidationFailed', field: 'timeZone', line: 3 } });
      expect(response.body.message).toMatch(/^4 row\(s\) are invalid \(first: line 3, timeZone: .*\); nothing was imported$/);
      expect(response.body.issues.map((i: { line: number; field: string }) => `${i.line}:${i.field}`)).toEqual([
        '3:timeZone',
        '4:existingCustomer',
        '5:phone',
        '7:(row)',
      ]);
      expect((await call('GET', '/api/admin/people/%2B34915550501')).status).toBe(404);
    });

    it('stores every row of a good file, quoted cells and the campaign as provenance included', async () => {
      const response = await csv(
        '\uFEFFPhone,timezone,region,language,campaign,existingCustomer\n' +
          '915550505,Atlantic/Canary,CN,es,"Otoño, Canarias",yes\n' +
          '+1 (212) 555-0188,America/New_York,,en,,\n',
        '?defaultCountry=ES',
      );
      expect(response).toMatchObject({ status: 200, body: { created: 2, updated: 0 } });
      expect((await call('GET', '/api/admin/people/915550505')).body).toMatchObject({
        timeZone: 'Atlantic/Canary',
        region: 'CN',
        language: 'es',
        existingCustomer: true,
        provenance: { source: 'import', campaign: 'Otoño, Canarias' },
      });
      expect((await call('GET', '/api/admin/people/%2B12125550188')).body).toMatchObject({
        timeZone: 'America/New_York',
        language: 'en',
        existingCustomer: false,
        provenance: { source: 'import', campaign: null },
      });
    });

    it('refuses a header it does not know, a file without people, and an unclosed quote', async () => {
      expect(await csv('phone,vip\n+34915550506,yes\n')).toMatchObject({ status: 400, body: { field: '(header)', line: 1 } });
      expect(await csv('timeZone,region\nEtc/GMT+1,\n')).toMatchObject({ status: 400, body: { field: '(header)' } });
      expect(await csv('phone\n')).toMatchObject({ status: 400, body: { field: '(body)' } });
      expect(await csv('phone,campaign\n+34915550507,"otoño\n')).toMatchObject({ status: 400, body: { field: '(body)', line: 2 } });
    });
  });
});
