import type { OneTimeCodeSender } from '../identity/oneTimeCode';
import type { GraphClient } from './graphClient';
import { checkedMessage } from './outboundMessage';
import type { Language } from '../language/language';

/**
 * One-time codes as a WhatsApp authentication template (Meta's copy-code kind: the code is the body's one
 * parameter and again the button's). Templates may be sent outside the 24-hour window. A code is never
 * queued for later: a late code is a useless one, so a failure rejects and the flow says so.
 */
export class WhatsAppOneTimeCodeSender implements OneTimeCodeSender {
  readonly channel = 'whatsapp' as const;

  constructor(
    private readonly graph: GraphClient,
    private readonly template: { name: string; languageCodes: Record<Language, string> },
  ) {
    if (!template.name)
      throw new Error('WhatsAppOneTimeCodeSender needs the authentication template name (WHATSAPP_TEMPLATE_ONE_TIME_CODE)');
  }

  async send(input: { phoneE164: string; code: string; language: Language }): Promise<void> {
    const to = input.phoneE164.replace(/^\+/, '');
    if (!/^\d{5,20}$/.test(to)) throw new Error('expected an E.164 phone number');
    const parameter = [{ type: 'text' as const, text: input.code }];
    await this.graph.send(
      checkedMessage({
        messaging_product: 'whatsapp',
        recipient_type: 'individual',
        to,
        type: 'template',
        template: {
          name: this.template.name,
          language: { code: this.template.languageCodes[input.language] },
          components: [
            { type: 'body', parameters: parameter },
            { type: 'button', sub_type: 'url', index: '0', parameters: parameter },
          ],
        },
      }),
    );
  }
}
