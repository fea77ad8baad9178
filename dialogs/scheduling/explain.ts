import type { Language } from '../../services/language/language';
import { say, StringKey } from '../i18n/strings';
import type { Unavailability } from '../ports';

const PLAIN_WORDS: Record<Exclude<Unavailability['kind'], 'outside_lawful_hours'>, StringKey> = {
  lawful_rest_day: 'lawfulRestDay',
  lawful_holiday: 'lawfulHoliday',
  team_closed: 'teamClosed',
  too_soon: 'tooSoon',
  beyond_horizon: 'beyondHorizon',
  full: 'slotFull',
};

/** Why a wanted time is not offered, in plain words ("no llamamos a esa hora: solo … entre las 09:00 y las 21:00"). */
export function explainUnavailable(why: Unavailability, language: Language): string {
  if (why.kind !== 'outside_lawful_hours') return say(language, PLAIN_WORDS[why.kind]);
  if (!why.lawfulLocal) return say(language, 'lawfulRestDay');
  return say(language, 'outsideLawfulHours', { hours: why.lawfulLocal.replace('–', language === 'es' ? ' y las ' : ' and ') });
}
