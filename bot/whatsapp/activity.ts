import { createHash } from 'node:crypto';
import { Activity, ActivityTypes, ConversationReference } from 'botbuilder';
import { choiceFromReply } from '../../services/whatsapp/compose';
import type { PendingInboxItem } from '../../services/whatsapp/inbox';

export const WHATSAPP_CHANNEL_ID = 'whatsapp';

/**
 * One conversation per business number and person. Its id is a hash, not the number: conversation ids
 * are logged with every turn, numbers never are.
 */
export function conversationIdFor(phoneNumberId: string, waId: string): string {
  return `wa.${createHash('sha256').update(`${phoneNumberId}:${waId}`).digest('hex').slice(0, 32)}`;
}

export function conversationReferenceFor(phoneNumberId: string, waId: string, serviceUrl: string): Partial<ConversationReference> {
  return {
    channelId: WHATSAPP_CHANNEL_ID,
    serviceUrl,
    user: { id: waId, name: '', role: 'user' },
    bot: { id: phoneNumberId, name: '', role: 'bot' },
    conversation: { id: conversationIdFor(phoneNumberId, waId), isGroup: false, conversationType: 'personal', name: '' },
  };
}

/**
 * An inbound message as the Activity the bot reads. A tapped button or list row is the text it stands
 * for (the full choice, even where the row showed it shortened), so tapping and typing are one path.
 * No locale: WhatsApp tells us none, and the dialogs choose the language from what the person writes.
 */
export function activityFrom(item: PendingInboxItem, serviceUrl: string): Partial<Activity> {
  const reference = conversationReferenceFor(item.phoneNumberId, item.waId, serviceUrl);
  const text = item.kind === 'button_reply' || item.kind === 'list_reply' ? choiceFromReply(item.replyId, item.text) : item.text;
  return {
    type: ActivityTypes.Message,
    id: item._id,
    timestamp: item.sentAt ?? item.receivedAt,
    channelId: WHATSAPP_CHANNEL_ID,
    serviceUrl,
    from: { id: item.waId, name: item.name ?? '', role: 'user' },
    recipient: reference.bot,
    conversation: reference.conversation,
    text: text ?? '',
    textFormat: 'plain',
    channelData: { whatsapp: { messageType: item.messageType, kind: item.kind } },
  };
}
