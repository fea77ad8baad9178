import { type EntryPoint, routeToTeam, type Team, type TeamInput, teamInputSchema } from '../../../services/teams/team';
import type { Language } from '../../../services/language/language';

const team = (id: string, input: Partial<TeamInput>): Team => ({
  id,
  ...teamInputSchema.parse({ name: id, languages: ['es', 'en'], ...input }),
  version: 1,
  updatedAt: new Date('2026-12-01T00:00:00Z'),
  updatedBy: 'test',
});

// Listed by id, as TeamStore.list gives them.
const TEAMS = [
  team('default', { languages: ['es'], entryPoints: { teamsApp: true } }),
  team('las-palmas-service', {
    languages: ['es'],
    entryPoints: { webChat: ['canarias'], whatsAppNumbers: ['222222222222222'] },
    campaigns: ['tv-canarias'],
  }),
  team('london', { languages: ['en'] }),
  team('madrid-sales', {
    languages: ['es', 'en'],
    entryPoints: { webChat: ['madrid', 'fibra'], whatsAppNumbers: ['111111111111111'], teamsApp: true },
    campaigns: ['radio-madrid', 'tv-canarias'],
  }),
];

const webChat = (name: string | null): EntryPoint => ({ channel: 'webchat', team: name });
const whatsApp = (id: string | null): EntryPoint => ({ channel: 'whatsapp', phoneNumberId: id });
const OTHER: EntryPoint = { channel: 'other' };

describe('which team a conversation reaches (entry point, campaign, language, default)', () => {
  it.each<[string, EntryPoint, string | null, Language | null, string, string]>([
    ['a Web Chat page named by one of its entries', webChat('fibra'), null, 'es', 'madrid-sales', 'entry'],
    ['a Web Chat page named by the team’s id', webChat('las-palmas-service'), null, 'es', 'las-palmas-service', 'entry'],
    ['the entry point beats the campaign', webChat('canarias'), 'radio-madrid', 'es', 'las-palmas-service', 'entry'],
    ['an unknown Web Chat entry falls through to the campaign', webChat('valencia'), 'radio-madrid', 'es', 'madrid-sales', 'campaign'],
    ['a page that names no team, no campaign, a language the default speaks', webChat(null), null, 'es', 'default', 'default'],
    ['the WhatsApp number written to', whatsApp('222222222222222'), null, 'en', 'las-palmas-service', 'entry'],
    ['a WhatsApp number no team lists', whatsApp('999999999999999'), null, 'es', 'default', 'default'],
    ['the Teams app: the first team (by id) that takes it', { channel: 'msteams' }, null, 'en', 'default', 'entry'],
    ['a campaign two teams list: the first by id', OTHER, 'tv-canarias', 'es', 'las-palmas-service', 'campaign'],
    ['a campaign nobody lists, a language the default speaks', OTHER, 'unknown', 'es', 'default', 'default'],
    ['a language the default does not speak: the first team that does', OTHER, null, 'en', 'london', 'language'],
    ['no language known: the default', OTHER, null, null, 'default', 'default'],
  ])('%s', (_label, entry, campaign, language, teamId, by) => {
    expect(routeToTeam(TEAMS, { entry, campaign, language }, 'default')).toEqual({ teamId, by });
  });

  it('a language nobody speaks, or no teams at all, is the default team', () => {
    const spanishOnly = [team('default', { languages: ['es'] }), team('sevilla', { languages: ['es'] })];
    expect(routeToTeam(spanishOnly, { entry: OTHER, campaign: null, language: 'en' }, 'default')).toEqual({
      teamId: 'default',
      by: 'default',
    });
    expect(routeToTeam([], { entry: webChat('madrid'), campaign: 'radio-madrid', language: 'en' }, 'default')).toEqual({
      teamId: 'default',
      by: 'default',
    });
  });

  it('a one-team installation routes everyone to its one team', () => {
    const only = [team('default', { languages: ['es', 'en'], entryPoints: { teamsApp: true } })];
    for (const entry of [webChat('madrid'), whatsApp('111111111111111'), { channel: 'msteams' } as const, OTHER]) {
      for (const language of ['es', 'en', null] as const)
        expect(routeToTeam(only, { entry, campaign: 'radio-madrid', language }, 'default').teamId).toBe('default');
    }
  });
});
