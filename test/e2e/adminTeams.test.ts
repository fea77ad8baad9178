import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { RunningApp } from '../../bot/app';
import { ApiKeyStore } from '../../services/auth/apiKeys';
import { apiClient, startTestApp } from '../support/app';
import { launchChromium } from '../support/browser';
import { uniqueDatabaseName } from '../support/database';
import { bookThroughTheBot, createAgent } from '../support/handoff';

// Tuesday 24 November 2026, 09:15 in Madrid: two people book Wednesday 25 November, 16:00 Madrid (15:00 UTC).
const BOOKING_TIME = new Date('2026-11-24T08:15:00Z');
// Git-ignored (.gitignore): what the browser showed, for a person to look at after a run.
const SCREENSHOTS = path.resolve(__dirname, 'screenshots');

jest.setTimeout(120_000);

describe('the admin page in Debian’s Chromium: teams, agents and keys, people and lists, promises', () => {
  let app: RunningApp;
  let now = BOOKING_TIME;
  let browser: Browser;
  let page: Page;
  let admin: ReturnType<typeof apiClient>;
  let adminKey: string;
  const problems: string[] = [];

  beforeAll(async () => {
    app = await startTestApp(uniqueDatabaseName('admin_teams'), {}, () => now);
    adminKey = (await new ApiKeyStore(app.database.apiKeys).create('admin', 'Marta (operaciones)')).key;
    admin = apiClient(app, adminKey);

    // Real callbacks for the promises chart: booked through the bot, then called by an agent, one on time, one late.
    const agent = apiClient(app, (await createAgent(app, { name: 'Lucía', timeZone: 'Europe/Madrid', languages: ['es'] })).key);
    await bookThroughTheBot(app, { userId: 'ana', phone: '612 34 56 78' });
    await bookThroughTheBot(app, { userId: 'bea', phone: '612 34 56 79' });
    const list = await agent('GET', '/api/agent/callbacks?from=2026-11-25&to=2026-11-26');
    const idOf = (phone: string): string =>
      list.body.callbacks.find((c: { person: { phoneE164: string } }) => c.person.phoneE164 === phone).callbackId;
    now = new Date('2026-11-25T15:03:00Z');
    expect(await agent('POST', `/api/agent/callbacks/${idOf('+34612345678')}/outcome`, { outcome: 'reached', note: '' })).toMatchObject({
      status: 201,
    });
    now = new Date('2026-11-25T15:20:00Z');
    expect(await agent('POST', `/api/agent/callbacks/${idOf('+34612345679')}/outcome`, { outcome: 'reached', note: '' })).toMatchObject({
      status: 201,
    });

    browser = await launchChromium();
    const context = await browser.newContext({ locale: 'es-ES', viewport: { width: 1280, height: 800 } });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: app.url });
    page = await context.newPage();
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('requestfailed', (request) => problems.push(`${request.url()} failed`));
    await page.goto(`${app.url}/admin`);
    await page.getByLabel('Clave de administrador').fill(adminKey);
    await page.getByRole('button', { name: 'Entrar' }).click();
    await page.getByRole('navigation', { name: 'Secciones' }).getByRole('link', { name: 'Equipos, agentes y claves' }).click();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.database.db.dropDatabase();
    await app?.close();
  });

  const section = (id: string) => page.locator(`#section-${id}`);

  it('creates a second team with its own Web Chat entry, and shows the server’s field errors next to their fields', async () => {
    const teams = section('teams');
    await teams.locator('tr[data-team="default"]').waitFor();
    await teams.getByRole('button', { name: 'Nuevo equipo' }).click();
    const form = teams.locator('form.team-form');
    // The path's own validation, worded by the server, at the field.
    await form.getByLabel('Identificador').fill('Las Palmas');
    await form.getByLabel('Nombre', { exact: true }).fill('Servicio Las Palmas');
    await form.getByLabel('Entradas de Web Chat').fill('canarias');
    await form.getByRole('button', { name: 'Guardar equipo' }).click();
    await expect(form.locator('[data-field="id"] .field-error').textContent()).resolves.toBe('expected a slug like "madrid-sales"');
    await expect(form.getByLabel('Identificador').getAttribute('aria-invalid')).resolves.toBe('true');

    await form.getByLabel('Identificador').fill('las-palmas');
    await form.getByRole('button', { name: 'Guardar equipo' }).click();
    await teams.getByText('Equipo creado.', { exact: false }).waitFor();
    await teams.locator('tr[data-team="las-palmas"]').waitFor();
    const stored = await admin('GET', '/api/admin/teams/las-palmas');
    expect(stored).toMatchObject({
      status: 200,
      body: {
        name: 'Servicio Las Palmas',
        languages: ['es'],
        entryPoints: { webChat: ['canarias'], whatsAppNumbers: [], teamsApp: false },
      },
    });
    // It books at once: its rule set was made with it.
    expect((await admin('GET', '/api/admin/rule-sets/las-palmas')).status).toBe(200);
    // The page link to copy, and the shell's team picker knows the new team.
    await expect(teams.getByLabel('Enlace de la página (canarias)').inputValue()).resolves.toBe(`${app.url}/?team=canarias`);
    await expect(page.locator('#team').inputValue()).resolves.toBe('las-palmas');

    // Another team taking the same entry: the server names entryPoints.webChat.0; the page puts it at that field.
    await teams.getByRole('button', { name: 'Nuevo equipo' }).click();
    await form.getByLabel('Identificador').fill('madrid-ventas');
    await form.getByLabel('Nombre', { exact: true }).fill('Ventas Madrid');
    await form.getByLabel('Entradas de Web Chat').fill('madrid, canarias');
    await form.getByRole('button', { name: 'Guardar equipo' }).click();
    await expect(form.locator('[data-field="entryPoints.webChat"] .field-error').textContent()).resolves.toBe(
      'team "las-palmas" already answers to "canarias"',
    );
    expect((await admin('GET', '/api/admin/teams/madrid-ventas')).status).toBe(404);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'admin-teams.png'), fullPage: true });
  });

  it('adds an agent to the new team, shows its key once with a copy button, and revokes it', async () => {
    const teams = section('teams');
    await teams.getByRole('button', { name: 'Editar: Servicio Las Palmas' }).click();
    const agents = teams.locator('.team-agents');
    await agents.getByRole('heading', { name: 'Agentes de Servicio Las Palmas' }).waitFor();
    const add = agents.locator('form.agent-form');
    await add.getByLabel('Nombre del agente').fill('Nayra');
    // A zone the server does not know: its message, at the field.
    await add.getByLabel('Zona horaria').fill('Canarias');
    await add.getByRole('button', { name: 'Añadir agente' }).click();
    await expect(add.locator('[data-field="timeZone"] .field-error').textContent()).resolves.toBe(
      'expected an IANA time zone like Europe/Madrid',
    );
    await add.getByLabel('Zona horaria').fill('Europe/Madrid');
    await add.getByRole('button', { name: 'Añadir agente' }).click();
    const row = agents.locator('tr', { hasText: 'Nayra' });
    await expect(row.locator('td').nth(1).textContent()).resolves.toBe('Europe/Madrid');
    // Edited: her zone and languages.
    await row.getByRole('button', { name: 'Editar a Nayra' }).click();
    const edit = agents.getByRole('form', { name: 'Editar a Nayra' });
    await edit.getByLabel('Zona horaria').fill('Atlantic/Canary');
    await edit.getByLabel('Inglés').check();
    await edit.getByRole('button', { name: 'Guardar agente' }).click();
    await teams.getByText('Agente guardado.').waitFor();
    await expect(row.locator('td').nth(1).textContent()).resolves.toBe('Atlantic/Canary');
    expect((await admin('GET', '/api/admin/agents?team=las-palmas')).body.agents).toEqual([
      expect.objectContaining({ name: 'Nayra', timeZone: 'Atlantic/Canary', languages: ['es', 'en'], team: 'las-palmas' }),
    ]);

    await agents.getByRole('button', { name: 'Crear clave para Nayra' }).click();
    const shown = agents.getByLabel('Clave de Nayra');
    await shown.waitFor();
    const key = await shown.inputValue();
    expect(key).toMatch(/^cbk_[a-z0-9]{12}_/);
    await agents.getByRole('button', { name: 'Copiar' }).click();
    await agents.getByText('Copiado.').waitFor();
    await expect(page.evaluate('navigator.clipboard.readText()')).resolves.toBe(key);
    // The key works, for this agent of this team.
    const keyId = key.split('_')[1]!;
    const keys = (await admin('GET', '/api/admin/keys')).body.keys as Array<{ keyId: string; role: string; agentId: string }>;
    const nayra = (await admin('GET', '/api/admin/agents?team=las-palmas')).body.agents[0];
    expect(keys.find((k) => k.keyId === keyId)).toMatchObject({ role: 'agent', agentId: nayra._id });
    expect((await apiClient(app, key)('GET', '/api/agent/callbacks')).status).toBe(200);

    // Shown once: gone from the page when the admin says it is copied, and never shown again.
    await agents.getByRole('button', { name: 'Ya la he copiado' }).click();
    expect(await page.content()).not.toContain(key);
    await row.locator(`li[data-key="${keyId}"]`, { hasText: 'activa' }).waitFor();

    page.once('dialog', (dialog) => void dialog.accept());
    await row.getByRole('button', { name: `Revocar la clave ${keyId} de Nayra` }).click();
    await row.locator(`li[data-key="${keyId}"]`, { hasText: 'revocada' }).waitFor();
    expect((await apiClient(app, key)('GET', '/api/agent/callbacks')).status).toBe(401);
    expect(await page.content()).not.toContain(key);
  });

  it('imports nothing from a CSV with one bad row and names the row; a good file stores the people', async () => {
    await page.getByRole('navigation', { name: 'Secciones' }).getByRole('link', { name: 'Personas y listas' }).click();
    const people = section('people');
    const file = people.getByLabel('Archivo CSV o JSON');
    await file.setInputFiles({
      name: 'personas.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(
        'phone;timeZone;campaign\n+34 915 55 07 01;Europe/Madrid;otoño\n+34 915 55 07 02;+01:00;otoño\n+34 922 55 07 03;Atlantic/Canary;\n',
      ),
    });
    await people.getByRole('button', { name: 'Importar' }).click();
    const report = people.locator('.import-report');
    await report.getByText('No se ha importado nada: 1 fila(s) con errores.').waitFor();
    const bad = report.locator('tr[data-row="3"]');
    await expect(bad.locator('td').first().textContent()).resolves.toBe('timeZone');
    await expect(bad.locator('td').nth(1).textContent()).resolves.toMatch(/IANA/);
    expect(await report.locator('tbody tr').count()).toBe(1);
    for (const phone of ['%2B34915550701', '%2B34922550703']) expect((await admin('GET', `/api/admin/people/${phone}`)).status).toBe(404);

    await file.setInputFiles({
      name: 'personas.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(
        'phone;timeZone;campaign\n+34 915 55 07 01;Europe/Madrid;otoño\n+34 915 55 07 02;Europe/Madrid;otoño\n+34 922 55 07 03;Atlantic/Canary;\n',
      ),
    });
    await people.getByRole('button', { name: 'Importar' }).click();
    await people.getByText('Importadas: 3 nuevas, 0 actualizadas.').waitFor();
    await expect(people.getByLabel('Progreso de la subida', { exact: true }).getAttribute('value')).resolves.toBe('100');
    expect(await report.textContent()).toBe('');
    expect((await admin('GET', '/api/admin/people/%2B34915550702')).body).toMatchObject({
      timeZone: 'Europe/Madrid',
      provenance: { source: 'import', campaign: 'otoño' },
    });
    expect((await admin('GET', '/api/admin/people/%2B34922550703')).body).toMatchObject({ timeZone: 'Atlantic/Canary' });

    // A JSON file: a bad row is named by its position.
    await file.setInputFiles({
      name: 'personas.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify([{ phone: '+34915550704' }, { phone: '+34915550705', language: 'fr' }])),
    });
    await people.getByRole('button', { name: 'Importar' }).click();
    await expect(report.locator('tr[data-row="2"] td').first().textContent()).resolves.toBe('language');
    expect((await admin('GET', '/api/admin/people/%2B34915550704')).status).toBe(404);
  });

  it('shows each exclusion list’s size, age and a stale warning, and uploads one', async () => {
    const people = section('people');
    const robinson = people.locator('tr[data-list="es-robinson"]');
    await expect(robinson.getAttribute('data-stale')).resolves.toBe('true');
    await expect(robinson.textContent()).resolves.toMatch(/Nunca subida.*Caducada: actualízala/);
    await people.getByText('Una lista con más de 30 días está caducada', { exact: false }).waitFor();
    await people.getByLabel('Archivo CSV para Lista Robinson').setInputFiles({
      name: 'robinson.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('telefono\n612000701\n612000702\nno es un número\n'),
    });
    await people.getByRole('button', { name: 'Subir Lista Robinson' }).click();
    await people.getByText('Lista Robinson: 2 números guardados; 1 líneas no válidas.').waitFor();
    await people.getByText('línea 4:', { exact: false }).waitFor();
    await expect(robinson.getAttribute('data-stale')).resolves.toBe('false');
    await expect(robinson.locator('td.number').textContent()).resolves.toBe('2');
    await expect(robinson.textContent()).resolves.toMatch(/hoy.*Al día/);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'admin-people.png'), fullPage: true });
  });

  it('charts the kept-on-time ratio by week and team from the real callbacks, with the table beside it', async () => {
    await page.getByRole('navigation', { name: 'Secciones' }).getByRole('link', { name: 'Promesas' }).click();
    const promises = section('promises');
    const chart = promises.getByRole('img', { name: 'A tiempo, por semana y equipo' });
    await chart.waitFor();
    // Ana was called 3 minutes after the time promised, Bea 20: one of two on time, in the default team's week 48.
    const bar = chart.locator('g[data-team="default"][data-week="2026-W48"]');
    await expect(bar.getAttribute('data-ratio')).resolves.toBe('0.5');
    // Intl writes "50 %" with a no-break space in Spanish.
    await expect(bar.locator('title').textContent()).resolves.toBe(`${await teamName('default')}, 2026-W48: 50\u00a0% a tiempo (1 de 2)`);
    // The new team is listed, with no bar where nothing was due.
    await expect(chart.locator('g[data-team="las-palmas"][data-week="2026-W48"]').getAttribute('data-ratio')).resolves.toBe('');
    const table = promises.getByRole('table', { name: /A tiempo por semana y equipo/ });
    await expect(table.locator('tr[data-week="2026-W48"] td[data-team="default"]').textContent()).resolves.toBe(
      '50\u00a0% (1/2; 2 reservadas)',
    );
    await expect(table.locator('tr[data-week="2026-W47"] td[data-team="default"]').textContent()).resolves.toBe('— (0 reservadas)');

    // Twelve weeks, ending with the server's current week.
    await promises.getByLabel('Semanas').selectOption('12');
    await promises.getByRole('button', { name: 'Mostrar' }).click();
    await chart.locator('g[data-week="2026-W37"]').first().waitFor();
    expect(await chart.locator('g[data-team="default"]').count()).toBe(12);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'admin-promises.png'), fullPage: true });
    expect(problems).toEqual([]);
  });

  it('fits a tablet: no section scrolls the page sideways at 768 px', async () => {
    await page.setViewportSize({ width: 768, height: 1024 });
    for (const [link, id] of [
      ['Equipos, agentes y claves', 'teams'],
      ['Personas y listas', 'people'],
      ['Promesas', 'promises'],
    ] as const) {
      await page.getByRole('navigation', { name: 'Secciones' }).getByRole('link', { name: link }).click();
      await section(id).waitFor();
      expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(768);
    }
    await page.screenshot({ path: path.join(SCREENSHOTS, 'admin-promises-tablet.png'), fullPage: true });
  });

  it('speaks English when asked', async () => {
    await page.locator('#lang').selectOption('en');
    const nav = page.getByRole('navigation', { name: 'Sections' });
    await nav.getByRole('link', { name: 'Teams, agents and keys' }).click();
    await section('teams').getByRole('button', { name: 'New team' }).waitFor();
    await section('teams').getByRole('button', { name: 'Edit: Servicio Las Palmas' }).waitFor();
    await nav.getByRole('link', { name: 'People and lists' }).click();
    await section('people').getByRole('heading', { name: 'Import people' }).waitFor();
    await section('people').locator('tr[data-list="us-dnc"]', { hasText: 'Stale: refresh it' }).waitFor();
    await nav.getByRole('link', { name: 'Promises' }).click();
    await section('promises').getByRole('img', { name: 'Kept on time, by week and team' }).waitFor();
  });

  async function teamName(id: string): Promise<string> {
    return (await admin('GET', `/api/admin/teams/${id}`)).body.name as string;
  }
});
