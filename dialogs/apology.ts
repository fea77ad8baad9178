import type { Activity } from 'botbuilder';
import { recogniseRightsIntent } from '../services/consent/recogniser';
import { chooseLanguage } from './i18n/language';
import { say } from './i18n/strings';

/**
 * What to say when a turn failed on our side. For an opt-out it must be explicit that nothing was
 * recorded, so the person is never left believing the calls will stop when they will not.
 */
export function apologyFor(activity: Partial<Activity>): string {
  const language = chooseLanguage({ text: activity.text, locale: activity.locale });
  const intent = activity.text ? recogniseRightsIntent(activity.text, { hasPendingCallback: false }) : null;
  return say(language, intent?.kind === 'opt_out' ? 'optOutFailed' : 'turnError');
}
