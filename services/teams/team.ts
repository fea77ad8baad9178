import { z } from 'zod';
import { LANGUAGES, type Language } from '../language/language';

/**
 * A team: the people who call, the rule set they book into, the languages they speak, the Teams channel their
 * handoff cards go to, and the entry points that reach them. A team's id is also its rule set's id, so a
 * callback's `ruleSetId` (services/booking/callback.ts `TEAM_FIELD`) names its team, and an installation from
 * before teams (one rule set, `DEFAULT_RULE_SET_ID`) is a one-team installation with nothing migrated.
 */

/** A team's id and a Web Chat entry's name: what `?team=` and `channelData.entryTeam` must look like. */
export const teamSlug = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'expected a slug like "madrid-sales"')
  .max(64, 'at most 64 characters');

export const teamEntryPointsSchema = z.strictObject({
  /** Web Chat pages that name this team: `/?team=<entry>` and the embed's `data-team`. */
  webChat: z.array(teamSlug).max(50).default([]),
  /** WhatsApp business numbers, by the `phone_number_id` Meta puts in each webhook's metadata. */
  whatsAppNumbers: z
    .array(z.string().regex(/^\d{5,20}$/, 'expected the phone_number_id Meta shows for the number'))
    .max(20)
    .default([]),
  /** Whether the Teams app (a prospect writing to the bot in Microsoft Teams) reaches this team. */
  teamsApp: z.boolean().default(false),
});

/** What an admin sends to create or replace a team (the id comes from the path). */
export const teamInputSchema = z.strictObject({
  // `\S` rather than min(1) after trim: the published schema then says that blank text is refused.
  name: z.string().trim().regex(/\S/, 'expected the team’s name').max(120),
  languages: z
    .array(z.enum(LANGUAGES, { message: 'expected es or en' }))
    .min(1, 'expected at least one of es, en')
    .max(2),
  /** The Teams conversation its agents' handoff cards go to; null: the installation's TEAMS_AGENTS_CONVERSATION_ID. */
  teamsConversationId: z.string().trim().regex(/\S/, 'expected a Teams conversation id').max(400).nullable().default(null),
  entryPoints: teamEntryPointsSchema.default({ webChat: [], whatsAppNumbers: [], teamsApp: false }),
  /** Campaigns (a person's `provenance.campaign`) whose people this team calls when no entry point says. */
  campaigns: z.array(z.string().trim().regex(/\S/, 'expected a campaign name').max(120)).max(100).default([]),
});
export type TeamInput = z.input<typeof teamInputSchema>;

export interface Team extends z.output<typeof teamInputSchema> {
  id: string;
  version: number;
  updatedAt: Date;
  updatedBy: string;
}

/** Where a conversation came in: what routing asks first. */
export type EntryPoint =
  | { channel: 'webchat'; team: string | null }
  | { channel: 'whatsapp'; phoneNumberId: string | null }
  | { channel: 'msteams' }
  | { channel: 'other' };

export interface RoutingSignals {
  entry: EntryPoint;
  /** The person's `provenance.campaign`, when we know the person. */
  campaign: string | null;
  language: Language | null;
}

export interface RoutedTeam {
  teamId: string;
  by: 'entry' | 'campaign' | 'language' | 'default';
}

/**
 * Which team a conversation reaches: its entry point (the Web Chat page or embed that names a team, the
 * WhatsApp business number written to, the Teams app), else the person's campaign, else the one team that
 * speaks their language, else the default team. Ties go to the team listed first (teams are listed by id).
 */
export function routeToTeam(teams: readonly Team[], signals: RoutingSignals, defaultTeamId: string): RoutedTeam {
  const entry = signals.entry;
  const byEntry = teams.find((team) => {
    switch (entry.channel) {
      case 'webchat':
        return entry.team !== null && (team.id === entry.team || team.entryPoints.webChat.includes(entry.team));
      case 'whatsapp':
        return entry.phoneNumberId !== null && team.entryPoints.whatsAppNumbers.includes(entry.phoneNumberId);
      case 'msteams':
        return team.entryPoints.teamsApp;
      default:
        return false;
    }
  });
  if (byEntry) return { teamId: byEntry.id, by: 'entry' };
  const campaign = signals.campaign;
  const byCampaign = campaign ? teams.find((team) => team.campaigns.includes(campaign)) : undefined;
  if (byCampaign) return { teamId: byCampaign.id, by: 'campaign' };
  const language = signals.language;
  const defaultTeam = teams.find((team) => team.id === defaultTeamId);
  // The default team keeps anyone it can talk to; another team is chosen by language only when the default cannot.
  if (language && !(defaultTeam?.languages.includes(language) ?? true)) {
    const byLanguage = teams.find((team) => team.languages.includes(language));
    if (byLanguage) return { teamId: byLanguage.id, by: 'language' };
  }
  return { teamId: defaultTeamId, by: 'default' };
}
