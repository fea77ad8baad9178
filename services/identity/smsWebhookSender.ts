import { z } from 'zod';
import type { OneTimeCodeSender } from './oneTimeCode';
import type { Language } from '../language/language';

const TEXTS = {
  es: (code: string) => `Tu código de verificación es ${code}. Caduca en 10 minutos. Si no lo has pedido, ignora este mensaje.`,
  en: (code: string) => `Your verification code is ${code}. It expires in 10 minutes. If you did not ask for it, ignore this message.`,
};

export const smsWebhookSettingsSchema = z.strictObject({
  url: z.url(),
  token: z.string().min(1),
  timeoutMs: z.number().int().positive().default(10_000),
});

/**
 * The pluggable SMS door: one JSON POST `{to, text}` with a bearer token to a gateway of the operator's
 * choosing (their SMS provider, or a small relay in front of it). Anything but a 2xx is a failure.
 */
export class SmsWebhookSender implements OneTimeCodeSender {
  readonly channel = 'sms' as const;
  private readonly settings: z.output<typeof smsWebhookSettingsSchema>;

  constructor(settings: z.input<typeof smsWebhookSettingsSchema>) {
    this.settings = smsWebhookSettingsSchema.parse(settings);
  }

  async send(input: { phoneE164: string; code: string; language: Language }): Promise<void> {
    const response = await fetch(this.settings.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${this.settings.token}` },
      body: JSON.stringify({ to: input.phoneE164, text: TEXTS[input.language](input.code) }),
      signal: AbortSignal.timeout(this.settings.timeoutMs),
    });
    if (!response.ok) throw new Error(`the SMS gateway answered ${response.status}`);
  }
}
