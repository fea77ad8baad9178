import type { TurnContext } from 'botbuilder';
import { type CallbackDocument, teamOf } from '../../services/booking/callback';
import type { PersonMessenger, PersonTelling } from '../../services/promises/promiseKeeper';
import type { TeamStore } from '../../services/teams/teamStore';
import type { TemplatePurpose } from '../../services/whatsapp/outbox';
import type { CallbackBot } from '../callbackBot';
import type { ProactiveMessenger } from '../proactive/proactiveMessenger';

/** Outside WhatsApp's 24-hour window, the approved template that carries each telling. */
const TEMPLATE_OF: Record<PersonTelling, TemplatePurpose> = {
  reminder: 'reminder',
  apology: 'apology',
  moved: 'follow_up',
  retry_planned: 'follow_up',
  unreachable: 'follow_up',
};

/**
 * Tells a person about their call on the channel they booked it on: a proactive turn of their own conversation,
 * in which the dialog says it with its choices (keep, change, cancel, new times), so a tap answers as in chat.
 */
export class PromiseTelling implements PersonMessenger {
  constructor(
    private readonly messenger: Pick<ProactiveMessenger, 'continueWith'>,
    private readonly bot: Pick<CallbackBot, 'tell'>,
    private readonly teams: Pick<TeamStore, 'list'>,
  ) {}

  async tell(callback: CallbackDocument, telling: PersonTelling): Promise<'sent' | 'undeliverable'> {
    const account = callback.bookedBy;
    if (!account) return 'undeliverable';
    // On WhatsApp the team that will call speaks from its own number, when it has one.
    const from =
      account.channelId === 'whatsapp'
        ? (await this.teams.list()).find((team) => team.id === teamOf(callback))?.entryPoints.whatsAppNumbers[0]
        : undefined;
    const reached = await this.messenger.continueWith(
      account.channelId,
      account.accountId,
      async (context) => {
        if (account.channelId === 'whatsapp') withTemplate(context, TEMPLATE_OF[telling]);
        await this.bot.tell(context, telling);
      },
      from,
    );
    return reached === 'sent' ? 'sent' : 'undeliverable';
  }
}

/** The WhatsApp adapter reads the template purpose of a proactive message from its channelData. */
function withTemplate(context: TurnContext, purpose: TemplatePurpose): void {
  context.onSendActivities(async (_context, activities, next) => {
    for (const activity of activities)
      activity.channelData = { ...(activity.channelData as object | undefined), whatsappTemplate: purpose };
    return next();
  });
}
