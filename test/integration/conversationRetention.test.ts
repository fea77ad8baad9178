import type { RunningApp } from '../../bot/app';
import { ConversationRetentionJob } from '../../bot/jobs/conversationRetentionJob';
import { createLogger } from '../../services/observability/logger';
import { conversationWith, startTestApp } from '../support/app';
import { uniqueDatabaseName } from '../support/database';

const NOW = new Date('2026-11-24T08:15:00Z');
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 86_400_000);
const silent = createLogger({ level: 'silent', logMessageText: false });

describe('the state of idle conversations is deleted after the retention', () => {
  let app: RunningApp;

  beforeAll(async () => {
    app = await startTestApp(uniqueDatabaseName('retention'), {}, () => NOW);
  });
  afterAll(async () => {
    await app.database.db.dropDatabase();
    await app.close();
  });

  it("deletes conversations untouched for longer than the retention, and never a user's state", async () => {
    const states = app.database.botState;
    const state = (updatedAt: Date) => ({ state: '{}', eTag: 'e', updatedAt });
    await states.insertMany([
      { _id: 'webchat/conversations/old-1/', ...state(daysAgo(31)) },
      { _id: 'msteams/conversations/19:old@thread.v2/', ...state(daysAgo(400)) },
      { _id: 'whatsapp/conversations/34612345678/', ...state(daysAgo(29)) },
      { _id: 'webchat/users/old-user/', ...state(daysAgo(400)) },
    ]);
    await new ConversationRetentionJob(states, 30, () => NOW, silent).runOnce();
    const left = (
      await states
        .find({
          _id: {
            $in: [
              'webchat/conversations/old-1/',
              'msteams/conversations/19:old@thread.v2/',
              'whatsapp/conversations/34612345678/',
              'webchat/users/old-user/',
            ],
          },
        })
        .toArray()
    ).map((d) => d._id);
    expect(left.sort()).toEqual(['webchat/users/old-user/', 'whatsapp/conversations/34612345678/']);
  });

  it('sweeps on its own once started, and stops', async () => {
    await app.database.botState.insertOne({ _id: 'webchat/conversations/timer/', state: '{}', eTag: 'e', updatedAt: daysAgo(90) });
    const job = new ConversationRetentionJob(app.database.botState, 30, () => NOW, silent, 10, 10);
    job.start();
    for (
      let waited = 0;
      waited < 2_000 && (await app.database.botState.countDocuments({ _id: 'webchat/conversations/timer/' })) > 0;
      waited += 20
    ) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await job.stop();
    expect(await app.database.botState.countDocuments({ _id: 'webchat/conversations/timer/' })).toBe(0);
  });

  it('keeps everything with a retention of 0', async () => {
    await app.database.botState.insertOne({ _id: 'webchat/conversations/kept/', state: '{}', eTag: 'e', updatedAt: daysAgo(4000) });
    const job = new ConversationRetentionJob(app.database.botState, 0, () => NOW, silent, 10, 10);
    job.start();
    await new Promise((resolve) => setTimeout(resolve, 50));
    await job.stop();
    expect(await app.database.botState.countDocuments({ _id: 'webchat/conversations/kept/' })).toBe(1);
  });

  it('a person whose conversation was forgotten starts a fresh dialog and is still who they were', async () => {
    await conversationWith(app.url, { userId: 'comes-back', locale: 'es-ES', conversationId: 'first-visit' })('hola');
    // A second conversation, left a month and more ago in the middle of a question.
    const key = 'webchat/conversations/second-visit/';
    const stale = { flags: { greeted: true }, dialogState: { dialogStack: [{ id: 'main', state: {} }] } };
    await app.database.botState.insertOne({ _id: key, state: JSON.stringify(stale), eTag: 'old', updatedAt: daysAgo(31) });
    await new ConversationRetentionJob(app.database.botState, 30, () => NOW, silent).runOnce();
    expect(await app.database.botState.countDocuments({ _id: key })).toBe(0);
    expect(await app.database.botState.countDocuments({ _id: 'webchat/users/comes-back/' })).toBe(1);

    const back = await conversationWith(app.url, { userId: 'comes-back', locale: 'es-ES', conversationId: 'second-visit' })('hola');
    // Known from before: greeted as someone who came back, not as a stranger.
    expect(back.map((r) => r.text).join(' ')).toMatch(/^¡Hola de nuevo!/);
    expect(await app.database.botState.countDocuments({ _id: key })).toBe(1);
  });
});
