import { startApp, RunningApp } from '../../bot/app';
import { loadConfig } from '../../bot/config';
import { EmbeddedDatabase, startEmbeddedDatabase } from '../../services/store/embeddedDatabase';
import { findProjectRoot } from '../../services/store/projectRoot';
import { benchCase } from './benchCase';

/*
 * Web Chat's local Direct Line on the embedded database: a person's message posted as Web Chat posts it
 * (the turn runs and its replies are stored before the POST answers), and the poll of a long conversation
 * after its last watermark, against the same first message through /api/messages with expectReplies.
 */
interface Running {
  database: EmbeddedDatabase;
  app: RunningApp;
  serial: number;
  long?: { token: string; conversationId: string; watermark: string };
}

const NOW = new Date('2026-11-24T08:15:00Z');
const LONG_CONVERSATION = 1_000;

async function boot(): Promise<Running> {
  const database = await startEmbeddedDatabase({
    projectRoot: findProjectRoot(__dirname),
    engine: (process.env.EMBEDDED_DB as 'auto' | 'ferretdb' | 'mongod' | undefined) ?? 'auto',
  });
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    MONGODB_URI: database.uri,
    MONGODB_DB: 'bench_directline',
    LOG_LEVEL: 'silent',
    PHONE_HASH_SECRET: 'bench-secret-of-16-chars',
    DIRECT_LINE_TOKEN_SECRET: 'bench-directline-secret',
  });
  const app = await startApp(config, { collectProcessMetrics: false, clock: () => NOW });
  return { database, app, serial: 0 };
}

async function shutdown(state: Running): Promise<void> {
  await state.app.database.db.dropDatabase();
  await state.app.close();
  await state.database.stop();
}

async function post(url: string, token: string | undefined, body?: unknown) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return (await response.json()) as Record<string, string>;
}

async function newConversation(state: Running) {
  const { token, conversationId } = await post(`${state.app.url}/v3/directline/tokens/generate`, undefined);
  await post(`${state.app.url}/v3/directline/conversations`, token);
  return { token: token!, conversationId: conversationId! };
}

const GROUP = 'web chat on the local direct line';

export const cases = [
  benchCase<Running>({
    group: GROUP,
    name: 'first message through /api/messages (expectReplies)',
    baseline: true,
    iterations: 100,
    setup: boot,
    run: async (state) => {
      state.serial += 1;
      const response = await fetch(`${state.app.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          type: 'message',
          channelId: 'webchat',
          serviceUrl: 'http://127.0.0.1:9',
          locale: 'es-ES',
          text: 'hola',
          deliveryMode: 'expectReplies',
          from: { id: `u${state.serial}` },
          recipient: { id: 'bot' },
          conversation: { id: `conv-${state.serial}` },
        }),
      });
      return response.text();
    },
    teardown: shutdown,
  }),
  benchCase<Running>({
    group: GROUP,
    name: 'new conversation + first message (token, start with greeting, post, replies stored)',
    iterations: 100,
    setup: boot,
    run: async (state) => {
      const { token, conversationId } = await newConversation(state);
      await post(`${state.app.url}/v3/directline/conversations/${conversationId}/activities`, token, {
        type: 'message',
        text: 'hola',
        locale: 'es-ES',
      });
    },
    teardown: shutdown,
  }),
  benchCase<Running>({
    group: GROUP,
    name: `GET activities after the last watermark of a ${LONG_CONVERSATION}-activity conversation`,
    iterations: 200,
    setup: async () => {
      const state = await boot();
      const { token, conversationId } = await newConversation(state);
      for (let i = 0; i < LONG_CONVERSATION / 2; i += 1) {
        await post(`${state.app.url}/v3/directline/conversations/${conversationId}/activities`, token, { type: 'message', text: 'ayuda' });
      }
      const all = await fetch(
        `${state.app.url}/v3/directline/conversations/${conversationId}/activities?watermark=${LONG_CONVERSATION - 10}`,
        {
          headers: { authorization: `Bearer ${token}` },
        },
      );
      const { watermark } = (await all.json()) as { watermark: string };
      return { ...state, long: { token, conversationId, watermark } };
    },
    run: async (state) => {
      const { token, conversationId, watermark } = state.long!;
      const response = await fetch(`${state.app.url}/v3/directline/conversations/${conversationId}/activities?watermark=${watermark}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      return response.text();
    },
    teardown: shutdown,
  }),
];
