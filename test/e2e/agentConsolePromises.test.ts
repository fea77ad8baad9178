import path from 'node:path';
import type { Browser } from 'playwright-core';
import type { RunningApp } from '../../bot/app';
import { bookingServiceOn } from '../../services/booking/bookingService';
import { OPEN_STATUSES } from '../../services/booking/lifecycle';
import { apiClient, startTestApp } from '../support/app';
import { launchChromium, signedInConsole } from '../support/browser';
import { uniqueDatabaseName } from '../support/database';
import { bookThroughTheBot, createAgent } from '../support/handoff';

// Tuesday 24 November 2026, 09:15 in Madrid.
const TUESDAY = new Date('2026-11-24T08:15:00Z');
// Git-ignored (.gitignore): what the browser showed, for a person to look at after a run.
const SCREENSHOTS = path.resolve(__dirname, 'screenshots');

jest.setTimeout(90_000);

describe('the agent console keeps promises in view, in Debian’s Chromium', () => {
  let app: RunningApp;
  let now = TUESDAY;
  let browser: Browser;
  let key: string;
  const callbacks = () => app.database.collection('callbacks');
  const openCallbackOf = async (phone: string) => {
    const person = await app.database.collection('people').findOne({ phoneE164: phone });
    return (await callbacks().findOne({ personId: String(person?._id), status: { $in: [...OPEN_STATUSES] } }))!;
  };

  beforeAll(async () => {
    app = await startTestApp(uniqueDatabaseName('consolepromises'), {}, () => now);
    ({ key } = await createAgent(app, { name: 'Lucía', timeZone: 'Europe/Madrid', languages: ['es', 'en'], team: 'ventas' }));
    // Bea's call is today at 18:00; Ana's tomorrow at 16:00.
    await bookThroughTheBot(app, { userId: 'bea', phone: '612 34 56 79', when: 'hoy a las 18:00' });
    await bookThroughTheBot(app, { userId: 'ana', phone: '612 34 56 78' });
    // Wednesday 10:00 in Madrid: nobody called Bea by 18:00 + the 30 minutes' grace, so her call was missed.
    now = new Date('2026-11-25T09:00:00Z');
    const bea = await openCallbackOf('+34612345679');
    const missedAt = new Date(bea.startUtc.getTime() + 30 * 60_000);
    const missed = await bookingServiceOn(app.database).lifecycle.transition({
      callbackId: bea._id,
      from: OPEN_STATUSES,
      to: 'missed',
      at: missedAt,
      set: { missedAt },
    });
    expect(missed?.status).toBe('missed');
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.database.db.dropDatabase();
    await app?.close();
  });

  it('shows yesterday’s missed callback first, with its status, though the list starts today', async () => {
    const page = await signedInConsole(browser, app.url, key);
    await page.getByRole('heading', { name: 'Atrasadas y perdidas' }).waitFor();

    const first = page.locator('.callback').first();
    await expect(first.getAttribute('data-late')).resolves.toBe(null);
    await expect(first.locator('[data-late]').getAttribute('data-late')).resolves.toBe('missed');
    await expect(first.locator('.person').textContent()).resolves.toMatch(/\+34612345679/);
    await expect(first.locator('[data-status]').textContent()).resolves.toBe('Perdida: nadie llamó');
    await expect(first.locator('.time').textContent()).resolves.toMatch(/mar, 24 nov, 18:00/);
    // A missed call is not moved from here: the person's apology offers the repair.
    expect(await first.getByRole('button', { name: 'Otra hora' }).count()).toBe(0);
    expect(await page.locator('#today .callback').count()).toBe(1);
    await expect(page.locator('#today [data-status]').textContent()).resolves.toBe('Reservada');
    await expect(page.locator('#today [data-call-from]').textContent()).resolves.toMatch(/ningún número configurado/);
    // The team's week, from the server's own promises report.
    await page.locator('#week').waitFor();
    await expect(page.locator('#status').textContent()).resolves.toBe('');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'console-missed-first.png'), fullPage: true });
  });

  it('moves an open callback to a free slot picked from "Otra hora", and the database has it', async () => {
    const page = await signedInConsole(browser, app.url, key);
    const ana = await openCallbackOf('+34612345678');
    const item = page.locator(`[data-callback="${ana._id}"]`);
    await item.getByRole('button', { name: 'Otra hora' }).click();
    const slots = item.locator('[data-slot]');
    await slots.first().waitFor();
    // The chat's free slots: from 10:30 Madrid (30 minutes' notice), the person's time beside the agent's.
    await expect(slots.first().textContent()).resolves.toBe('mié, 25 nov, 10:30 (mié, 25 nov, 10:30 su hora)');
    // Six to a page (10:30 … 13:00); the next page starts after the last one shown.
    await item.getByRole('button', { name: 'Más tarde →' }).click();
    await item.locator('[data-slot]', { hasText: 'mié, 25 nov, 13:30 (' }).waitFor();
    await expect(slots.first().textContent()).resolves.toMatch(/^mié, 25 nov, 13:30 /);
    const chosen = item.locator('[data-slot]').nth(1);
    const startUtc = (await chosen.getAttribute('data-slot'))!;
    await chosen.click();
    await page.getByText('Llamada movida; se le avisará de la nueva hora.').waitFor();

    const stored = await callbacks().findOne({ _id: ana._id });
    expect(stored).toMatchObject({
      status: 'booked',
      startUtc: new Date(startUtc),
      noticePending: true,
      notice: { kind: 'moved', key: `moved|${startUtc}` },
    });
    expect(stored!.history.at(-1)).toMatchObject({ action: 'rescheduled', reason: 'moved by Lucía' });
    expect(startUtc).not.toBe(ana.startUtc.toISOString());
    await expect(page.locator(`[data-callback="${ana._id}"] .time`).textContent()).resolves.toMatch(
      new RegExp(
        new Intl.DateTimeFormat('es-ES', { hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Madrid' }).format(new Date(startUtc)),
      ),
    );
    await page.screenshot({ path: path.join(SCREENSHOTS, 'console-moved.png'), fullPage: true });
  });

  it('shows the team’s week as the server’s promises report counts it, and hides it without a word when refused', async () => {
    const page = await signedInConsole(browser, app.url, key);
    await page.locator('#week').waitFor();
    const answered = page.waitForResponse((response) => response.url().includes('/api/admin/reports/promises'));
    await page.getByRole('button', { name: 'Actualizar' }).click();
    const response = await answered;
    expect(response.status()).toBe(200);
    // Monday to Sunday around the server's today (Wednesday 25 November in Madrid), not the browser's.
    expect(new URL(response.url()).search).toBe('?from=2026-11-23&to=2026-11-29');
    await page.locator('#week tbody tr').first().waitFor();
    const report = await apiClient(app, key)('GET', '/api/admin/reports/promises?from=2026-11-23&to=2026-11-29');
    const week = report.body.weeks.find((w: { team: string }) => w.team === 'default');
    // Bea's missed call and Ana's open one: what the report counts is what the table shows.
    expect(week).toMatchObject({ week: '2026-W48', booked: 2, missed: 1, open: 1 });
    const cells = await page.locator('#week tbody tr').first().locator('td').allTextContents();
    const ratio = week.ratio === null ? '—' : `${Math.round(week.ratio * 100)} %`;
    const counts = [
      week.booked,
      week.keptOnTime,
      week.late,
      week.missed,
      week.repaired,
      week.lapsed,
      week.unreachable,
      week.cancelled,
      week.open,
    ];
    expect(cells.slice(0, 11)).toEqual(['2026-W48', 'default', ...counts.map(String)]);
    expect(cells[11]).toBe(ratio);
    await expect(page.locator('#week th').first().textContent()).resolves.toBe('Semana');

    // Refused (a key the server will not answer for), it is hidden without a word.
    await page.route('**/api/admin/reports/promises?**', (route) =>
      route.fulfill({ status: 403, contentType: 'application/json', body: JSON.stringify({ code: 'Forbidden', message: 'not yours' }) }),
    );
    await page.getByRole('button', { name: 'Actualizar' }).click();
    await page.locator('#week').waitFor({ state: 'hidden' });
    await expect(page.locator('#status').textContent()).resolves.toBe('');
    await page.unroute('**/api/admin/reports/promises?**');
  });

  it('speaks English too', async () => {
    const page = await signedInConsole(browser, app.url, key);
    await page.locator('#lang').selectOption('en');
    await page.getByRole('heading', { name: 'Overdue and missed' }).waitFor();
    await page.locator('.callback [data-status]', { hasText: 'Missed: nobody called' }).waitFor();
    await page.getByRole('button', { name: 'Another time' }).first().waitFor();
  });
});
