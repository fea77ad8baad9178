import type { Activity, Middleware, TurnContext } from 'botbuilder';
import { setTurnEntry } from '../../dialogs/turnEntry';
import { type EntryPoint, teamSlug } from '../../services/teams/team';
import { DIRECTLINE_CHANNEL_ID } from '../directline/adapter';
import { WHATSAPP_CHANNEL_ID } from '../whatsapp/activity';

/** Azure's Direct Line names Web Chat `webchat`; our own Direct Line, `directline`. */
const WEB_CHAT_CHANNELS: ReadonlySet<string> = new Set(['webchat', DIRECTLINE_CHANNEL_ID]);

/**
 * Tells the dialogs where the conversation came in, the first thing routing to a team asks: the Web Chat page's
 * `channelData.entryTeam` (set by public/webchat/app.js from `?team=` or the embed's `data-team`), the WhatsApp
 * business number written to (its phone_number_id, the activity's recipient), or the Teams app.
 */
export class TurnEntry implements Middleware {
  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    setTurnEntry(context, entryPointOf(context.activity));
    await next();
  }
}

export function entryPointOf(activity: Pick<Activity, 'channelId'> & Partial<Pick<Activity, 'channelData' | 'recipient'>>): EntryPoint {
  if (WEB_CHAT_CHANNELS.has(activity.channelId)) {
    // Anything but a slug is no team: the page's own default, never an error.
    const named = teamSlug.safeParse((activity.channelData as { entryTeam?: unknown } | undefined)?.entryTeam);
    return { channel: 'webchat', team: named.success ? named.data : null };
  }
  // Only our adapter makes WhatsApp activities (TurnIdentity drops any other), and its recipient is the number written to.
  if (activity.channelId === WHATSAPP_CHANNEL_ID) return { channel: 'whatsapp', phoneNumberId: activity.recipient?.id || null };
  if (activity.channelId === 'msteams') return { channel: 'msteams' };
  return { channel: 'other' };
}
