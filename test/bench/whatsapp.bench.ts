import { startApp, RunningApp } from '../../bot/app';
import { loadConfig } from '../../bot/config';
import { EmbeddedDatabase, startEmbeddedDatabase } from '../../services/store/embeddedDatabase';
import { findProjectRoot } from '../../services/store/projectRoot';
import { GraphApiServer, startGraphApiServer } from '../support/graphApiServer';
import { deliveryOf, postWebhook, text, WA, waitUntilAnswered, wamid, whatsAppEnv } from '../support/whatsapp';
import { benchCase } from './benchCase';

/*
 * The WhatsApp webhook end to end on the embedded database, with a local stand-in for the Graph API:
 * how long Meta waits for our 200 (signature check, parse, inbox insert), and how long from the
 * delivery until the person's answer has been sent, against GET /healthz as the baseline.
 */
interface Running {
  database: EmbeddedDatabase;
  graph: GraphApiServer;
  app: RunningApp;
  serial: number;
}

const NOW = new Date('2026-11-24T08:15:00Z');

async function boot(): Promise<Running> {
  const database = await startEmbeddedDatabase({
    projectRoot: findProjectRoot(__dirname),
    engine: (process.env.EMBEDDED_DB as 'auto' | 'ferretdb' | 'mongod' | undefined) ?? 'auto',
  });
  const graph = await startGraphApiServer({ version: WA.version, phoneNumberId: WA.phoneNumberId, token: WA.token });
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    MONGODB_URI: database.uri,
    MONGODB_DB: 'bench_whatsapp',
    LOG_LEVEL: 'silent',
    PHONE_HASH_SECRET: 'bench-secret-of-16-chars',
    ...whatsAppEnv(graph),
  });
  const app = await startApp(config, { collectProcessMetrics: false, clock: () => NOW });
  return { database, graph, app, serial: 0 };
}

async function shutdown(state: Running): Promise<void> {
  if (state.graph.violations().length > 0) throw new Error(`Graph API limits broken: ${state.graph.violations().join('; ')}`);
  await state.app.whatsapp?.idle();
  await state.app.database.db.dropDatabase();
  await state.app.close();
  await state.graph.close();
  await state.database.stop();
}

// A new person each time: "hola" is a first message (greeting and consent question, two Graph API sends).
const delivery = (state: Running, id: string) => {
  state.serial += 1;
  return deliveryOf([{ from: `3461${String(7_000_000 + state.serial)}`, id, at: NOW, message: text('hola') }]);
};

export const cases = [
  benchCase<Running>({
    group: 'WhatsApp webhook on the embedded database',
    name: 'GET /healthz',
    baseline: true,
    iterations: 200,
    setup: boot,
    run: async (state) => (await fetch(`${state.app.url}/healthz`)).text(),
    teardown: shutdown,
  }),
  benchCase<Running>({
    group: 'WhatsApp webhook on the embedded database',
    name: 'signed delivery acknowledged (200, turn not included)',
    iterations: 150,
    setup: boot,
    run: async (state) => {
      const { status } = await postWebhook(state.app, delivery(state, wamid()));
      if (status !== 200) throw new Error(`webhook answered ${status}`);
    },
    teardown: shutdown,
  }),
  benchCase<Running>({
    group: 'WhatsApp webhook on the embedded database',
    name: 'delivery until both replies reached the Graph API',
    iterations: 100,
    setup: boot,
    run: async (state) => {
      const id = wamid();
      await postWebhook(state.app, delivery(state, id));
      await waitUntilAnswered(state.app, [id]);
    },
    teardown: shutdown,
  }),
];
