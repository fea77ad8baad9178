import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { RunningApp } from '../../bot/app';
import { startTestApp } from '../support/app';
import { launchChromium } from '../support/browser';
import { uniqueDatabaseName } from '../support/database';

// Tuesday 24 November 2026, 09:15 in Madrid: the seeded default rule set is open.
const NOW = new Date('2026-11-24T08:15:00Z');

let app: RunningApp;
let browser: Browser;

beforeAll(async () => {
  app = await startTestApp(uniqueDatabaseName('webchat'), {}, () => NOW);
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

async function openChat(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  await page.goto(app.url);
  await botSays(page, '¡Hola! Soy el asistente de llamadas').waitFor({ timeout: 20_000 });
  return page;
}

async function say(page: Page, text: string): Promise<void> {
  const box = page.getByRole('textbox');
  await box.fill(text);
  await box.press('Enter');
}

/** A suggested action under the last message (Web Chat also mirrors them, hidden, in its live region). */
function choice(page: Page, name: string) {
  return page.getByRole('toolbar').getByRole('button', { name });
}

function botSays(page: Page, text: string | RegExp) {
  return page.locator('.webchat__bubble:not(.webchat__bubble--from-user)').filter({ hasText: text }).last();
}

describe("Web Chat in Chromium, against the bot's own Direct Line", () => {
  it('books a callback in Spanish by clicking an offered slot, continues after a reload, and keeps other browsers out', async () => {
    const context = await browser.newContext({ locale: 'es-ES', timezoneId: 'Europe/Madrid', viewport: { width: 390, height: 780 } });
    const page = await openChat(context);
    await expectVisible(page.getByText('Escribe «baja» en cualquier momento para que no te contactemos más.'));

    await say(page, 'Quiero que me llaméis mañana por la tarde');
    await botSays(page, '¿A qué número te llamamos?').waitFor();
    // The page's own message came back on the stream with a server id: no "send failed".
    await page.locator('.webchat__bubble--from-user').filter({ hasText: 'mañana por la tarde' }).waitFor();
    expect(await page.getByText(/No se pudo enviar|Send failed/i).count()).toBe(0);
    await say(page, '612 345 678');
    await choice(page, 'Sí, podéis llamarme').click();
    const zone = choice(page, 'Península y Baleares');
    const offer = botSays(page, 'huecos libres más cercanos');
    await Promise.race([zone.waitFor(), offer.waitFor()]);
    if (await zone.isVisible()) await zone.click();
    await offer.waitFor();
    await choice(page, 'mié 25 nov, 16:00').click();
    await botSays(page, /¡Hecho! Te llamaremos el miércoles 25 de noviembre a las 16:00 al \+34 612 34 56 78/).waitFor();

    const booked = await app.database.collection('callbacks').find({ status: 'booked' }).toArray();
    expect(booked).toHaveLength(1);
    expect(booked[0]!.startUtc).toEqual(new Date('2026-11-25T15:00:00Z'));

    // A reload reopens the same conversation: the history is back and the bot knows the booking.
    await page.reload();
    await botSays(page, /¡Hecho! Te llamaremos el miércoles 25 de noviembre/).waitFor({ timeout: 20_000 });
    await say(page, 'hola');
    await botSays(page, /Tienes una llamada el miércoles 25 de noviembre a las 16:00/).waitFor();

    // Another browser gets a conversation of its own and sees nothing of the first one.
    const stranger = await browser.newContext({ locale: 'es-ES', timezoneId: 'Europe/Madrid' });
    const other = await openChat(stranger);
    await say(other, 'hola');
    await botSays(other, '¿A qué número te llamamos?').waitFor();
    expect(await other.getByText('612 34 56 78').count()).toBe(0);
    expect(await other.getByText('Te llamaremos el miércoles').count()).toBe(0);
    await stranger.close();
    await context.close();
  }, 120_000);

  it('speaks English to an English browser', async () => {
    const context = await browser.newContext({ locale: 'en-GB', timezoneId: 'Europe/London' });
    const page = await context.newPage();
    await page.goto(app.url);
    await botSays(page, /Hi! I.m the callback assistant/).waitFor({ timeout: 20_000 });
    await expectVisible(page.getByText('Type "stop" at any time and we will not contact you again.'));
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    // Landmarks and labels a screen reader announces; the send box is reached and used with the keyboard alone.
    expect(await page.getByRole('main', { name: 'Conversation with the callback assistant' }).count()).toBe(1);
    const sendBox = page.getByRole('textbox', { name: /./ });
    await sendBox.focus();
    await page.keyboard.type('help');
    await page.keyboard.press('Enter');
    await botSays(page, /I can: arrange when we call you/).waitFor();
    await context.close();
  }, 60_000);
});

async function expectVisible(locator: ReturnType<Page['getByText']>): Promise<void> {
  await locator.waitFor({ state: 'visible' });
  expect(await locator.isVisible()).toBe(true);
}
