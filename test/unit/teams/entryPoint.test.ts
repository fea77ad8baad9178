import { entryPointOf } from '../../../bot/middleware/turnEntry';
import type { EntryPoint } from '../../../services/teams/team';

describe('where a conversation came in, from the activity', () => {
  it.each<[string, Parameters<typeof entryPointOf>[0], EntryPoint]>([
    [
      'Azure Web Chat naming an entry',
      { channelId: 'webchat', channelData: { entryTeam: 'canarias' } },
      { channel: 'webchat', team: 'canarias' },
    ],
    [
      'our Direct Line naming an entry',
      { channelId: 'directline', channelData: { entryTeam: 'madrid-sales' } },
      { channel: 'webchat', team: 'madrid-sales' },
    ],
    ['a page that names none', { channelId: 'webchat', channelData: { clientActivityID: 'c-1' } }, { channel: 'webchat', team: null }],
    ['no channelData at all', { channelId: 'directline' }, { channel: 'webchat', team: null }],
    ['not a slug: ignored', { channelId: 'webchat', channelData: { entryTeam: 'Canarias!' } }, { channel: 'webchat', team: null }],
    ['an object: ignored', { channelId: 'webchat', channelData: { entryTeam: { $ne: null } } }, { channel: 'webchat', team: null }],
    ['too long: ignored', { channelId: 'webchat', channelData: { entryTeam: 'a'.repeat(65) } }, { channel: 'webchat', team: null }],
    [
      'WhatsApp: the number written to',
      { channelId: 'whatsapp', recipient: { id: '106540352242922', name: '' } },
      { channel: 'whatsapp', phoneNumberId: '106540352242922' },
    ],
    ['Teams', { channelId: 'msteams', channelData: { entryTeam: 'canarias' } }, { channel: 'msteams' }],
    [
      'another channel names no team, whatever it says',
      { channelId: 'emulator', channelData: { entryTeam: 'canarias' } },
      { channel: 'other' },
    ],
  ])('%s', (_label, activity, expected) => {
    expect(entryPointOf(activity)).toEqual(expected);
  });
});
