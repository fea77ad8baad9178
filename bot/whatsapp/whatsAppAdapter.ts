import { Activity, ActivityTypes, Attachment, BotAdapter, ConversationReference, ResourceResponse, TurnContext } from 'botbuilder';
import { detectLanguage } from '../../dialogs/i18n/language';
import type { Language } from '../../services/language/language';
import { composeMessages } from '../../services/whatsapp/compose';
import { checkedMessage, LIMITS, OutboundMessage } from '../../services/whatsapp/outboundMessage';
import type { PendingInboxItem } from '../../services/whatsapp/inbox';
import type { TemplatePurpose } from '../../services/whatsapp/outbox';
import type { WhatsAppSender } from '../../services/whatsapp/sender';
import { markChannelVouched } from '../identity/channelAccount';
import { activityFrom, conversationReferenceFor } from './activity';
import { WHATSAPP_WORDING } from './wording';

const TURN_LANGUAGE = Symbol('whatsapp.turnLanguage');
const TEMPLATE_PURPOSES: readonly TemplatePurpose[] = ['reminder', 'apology', 'follow_up'];
const MAX_DELAY_MS = 5_000;

/**
 * WhatsApp (Meta Cloud API) as a Bot Framework channel, so the dialogs are the same on every channel. Three
 * doors: `processInbound` runs a recorded, signature-checked message as an Activity through the bot;
 * `sendActivities` turns the bot's Activities into Graph API messages (buttons or a list for suggested
 * actions, a template outside the 24-hour window); `continueConversation` serves proactive messages.
 */
export class WhatsAppAdapter extends BotAdapter {
  constructor(
    private readonly sender: WhatsAppSender,
    private readonly serviceUrl: string,
  ) {
    super();
  }

  /** One inbound message; the webhook checked Meta's signature before recording it, so the channel vouches. */
  async processInbound(item: PendingInboxItem, language: Language, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    const context = new TurnContext(this, activityFrom(item, this.serviceUrl));
    markChannelVouched(context, 'whatsapp_signature');
    context.turnState.set(TURN_LANGUAGE, language);
    await this.runMiddleware(context, logic);
  }

  async sendActivities(context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    const responses: ResourceResponse[] = [];
    for (const activity of activities) {
      if (activity.type === 'delay') {
        await new Promise((resolve) => setTimeout(resolve, Math.min(Number(activity.value) || 0, MAX_DELAY_MS)));
        responses.push({ id: '' });
        continue;
      }
      if (activity.type !== ActivityTypes.Message) {
        // Typing indicators and traces have no WhatsApp counterpart worth a Graph API call.
        responses.push({ id: '' });
        continue;
      }
      const to = activity.recipient?.id ?? context.activity.from?.id;
      if (!to) throw new Error('a WhatsApp message needs a recipient (the wa_id)');
      // From the business number the person wrote to (the turn's recipient: ours, from the webhook or a stored reference).
      const from = context.activity.recipient?.id || undefined;
      const text = activity.text ?? '';
      const language = detectLanguage(text) ?? context.turnState.get<Language | undefined>(TURN_LANGUAGE) ?? 'es';
      const choices = (activity.suggestedActions?.actions ?? []).map((action) =>
        typeof action.value === 'string' && action.value ? action.value : action.title,
      );
      const messages = [
        ...composeMessages({ to, text, choices, wording: WHATSAPP_WORDING[language] }),
        ...(await this.documentsFor(to, activity.attachments ?? [], from)),
      ];
      if (messages.length === 0) {
        responses.push({ id: '' });
        continue;
      }
      const outcomes = await this.sender.deliver({
        to,
        ...(from ? { from } : {}),
        messages,
        purpose: templatePurposeOf(activity),
        language,
        repliesToSentAt: inboundSentAt(context),
      });
      const sent = outcomes.find((outcome) => outcome.outcome === 'sent');
      responses.push({ id: sent && 'messageId' in sent ? sent.messageId : '' });
    }
    return responses;
  }

  /**
   * Files as document messages: an inline file (a data: URL, like the data export) is uploaded first, a
   * public URL is passed as a link. Cards are the other channels' rendering of what the text already says.
   */
  private async documentsFor(to: string, attachments: Attachment[], from: string | undefined): Promise<OutboundMessage[]> {
    const documents: OutboundMessage[] = [];
    for (const attachment of attachments) {
      const url = attachment.contentUrl ?? '';
      const filename = attachment.name || 'file';
      const inline = /^data:([^;,]+)?(;base64)?,(.*)$/s.exec(url);
      let document: { id: string; filename: string } | { link: string; filename: string } | undefined;
      if (inline) {
        const bytes = inline[2] ? Buffer.from(inline[3]!, 'base64') : Buffer.from(decodeURIComponent(inline[3]!));
        if (bytes.length === 0 || bytes.length > LIMITS.documentBytes) continue;
        document = {
          id: await this.sender.uploadDocument(bytes, documentMimeType(inline[1] ?? attachment.contentType), filename, from),
          filename,
        };
      } else if (/^https:\/\//.test(url)) {
        document = { link: url, filename };
      }
      if (document)
        documents.push(checkedMessage({ messaging_product: 'whatsapp', recipient_type: 'individual', to, type: 'document', document }));
    }
    return documents;
  }

  updateActivity(): Promise<void> {
    return Promise.reject(new Error('WhatsApp cannot edit a message once sent'));
  }

  deleteActivity(): Promise<void> {
    return Promise.reject(new Error('WhatsApp cannot delete a message once sent'));
  }

  /** A proactive turn (reminders, apologies) from a stored reference, or from a business number and wa_id. */
  async continueConversation(reference: Partial<ConversationReference>, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    const event = TurnContext.applyConversationReference(
      { type: ActivityTypes.Event, name: 'continueConversation' },
      { ...reference, channelId: reference.channelId ?? 'whatsapp', serviceUrl: reference.serviceUrl ?? this.serviceUrl },
      true,
    );
    await this.runMiddleware(new TurnContext(this, event), logic);
  }

  /** The reference a job stores to write to this person later. */
  referenceFor(phoneNumberId: string, waId: string): Partial<ConversationReference> {
    return conversationReferenceFor(phoneNumberId, waId, this.serviceUrl);
  }
}

// Meta accepts documents of a few types only (text, PDF, office files): JSON and CSV travel as plain text.
const DOCUMENT_TYPES = new Set([
  'text/plain',
  'application/pdf',
  'application/msword',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.ms-excel',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
]);

function documentMimeType(type: string | undefined): string {
  return type && DOCUMENT_TYPES.has(type) ? type : 'text/plain';
}

/** A turn started by the person's own message answers it: the window is open from when they sent it. */
function inboundSentAt(context: TurnContext): Date | undefined {
  const { type, channelId, timestamp } = context.activity;
  if (type !== String(ActivityTypes.Message) || channelId !== 'whatsapp' || !timestamp) return undefined;
  const at = new Date(timestamp);
  return Number.isNaN(at.getTime()) ? undefined : at;
}

/** A proactive message names its template purpose in channelData (`{ whatsappTemplate: "reminder" }`). */
function templatePurposeOf(activity: Partial<Activity>): TemplatePurpose {
  const named = (activity.channelData as { whatsappTemplate?: unknown } | undefined)?.whatsappTemplate;
  return TEMPLATE_PURPOSES.find((purpose) => purpose === named) ?? 'follow_up';
}
