import type { Browser, Page } from 'playwright-core';
import type { RunningApp } from '../../bot/app';
import { ApiKeyStore } from '../../services/auth/apiKeys';
import { startTestApp } from '../support/app';
import { launchChromium } from '../support/browser';
import { uniqueDatabaseName } from '../support/database';

// Tuesday 24 November 2026, 09:15 in Madrid.
const NOW = new Date('2026-11-24T08:15:00Z');

jest.setTimeout(90_000);

describe('the admin page in Debian’s Chromium: rules, preview, history', () => {
  let app: RunningApp;
  let browser: Browser;
  let page: Page;
  let key: string;

  beforeAll(async () => {
    app = await startTestApp(uniqueDatabaseName('admin_rules'), {}, () => NOW);
    key = (await new ApiKeyStore(app.database.apiKeys).create('admin', 'Marta (operaciones)')).key;
    browser = await launchChromium();
    page = await browser.newPage({ locale: 'es-ES', viewport: { width: 1280, height: 800 } });
  });
  afterAll(async () => {
    await browser?.close();
    await app?.database.db.dropDatabase();
    await app?.close();
  });

  it('asks for the admin key, then shows the sections and the default team', async () => {
    const failed: string[] = [];
    page.on('requestfailed', (request) => failed.push(request.url()));
    page.on('pageerror', (error) => failed.push(error.message));
    await page.goto(`${app.url}/admin`);
    await page.getByLabel('Clave de administrador').fill('cbk_not_a_key');
    await page.getByRole('button', { name: 'Entrar' }).click();
    await page.getByText('La clave no es válida.').waitFor();

    await page.getByLabel('Clave de administrador').fill(key);
    await page.getByRole('button', { name: 'Entrar' }).click();
    const nav = page.getByRole('navigation', { name: 'Secciones' });
    for (const name of ['Reglas', 'Vista previa', 'Historial', 'Equipos, agentes y claves', 'Personas y listas', 'Promesas']) {
      await nav.getByRole('link', { name }).waitFor();
    }
    await expect(page.getByLabel('Equipo').inputValue()).resolves.toBe('default');
    await expect(nav.getByRole('link', { name: 'Reglas' }).getAttribute('aria-current')).resolves.toBe('page');
    expect(failed).toEqual([]);
  });
});
