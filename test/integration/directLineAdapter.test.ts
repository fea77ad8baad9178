import type { Middleware, TurnContext } from 'botbuilder';
import { DirectLineActivityStore } from '../../bot/directline/activityStore';
import { DIRECTLINE_CHANNEL_ID, DirectLineAdapter, LOCAL_DIRECTLINE_SERVICE_URL } from '../../bot/directline/adapter';
import { vouchedBy } from '../../bot/identity/channelAccount';
import { openTestDatabase, TestDatabase } from '../support/database';

const NOW = new Date('2026-11-24T08:15:00Z');
let database: TestDatabase;
let store: DirectLineActivityStore;

beforeAll(async () => {
  database = await openTestDatabase('dladapter');
  store = new DirectLineActivityStore(
    database.collection('directlineConversations'),
    database.collection('directlineActivities'),
    () => NOW,
  );
});
afterAll(() => database?.dispose());

function activity(conversationId: string, userId: string) {
  return {
    type: 'message',
    id: `${conversationId}|0000001`,
    text: 'hola',
    channelId: DIRECTLINE_CHANNEL_ID,
    serviceUrl: LOCAL_DIRECTLINE_SERVICE_URL,
    from: { id: userId, name: '', role: 'user' },
    recipient: { id: 'callback-bot', name: 'Callback bot' },
    conversation: { id: conversationId, isGroup: false, conversationType: 'personal', name: '' },
  };
}

describe('DirectLineAdapter', () => {
  it('runs the shared middleware, vouches for the token holder only, and writes replies and proactive messages into the store', async () => {
    const seen: Array<{ type: string; vouched: string | null }> = [];
    const spy: Middleware = {
      onTurn: async (context: TurnContext, next) => {
        seen.push({ type: context.activity.type, vouched: vouchedBy(context) });
        await next();
      },
    };
    const adapter = new DirectLineAdapter(store, [spy], (_context, error) => {
      throw error;
    });
    await store.startConversation('conversation-aaaaaaaaaaaa', 'dl_useraaaaaaaaaaaaaaaa');

    await adapter.processActivity(activity('conversation-aaaaaaaaaaaa', 'dl_useraaaaaaaaaaaaaaaa'), async (context) => {
      await context.sendActivity('¿A qué número te llamamos?');
    });
    await adapter.continueConversation(
      {
        channelId: DIRECTLINE_CHANNEL_ID,
        serviceUrl: LOCAL_DIRECTLINE_SERVICE_URL,
        conversation: { id: 'conversation-aaaaaaaaaaaa', isGroup: false, conversationType: 'personal', name: '' },
        user: { id: 'dl_useraaaaaaaaaaaaaaaa', name: '' },
        bot: { id: 'callback-bot', name: 'Callback bot' },
      },
      async (context) => {
        await context.sendActivity('Te llamamos mañana.');
      },
    );

    expect(seen).toEqual([
      { type: 'message', vouched: 'directline_token' },
      { type: 'event', vouched: null },
    ]);
    const { activities } = await store.after('conversation-aaaaaaaaaaaa', undefined);
    expect(activities.map((a) => [a.text, a.replyToId])).toEqual([
      ['¿A qué número te llamamos?', 'conversation-aaaaaaaaaaaa|0000001'],
      ['Te llamamos mañana.', expect.any(String)],
    ]);
    expect(activities[0]).toMatchObject({ id: 'conversation-aaaaaaaaaaaa|0000001', from: { id: 'callback-bot' } });

    expect(await store.eraseUser('dl_useraaaaaaaaaaaaaaaa')).toBe(2);
    expect(await store.conversation('conversation-aaaaaaaaaaaa')).toBeNull();
    expect((await store.after('conversation-aaaaaaaaaaaa', undefined)).activities).toEqual([]);
  });

  it('gives each of many concurrent appends its own watermark, with none skipped', async () => {
    await store.startConversation('conversation-bbbbbbbbbbbb', 'dl_userbbbbbbbbbbbbbbbb');
    // Two stores: two replicas, each with its own in-process hint.
    const replica = new DirectLineActivityStore(
      database.collection('directlineConversations'),
      database.collection('directlineActivities'),
      () => NOW,
    );
    const appended = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        (i % 2 ? store : replica).append('conversation-bbbbbbbbbbbb', {
          type: 'message',
          text: `m${i}`,
          from: { id: 'dl_userbbbbbbbbbbbbbbbb' },
        }),
      ),
    );
    const ids = appended.map((a) => a.id).sort();
    expect(new Set(ids).size).toBe(30);
    expect(ids.at(-1)).toBe('conversation-bbbbbbbbbbbb|0000030');
    const { activities, watermark } = await store.after('conversation-bbbbbbbbbbbb', undefined);
    expect(activities).toHaveLength(30);
    expect(watermark).toBe('30');
  });
});
