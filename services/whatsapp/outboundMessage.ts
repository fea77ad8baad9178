import { z } from 'zod';

/**
 * What we send to `POST /{phone-number-id}/messages`, with Meta's documented limits in the schema: every
 * message is checked against it before it leaves, so a rendering bug is ours to see, not a 400 from Meta.
 */
export const LIMITS = {
  textBody: 4096,
  interactiveBody: 1024,
  buttons: 3,
  buttonTitle: 20,
  buttonId: 256,
  listButton: 20,
  listRows: 10,
  rowTitle: 24,
  rowId: 200,
  rowDescription: 72,
  templateParameter: 1024,
  caption: 1024,
  /** Meta's limit for a document upload. */
  documentBytes: 100 * 1024 * 1024,
} as const;

const envelope = {
  messaging_product: z.literal('whatsapp'),
  recipient_type: z.literal('individual'),
  to: z.string().regex(/^\d{5,20}$/),
};

const textMessageSchema = z.strictObject({
  ...envelope,
  type: z.literal('text'),
  text: z.strictObject({ body: z.string().min(1).max(LIMITS.textBody), preview_url: z.boolean() }),
});

const buttonsSchema = z.strictObject({
  type: z.literal('button'),
  body: z.strictObject({ text: z.string().min(1).max(LIMITS.interactiveBody) }),
  action: z.strictObject({
    buttons: z
      .array(
        z.strictObject({
          type: z.literal('reply'),
          reply: z.strictObject({ id: z.string().min(1).max(LIMITS.buttonId), title: z.string().min(1).max(LIMITS.buttonTitle) }),
        }),
      )
      .min(1)
      .max(LIMITS.buttons),
  }),
});

const listSchema = z.strictObject({
  type: z.literal('list'),
  body: z.strictObject({ text: z.string().min(1).max(LIMITS.interactiveBody) }),
  action: z.strictObject({
    button: z.string().min(1).max(LIMITS.listButton),
    sections: z
      .array(
        z.strictObject({
          rows: z
            .array(
              z.strictObject({
                id: z.string().min(1).max(LIMITS.rowId),
                title: z.string().min(1).max(LIMITS.rowTitle),
                description: z.string().min(1).max(LIMITS.rowDescription).optional(),
              }),
            )
            .min(1)
            .max(LIMITS.listRows),
        }),
      )
      .length(1),
  }),
});

const interactiveMessageSchema = z.strictObject({
  ...envelope,
  type: z.literal('interactive'),
  interactive: z.union([buttonsSchema, listSchema]),
});

const documentMessageSchema = z.strictObject({
  ...envelope,
  type: z.literal('document'),
  document: z.union([
    z.strictObject({
      id: z.string().min(1),
      filename: z.string().min(1).max(240),
      caption: z.string().min(1).max(LIMITS.caption).optional(),
    }),
    z.strictObject({ link: z.url(), filename: z.string().min(1).max(240), caption: z.string().min(1).max(LIMITS.caption).optional() }),
  ]),
});

const templateParameter = z.strictObject({ type: z.literal('text'), text: z.string().min(1).max(LIMITS.templateParameter) });

const templateMessageSchema = z.strictObject({
  ...envelope,
  type: z.literal('template'),
  template: z.strictObject({
    name: z.string().regex(/^[a-z0-9_]{1,512}$/, 'expected a template name of lowercase letters, digits and _'),
    language: z.strictObject({ code: z.string().min(2).max(15) }),
    components: z
      .array(
        z.union([
          z.strictObject({ type: z.literal('body'), parameters: z.array(templateParameter).min(1) }),
          // An authentication template's copy-code button carries the code again, as a URL button parameter.
          z.strictObject({
            type: z.literal('button'),
            sub_type: z.literal('url'),
            index: z.literal('0'),
            parameters: z.array(templateParameter).length(1),
          }),
        ]),
      )
      .optional(),
  }),
});

export const outboundMessageSchema = z.discriminatedUnion('type', [
  textMessageSchema,
  interactiveMessageSchema,
  documentMessageSchema,
  templateMessageSchema,
]);

export type OutboundMessage = z.infer<typeof outboundMessageSchema>;

export class OutboundMessageInvalid extends Error {
  readonly code = 'WHATSAPP_OUTBOUND_INVALID';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`outbound WhatsApp message breaks Meta's limits at ${field}: ${message}`);
  }
}

/** Throws naming the field when a message would break Meta's limits. */
export function checkedMessage(message: OutboundMessage): OutboundMessage {
  const result = outboundMessageSchema.safeParse(message);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  throw new OutboundMessageInvalid(issue.path.join('.'), issue.message);
}
