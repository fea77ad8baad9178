import { createHmac } from 'node:crypto';
import { MongoClient, ObjectId } from 'mongodb';
import { ConsentLedger, type ConsentEventDocument } from '../../services/consent/ledger';
import { openTestDatabase, testDatabaseUri, type TestDatabase } from '../support/database';

const SECRET = 'ledger-test-secret-0123456789';
const WORDING = '¿Podemos llamarte para hablar de nuestras ofertas? Puedes decir «baja» en cualquier momento.';
const at = (iso: string) => new Date(iso);

describe('the consent ledger, on the real database', () => {
  let database: TestDatabase;
  let ledger: ConsentLedger;
  const event = (personId: string, over: Partial<ConsentEventDocument>) =>
    ledger.record({
      personId,
      event: 'granted',
      scope: 'callbacks',
      channelId: 'webchat',
      wording: WORDING,
      personWords: 'sí',
      source: 'bot',
      at: at('2026-11-24T09:00:00Z'),
      ...over,
    });

  beforeAll(async () => {
    database = await openTestDatabase('ledger');
    ledger = new ConsentLedger(database.collection('consentEvents'), database.collection('suppressions'), SECRET, () =>
      at('2026-11-24T12:00:00Z'),
    );
  });
  afterAll(() => database.dispose());

  it('knows nothing of a person it has no event for', async () => {
    expect(await ledger.stateOf('nobody')).toEqual({
      callbacks: { status: 'none', at: null, wording: null },
      marketing_messages: { status: 'none', at: null, wording: null },
      whatsapp_messages: { status: 'none', at: null, wording: null },
    });
  });

  it('derives the state: the latest word wins, "all" withdraws every scope, a later grant re-grants only its own', async () => {
    await event('p1', { at: at('2026-11-01T09:00:00Z') });
    await event('p1', { scope: 'marketing_messages', at: at('2026-11-02T09:00:00Z') });
    await ledger.optOutEverywhere({
      personId: 'p1',
      channelId: 'whatsapp',
      personWords: 'STOP',
      wording: 'Hecho: no te contactaremos más.',
      source: 'bot',
      at: at('2026-11-03T09:00:00Z'),
    });
    await event('p1', { scope: 'whatsapp_messages', wording: '¿Te escribimos por WhatsApp?', at: at('2026-11-04T09:00:00Z') });
    const state = await ledger.stateOf('p1');
    expect(state.callbacks).toEqual({ status: 'withdrawn', at: at('2026-11-03T09:00:00Z'), wording: 'Hecho: no te contactaremos más.' });
    expect(state.marketing_messages.status).toBe('withdrawn');
    expect(state.whatsapp_messages).toEqual({ status: 'granted', at: at('2026-11-04T09:00:00Z'), wording: '¿Te escribimos por WhatsApp?' });
    // A grant of calls after the opt-out is what brings calls back.
    await event('p1', { at: at('2026-11-05T09:00:00Z') });
    expect((await ledger.stateOf('p1')).callbacks.status).toBe('granted');
  });

  it('orders by when it was said, then by insertion, whatever the insertion order', async () => {
    await event('p2', { event: 'withdrawn', at: at('2026-11-10T09:00:00Z') });
    await event('p2', { event: 'granted', at: at('2026-11-09T09:00:00Z') }); // an import of an older grant
    expect((await ledger.stateOf('p2')).callbacks.status).toBe('withdrawn');
    await event('p2', { event: 'granted', at: at('2026-11-10T09:00:00Z') }); // same instant, written later
    expect((await ledger.stateOf('p2')).callbacks.status).toBe('granted');
  });

  it('is append-only: recording never changes an earlier event, and the opt-out is one "all" event', async () => {
    const first = await event('p3', {});
    const before = await database.collection('consentEvents').findOne({ _id: first._id });
    const optOut = await ledger.optOutEverywhere({
      personId: 'p3',
      channelId: 'webchat',
      personWords: 'no me llaméis más',
      wording: 'Hecho.',
      source: 'bot',
    });
    expect(optOut).toMatchObject({ event: 'withdrawn', scope: 'all', at: at('2026-11-24T12:00:00Z') }); // the ledger's clock
    const history = await ledger.history('p3');
    expect(history).toHaveLength(2);
    expect(history[0]).toEqual(before);
  });

  it('refuses an event without the wording the person saw', async () => {
    await expect(event('p4', { wording: '  ' })).rejects.toThrow(/wording/);
    expect(await ledger.history('p4')).toEqual([]);
  });

  it('acknowledges a withdrawal with {w: majority, j: true}, and another client reads it at once', async () => {
    // FerretDB 1.24 accepts this write concern (it has no replica set to wait for); MongoDB honours it.
    const probe = {
      _id: new ObjectId(),
      personId: 'p5-probe',
      event: 'granted',
      scope: 'callbacks',
      channelId: null,
      wording: WORDING,
      personWords: null,
      source: 'bot',
      at: at('2026-11-24T09:00:00Z'),
    } as const;
    const result = await database.collection('consentEvents').insertOne(probe, { writeConcern: { w: 'majority', j: true } });
    expect(result.acknowledged).toBe(true);
    const optOut = await ledger.optOutEverywhere({
      personId: 'p5',
      channelId: 'teams',
      personWords: 'stop',
      wording: 'Done.',
      source: 'bot',
    });
    const other = await MongoClient.connect(testDatabaseUri());
    try {
      expect(await other.db(database.name).collection('consent_events').findOne({ _id: optOut._id })).toMatchObject({
        personId: 'p5',
        event: 'withdrawn',
        scope: 'all',
      });
    } finally {
      await other.close();
    }
  });

  it('keeps suppressions as a salted hash of the number, never the number itself, and lifts them on request', async () => {
    await ledger.suppress('+34915550400', 'opted_out', at('2026-11-24T09:00:00Z'));
    await ledger.suppress('+34915550400', 'erased', at('2026-11-25T09:00:00Z')); // the first reason and date stay
    const stored = await database.collection('suppressions').find({}).toArray();
    expect(stored).toEqual([
      { _id: createHmac('sha256', SECRET).update('+34915550400').digest('hex'), reason: 'opted_out', at: at('2026-11-24T09:00:00Z') },
    ]);
    expect(JSON.stringify(stored)).not.toContain('915550400');
    expect(await ledger.isSuppressed('+34915550400')).toBe(true);
    expect(await ledger.isSuppressed('+34915550401')).toBe(false);
    // Another secret gives another hash: a leaked table cannot be matched against a phone book without it.
    const otherSecret = new ConsentLedger(
      database.collection('consentEvents'),
      database.collection('suppressions'),
      'another-secret-0123456789',
    );
    expect(await otherSecret.isSuppressed('+34915550400')).toBe(false);
    await ledger.liftSuppression('+34915550400');
    expect(await ledger.isSuppressed('+34915550400')).toBe(false);
  });

  it('refuses an empty hash secret', () => {
    expect(() => new ConsentLedger(database.collection('consentEvents'), database.collection('suppressions'), '')).toThrow(RangeError);
  });
});
