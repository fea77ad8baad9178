import type { Browser, Page } from 'playwright-core';
import type { RunningApp } from '../../bot/app';
import { ApiKeyStore } from '../../services/auth/apiKeys';
import { startTestApp } from '../support/app';
import { launchChromium } from '../support/browser';
import { uniqueDatabaseName } from '../support/database';

// Tuesday 24 November 2026, 09:15 in Madrid.
const NOW = new Date('2026-11-24T08:15:00Z');

jest.setTimeout(90_000);
let appUrl = '';

describe('the admin page in Debian’s Chromium: rules, preview, history', () => {
  let app: RunningApp;
  let browser: Browser;
  let page: Page;
  let key: string;

  beforeAll(async () => {
    app = await startTestApp(uniqueDatabaseName('admin_rules'), {}, () => NOW);
    appUrl = app.url;
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
    await expect(page.locator('#team').inputValue()).resolves.toBe('default');
    await expect(nav.getByRole('link', { name: 'Reglas' }).getAttribute('aria-current')).resolves.toBe('page');
    expect(failed).toEqual([]);
  });

  it('shows the server’s own message next to a range whose end is not after its start', async () => {
    await page.getByLabel('martes, tramo 1: hasta').fill('08:00');
    await page.getByRole('button', { name: 'Guardar' }).click();
    const field = page.locator('[data-field="weeklyHours.tue.0.end"]');
    // The words are the server's (services/availability/ruleSet.ts), placed at the field that is wrong.
    await field.locator('.field-error', { hasText: 'end 08:00 is not after start 09:00' }).waitFor();
    await expect(page.getByLabel('martes, tramo 1: hasta').getAttribute('aria-invalid')).resolves.toBe('true');
    const stored = await apiAs(key)('GET', '/api/admin/rule-sets/default');
    expect(stored.body.version).toBe(1);
    await page.getByLabel('martes, tramo 1: hasta').fill('14:00');
  });

  it('saves with If-Match, and a stale one says who changed the rules first, with a reload', async () => {
    // Someone else saves while this page holds version 1.
    const other = (await new ApiKeyStore(app.database.apiKeys).create('admin', 'Jorge (Las Palmas)')).key;
    const current = (await apiAs(other)('GET', '/api/admin/rule-sets/default')).body.ruleSet;
    const saved = await apiAs(other)('PUT', '/api/admin/rule-sets/default', { ...current, minNoticeMinutes: 90 }, { 'if-match': '"1"' });
    expect(saved.status).toBe(200);

    await page.getByLabel('lunes, tramo 2: hasta').fill('19:00');
    await page.getByRole('button', { name: 'Guardar' }).click();
    const conflict = page.locator('.conflict');
    await conflict.waitFor();
    await expect(conflict.textContent()).resolves.toMatch(/Jorge \(Las Palmas\) cambió estas reglas primero .*versión 2/);
    expect((await apiAs(key)('GET', '/api/admin/rule-sets/default')).body.ruleSet.minNoticeMinutes).toBe(90);

    await conflict.getByRole('button', { name: 'Cargar la versión actual' }).click();
    await expect(page.getByLabel('Antelación mínima (min)').inputValue()).resolves.toBe('90');
    await page.getByLabel('lunes, tramo 2: hasta').fill('19:00');
    await page.getByRole('button', { name: 'Guardar' }).click();
    await page.getByText('Guardado: versión 3.').waitFor();
    const now = (await apiAs(key)('GET', '/api/admin/rule-sets/default')).body;
    expect(now.version).toBe(3);
    expect(now.ruleSet.weeklyHours.mon).toEqual([
      { start: '09:00', end: '14:00' },
      { start: '15:30', end: '19:00' },
    ]);
    await page.screenshot({ path: 'test/e2e/screenshots/admin-rules.png', fullPage: true });
  });
});

/** The admin API as another admin calls it, with headers (If-Match). */
function apiAs(apiKey: string) {
  return async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(`${appUrl}${path}`, {
      method,
      headers: { 'x-api-key': apiKey, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : {} };
  };
}
