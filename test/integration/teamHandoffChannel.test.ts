import type { RunningApp } from '../../bot/app';
import { defaultRuleSet } from '../../services/availability/defaultRuleSet';
import { parseRuleSet } from '../../services/availability/ruleSet';
import { RuleSetStore } from '../../services/availability/ruleSetStore';
import { TeamStore } from '../../services/teams/teamStore';
import { messageActivity, postActivity, startTestApp } from '../support/app';
import { type CapturingConnector, startCapturingConnector } from '../support/botConnector';
import { uniqueDatabaseName } from '../support/database';

const NOW = new Date('2026-11-24T08:15:00Z');
const INSTALLATION = '19:agents-callbacks@thread.tacv2';
const LAS_PALMAS = '19:las-palmas-callbacks@thread.tacv2';

async function waitFor<T>(find: () => T | undefined, what: string): Promise<T> {
  for (let i = 0; i < 100; i++) {
    const found = find();
    if (found) return found;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('Teams: a callback’s handoff card goes to its team’s agents’ conversation, else the installation’s', () => {
  let app: RunningApp;
  let connector: CapturingConnector;

  beforeAll(async () => {
    connector = await startCapturingConnector();
    app = await startTestApp(uniqueDatabaseName('team_cards'), { TEAMS_AGENTS_CONVERSATION_ID: INSTALLATION }, () => NOW);
    await new RuleSetStore(app.database.ruleSetVersions).save(
      parseRuleSet({ ...defaultRuleSet('las-palmas'), name: 'Las Palmas' }),
      'test',
    );
    await new TeamStore(app.database.collection('teamVersions')).save(
      'las-palmas',
      { name: 'Las Palmas', languages: ['es'], teamsConversationId: LAS_PALMAS, entryPoints: { webChat: ['canarias'] } },
      'test',
    );
  });
  afterAll(async () => {
    await app.database.db.dropDatabase();
    await app.close();
    await connector.close();
  });

  const agentsSay = (conversationId: string, text: string) =>
    postActivity(app.url, {
      type: 'message',
      id: `m-${Math.random().toString(36).slice(2)}`,
      channelId: 'msteams',
      serviceUrl: connector.url,
      from: { id: '29:megan', name: 'Megan Bowen', aadObjectId: '7faf8ab2-3d56-4244-b585-20c8a42ed2b8' },
      recipient: { id: '28:bot', name: 'Callbacks' },
      conversation: { id: conversationId, conversationType: 'channel', isGroup: true },
      channelData: { tenant: { id: 't1' }, channel: { id: conversationId } },
      locale: 'es-ES',
      text,
    });

  /** A prospect books on Web Chat, on a page that names `entryTeam` (or none). */
  async function book(userId: string, phone: string, entryTeam?: string) {
    for (const text of ['hola', phone, 'sí', 'Península y Baleares', 'mañana por la tarde', 'la segunda']) {
      const activity = messageActivity({ text, locale: 'es-ES', userId, channelId: 'webchat', conversationId: `conv-${userId}` });
      const { status } = await postActivity(app.url, { ...activity, ...(entryTeam ? { channelData: { entryTeam } } : {}) });
      expect(status).toBe(200);
    }
  }

  const cardsTo = (conversationId: string) =>
    connector.posted.filter(
      (post) =>
        post.url.startsWith(`/v3/conversations/${encodeURIComponent(conversationId)}/activities`) &&
        post.body.attachments?.[0]?.contentType === 'application/vnd.microsoft.card.adaptive',
    );

  it('each team’s agents get their own callbacks’ cards, and what they say there is not a prospect’s conversation', async () => {
    // The bot learns where each agents' conversation is from the first thing posted there, and greets as in any.
    await agentsSay(INSTALLATION, '<at>Callbacks</at> hola');
    await agentsSay(LAS_PALMAS, '<at>Callbacks</at> hola');
    await waitFor(
      () => connector.posted.find((p) => p.url.includes(encodeURIComponent(LAS_PALMAS)) && /Aquí recibiréis/.test(p.body.text ?? '')),
      'the greeting in Las Palmas’ conversation',
    );
    expect(await app.database.db.collection('transcripts').countDocuments({ conversationId: LAS_PALMAS })).toBe(0);

    await book('canaria', '612 550 501', 'canarias');
    const lasPalmasCard = await waitFor(() => cardsTo(LAS_PALMAS)[0], 'the card in Las Palmas’ conversation');
    expect(JSON.stringify(lasPalmasCard.body)).toMatch(/\+34612550501/);
    expect(cardsTo(INSTALLATION)).toEqual([]);

    await book('madrileña', '612 550 502');
    const defaultCard = await waitFor(() => cardsTo(INSTALLATION)[0], 'the card in the installation’s conversation');
    expect(JSON.stringify(defaultCard.body)).toMatch(/\+34612550502/);
    expect(cardsTo(LAS_PALMAS)).toHaveLength(1);
  });
});
