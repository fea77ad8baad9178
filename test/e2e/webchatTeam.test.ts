import type { Browser, Page } from 'playwright-core';
import type { RunningApp } from '../../bot/app';
import { defaultRuleSet } from '../../services/availability/defaultRuleSet';
import { parseRuleSet } from '../../services/availability/ruleSet';
import { RuleSetStore } from '../../services/availability/ruleSetStore';
import { TeamStore } from '../../services/teams/teamStore';
import { startTestApp } from '../support/app';
import { launchChromium } from '../support/browser';
import { uniqueDatabaseName } from '../support/database';

// Tuesday 24 November 2026, 09:15 in Madrid.
const NOW = new Date('2026-11-24T08:15:00Z');

let app: RunningApp;
let browser: Browser;

beforeAll(async () => {
  app = await startTestApp(uniqueDatabaseName('webchat_team'), {}, () => NOW);
  // Las Palmas calls 16:00–18:00 Canary time (17:00–19:00 in Madrid); its Web Chat entry is "canarias".
  await new RuleSetStore(app.database.ruleSetVersions).save(
    parseRuleSet({
      ...defaultRuleSet('las-palmas'),
      timeZone: 'Atlantic/Canary',
      weeklyHours: Object.fromEntries(
        ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((day) => [day, day === 'sun' ? [] : [{ start: '16:00', end: '18:00' }]]),
      ),
    }),
    'test',
  );
  await new TeamStore(app.database.collection('teamVersions')).save(
    'las-palmas',
    { name: 'Las Palmas', languages: ['es'], entryPoints: { webChat: ['canarias'] } },
    'test',
  );
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

async function say(page: Page, text: string): Promise<void> {
  const box = page.getByRole('textbox');
  await box.fill(text);
  await box.press('Enter');
}

function botSays(page: Page, text: string | RegExp) {
  return page.locator('.webchat__bubble:not(.webchat__bubble--from-user)').filter({ hasText: text }).last();
}

describe('a team’s Web Chat page (/?team=<entry>) in Chromium, through the local Direct Line', () => {
  it('sends the team’s entry with every activity, and is offered that team’s times', async () => {
    const context = await browser.newContext({ locale: 'es-ES', timezoneId: 'Europe/Madrid' });
    const page = await context.newPage();
    await page.goto(`${app.url}/?team=canarias`);
    await botSays(page, '¡Hola! Soy el asistente de llamadas').waitFor({ timeout: 20_000 });
    await say(page, 'hola');
    await botSays(page, '¿A qué número te llamamos?').waitFor();
    await say(page, '612 345 679');
    await page.getByRole('toolbar').getByRole('button', { name: 'Sí, podéis llamarme' }).click();
    // A Madrid browser says its zone: the zone question may not come.
    const zone = page.getByRole('toolbar').getByRole('button', { name: 'Península y Baleares' });
    const when = botSays(page, '¿Cuándo te viene bien');
    await Promise.race([zone.waitFor(), when.waitFor()]);
    if (await zone.isVisible()) await zone.click();
    await when.waitFor();
    await say(page, 'mañana por la tarde');
    // Las Palmas' afternoon, not the default team's 15:30.
    await page.getByRole('toolbar').getByRole('button', { name: 'mié 25 nov, 17:00' }).waitFor();
    expect(await page.getByRole('toolbar').getByRole('button', { name: 'mié 25 nov, 15:30' }).count()).toBe(0);

    // What the page sent, as the Direct Line stored it: every message of the person names the entry.
    const stored = await app.database.db.collection<{ activity: string }>('directline_activities').find({}).toArray();
    const fromPerson = stored
      .map(
        (document) =>
          JSON.parse(document.activity) as { type: string; text?: string; from: { role?: string }; channelData?: { entryTeam?: string } },
      )
      .filter((activity) => activity.type === 'message' && activity.from.role !== 'bot' && activity.text);
    expect(fromPerson.length).toBeGreaterThanOrEqual(4);
    expect(fromPerson.map((activity) => activity.channelData?.entryTeam)).toEqual(fromPerson.map(() => 'canarias'));
  }, 90_000);
});
