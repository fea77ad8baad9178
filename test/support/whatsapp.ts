import { createHmac, randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import type { RunningApp } from '../../bot/app';
import { createLogger, Logger } from '../../services/observability/logger';
import type { CapturedRequest, GraphApiServer } from './graphApiServer';
import { waitFor } from './waitFor';

export const WA = {
  version: 'v23.0',
  phoneNumberId: '106540352242922',
  displayNumber: '15550783881',
  token: 'test-access-token',
  appSecret: 'test-app-secret',
  verifyToken: 'test-verify-token',
};

/** The app's environment for WhatsApp, pointing the Graph API at the test's own server. */
export function whatsAppEnv(graph: GraphApiServer, extra: Record<string, string> = {}): Record<string, string> {
  return {
    WHATSAPP_GRAPH_BASE_URL: graph.url,
    WHATSAPP_GRAPH_API_VERSION: WA.version,
    WHATSAPP_PHONE_NUMBER_ID: WA.phoneNumberId,
    WHATSAPP_ACCESS_TOKEN: WA.token,
    WHATSAPP_APP_SECRET: WA.appSecret,
    WHATSAPP_VERIFY_TOKEN: WA.verifyToken,
    WHATSAPP_RETRY_POLL_MS: '200',
    ...extra,
  };
}

export function wamid(): string {
  return `wamid.HBgL${randomBytes(12).toString('base64url')}`;
}

type MessageBody = Record<string, unknown> & { type: string };

export interface InboundSpec {
  from: string;
  name?: string;
  id?: string;
  at: Date;
  message: MessageBody;
}

/** A delivery in Meta's documented envelope (object → entry → changes → value → messages/statuses). */
export function deliveryOf(messages: InboundSpec[], statuses: Record<string, unknown>[] = []): Record<string, unknown> {
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: '102290129340398',
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: WA.displayNumber, phone_number_id: WA.phoneNumberId },
              ...(messages.length > 0
                ? {
                    contacts: messages.map((m) => ({ profile: { name: m.name ?? 'Ana García' }, wa_id: m.from })),
                    messages: messages.map((m) => ({
                      from: m.from,
                      id: m.id ?? wamid(),
                      timestamp: String(Math.floor(m.at.getTime() / 1000)),
                      ...m.message,
                    })),
                  }
                : {}),
              ...(statuses.length > 0 ? { statuses } : {}),
            },
          },
        ],
      },
    ],
  };
}

export const text = (body: string): MessageBody => ({ type: 'text', text: { body } });

export function sign(raw: string, secret = WA.appSecret): string {
  return `sha256=${createHmac('sha256', secret).update(raw).digest('hex')}`;
}

export async function postWebhook(
  app: { url: string },
  payload: unknown,
  signature?: string | null,
): Promise<{ status: number; body: string }> {
  const raw = typeof payload === 'string' ? payload : JSON.stringify(payload);
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  const header = signature === undefined ? sign(raw) : signature;
  if (header !== null) headers['x-hub-signature-256'] = header;
  const response = await fetch(`${app.url}/api/whatsapp`, { method: 'POST', headers, body: raw });
  return { status: response.status, body: await response.text() };
}

export async function waitUntilAnswered(app: Pick<RunningApp, 'database'>, ids: string[], timeoutMs = 20_000): Promise<void> {
  const inbox = app.database.db.collection('whatsapp_inbox');
  await waitFor(
    `the answers to ${ids.length} inbound messages`,
    async () => (await inbox.countDocuments({ _id: { $in: ids } as never, status: 'done' })) === ids.length,
    { timeoutMs, intervalMs: 50 },
  );
}

export interface WhatsAppReply {
  kind: 'text' | 'buttons' | 'list' | 'template' | 'document';
  text: string;
  choices: string[];
  ids: string[];
  request: CapturedRequest;
}

export function readReply(request: CapturedRequest): WhatsAppReply {
  const body = request.body;
  if (body.type === 'text') return { kind: 'text', text: body.text.body, choices: [], ids: [], request };
  if (body.type === 'document') return { kind: 'document', text: body.document.filename, choices: [], ids: [], request };
  if (body.type === 'template') {
    const parameters = (body.template.components ?? []).flatMap((c: any) => c.parameters ?? []).map((p: any) => p.text);
    return { kind: 'template', text: parameters.join(' '), choices: [], ids: [], request };
  }
  const interactive = body.interactive;
  if (interactive.type === 'button') {
    const buttons = interactive.action.buttons as Array<{ reply: { id: string; title: string } }>;
    return {
      kind: 'buttons',
      text: interactive.body.text,
      choices: buttons.map((b) => b.reply.title),
      ids: buttons.map((b) => b.reply.id),
      request,
    };
  }
  const rows = (interactive.action.sections as Array<{ rows: Array<{ id: string; title: string; description?: string }> }>).flatMap(
    (s) => s.rows,
  );
  return { kind: 'list', text: interactive.body.text, choices: rows.map((r) => r.title), ids: rows.map((r) => r.id), request };
}

/** One person writing to the bot on WhatsApp through signed webhooks; each call returns the bot's answer. */
export function whatsAppPerson(app: RunningApp, graph: GraphApiServer, waId: string, clock: () => Date) {
  let last: WhatsAppReply[] = [];
  const deliver = async (message: MessageBody): Promise<WhatsAppReply[]> => {
    const before = graph.requests.length;
    const id = wamid();
    const { status } = await postWebhook(app, deliveryOf([{ from: waId, id, at: clock(), message }]));
    if (status !== 200) throw new Error(`webhook answered ${status}`);
    await waitUntilAnswered(app, [id]);
    last = graph.requests.slice(before).map(readReply);
    return last;
  };
  return {
    say: (body: string) => deliver(text(body)),
    /** Taps the button or list row showing `title` on the bot's last interactive message. */
    tap: (title: string) => {
      const reply = [...last].reverse().find((r) => r.kind === 'buttons' || r.kind === 'list');
      if (!reply) throw new Error('no buttons or list to tap');
      const index = reply.choices.indexOf(title);
      if (index < 0) throw new Error(`no choice "${title}" among ${reply.choices.join(' | ')}`);
      const id = reply.ids[index]!;
      return deliver(
        reply.kind === 'buttons'
          ? { type: 'interactive', interactive: { type: 'button_reply', button_reply: { id, title } } }
          : { type: 'interactive', interactive: { type: 'list_reply', list_reply: { id, title } } },
      );
    },
    send: deliver,
  };
}

export const all = (replies: WhatsAppReply[]) => replies.map((r) => [r.text, ...r.choices].join(' | ')).join('\n');

/** The product's logger, as configured by default (text redacted), writing its lines into `lines`. */
export function capturingLogger(lines: string[]): Logger {
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return createLogger({ level: 'info', logMessageText: false }, destination);
}
