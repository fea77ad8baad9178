import { randomUUID } from 'node:crypto';
import { AgentRouting } from '../../services/handoff/agentRouting';
import { type AgentDocument, AgentStore, type NewAgent } from '../../services/handoff/agents';
import { connectDatabase, type Database } from '../../services/store/database';
import { openTestDatabase, type TestDatabase, testDatabaseUri } from '../support/database';

const NOW = new Date('2026-12-28T09:45:00Z');

/** Two processes on one database: each its own client, stores and routing, as two replicas would have. */
describe('agents by team and language, round robin, on the real database', () => {
  let database: TestDatabase;
  let second: Database;
  let agents: AgentStore;
  let routing: AgentRouting;
  let otherReplica: AgentRouting;
  let minute = 0;

  beforeAll(async () => {
    database = await openTestDatabase('agentrouting');
    second = await connectDatabase({ uri: testDatabaseUri(), dbName: database.name });
    // Distinct creation instants: the team's order (oldest first) is the order ties are broken in.
    agents = new AgentStore(database.collection('agents'), () => new Date(NOW.getTime() + minute++ * 60_000));
    routing = new AgentRouting(agents, database.collection('agentOffers'));
    otherReplica = new AgentRouting(new AgentStore(second.collection('agents')), second.collection('agentOffers'));
  });
  afterAll(async () => {
    await second.close();
    await database.dispose();
  });

  const hire = (name: string, team: string, languages: NewAgent['languages']) =>
    agents.create({ name, team, languages, timeZone: 'Europe/Madrid' });
  const callback = (team: string) => ({ _id: randomUUID(), ruleSetId: team });
  const names = (offered: ReadonlyArray<AgentDocument | null>) => offered.map((agent) => agent?.name ?? null);

  it('takes turns among the team’s agents who speak the person’s language, and remembers whose turn it is', async () => {
    await hire('Ana', 'madrid-sales', ['es']);
    await hire('Bruno', 'madrid-sales', ['es', 'en']);
    await hire('Carla', 'madrid-sales', ['es']);
    await hire('Ximena', 'barcelona-sales', ['es']);
    const offered = [];
    for (let i = 0; i < 7; i++) offered.push(await routing.offerFor(callback('madrid-sales'), 'es', NOW));
    expect(names(offered)).toEqual(['Ana', 'Bruno', 'Carla', 'Ana', 'Bruno', 'Carla', 'Ana']);
    // The rotation lives in the database: another process carries on where this one stopped.
    expect((await otherReplica.offerFor(callback('madrid-sales'), 'es', NOW))?.name).toBe('Bruno');
  });

  it('offers an English speaker’s callback only to the agents who speak English, without skipping anyone’s turn', async () => {
    await hire('Diego', 'sevilla-service', ['es']);
    await hire('Eve', 'sevilla-service', ['es', 'en']);
    await hire('Frank', 'sevilla-service', ['en']);
    const offered = [];
    for (const language of ['en', 'en', 'es', 'en', 'es', 'es'] as const)
      offered.push(await routing.offerFor(callback('sevilla-service'), language, NOW));
    // English: Eve, Frank, then Eve again (her last offer is older than Frank's). Spanish: Diego (never offered), then
    // Diego again (Eve was offered since), then Eve. Frank, who speaks no Spanish, is never offered a Spanish speaker.
    expect(names(offered)).toEqual(['Eve', 'Frank', 'Diego', 'Eve', 'Diego', 'Eve']);
  });

  it('falls back to any agent of the team when none speaks the language, and offers nothing when the team has nobody', async () => {
    await hire('Gala', 'bilbao-sales', ['es']);
    await hire('Hugo', 'bilbao-sales', ['es']);
    const offered = [
      await routing.offerFor(callback('bilbao-sales'), 'en', NOW),
      await routing.offerFor(callback('bilbao-sales'), 'en', NOW),
    ];
    expect(names(offered)).toEqual(['Gala', 'Hugo']);
    const stored = await database.collection('agentOffers').find({ team: 'bilbao-sales' }).toArray();
    expect(stored.map((offer) => [offer.language, offer.speaksLanguage])).toEqual([
      ['en', false],
      ['en', false],
    ]);
    expect(await routing.offerFor(callback('bilbao-sales'), null, NOW)).toMatchObject({ name: 'Gala' });
    const nobody = callback('vigo-sales');
    expect(await routing.offerFor(nobody, 'es', NOW)).toBeNull();
    expect(await database.collection('agentOffers').findOne({ _id: nobody._id })).toBeNull();
  });

  it('offers a callback once: asked again, by this replica or another, it names the same agent', async () => {
    await hire('Iris', 'malaga-sales', ['es']);
    await hire('Jon', 'malaga-sales', ['es']);
    const once = callback('malaga-sales');
    const first = await routing.offerFor(once, 'es', NOW);
    expect((await otherReplica.offerFor(once, 'es', NOW))?._id).toBe(first?._id);
    expect((await routing.offerFor(once, 'es', NOW))?._id).toBe(first?._id);
    expect(await database.collection('agentOffers').countDocuments({ team: 'malaga-sales' })).toBe(1);
  });

  it('two replicas racing: each callback is offered once, every turn once, and the turns go round evenly', async () => {
    const team = 'racing-sales';
    for (const name of ['Kai', 'Lola', 'Mario']) await hire(name, team, ['es']);
    const callbacks = Array.from({ length: 12 }, () => callback(team));
    // Every callback asked by both replicas at once, all callbacks at once.
    const answers = await Promise.all(callbacks.flatMap((cb) => [routing.offerFor(cb, 'es', NOW), otherReplica.offerFor(cb, 'es', NOW)]));
    for (let i = 0; i < callbacks.length; i++) expect(answers[2 * i]?._id).toBe(answers[2 * i + 1]?._id);
    const offers = await database.collection('agentOffers').find({ team }).toArray();
    expect(offers).toHaveLength(12);
    expect(new Set(offers.map((offer) => offer._id))).toEqual(new Set(callbacks.map((cb) => cb._id)));
    expect(offers.map((offer) => offer.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    const perAgent = new Map<string, number>();
    for (const offer of offers) perAgent.set(offer.agentId, (perAgent.get(offer.agentId) ?? 0) + 1);
    expect([...perAgent.values()]).toEqual([4, 4, 4]);
  });
});
