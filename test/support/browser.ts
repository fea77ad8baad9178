import { existsSync } from 'node:fs';
import { Browser, chromium, type Page } from 'playwright-core';

/** Debian's Chromium, headless; .ci/run installs it when missing. No browser is ever downloaded. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (as .ci/run does)`);
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * A new page on the agent console, signed in with `key` in the page's language: each test starts from here, so
 * none depends on the page another test left behind.
 */
export async function signedInConsole(browser: Browser, url: string, key: string, locale: 'es-ES' | 'en-GB' = 'es-ES'): Promise<Page> {
  const page = await browser.newPage({ locale, viewport: { width: 1280, height: 900 } });
  await page.goto(`${url}/agent`);
  await page.locator('#key').fill(key);
  await page.locator('#login button[type="submit"]').click();
  await page.locator('#login').waitFor({ state: 'hidden' });
  return page;
}
