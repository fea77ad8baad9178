import type { StatePropertyAccessor, TurnContext } from 'botbuilder';
import { chooseLanguage } from './i18n/language';
import type { Language } from '../services/language/language';

/** What we remember about the person between conversations (bot user state, stored in MongoDB). */
export interface UserProfile {
  language?: Language;
  firstSeenAt?: string;
  lastSeenAt?: string;
}

export type UserProfileAccessor = StatePropertyAccessor<UserProfile>;

/** Decides this turn's language, remembers it, and marks the person as seen. */
export async function languageForTurn(context: TurnContext, profiles: UserProfileAccessor): Promise<Language> {
  const profile = await profiles.get(context, {});
  const text = context.activity.type === 'message' ? context.activity.text : undefined;
  const language = chooseLanguage({ text, locale: context.activity.locale, remembered: profile.language });
  const now = new Date().toISOString();
  await profiles.set(context, { ...profile, language, firstSeenAt: profile.firstSeenAt ?? now, lastSeenAt: now });
  return language;
}

export async function isReturningPerson(context: TurnContext, profiles: UserProfileAccessor): Promise<boolean> {
  const profile = await profiles.get(context, {});
  return profile.firstSeenAt !== undefined;
}
