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
    // The page's "today" (the calendar's month, the preview's first day) is the app's.
    await page.clock.setFixedTime(NOW);
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

  it('works from the keyboard: links move the focus to the section, a new range takes the focus, the ring shows', async () => {
    const active = (expression: string) =>
      page.evaluate<string | null>(`(() => { const a = document.activeElement; return ${expression}; })()`);
    await page.getByRole('link', { name: 'Historial' }).focus();
    await page.keyboard.press('Enter');
    // The section follows the address (#…) once the browser says it changed: wait for it, then the focus is there.
    await page.waitForFunction("document.activeElement?.id === 'heading-history'");
    await page.getByRole('link', { name: 'Reglas' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction("document.activeElement?.id === 'heading-rules'");

    await page.getByRole('button', { name: 'Añadir tramo al sábado' }).focus();
    await page.keyboard.press('Enter');
    await expect(active("a.getAttribute('aria-label')")).resolves.toBe('sábado, tramo 1: desde');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('10:00');
    await page.keyboard.press('Tab');
    await expect(active("a.getAttribute('aria-label')")).resolves.toBe('sábado, tramo 1: hasta');
    // The focus ring is the page's own (a :focus-visible outline), not the browser's default or none.
    await expect(active('getComputedStyle(a).outlineStyle')).resolves.toBe('solid');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('13:00');
    await page.getByText('Cambios sin guardar (la vista previa ya los usa).').waitFor();
    await page.getByRole('button', { name: 'Descartar cambios' }).focus();
    await page.keyboard.press('Enter');
    await page.locator('[data-day="sat"]').getByText('Cerrado').waitFor();
  });

  it('shows the server’s own message next to a range whose end is not after its start', async () => {
    await page.getByLabel('martes, tramo 1: hasta').fill('08:00');
    await page.getByRole('button', { name: 'Guardar' }).click();
    const field = page.locator('[data-field="weeklyHours.tue.0.end"]');
    // The words are the server's (services/availability/ruleSet.ts), placed at the field that is wrong.
    await field.locator('.field-error', { hasText: 'end 08:00 is not after start 09:00' }).waitFor();
    await expect(page.getByLabel('martes, tramo 1: hasta').getAttribute('aria-invalid')).resolves.toBe('true');
    // The keyboard lands on the field to fix.
    await expect(page.evaluate<string | null>("document.activeElement.getAttribute('aria-label')")).resolves.toBe('martes, tramo 1: hasta');
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

  it('lists the coming months’ holidays of the team’s calendar, and a holiday can be worked', async () => {
    const coming = page.locator('ul.coming');
    // GET /api/admin/holidays, from the month on the calendar (November 2026) for three months: Spain's national days.
    const immaculate = coming.locator('li[data-date="2026-12-08"]');
    await immaculate.waitFor();
    await coming.locator('li[data-date="2026-12-25"]').waitFor();
    await page.getByRole('button', { name: 'Mes siguiente' }).click();
    await page.locator('.cal-day.holiday[data-date="2026-12-08"]').waitFor();
    await immaculate.getByRole('button', { name: 'Trabajar ese día' }).click();
    await page.locator('[data-field="holidays.remove.0"]').waitFor();
    await expect(page.locator('.cal-day.holiday[data-date="2026-12-08"]').count()).resolves.toBe(0);
    await immaculate.getByRole('button', { name: 'Volver a festivo' }).click();
    await expect(page.locator('[data-field^="holidays.remove."]').count()).resolves.toBe(0);
    await expect(page.locator('.cal-day.holiday[data-date="2026-12-08"]').count()).resolves.toBe(1);
    await page.getByRole('button', { name: 'Descartar cambios' }).click();
  });

  it('previews the unsaved hours: changing Monday changes what each prospect is offered', async () => {
    await page.getByRole('link', { name: 'Vista previa' }).click();
    await page.getByLabel('Desde el día').fill('2026-11-30');
    await page.getByLabel('Días', { exact: true }).fill('1');
    await page.getByRole('button', { name: 'Calcular' }).click();
    const mobile = page.locator('[data-prospect="es_mobile"]');
    await mobile.locator('.slot[data-local="2026-11-30T18:30"]').waitFor();
    await page.getByText('Vista previa de la versión 3 guardada.').waitFor();
    for (const label of ['es_canary_landline', 'us']) await page.locator(`[data-prospect="${label}"]`).waitFor();

    await page.getByRole('link', { name: 'Reglas' }).click();
    await page.getByLabel('lunes, tramo 2: hasta').fill('17:00');
    await page.getByRole('link', { name: 'Vista previa' }).click();
    await page.getByText('Vista previa del borrador sin guardar.').waitFor();
    await mobile.locator('.slot[data-local="2026-11-30T16:30"]').waitFor();
    await expect(mobile.locator('.slot[data-local="2026-11-30T18:30"]').count()).resolves.toBe(0);
    await mobile.locator('.closed[data-reason="team_closed"][data-from="2026-11-30T17:00"]').waitFor();
    // Nothing was saved: the draft is the page's until Save.
    expect((await apiAs(key)('GET', '/api/admin/rule-sets/default')).body.ruleSet.weeklyHours.mon[1].end).toBe('19:00');

    await page.getByLabel('Otro número (opcional)').fill('+44 20 7946 0018');
    await page.getByRole('button', { name: 'Calcular' }).click();
    const typed = page.locator('[data-prospect="typed"]');
    await typed.waitFor();
    await expect(typed.locator('.zone').textContent()).resolves.toBe('Su hora: Europe/London');
    // A number that is none is the server's 400 naming numbers.0, shown at the field.
    await page.getByLabel('Otro número (opcional)').fill('12');
    await page.getByRole('button', { name: 'Calcular' }).click();
    await page.locator('[data-field="numbers.0"] .field-error').waitFor();
    await expect(page.getByLabel('Otro número (opcional)').getAttribute('aria-invalid')).resolves.toBe('true');
  });

  it('never previews a Spanish number outside 09:00–21:00 of its own clock, even when the team’s hours are wider', async () => {
    await page.getByRole('link', { name: 'Reglas' }).click();
    await page.getByRole('button', { name: 'Quitar el tramo 2 del lunes' }).click();
    await page.getByLabel('lunes, tramo 1: desde').fill('07:00');
    await page.getByLabel('lunes, tramo 1: hasta').fill('23:00');
    await page.getByRole('link', { name: 'Vista previa' }).click();
    await page.getByLabel('Otro número (opcional)').fill('');
    await page.getByRole('button', { name: 'Calcular' }).click();
    const canary = page.locator('[data-prospect="es_canary_landline"]');
    // 21:30 in Madrid is 20:30 in Las Palmas: the team is open, and the Canary landline's last lawful start.
    await canary.locator('.slot[data-local="2026-11-30T20:30"][data-team="2026-11-30T21:30"]').waitFor();
    for (const label of ['es_mobile', 'es_canary_landline']) {
      const column = page.locator(`[data-prospect="${label}"]`);
      const starts = await column.locator('.slot').evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-local')!));
      expect(starts.length).toBeGreaterThan(0);
      for (const start of starts) {
        expect(start.slice(11) >= '09:00').toBe(true);
        // Half-hour calls: the last one starts at 20:30 and ends by 21:00.
        expect(start.slice(11) <= '20:30').toBe(true);
      }
      // The team's 07:00 opening is refused by the law, and said so.
      await expect(column.locator('.closed[data-reason="unlawful"]').count()).resolves.toBeGreaterThan(0);
    }
    // A +34 6… mobile may ring in the Canaries: only times lawful on both clocks (10:00–21:00 in Madrid).
    const mobileStarts = await page
      .locator('[data-prospect="es_mobile"] .slot')
      .evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-local')!.slice(11)));
    expect(mobileStarts[0]).toBe('10:00');
    expect(mobileStarts[mobileStarts.length - 1]).toBe('20:30');
    await page.screenshot({ path: 'test/e2e/screenshots/admin-preview.png', fullPage: true });
  });

  it('lists every version with who and when, and words the difference between two', async () => {
    await page.getByRole('link', { name: 'Reglas' }).click();
    await page.getByRole('button', { name: 'Guardar' }).click();
    await page.getByText('Guardado: versión 4.').waitFor();
    await page.getByRole('link', { name: 'Historial' }).click();
    const versions = page.locator('table.versions tbody tr');
    await page.locator('table.versions tr[data-version="4"]').waitFor();
    await expect(versions.count()).resolves.toBe(4);
    await expect(page.locator('tr[data-version="2"]').textContent()).resolves.toMatch(/Jorge \(Las Palmas\)/);
    await expect(page.locator('tr[data-version="4"]').textContent()).resolves.toMatch(/Marta \(operaciones\)/);
    await expect(page.locator('tr[data-version="1"]').textContent()).resolves.toMatch(/el sistema/);
    await page.getByLabel('Comparar desde la versión 2').check();
    await page.getByRole('button', { name: 'Ver diferencias' }).click();
    const monday = page.locator('table.changes tr[data-path="weeklyHours.mon"]');
    await monday.waitFor();
    await expect(monday.locator('th').textContent()).resolves.toBe('Horario semanal · lunes');
    await expect(monday.locator('.before').textContent()).resolves.toBe('09:00–14:00, 15:30–20:00');
    await expect(monday.locator('.after').textContent()).resolves.toBe('07:00–23:00');
    await expect(page.locator('table.changes tr[data-path="minNoticeMinutes"]').count()).resolves.toBe(0);
    await page.screenshot({ path: 'test/e2e/screenshots/admin-history.png', fullPage: true });
  });

  it('edits and previews each team on its own: a second team in Las Palmas, a day closed on its calendar', async () => {
    const created = await apiAs(key)('PUT', '/api/admin/teams/las-palmas', { name: 'Servicio Las Palmas', languages: ['es'] });
    expect(created.status).toBe(201);
    await page.reload();
    await page.locator('#team').selectOption('las-palmas');
    await page.getByRole('link', { name: 'Reglas' }).click();
    await expect(page.getByLabel('Nombre', { exact: true }).inputValue()).resolves.toBe('Servicio Las Palmas');
    await page.getByLabel('Zona horaria del equipo').fill('Atlantic/Canary');
    await page.locator('.cal-day[data-date="2026-11-30"]').click();
    await page.getByRole('radio', { name: 'Cerrado' }).check();
    await page.locator('.override-list li[data-field="dateOverrides.2026-11-30"]').waitFor();

    await page.getByRole('link', { name: 'Vista previa' }).click();
    await page.getByLabel('Desde el día').fill('2026-11-30');
    await page.getByLabel('Días', { exact: true }).fill('2');
    await page.getByRole('button', { name: 'Calcular' }).click();
    const canary = page.locator('[data-prospect="es_canary_landline"]');
    // Its own clock now: 09:00 in Las Palmas is the team's 09:00, the first lawful minute, on the day after the closed one.
    await canary.locator('.slot[data-local="2026-12-01T09:00"][data-team="2026-12-01T09:00"]').waitFor();
    await expect(canary.locator('.slot[data-local^="2026-11-30"]').count()).resolves.toBe(0);
    await canary.locator('.closed[data-reason="team_closed"][data-from^="2026-11-30T09:00"]').waitFor();

    // The default team is untouched by the other's draft: its Monday is open (07:00–23:00 in Madrid, saved above).
    await page.locator('#team').selectOption('default');
    await canary.locator('.slot[data-local="2026-11-30T20:30"][data-team="2026-11-30T21:30"]').waitFor();
    expect((await apiAs(key)('GET', '/api/admin/rule-sets/las-palmas')).body.ruleSet.timeZone).toBe('Europe/Madrid');
  });

  it('fits a tablet: nothing wider than 800 px, the prospects two by two', async () => {
    await page.setViewportSize({ width: 800, height: 1100 });
    for (const section of ['Reglas', 'Vista previa', 'Historial']) {
      await page.getByRole('link', { name: section }).click();
      await expect(page.evaluate<number>('document.documentElement.scrollWidth')).resolves.toBeLessThanOrEqual(800);
    }
    await page.getByRole('link', { name: 'Vista previa' }).click();
    await page.getByRole('button', { name: 'Calcular' }).click();
    await page.locator('[data-prospect="us"]').waitFor();
    await page.screenshot({ path: 'test/e2e/screenshots/admin-preview-tablet.png', fullPage: true });
  });

  it('speaks English when asked', async () => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.locator('#lang').selectOption('en');
    await page.getByRole('heading', { name: 'Preview', exact: true }).waitFor();
    await expect(page.locator('[data-prospect="es_mobile"] h3').textContent()).resolves.toBe('Spanish mobile');
    await page.getByRole('link', { name: 'Rules' }).click();
    await page.getByLabel('Monday, range 1: from').waitFor();
    await page.getByRole('link', { name: 'History' }).click();
    await page.getByRole('button', { name: 'Show differences' }).waitFor();
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
