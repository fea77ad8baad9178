import { startApp, RunningApp } from '../../bot/app';
import type { RouteDefinition } from '../../bot/http/route';
import { loadConfig } from '../../bot/config';
import { testDatabaseUri } from './database';
import type { Logger } from '../../services/observability/logger';

/** The phone-hash secret the test app runs with: a test that reads suppressions itself needs the same. */
export const TEST_PHONE_HASH_SECRET = 'test-secret-of-at-least-16-chars';

/** The real app (HTTP server, adapter, bot, MongoDB) on a free port, against the test database server. */
export function startTestApp(dbName: string, env: Record<string, string> = {}, clock?: () => Date, logger?: Logger): Promise<RunningApp> {
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    MONGODB_URI: testDatabaseUri(),
    MONGODB_DB: dbName,
    LOG_LEVEL: 'silent',
    SHUTDOWN_GRACE_MS: '2000',
    PHONE_HASH_SECRET: TEST_PHONE_HASH_SECRET,
    // Tests talk fast from one address; the rate-limit tests set their own limits.
    RATE_LIMIT_PER_IP_PER_MINUTE: '1000000',
    RATE_LIMIT_PER_PERSON_PER_MINUTE: '100000',
    // Tests pin the clock and run the promise job's passes themselves (app.promises.runOnce()); a pass of its own
    // between two steps of a test would make what it sees depend on timing.
    PROMISE_POLL_MS: '60000',
    ...env,
  });
  return startApp(config, { collectProcessMetrics: false, ...(clock ? { clock } : {}), ...(logger ? { logger } : {}) });
}

export interface ActivityOptions {
  text?: string;
  locale?: string;
  userId?: string;
  conversationId?: string;
  channelId?: string;
  type?: string;
  extra?: Record<string, unknown>;
}

/** A Bot Framework activity as the Emulator or Direct Line would post it, asking for replies in the response. */
export function messageActivity(options: ActivityOptions): Record<string, unknown> {
  return {
    type: options.type ?? 'message',
    id: `a-${Math.random().toString(36).slice(2)}`,
    channelId: options.channelId ?? 'emulator',
    serviceUrl: 'http://127.0.0.1:9',
    from: { id: options.userId ?? 'user-1', name: 'Prospect' },
    recipient: { id: 'bot', name: 'Bot' },
    conversation: { id: options.conversationId ?? 'conv-1' },
    locale: options.locale,
    text: options.text,
    deliveryMode: 'expectReplies',
    timestamp: new Date().toISOString(),
    ...options.extra,
  };
}

/** A Spanish-speaking prospect's message on Web Chat, in a conversation of their own (the reliability tests' turns). */
export function webChatMessage(conversation: string, text: string): Record<string, unknown> {
  return messageActivity({ text, locale: 'es-ES', userId: `u-${conversation}`, conversationId: conversation, channelId: 'webchat' });
}

export interface BotReply {
  type: string;
  text?: string;
  [key: string]: unknown;
}

export async function postActivity(baseUrl: string, activity: Record<string, unknown>, headers: Record<string, string> = {}) {
  const response = await fetch(`${baseUrl}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(activity),
  });
  const text = await response.text();
  const body = text ? (JSON.parse(text) as { activities?: BotReply[] } & Record<string, unknown>) : {};
  return { status: response.status, body, replies: body.activities ?? [] };
}

/** The admin and agent API as an operator calls it: JSON in and out, with an API key. */
export function apiClient(app: RunningApp, key: string) {
  return async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${app.url}${path}`, {
      method,
      headers: { 'x-api-key': key, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const text = await response.text();
    // Tests read these bodies freely; their shapes are asserted where they matter.
    const answer: any = text ? JSON.parse(text) : {};
    return { status: response.status, body: answer };
  };
}

export interface Reply {
  text: string;
  choices: string[];
  attachments: Array<{ contentType: string; content?: unknown; contentUrl?: string; name?: string }>;
}

/** One person on one channel, talking to the real bot over HTTP with expectReplies. */
export function conversationWith(
  baseUrl: string,
  who: {
    userId: string;
    channelId?: string;
    locale?: string;
    localTimezone?: string;
    conversationId?: string;
    /** Headers for each activity, e.g. the Bot Connector's JWT (test/support/botConnectorAuthority.ts). */
    authorize?: (activity: Record<string, unknown>) => Record<string, string>;
  },
) {
  return async (text: string): Promise<Reply[]> => {
    const activity = messageActivity({
      text,
      locale: who.locale,
      userId: who.userId,
      channelId: who.channelId ?? 'webchat',
      conversationId: who.conversationId ?? `conv-${who.channelId ?? 'webchat'}-${who.userId}`,
      extra: who.localTimezone ? { localTimezone: who.localTimezone } : {},
    });
    const { status, replies } = await postActivity(baseUrl, activity, who.authorize?.(activity) ?? {});
    if (status !== 200) throw new Error(`bot answered ${status}`);
    return replies.map((reply) => {
      const attachments = (reply.attachments as Reply['attachments'] | undefined) ?? [];
      // On Teams the question and its buttons live in an Adaptive Card: read them from there.
      const card = attachments.find((a) => a.contentType === 'application/vnd.microsoft.card.adaptive')?.content as
        { body: Array<{ text: string }>; actions: Array<{ title: string }> } | undefined;
      return {
        text: reply.text ?? card?.body.map((b) => b.text).join(' ') ?? '',
        choices: card
          ? card.actions.map((a) => a.title)
          : ((reply.suggestedActions as { actions?: Array<{ title: string }> } | undefined)?.actions ?? []).map((a) => a.title),
        attachments,
      };
    });
  };
}

/** Calls a route the way its documented examples describe a request (path, query, headers and body). */
export async function requestAsDocumented(baseUrl: string, spec: RouteDefinition['spec'], apiKey?: string) {
  const examples = (spec.examples ?? {}) as {
    params?: Record<string, string>;
    query?: Record<string, string>;
    headers?: Record<string, string>;
    body?: unknown;
  };
  const path = spec.path.replace(/:(\w+)/g, (_match, name: string) => encodeURIComponent(examples.params?.[name] ?? name));
  const query = new URLSearchParams(examples.query ?? {}).toString();
  const csv = spec.bodyType === 'csv';
  const response = await fetch(`${baseUrl}${path}${query ? `?${query}` : ''}`, {
    method: spec.method === 'del' ? 'DELETE' : spec.method.toUpperCase(),
    headers: {
      ...(examples.body === undefined ? {} : { 'content-type': csv ? 'text/csv' : 'application/json' }),
      ...(apiKey ? { 'x-api-key': apiKey } : {}),
      ...examples.headers,
    },
    ...(examples.body === undefined
      ? {}
      : { body: csv && typeof examples.body === 'string' ? examples.body : JSON.stringify(examples.body) }),
  });
  const text = await response.text();
  return {
    status: response.status,
    body: (text && response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : {}) as Record<string, unknown>,
  };
}
