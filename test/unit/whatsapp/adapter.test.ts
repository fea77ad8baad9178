import type { TurnContext } from 'botbuilder';
import { channelAccountOf, vouchedBy } from '../../../bot/identity/channelAccount';
import { conversationIdFor } from '../../../bot/whatsapp/activity';
import { WhatsAppAdapter } from '../../../bot/whatsapp/whatsAppAdapter';
import type { PendingInboxItem } from '../../../services/whatsapp/inbox';
import type { WhatsAppSender } from '../../../services/whatsapp/sender';

const item = (overrides: Partial<PendingInboxItem> = {}): PendingInboxItem => ({
  _id: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRB',
  status: 'pending',
  receivedAt: new Date('2026-11-24T08:15:01Z'),
  seq: 0,
  phoneNumberId: '106540352242922',
  waId: '34612345678',
  name: 'Ana García',
  sentAt: new Date('2026-11-24T08:15:00Z'),
  kind: 'text',
  messageType: 'text',
  text: 'hola',
  ...overrides,
});

describe('the WhatsApp adapter’s inbound door', () => {
  // This door sends nothing: no sender is needed to see what the bot is handed.
  const adapter = new WhatsAppAdapter({} as WhatsAppSender, 'https://graph.example');
  const seen: string[] = [];
  adapter.use({
    onTurn: async (_context, next) => {
      seen.push('middleware');
      await next();
    },
  });

  // The context is revoked after the turn: read what the bot saw during it.
  const turn = async (input: PendingInboxItem) => {
    let seenByBot: { activity: TurnContext['activity']; vouchedBy: unknown; account: unknown } | undefined;
    await adapter.processInbound(input, 'es', (context) => {
      seenByBot = { activity: { ...context.activity }, vouchedBy: vouchedBy(context), account: channelAccountOf(context) };
      return Promise.resolve();
    });
    return seenByBot!;
  };

  it('hands the bot an Activity the channel vouches for, through the turn middleware', async () => {
    seen.length = 0;
    const context = await turn(item());
    expect(seen).toEqual(['middleware']);
    expect(context.vouchedBy).toBe('whatsapp_signature');
    expect(context.account).toEqual({ channelId: 'whatsapp', accountId: '34612345678', vouched: true });
    expect(context.activity).toMatchObject({
      type: 'message',
      id: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRB',
      channelId: 'whatsapp',
      text: 'hola',
      from: { id: '34612345678', name: 'Ana García' },
      recipient: { id: '106540352242922' },
      conversation: { id: conversationIdFor('106540352242922', '34612345678'), isGroup: false },
      timestamp: new Date('2026-11-24T08:15:00Z'),
    });
    expect(context.activity.locale).toBeUndefined();
  });

  it('names the conversation by business number and person, without the number in clear', () => {
    const id = conversationIdFor('106540352242922', '34612345678');
    expect(id).toMatch(/^wa\.[0-9a-f]{32}$/);
    expect(id).not.toContain('34612345678');
    expect(conversationIdFor('999', '34612345678')).not.toBe(id);
  });

  it('turns a tapped row back into the full choice it stands for', async () => {
    const context = await turn(item({ kind: 'list_reply', text: 'Wednesday 25 November…', replyId: 'c:Wednesday 25 November, 16:30' }));
    expect(context.activity.text).toBe('Wednesday 25 November, 16:30');
  });

  it('runs a proactive turn from a stored reference, also through the middleware', async () => {
    seen.length = 0;
    let activity: TurnContext['activity'] | undefined;
    await adapter.continueConversation(adapter.referenceFor('106540352242922', '34612345678'), (context) => {
      activity = { ...context.activity };
      return Promise.resolve();
    });
    expect(seen).toEqual(['middleware']);
    expect(activity).toMatchObject({ type: 'event', name: 'continueConversation', channelId: 'whatsapp', from: { id: '34612345678' } });
  });
});
