import { z } from 'zod';

/**
 * Meta's webhook shapes (WhatsApp Cloud API, field "messages"), as documented: only what we read is
 * required, everything else is tolerated (`z.looseObject`), because Meta adds fields without notice.
 * One delivery may carry several entries, changes, messages and statuses.
 */
const contactSchema = z.looseObject({
  wa_id: z.string().regex(/^\d{5,20}$/, 'expected a wa_id of digits'),
  profile: z.looseObject({ name: z.string().optional() }).optional(),
});

const messageBase = {
  from: z.string().regex(/^\d{5,20}$/, 'expected the sender number as digits'),
  id: z.string().min(1).max(256),
  timestamp: z.string().optional(),
};

const textMessage = z.looseObject({ ...messageBase, type: z.literal('text'), text: z.looseObject({ body: z.string() }) });

const interactiveMessage = z.looseObject({
  ...messageBase,
  type: z.literal('interactive'),
  interactive: z.union([
    z.looseObject({ type: z.literal('button_reply'), button_reply: z.looseObject({ id: z.string(), title: z.string() }) }),
    z.looseObject({
      type: z.literal('list_reply'),
      list_reply: z.looseObject({ id: z.string(), title: z.string(), description: z.string().optional() }),
    }),
    // nfm_reply (Flows) and whatever comes next: not ours to read, answered as unsupported.
    z.looseObject({ type: z.string() }),
  ]),
});

/** A template's quick-reply button arrives as type "button", with the button's text. */
const buttonMessage = z.looseObject({ ...messageBase, type: z.literal('button'), button: z.looseObject({ text: z.string() }) });

/** image, audio, video, document, sticker, location, contacts, reaction, unsupported, system… */
const otherMessage = z.looseObject({ ...messageBase, type: z.string() });

const messageSchema = z.union([textMessage, interactiveMessage, buttonMessage, otherMessage]);

const statusSchema = z.looseObject({
  id: z.string().min(1),
  status: z.string(),
  recipient_id: z.string().optional(),
  timestamp: z.string().optional(),
  errors: z.array(z.looseObject({ code: z.number().optional(), title: z.string().optional() })).optional(),
});

const valueSchema = z.looseObject({
  messaging_product: z.literal('whatsapp').optional(),
  metadata: z.looseObject({ phone_number_id: z.string().min(1), display_phone_number: z.string().optional() }),
  contacts: z.array(contactSchema).optional(),
  messages: z.array(messageSchema).optional(),
  statuses: z.array(statusSchema).optional(),
});

export const webhookSchema = z.looseObject({
  object: z.literal('whatsapp_business_account', { message: 'expected "whatsapp_business_account"' }),
  entry: z.array(
    z.looseObject({
      id: z.string(),
      changes: z.array(z.looseObject({ field: z.string(), value: z.unknown() })),
    }),
  ),
});

/** What a person said, in the one form the bot reads: the text, and where it came from. */
export interface InboundMessage {
  wamid: string;
  phoneNumberId: string;
  waId: string;
  name?: string;
  /** When the person sent it (Meta's timestamp), if Meta gave a valid one. */
  sentAt?: Date;
  kind: 'text' | 'button_reply' | 'list_reply' | 'template_button' | 'unsupported';
  /** The text typed, or the reply's id/title to map back; absent for unsupported types. */
  text?: string;
  replyId?: string;
  /** For unsupported messages, Meta's type ("image", "location"…). */
  messageType: string;
}

export interface StatusUpdate {
  wamid: string;
  phoneNumberId: string;
  status: 'sent' | 'delivered' | 'read' | 'failed' | 'other';
  recipientId?: string;
  at?: Date;
  errorCodes: number[];
}

export interface ParsedDelivery {
  messages: InboundMessage[];
  statuses: StatusUpdate[];
}

export class WebhookPayloadError extends Error {
  readonly code = 'WHATSAPP_PAYLOAD_INVALID';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
  }
}

/** Reads a whole delivery; a change of another field (account updates…) is skipped, a broken one refused. */
export function parseDelivery(json: unknown): ParsedDelivery {
  const envelope = webhookSchema.safeParse(json);
  if (!envelope.success) throw payloadError(envelope.error, []);
  const delivery: ParsedDelivery = { messages: [], statuses: [] };
  envelope.data.entry.forEach((entry, e) => {
    entry.changes.forEach((change, c) => {
      if (change.field !== 'messages') return;
      const value = valueSchema.safeParse(change.value);
      if (!value.success) throw payloadError(value.error, ['entry', e, 'changes', c, 'value']);
      const { metadata, contacts = [], messages = [], statuses = [] } = value.data;
      const names = new Map(contacts.map((contact) => [contact.wa_id, contact.profile?.name]));
      for (const message of messages) {
        delivery.messages.push(inboundMessage(message, metadata.phone_number_id, names.get(message.from)));
      }
      for (const status of statuses) {
        delivery.statuses.push({
          wamid: status.id,
          phoneNumberId: metadata.phone_number_id,
          status: (['sent', 'delivered', 'read', 'failed'] as const).find((s) => s === status.status) ?? 'other',
          recipientId: status.recipient_id,
          at: unixSeconds(status.timestamp),
          errorCodes: (status.errors ?? []).map((error) => error.code).filter((code): code is number => typeof code === 'number'),
        });
      }
    });
  });
  return delivery;
}

function inboundMessage(message: z.infer<typeof messageSchema>, phoneNumberId: string, name: string | undefined): InboundMessage {
  const base = {
    wamid: message.id,
    phoneNumberId,
    waId: message.from,
    name,
    sentAt: unixSeconds(message.timestamp),
    messageType: message.type,
  };
  const parsedText = textMessage.safeParse(message);
  if (parsedText.success) return { ...base, kind: 'text', text: parsedText.data.text.body };
  const interactive = interactiveMessage.safeParse(message);
  if (interactive.success) {
    const reply = interactive.data.interactive as Record<string, unknown> & { type: string };
    const body = reply[reply.type] as { id?: unknown; title?: unknown } | undefined;
    if ((reply.type === 'button_reply' || reply.type === 'list_reply') && typeof body?.id === 'string' && typeof body.title === 'string') {
      return { ...base, kind: reply.type, text: body.title, replyId: body.id };
    }
    return { ...base, kind: 'unsupported', messageType: `interactive:${reply.type}` };
  }
  const button = buttonMessage.safeParse(message);
  if (button.success) return { ...base, kind: 'template_button', text: button.data.button.text };
  return { ...base, kind: 'unsupported' };
}

function unixSeconds(value: string | undefined): Date | undefined {
  if (!value || !/^\d{9,11}$/.test(value)) return undefined;
  return new Date(Number(value) * 1000);
}

function payloadError(error: z.ZodError, prefix: ReadonlyArray<string | number>): WebhookPayloadError {
  const issue = error.issues[0]!;
  const field = [...prefix, ...issue.path].map(String).join('.') || '(body)';
  return new WebhookPayloadError(field, issue.message);
}
