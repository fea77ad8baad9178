import type { Browser } from 'playwright-core';
import type { RunningApp } from '../../bot/app';
import { startTestApp } from '../support/app';
import { launchChromium, signedInConsole } from '../support/browser';
import { uniqueDatabaseName } from '../support/database';
import { bookThroughTheBot, createAgent } from '../support/handoff';

// Tuesday 24 November 2026, 09:15 in Madrid.
const NOW = new Date('2026-11-24T08:15:00Z');

jest.setTimeout(90_000);

describe('the agent console in Debian’s Chromium', () => {
  let app: RunningApp;
  let browser: Browser;
  let key: string;

  beforeAll(async () => {
    app = await startTestApp(uniqueDatabaseName('console'), { HANDOFF_COMPANY_NAME: 'Fibra Sur' }, () => NOW);
    ({ key } = await createAgent(app, { name: 'Lucía', timeZone: 'Europe/Madrid', languages: ['es', 'en'], team: 'ventas' }));
    await bookThroughTheBot(app, { userId: 'ana', phone: '612 34 56 78' }, ['me interesa la fibra']);
    // Booked for today, with a fault reported first: the open problem heads the summary and blocks the sales call.
    await bookThroughTheBot(app, { userId: 'dani', phone: '612 34 56 79', when: 'hoy a las 18:00' }, ['el router no funciona']);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.database.db.dropDatabase();
    await app?.close();
  });

  it('asks for the key, then lists today’s and upcoming callbacks with the summary first', async () => {
    const page = await browser.newPage({ locale: 'es-ES', viewport: { width: 1280, height: 900 } });
    const failed: string[] = [];
    page.on('requestfailed', (request) => failed.push(request.url()));
    await page.goto(`${app.url}/agent`);
    await page.getByLabel('Tu clave de agente').fill('cbk_not_a_key');
    await page.getByRole('button', { name: 'Entrar' }).click();
    await page.getByText('La clave no es válida.').waitFor();

    await page.getByLabel('Tu clave de agente').fill(key);
    await page.getByRole('button', { name: 'Entrar' }).click();
    await page.getByText('Lucía · Europe/Madrid').waitFor();

    const today = page.locator('#today .callback');
    const upcoming = page.locator('#upcoming .callback');
    await today.first().waitFor();
    expect(await today.count()).toBe(1);
    expect(await upcoming.count()).toBe(1);
    // Open problem first, and the sales call refused while it is open.
    await expect(today.locator('.problem').first().textContent()).resolves.toMatch(/Problema abierto: el router no funciona/);
    await expect(today.locator('[data-contactability]').getAttribute('data-contactability')).resolves.toBe('refused');
    await expect(today.locator('.reasons').textContent()).resolves.toMatch(/tiene un problema abierto/);
    expect(await page.locator('#login').isVisible()).toBe(false);
    await expect(upcoming.locator('.time').textContent()).resolves.toMatch(/mié, 25 nov, 16:00/);
    await expect(upcoming.locator('.paragraph').textContent()).resolves.toMatch(/se interesa por: fibra \/ fibre/);
    await expect(upcoming.locator('.opening').textContent()).resolves.toMatch(/Fibra Sur/);
    await expect(upcoming.locator('.badge.kind').textContent()).resolves.toBe('Resumen (automático, sin modelo)');
    await page.screenshot({ path: '/tmp/agent-console-list.png', fullPage: true });
    expect(failed).toEqual([]);
  });

  it('shows the timeline on a click, claims, records an outcome, and the summary then has it', async () => {
    const page = await signedInConsole(browser, app.url, key);
    const item = page.locator('#upcoming .callback');
    await item.getByRole('button', { name: 'Ver historial' }).click();
    await item.locator('.history li', { hasText: 'me interesa la fibra' }).first().waitFor();
    await item.locator('.history li', { hasText: 'Te llamaremos' }).first().waitFor();

    await item.getByRole('button', { name: 'Reclamar' }).click();
    await item.getByText('Reclamada por ti').waitFor();
    await item.locator('[data-field="note"]').fill('no contesta, probar a las 18');
    await item.getByRole('button', { name: 'No contesta' }).click();
    await page.locator('#upcoming .paragraph', { hasText: 'Llamadas anteriores: no contestó («no contesta, probar a las 18»)' }).waitFor();
    await page.screenshot({ path: '/tmp/agent-console-outcome.png', fullPage: true });
  });

  it('speaks English when asked', async () => {
    const page = await signedInConsole(browser, app.url, key);
    await page.locator('#lang').selectOption('en');
    await page.getByRole('heading', { name: 'Callbacks' }).waitFor();
    await page.locator('#upcoming .paragraph', { hasText: 'is interested in: fibra / fibre' }).waitFor();
    await page.getByRole('button', { name: 'Show history' }).first().waitFor();
  });
});
