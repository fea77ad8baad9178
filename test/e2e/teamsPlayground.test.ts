import { ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { RunningApp } from '../../bot/app';
import { startTestApp } from '../support/app';
import { launchChromium } from '../support/browser';
import { uniqueDatabaseName } from '../support/database';

// Tuesday 24 November 2026, 09:15 in Madrid: the seeded default rule set is open.
const NOW = new Date('2026-11-24T08:15:00Z');
const PLAYGROUND_CLI = path.join(__dirname, '../../node_modules/@microsoft/m365agentsplayground/cli.js');

let app: RunningApp;
let browser: Browser;
let playground: ChildProcess;
let playgroundUrl: string;

/** Microsoft 365 Agents Playground, offline, as the Teams client (`--channel-id msteams`) of our /api/messages. */
function startPlayground(appEndpoint: string): Promise<{ child: ChildProcess; url: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [PLAYGROUND_CLI, 'start', '--app-endpoint', appEndpoint, '--channel-id', 'msteams', '--port', '0', '--disable-telemetry'],
      { env: { ...process.env, TEAMSAPPTESTER_BROWSER: 'none' }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    const timer = setTimeout(() => reject(new Error(`the Playground did not start:\n${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const listening = /Listening on (\d+)/.exec(output);
      if (listening) {
        clearTimeout(timer);
        resolve({ child, url: `http://localhost:${listening[1]}` });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`the Playground exited with ${code}:\n${output}`)));
  });
}

beforeAll(async () => {
  app = await startTestApp(uniqueDatabaseName('playground'), {}, () => NOW);
  const started = await startPlayground(`${app.url}/api/messages`);
  playground = started.child;
  playgroundUrl = started.url;
  browser = await launchChromium();
}, 90_000);

afterAll(async () => {
  await browser?.close();
  playground?.kill();
  await app?.close();
});

async function say(page: Page, text: string): Promise<void> {
  await page.locator('[contenteditable=true][role=textbox]').click();
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
}

const tapOnCard = (page: Page, title: string) => page.locator('.ac-adaptiveCard button', { hasText: title }).last();
const botSaid = (page: Page, text: string | RegExp) => page.getByText(text).last();

describe('Teams, in the Microsoft 365 Agents Playground', () => {
  it('books a callback by tapping the card, with a Spanish national number typed on an en-US client', async () => {
    const page = await browser.newPage();
    await page.goto(playgroundUrl);
    await botSaid(page, /Soy el asistente de llamadas/).waitFor({ timeout: 30_000 });

    await say(page, 'Quiero que me llaméis mañana por la tarde');
    await botSaid(page, '¿A qué número te llamamos?').waitFor();
    // The client's locale is en-US; the person writes Spanish, so "612 345 678" is a Spanish number.
    await say(page, '612 345 678');
    await tapOnCard(page, 'Sí, podéis llamarme').click();
    const zone = tapOnCard(page, 'Península y Baleares');
    const offer = botSaid(page, /huecos libres más cercanos/);
    await Promise.race([zone.waitFor(), offer.waitFor()]);
    if (await zone.isVisible()) await zone.click();
    await offer.waitFor();
    const slot = page.locator('.ac-adaptiveCard').last().locator('button').first();
    await slot.click();
    await botSaid(page, /¡Hecho! Te llamaremos el miércoles 25 de noviembre a las .* al \+34 612 34 56 78/).waitFor();

    const booked = await app.database.collection('callbacks').find({ status: 'booked' }).toArray();
    expect(booked).toHaveLength(1);
    expect(booked[0]).toMatchObject({ channelId: 'msteams' });
    await page.close();
  }, 120_000);
});
