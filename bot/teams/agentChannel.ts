import { type Activity, ActivityTypes, CardFactory, CloudAdapter, type Middleware, TurnContext } from 'botbuilder';
import { z } from 'zod';
import { type CallbackDocument, teamOf } from '../../services/booking/callback';
import { formatTimeDayMonth } from '../../services/language/format';
import type { TeamEvent } from '../../services/promises/promiseKeeper';
import { isOpen } from '../../services/booking/lifecycle';
import { actorOf, AgentDesk, DeskRefusal, type DueCallback } from '../../services/handoff/agentDesk';
import type { AgentDocument, AgentStore } from '../../services/handoff/agents';
import type { ConversationReferences } from '../proactive/conversationReferences';
import { CALLBACK_OUTCOMES } from '../../services/handoff/timeline';
import type { Logger } from '../../services/observability/logger';
import type { TeamStore } from '../../services/teams/teamStore';
import { handoffCard } from './handoffCard';
import { inEveryLanguage, type Language } from '../../services/language/language';

/** Free slots a card offers for "another time": enough to choose from, few enough to read. */
const CARD_SLOTS = 8;

export interface AgentChannelSettings {
  /** TEAMS_AGENTS_CONVERSATION_ID, the installation's; empty: none (a team may still have its own, teamsConversationId). */
  conversationId: string;
  appId: string;
  language: Language;
  /** Zone used on the cards (the team's), and for agents registered from Teams. */
  timeZone: string;
}

/** The part of botframework-connector's client this uses (CloudAdapter keeps one in the turn state). */
interface ConnectorClient {
  conversations: { sendToConversation(conversationId: string, activity: Partial<Activity>): Promise<unknown> };
}

const cardActionSchema = z.object({
  handoff: z.enum(['claim', 'release', 'reassign', 'move', 'outcome']),
  callbackId: z.string().min(1).max(100),
  outcome: z.enum(CALLBACK_OUTCOMES).optional(),
  note: z.string().max(2000).optional(),
  // The pickers' inputs, merged into the submit's data by the client.
  startUtc: z.iso.datetime({ offset: true }).optional(),
  agentId: z.string().min(1).max(100).optional(),
});

const TEXT = inEveryLanguage({
  es: {
    here: 'Aquí recibiréis una tarjeta por cada llamada que se reserve, con su resumen. Pulsad «Reclamar» para quedárosla.',
    claimed: (name: string) => `${name} se queda con la llamada.`,
    taken: (name: string) => `Esta llamada ya la tiene ${name}.`,
    saved: (name: string) => `Resultado guardado por ${name}.`,
    closed: 'Esta llamada ya está cerrada.',
    missing: 'Esa llamada ya no existe.',
    pickOutcome: 'Elige un resultado antes de guardar.',
    due: (when: string, who: string | null) =>
      `Es la hora de la llamada de las ${when}${who ? ` (la tiene ${who})` : ', y nadie la ha reclamado'}.`,
    unclaimed: (when: string, offeredTo: string | null) =>
      `La llamada de las ${when} empieza pronto y nadie la ha reclamado${offeredTo ? `: se la ofrecemos a ${offeredTo}` : ''}.`,
    missed: (when: string, who: string | null) =>
      `Llamada perdida: la de las ${when}${who ? ` (la tenía ${who})` : ''} pasó sin resultado. Le pedimos disculpas a la persona y le ofrecemos otra hora.`,
    released: (name: string) => `${name} ha liberado la llamada: vuelve a estar libre.`,
    reassigned: (by: string, to: string) => `${by} ha pasado la llamada a ${to}.`,
    moved: (name: string) => `${name} ha movido la llamada; se le avisará a la persona de la nueva hora.`,
    notHolder: 'Solo quien la tiene (o un administrador) puede liberarla o pasarla.',
    claimChanged: 'La llamada cambió de manos mientras tanto; mira la tarjeta de nuevo.',
    slotGone: 'Esa hora ya no está libre: elige otra en la tarjeta.',
    pickSlot: 'Elige una hora antes de mover la llamada.',
    pickAgent: 'Elige a quién pasarla.',
    noAgent: 'Ese agente ya no existe.',
  },
  en: {
    here: 'You will get a card here for every callback booked, with its summary. Press "Claim" to take it.',
    claimed: (name: string) => `${name} takes this callback.`,
    taken: (name: string) => `${name} already has this callback.`,
    saved: (name: string) => `Outcome saved by ${name}.`,
    closed: 'This callback is already closed.',
    missing: 'That callback no longer exists.',
    pickOutcome: 'Pick an outcome before saving.',
    due: (when: string, who: string | null) =>
      `The ${when} callback is due now${who ? ` (${who} has it)` : ', and nobody has claimed it'}.`,
    unclaimed: (when: string, offeredTo: string | null) =>
      `The ${when} callback starts soon and nobody has claimed it${offeredTo ? `: offered to ${offeredTo}` : ''}.`,
    missed: (when: string, who: string | null) =>
      `Missed: the ${when} callback${who ? ` (${who} had it)` : ''} passed with no outcome. We apologised to the person and offered new times.`,
    released: (name: string) => `${name} released this callback: it is free again.`,
    reassigned: (by: string, to: string) => `${by} handed this callback to ${to}.`,
    moved: (name: string) => `${name} moved this callback; the person will be told the new time.`,
    notHolder: 'Only whoever holds it (or an admin) can release it or hand it on.',
    claimChanged: 'The callback changed hands meanwhile; look at the card again.',
    slotGone: 'That time is no longer free: pick another on the card.',
    pickSlot: 'Pick a time before moving the callback.',
    pickAgent: 'Pick whom to hand it to.',
    noAgent: 'That agent no longer exists.',
  },
});

export interface AgentChannelDependencies {
  settings: AgentChannelSettings;
  /** The Bot Connector adapter the cards are sent and updated through. */
  adapter: CloudAdapter;
  references: ConversationReferences;
  desk: AgentDesk;
  agents: AgentStore;
  teams: Pick<TeamStore, 'list'>;
  clock: () => Date;
  logger: Logger;
}

/** The card's sentence for a refusal of the desk (a missing callback is answered before the card is redrawn). */
function refusalText(text: (typeof TEXT)['es'], error: DeskRefusal): string {
  switch (error.reason) {
    case 'claimed':
      return text.taken(error.claim?.agentName ?? '');
    case 'closed':
      return text.closed;
    case 'not_holder':
      return text.notHolder;
    case 'claim_changed':
      return text.claimChanged;
    // The card is sent again with the slots free now.
    case 'slot_taken':
    case 'slot_not_offered':
      return text.slotGone;
    case 'unknown_agent':
      return text.noAgent;
    // The card offers no new time for an outcome, nor reaches a callback that is gone without saying so first.
    case 'reschedule_refused':
    case 'not_found':
      throw error;
  }
}

/**
 * The agents' Teams conversations: a team's own (its `teamsConversationId`), else the installation's. The bot
 * remembers how to reach each (its conversation reference) from any activity posted there, sends a callback's card
 * to its team's conversation when it is booked, and handles the card's buttons (Action.Submit arrives as a message
 * whose `value` carries the action). Nothing said there reaches the prospects' dialogs or the transcripts: agents
 * are not prospects.
 */
export class AgentChannel implements Middleware {
  private readonly settings: AgentChannelSettings;
  private readonly adapter: CloudAdapter;
  private readonly references: ConversationReferences;
  private readonly desk: AgentDesk;
  private readonly agents: AgentStore;
  private readonly teams: Pick<TeamStore, 'list'>;
  private readonly clock: () => Date;
  private readonly logger: Logger;

  constructor(deps: AgentChannelDependencies) {
    ({
      settings: this.settings,
      adapter: this.adapter,
      references: this.references,
      desk: this.desk,
      agents: this.agents,
      teams: this.teams,
      clock: this.clock,
      logger: this.logger,
    } = deps);
  }

  async isAgentsConversation(conversationId: string | undefined, channelId: string): Promise<boolean> {
    return (await this.teamOfConversation(conversationId, channelId)) !== undefined;
  }

  /** Whose agents' conversation this is: a team's (its id), the installation's (null), or none (undefined). */
  private async teamOfConversation(conversationId: string | undefined, channelId: string): Promise<string | null | undefined> {
    if (!conversationId) return undefined;
    if (this.settings.conversationId && conversationId === this.settings.conversationId) return null;
    // Only a Teams activity can come from a team's Teams conversation: other channels need no read.
    if (channelId !== 'msteams') return undefined;
    return (await this.teams.list()).find((team) => team.teamsConversationId === conversationId)?.id;
  }

  /** Where a callback's cards go: its team's conversation when it has one, else the installation's ('' for none). */
  private async conversationFor(callback: CallbackDocument): Promise<string> {
    // The list, not the one team: a booking's turn has already read it to route, so this costs no round trip.
    const team = (await this.teams.list()).find((candidate) => candidate.id === teamOf(callback));
    return team?.teamsConversationId ?? this.settings.conversationId;
  }

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const { activity } = context;
    const team = await this.teamOfConversation(activity.conversation?.id, activity.channelId);
    if (team === undefined) return next();
    // A proactive turn we started (continueConversation): let its logic send the card.
    if (activity.type === String(ActivityTypes.Event) && activity.name === 'ContinueConversation') return next();
    await this.references.rememberConversation(TurnContext.getConversationReference(activity));
    const text = TEXT[this.settings.language];
    if (activity.type !== String(ActivityTypes.Message)) {
      if (
        activity.type === String(ActivityTypes.ConversationUpdate) &&
        (activity.membersAdded ?? []).some((m) => m.id === activity.recipient.id)
      )
        await context.sendActivity(text.here);
      return;
    }
    const action = cardActionSchema.safeParse(activity.value);
    if (!action.success) {
      await context.sendActivity(text.here);
      return;
    }
    await this.act(context, action.data, team);
  }

  /** A booked callback: its card to its team's agents' conversation, once its reference is known. */
  async callbackBooked(callback: CallbackDocument): Promise<void> {
    const conversationId = await this.conversationFor(callback);
    if (!conversationId) return;
    const card = await this.cardFor(callback._id);
    await this.post(conversationId, { type: ActivityTypes.Message, attachments: [CardFactory.adaptiveCard(card)] });
  }

  /** What the team hears of a promise (services/promises): due now, due soon with nobody on it, missed. */
  async announce(
    callback: CallbackDocument,
    event: TeamEvent,
    detail: { claimedBy: string | null; offeredTo: string | null },
  ): Promise<void> {
    const conversationId = await this.conversationFor(callback);
    if (!conversationId) return;
    const text = TEXT[this.settings.language];
    const when = formatTimeDayMonth(callback.startUtc, this.settings.timeZone, this.settings.language);
    const line =
      event === 'due'
        ? text.due(when, detail.claimedBy)
        : event === 'unclaimed'
          ? text.unclaimed(when, detail.offeredTo)
          : text.missed(when, detail.claimedBy);
    await this.post(conversationId, { type: ActivityTypes.Message, text: line });
  }

  /** A new post in an agents' conversation, not a reply to whatever was said there last. */
  private async post(conversationId: string, activity: Partial<Activity>): Promise<void> {
    const reference = await this.references.findConversation(conversationId);
    if (!reference) {
      this.logger.warn({ conversationId }, 'nothing posted: the bot has not seen the agents’ conversation yet');
      return;
    }
    const { activityId: _last, ...conversation } = reference;
    await this.adapter.continueConversationAsync(this.settings.appId, conversation, async (turn) => {
      // sendToConversation: TurnContext.sendActivity would make it a reply to the continuation's made-up id.
      const client = turn.turnState.get<ConnectorClient>(turn.adapter.ConnectorClientKey);
      await client.conversations.sendToConversation(conversationId, activity);
    });
  }

  private async act(context: TurnContext, action: z.infer<typeof cardActionSchema>, team: string | null): Promise<void> {
    const text = TEXT[this.settings.language];
    const agent = await this.agentFor(context, team);
    // On Teams nobody is an admin: whoever holds a callback releases or hands it on.
    const actor = actorOf(agent);
    let reply: string;
    try {
      if (action.handoff === 'claim') {
        await this.desk.claim(agent, action.callbackId);
        reply = text.claimed(agent.name);
      } else if (action.handoff === 'release') {
        await this.desk.release(actor, action.callbackId);
        reply = text.released(agent.name);
      } else if (action.handoff === 'reassign') {
        if (!action.agentId) {
          await context.sendActivity(text.pickAgent);
          return;
        }
        const claim = await this.desk.reassign(actor, action.callbackId, action.agentId);
        reply = text.reassigned(agent.name, claim.agentName);
      } else if (action.handoff === 'move') {
        if (!action.startUtc) {
          await context.sendActivity(text.pickSlot);
          return;
        }
        await this.desk.move({ timeZone: this.settings.timeZone }, actor, action.callbackId, new Date(action.startUtc));
        reply = text.moved(agent.name);
      } else {
        if (!action.outcome) {
          await context.sendActivity(text.pickOutcome);
          return;
        }
        await this.desk.recordOutcome(agent, action.callbackId, { outcome: action.outcome, note: action.note?.trim() ?? '' });
        reply = text.saved(agent.name);
      }
    } catch (error) {
      if (!(error instanceof DeskRefusal)) throw error;
      if (error.reason === 'not_found') {
        await context.sendActivity(text.missing);
        return;
      }
      reply = refusalText(text, error);
    }
    // The card itself shows the new state (who has it, when, what happened), replacing the old one.
    if (context.activity.replyToId) {
      await context.updateActivity({
        id: context.activity.replyToId,
        type: ActivityTypes.Message,
        attachments: [CardFactory.adaptiveCard(await this.cardFor(action.callbackId))],
      });
    }
    await context.sendActivity(reply);
  }

  /** The card of a callback as it is now: with the free slots to move it to and the agents to hand it to while it is open. */
  private async cardFor(callbackId: string): Promise<Record<string, unknown>> {
    const zone = this.settings.timeZone;
    const detail: DueCallback = await this.desk.detail({ timeZone: zone }, callbackId);
    const [slots, agents] = isOpen(detail.status)
      ? await Promise.all([
          this.desk.slots({ timeZone: zone }, callbackId, { limit: CARD_SLOTS }),
          this.desk.handOverCandidates(callbackId),
        ])
      : [{ slots: [] }, []];
    return handoffCard(detail, this.settings.language, zone, { slots: slots.slots, agents });
  }

  /**
   * The Teams user behind a click, as an agent. Being a member of an agents' conversation is what makes someone an
   * agent there, so an unknown member is registered on their first click: in the team whose conversation it is.
   */
  private async agentFor(context: TurnContext, team: string | null): Promise<AgentDocument> {
    const from = context.activity.from;
    const teamsUserId = from.aadObjectId ?? from.id;
    const known = await this.agents.byTeamsUser(teamsUserId);
    if (known) return known;
    return this.agents.create({
      name: from.name?.trim() || teamsUserId,
      timeZone: this.settings.timeZone,
      languages: [this.settings.language],
      team: team ?? 'teams',
      teamsUserId,
    });
  }
}
