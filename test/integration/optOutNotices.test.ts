import { type CapturingConnector, startCapturingConnector } from '../support/botConnector';
import type { RunningApp } from '../../bot/app';
import { OptOutNotices } from '../../services/dataRights/optOutNotices';
import { PeopleStore } from '../../services/people/peopleStore';
import { ClaimLedger } from '../../services/store/leasedClaims';
import { conversationWith, postActivity, startTestApp } from '../support/app';
import { uniqueDatabaseName } from '../support/database';

const NOW = new Date('2026-11-24T08:15:00Z');

let connector: CapturingConnector;
let connectorUrl: string;
let posted: CapturingConnector['posted'];
let app: RunningApp;
let people: PeopleStore;
let notices: OptOutNotices;

beforeAll(async () => {
  connector = await startCapturingConnector();
  connectorUrl = connector.url;
  posted = connector.posted;
  app = await startTestApp(uniqueDatabaseName('optoutnotices'), {}, () => NOW);
  people = new PeopleStore(app.database.collection('people'), app.database.collection('channelAccounts'), () => NOW);
  notices = new OptOutNotices(app.database.collection('optOutNotices'), people, () => NOW);
});
afterAll(async () => {
  await app?.database.db.dropDatabase();
  await app?.close();
  await connector?.close();
});
beforeEach(() => {
  posted.length = 0;
  connector.failNext(0);
});

/** A person on Teams: writes once (so the bot stores where to reach them), and their account proved the number. */
async function onTeams(userId: string, phoneE164: string): Promise<string> {
  const { status } = await postActivity(app.url, {
    type: 'message',
    id: `teams-${userId}`,
    channelId: 'msteams',
    serviceUrl: connectorUrl,
    from: { id: userId, name: 'Ana' },
    recipient: { id: '28:bot', name: 'Callback bot' },
    conversation: { id: `a:${userId}`, conversationType: 'personal' },
    text: 'hola',
    locale: 'es-ES',
  });
  expect(status).toBe(200);
  posted.length = 0; // its greeting
  return verifiedPerson('msteams', userId, phoneE164);
}

/** The link a one-time code leaves (the code itself is tested in identity.test.ts). */
async function verifiedPerson(channelId: string, accountId: string, phoneE164: string): Promise<string> {
  const person = await people.findOrCreateByPhone(phoneE164, {
    provenance: { source: 'bot', campaign: null, collectedAt: NOW, detail: null },
    language: 'es',
  });
  await people.linkChannelAccount(channelId, accountId, person._id, 'verified', 'one_time_code');
  return person._id;
}

const noticeOf = (personId: string) => app.database.collection('optOutNotices').findOne({ personId });
const someoneElse = { channelId: 'webchat', accountId: 'mallory', vouched: false };

describe('opt-out notices reach verified Teams and Web Chat accounts, or say why not', () => {
  it('tells the person on Teams, through the Bot Connector, after a claimed identity opted their number out', async () => {
    const personId = await onTeams('29:ana-teams', '+34612345690');
    // Mallory types Ana's number on Web Chat and stops all calls to it: honoured, and Ana is told.
    const mallory = conversationWith(app.url, { userId: 'mallory-1', locale: 'es-ES' });
    await mallory('hola');
    await mallory('612 345 690');
    expect((await mallory('baja')).map((r) => r.text).join('\n')).toMatch(/^Hecho: no llamaremos a ese número/);
    expect(await noticeOf(personId)).toMatchObject({ channelId: 'msteams', accountId: '29:ana-teams', status: 'pending' });

    await app.jobs.optOutNotices.runOnce();
    expect(posted).toEqual([
      {
        url: expect.stringMatching(/^\/v3\/conversations\/a%3A29%3Aana-teams\/activities/),
        body: expect.objectContaining({ text: expect.stringMatching(/^Alguien nos ha pedido desde otro canal .* responde DESHACER\.$/) }),
      },
    ]);
    expect(await noticeOf(personId)).toMatchObject({ status: 'sent', sentAt: NOW });
    // Never twice.
    await app.jobs.optOutNotices.runOnce();
    expect(posted).toHaveLength(1);
  });

  it('writes it into the local Direct Line conversation a Web Chat person last used', async () => {
    const dl = (path: string) => `${app.url}/v3/directline${path}`;
    const call = async (method: string, url: string, token?: string, body?: unknown) => {
      const response = await fetch(url, {
        method,
        headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      return (await response.json()) as Record<string, any>;
    };
    const { token, conversationId } = await call('POST', dl('/tokens/generate'), undefined, { locale: 'es-ES' });
    await call('POST', dl('/conversations'), token);
    await call('POST', dl(`/conversations/${conversationId}/activities`), token, { type: 'message', text: 'hola', locale: 'es-ES' });
    const before = await call('GET', dl(`/conversations/${conversationId}/activities`), token);
    const accountId = (before.activities as Array<{ from: { id: string; role?: string } }>).find((a) => a.from.role === 'user')!.from.id;

    const personId = await verifiedPerson('directline', accountId, '+34612345691');
    expect(await notices.queueFor(personId, someoneElse)).toBe(1);
    await app.jobs.optOutNotices.runOnce();

    const after = await call('GET', dl(`/conversations/${conversationId}/activities?watermark=${before.watermark}`), token);
    expect(after.activities).toEqual([
      expect.objectContaining({
        type: 'message',
        from: expect.objectContaining({ role: 'bot' }),
        text: expect.stringMatching(/^Alguien nos ha pedido desde otro canal/),
      }),
    ]);
    expect(await noticeOf(personId)).toMatchObject({ channelId: 'directline', status: 'sent' });
    expect(posted).toEqual([]);
  });

  it('marks undeliverable, with the reason, a notice to an account the bot never heard from or a channel it cannot write on', async () => {
    const silent = await verifiedPerson('msteams', '29:never-wrote', '+34612345692');
    expect(await notices.queueFor(silent, someoneElse)).toBe(1);
    // WhatsApp is not configured in this deployment.
    const onWhatsApp = await verifiedPerson('whatsapp', '34612345693', '+34612345693');
    expect(await notices.queueFor(onWhatsApp, someoneElse)).toBe(1);

    await app.jobs.optOutNotices.runOnce();
    expect(await noticeOf(silent)).toMatchObject({ status: 'undeliverable', reason: 'no_reference' });
    expect(await noticeOf(onWhatsApp)).toMatchObject({ status: 'undeliverable', reason: 'channel_not_reachable' });
    expect(posted).toEqual([]);
  });

  it('sends a notice whose claim was left by a replica that crashed mid-send, once its lease ran out; not while it runs', async () => {
    const personId = await onTeams('29:bea-teams', '+34612345694');
    await notices.queueFor(personId, someoneElse);
    const notice = await noticeOf(personId);
    const key = `opt-out-notice|${notice!._id}`;
    const jobClaims = app.database.collection('jobClaims');

    // Another replica holds it right now (its lease runs): it is theirs to send.
    const alive = await new ClaimLedger(jobClaims, 'replica-alive').claim(key, 60_000);
    expect(alive).not.toBeNull();
    await app.jobs.optOutNotices.runOnce();
    expect(posted).toEqual([]);
    expect(await noticeOf(personId)).toMatchObject({ status: 'pending' });

    // That replica died without sending: when its lease has run out, the next run sends it.
    await jobClaims.updateOne({ _id: alive!.id }, { $set: { leaseUntil: new Date(Date.now() - 1_000) } });
    await app.jobs.optOutNotices.runOnce();
    expect(posted.map((p) => p.url)).toEqual([expect.stringMatching(/^\/v3\/conversations\/a%3A29%3Abea-teams\/activities/)]);
    expect(await noticeOf(personId)).toMatchObject({ status: 'sent' });
    expect(await jobClaims.find({ key }).project({ _id: 1, owner: 1 }).toArray()).toEqual([
      { _id: `${key}@0`, owner: 'replica-alive' },
      { _id: `${key}@1`, owner: expect.not.stringMatching(/^replica-alive$/) },
    ]);
  });

  it('tries again on the next run when the Bot Connector fails, and gives up after five tries with a reason', async () => {
    const personId = await onTeams('29:cris-teams', '+34612345695');
    await notices.queueFor(personId, someoneElse);
    connector.failNext(1_000);
    for (let run = 1; run <= 4; run += 1) {
      await app.jobs.optOutNotices.runOnce();
      expect(await noticeOf(personId)).toMatchObject({ status: 'pending' });
    }
    connector.failNext(0);
    await app.jobs.optOutNotices.runOnce();
    expect(await noticeOf(personId)).toMatchObject({ status: 'sent' });
    expect(posted).toHaveLength(1);

    const stubborn = await onTeams('29:dani-teams', '+34612345696');
    await notices.queueFor(stubborn, someoneElse);
    connector.failNext(1_000);
    for (let run = 1; run <= 5; run += 1) await app.jobs.optOutNotices.runOnce();
    expect(await noticeOf(stubborn)).toMatchObject({ status: 'undeliverable', reason: 'send_failed' });
  });
});
