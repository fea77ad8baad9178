import type { Language } from '../language/language';
/**
 * Delivers a one-time code to a phone number over a channel that reaches that number (a WhatsApp
 * authentication template, an SMS gateway). The code proves the number only because it travels there.
 */
export interface OneTimeCodeSender {
  /** Which channel the code travels on, told to the person ("te lo he enviado por WhatsApp"). */
  readonly channel: 'whatsapp' | 'sms';
  /** Resolves once the channel accepted the message; rejects when it could not be sent. */
  send(input: { phoneE164: string; code: string; language: Language }): Promise<void>;
}
