import { startApp, RunningApp } from '../../bot/app';
import { loadConfig } from '../../bot/config';
import { BookingService } from '../../services/booking/bookingService';
import { defaultRuleSet } from '../../services/availability/defaultRuleSet';
import { parseRuleSet } from '../../services/availability/ruleSet';
import { PeopleStore } from '../../services/people/peopleStore';
import { EmbeddedDatabase, startEmbeddedDatabase } from '../../services/store/embeddedDatabase';
import { findProjectRoot } from '../../services/store/projectRoot';
import { benchCase } from './benchCase';

/*
 * The bot end to end on the embedded database (FerretDB here, mongod where it can be had): one HTTP
 * turn with expectReplies, and one booking plus its cancellation, against GET /healthz as the
 * baseline of what HTTP alone costs on this machine.
 */
interface Running {
  database: EmbeddedDatabase;
  app: RunningApp;
  serial: number;
}

const NOW = new Date('2026-11-24T08:15:00Z');

async function boot(): Promise<Running> {
  const database = await startEmbeddedDatabase({
    projectRoot: findProjectRoot(__dirname),
    engine: (process.env.EMBEDDED_DB as 'auto' | 'ferretdb' | 'mongod' | undefined) ?? 'auto',
  });
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    MONGODB_URI: database.uri,
    MONGODB_DB: 'bench',
    LOG_LEVEL: 'silent',
    PHONE_HASH_SECRET: 'bench-secret-of-16-chars',
  });
  const app = await startApp(config, { collectProcessMetrics: false, clock: () => NOW });
  return { database, app, serial: 0 };
}

async function shutdown(state: Running): Promise<void> {
  await state.app.database.db.dropDatabase();
  await state.app.close();
  await state.database.stop();
}

function message(text: string, user: string) {
  return JSON.stringify({
    type: 'message',
    channelId: 'webchat',
    serviceUrl: 'http://127.0.0.1:9',
    locale: 'es-ES',
    text,
    deliveryMode: 'expectReplies',
    from: { id: user },
    recipient: { id: 'bot' },
    conversation: { id: `conv-${user}` },
  });
}

export const cases = [
  benchCase<Running>({
    group: 'bot on the embedded database',
    name: 'GET /healthz',
    baseline: true,
    iterations: 300,
    setup: boot,
    run: async (state) => (await fetch(`${state.app.url}/healthz`)).text(),
    teardown: shutdown,
  }),
  benchCase<Running>({
    group: 'bot on the embedded database',
    name: 'first message of a conversation (expectReplies)',
    iterations: 200,
    setup: boot,
    run: async (state) => {
      state.serial += 1;
      const response = await fetch(`${state.app.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: message('hola', `u${state.serial}`),
      });
      return response.text();
    },
    teardown: shutdown,
  }),
  benchCase<Running & { bookings: BookingService; people: PeopleStore }>({
    group: 'bot on the embedded database',
    name: 'book a callback and cancel it (BookingService)',
    iterations: 200,
    setup: async () => {
      const running = await boot();
      const db = running.app.database;
      return {
        ...running,
        bookings: new BookingService(db.collection('callbacks')),
        people: new PeopleStore(db.collection('people'), db.collection('channelAccounts'), () => NOW),
      };
    },
    run: async (state) => {
      state.serial += 1;
      const person = await state.people.findOrCreateByPhone(`+3491${String(1_000_000 + state.serial).slice(-7)}`, {
        provenance: { source: 'import', campaign: null, collectedAt: NOW, detail: null },
      });
      const booked = await state.bookings.book({
        ruleSet: parseRuleSet(defaultRuleSet('default')),
        person,
        slotStartUtc: new Date('2026-11-25T09:00:00Z'),
        channelId: 'bench',
        now: NOW,
      });
      if (!booked.ok) throw new Error(`bench booking failed: ${booked.reason}`);
      await state.bookings.cancel({ callbackId: booked.callback._id, reason: 'bench', now: NOW });
    },
    teardown: shutdown,
  }),
];
