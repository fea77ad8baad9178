import { Collection } from 'mongodb';
import { type CallbackDocument, teamOf } from '../booking/callback';
import { isDuplicateKeyError } from '../store/errors';
import type { AgentDocument, AgentStore } from './agents';

export type AgentLanguage = AgentDocument['languages'][number];

/** A due-soon callback offered to an agent first: one per callback, and one per turn of the team's rotation. */
export interface AgentOfferDocument {
  /** The callback id: a callback is offered once, whichever replica asks first. */
  _id: string;
  team: string;
  /** The team's turn n; "<team>#<n>" is unique, so two offers racing cannot both take it. */
  seq: number;
  turn: string;
  agentId: string;
  /** The person's language, and whether the agent speaks it (false: nobody in the team does, anyone was taken). */
  language: AgentLanguage | null;
  speaksLanguage: boolean;
  at: Date;
}

/**
 * Whose turn it is: among the team's agents who speak the person's language (all of the team when none does,
 * or the language is unknown), the one offered a callback least recently (never, first), ties in the team's
 * order. "Least recently" rather than "the next after the last one" keeps it a fair round robin when the
 * language filter picks a different subset each time.
 */
export function nextAgent(
  team: readonly AgentDocument[],
  lastTurnOf: ReadonlyMap<string, number>,
  language: AgentLanguage | null,
): AgentDocument | null {
  const speakers = language === null ? [] : team.filter((agent) => agent.languages.includes(language));
  const pool = speakers.length > 0 ? speakers : team;
  let chosen: AgentDocument | null = null;
  let chosenTurn = Infinity;
  for (const agent of pool) {
    const turn = lastTurnOf.get(agent._id) ?? -1;
    if (turn < chosenTurn) [chosen, chosenTurn] = [agent, turn];
  }
  return chosen;
}

// Each lost race means another offer of the team was just recorded; this many in a row is not contention.
const MAX_TURN_RACES = 50;

/**
 * Which agent a callback that becomes due soon is offered to first, recorded in MongoDB so the rotation
 * survives restarts and holds across replicas. The turn is settled by unique keys, never read-then-write:
 * an offer inserts `_id = callbackId` and `turn = "<team>#<n + 1>"` together; losing on either means someone
 * else just offered (this callback, or another of the team), so it reads again and decides again.
 */
export class AgentRouting {
  constructor(
    private readonly agents: Pick<AgentStore, 'ofTeam' | 'get'>,
    private readonly offers: Collection<AgentOfferDocument>,
  ) {}

  /** The agent to offer the callback to (the same one on every call for that callback), or null when its team has none. */
  async offerFor(
    callback: Pick<CallbackDocument, '_id' | 'ruleSetId'>,
    personLanguage: AgentLanguage | null,
    now: Date,
  ): Promise<AgentDocument | null> {
    const team = teamOf(callback);
    for (let race = 0; race < MAX_TURN_RACES; race++) {
      const offered = await this.offers.findOne({ _id: callback._id });
      if (offered) return this.agents.get(offered.agentId);
      const members = await this.agents.ofTeam(team);
      if (members.length === 0) return null;
      // The latest turn first, then each agent's last one: those reads then see every offer up to `latest`, and
      // any offer after it makes this insert lose, so the choice is made on the whole rotation so far.
      const latest = await this.latestTurn(team);
      const agent = nextAgent(members, await this.lastTurns(team, members), personLanguage)!;
      const seq = latest + 1;
      try {
        await this.offers.insertOne({
          _id: callback._id,
          team,
          seq,
          turn: `${team}#${seq}`,
          agentId: agent._id,
          language: personLanguage,
          speaksLanguage: personLanguage !== null && agent.languages.includes(personLanguage),
          at: now,
        });
        return agent;
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
      }
    }
    throw new Error(`no turn of team ${team} could be taken after ${MAX_TURN_RACES} tries`);
  }

  private async latestTurn(team: string): Promise<number> {
    const latest = await this.offers.find({ team }).sort({ seq: -1 }).limit(1).next();
    return latest?.seq ?? 0;
  }

  private async lastTurns(team: string, members: readonly AgentDocument[]): Promise<Map<string, number>> {
    const last = await Promise.all(
      members.map(async (agent) => {
        const offer = await this.offers.find({ team, agentId: agent._id }).sort({ seq: -1 }).limit(1).next();
        return [agent._id, offer?.seq ?? -1] as const;
      }),
    );
    return new Map(last);
  }
}
