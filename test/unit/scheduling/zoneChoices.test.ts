import { pickZone } from '../../../dialogs/scheduling/zoneChoices';

const SPAIN_MOBILE = ['Europe/Madrid', 'Atlantic/Canary'];
const US = ['America/New_York', 'America/Chicago', 'America/Denver', 'America/Los_Angeles'];

describe('the zone a person picks, read as folded text', () => {
  it.each([
    ['Península y Baleares', SPAIN_MOBILE, 'es', 'Europe/Madrid'],
    ['peninsula', SPAIN_MOBILE, 'es', 'Europe/Madrid'],
    ['PENINSULA Y BALEARES.', SPAIN_MOBILE, 'es', 'Europe/Madrid'],
    ['canarias', SPAIN_MOBILE, 'es', 'Atlantic/Canary'],
    ['Canary Islands', SPAIN_MOBILE, 'en', 'Atlantic/Canary'],
    ['atlantic/canary', SPAIN_MOBILE, 'en', 'Atlantic/Canary'],
    ['2', SPAIN_MOBILE, 'es', 'Atlantic/Canary'],
    ['Pacifico', US, 'es', 'America/Los_Angeles'],
    ['los angeles', US, 'en', 'America/Los_Angeles'],
    ['montana', US, 'es', 'America/Denver'],
    ['no sé', SPAIN_MOBILE, 'es', null],
    ['5', SPAIN_MOBILE, 'es', null],
    ['ba', SPAIN_MOBILE, 'es', null],
  ] as const)('%p among %j (%s) → %p', (text, candidates, language, expected) => {
    expect(pickZone(text, candidates, language)).toBe(expected);
  });
});
