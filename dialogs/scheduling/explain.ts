import type { Language } from '../i18n/language';
import { say } from '../i18n/strings';
import type { Unavailability } from '../ports';

/** Why a wanted time is not offered, in plain words ("no llamamos después de las 21:00"). */
export function explainUnavailable(why: Unavailability, language: Language): string {
  switch (why.kind) {
    case 'outside_lawful_hours':
      return why.lawfulLocal ? say(language, 'outsideLawfulHours', { hours: why.lawfulLocal.replace('–', language === 'es' ? ' y las ' : ' and ') }) : say(language, 'lawfulRestDay');
    case 'lawful_rest_day':
      return say(language, 'lawfulRestDay');
    case 'lawful_holiday':
      return say(language, 'lawfulHoliday');
    case 'team_closed':
      return say(language, 'teamClosed');
    case 'too_soon':
      return say(language, 'tooSoon');
    case 'beyond_horizon':
      return say(language, 'beyondHorizon');
    case 'full':
      return say(language, 'slotFull');
  }
}
