import { teamOf } from '../../../services/booking/callback';
import { nextAgent } from '../../../services/handoff/agentRouting';
import type { AgentDocument } from '../../../services/handoff/agents';
import type { Language } from '../../../services/language/language';

const agent = (_id: string, languages: AgentDocument['languages']): AgentDocument => ({
  _id,
  name: _id,
  timeZone: 'Europe/Madrid',
  languages,
  team: 'madrid-sales',
  teamsUserId: null,
  createdAt: new Date('2026-12-01T00:00:00Z'),
});
const TEAM = [agent('ana', ['es']), agent('bruno', ['es', 'en']), agent('carla', ['en'])];
const turns = (entries: Record<string, number>) => new Map(Object.entries(entries));

describe('whose turn it is (team, language, least recently offered)', () => {
  it.each<[string, Record<string, number>, Language | null, string | null]>([
    ['nobody offered yet: the first of the team who speaks the language', {}, 'es', 'ana'],
    ['the one offered least recently among the speakers', { ana: 4, bruno: 2 }, 'es', 'bruno'],
    ['never offered beats offered long ago', { ana: 1 }, 'es', 'bruno'],
    ['a speaker of the other language is not offered', { ana: 5, bruno: 6 }, 'es', 'ana'],
    ['English: only the English speakers', { bruno: 3, carla: 7 }, 'en', 'bruno'],
    ['unknown language: anyone in the team', { ana: 2, bruno: 3, carla: 1 }, null, 'carla'],
  ])('%s', (_label, last, language, expected) => {
    expect(nextAgent(TEAM, turns(last), language)?._id ?? null).toBe(expected);
  });

  it('falls back to the whole team when nobody speaks the language, and to nobody when the team is empty', () => {
    const spanishOnly = [agent('diego', ['es']), agent('eva', ['es'])];
    expect(nextAgent(spanishOnly, turns({ diego: 3 }), 'en')?._id).toBe('eva');
    expect(nextAgent([], turns({}), 'es')).toBeNull();
  });

  it('takes the team from the callback’s rule set', () => {
    expect(teamOf({ ruleSetId: 'madrid-sales' })).toBe('madrid-sales');
  });
});
