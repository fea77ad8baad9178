import { startApp, RunningApp } from '../../bot/app';
import { loadConfig } from '../../bot/config';
import { testDatabaseUri } from './database';

/** The real app (HTTP server, adapter, bot, MongoDB) on a free port, against the test database server. */
export function startTestApp(dbName: string, env: Record<string, string> = {}, clock?: () => Date): Promise<RunningApp> {
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    MONGODB_URI: testDatabaseUri(),
    MONGODB_DB: dbName,
    LOG_LEVEL: 'silent',
    SHUTDOWN_GRACE_MS: '2000',
    PHONE_HASH_SECRET: 'test-secret-of-at-least-16-chars',
    // Tests talk fast from one address; the rate-limit tests set their own limits.
    RATE_LIMIT_PER_IP_PER_MINUTE: '1000000',
    RATE_LIMIT_PER_PERSON_PER_MINUTE: '100000',
    ...env,
  });
  return startApp(config, { collectProcessMetrics: false, ...(clock ? { clock } : {}) });
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

export interface Reply {
  text: string;
  choices: string[];
  attachments: Array<{ contentType: string; content?: unknown; contentUrl?: string; name?: string }>;
}

/** One person on one channel, talking to the real bot over HTTP with expectReplies. */
export function conversationWith(
  baseUrl: string,
  who: { userId: string; channelId?: string; locale?: string; localTimezone?: string; conversationId?: string },
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
    const { status, replies } = await postActivity(baseUrl, activity);
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
