import { randomUUID } from 'node:crypto';
import { Collection } from 'mongodb';
import { z } from 'zod';
import { isIanaZoneName } from '../availability/lawfulWindow';
import { teamSlug } from '../teams/team';
import { LANGUAGES, type Language } from '../language/language';

/** An agent is a person too: who calls, in which zone they work, which languages they speak, in which team. */
export interface AgentDocument {
  _id: string;
  name: string;
  timeZone: string;
  languages: Array<Language>;
  team: string;
  /** The Teams user (AAD object id, else the Teams account id) whose card clicks act as this agent. */
  teamsUserId: string | null;
  createdAt: Date;
}

export const newAgentSchema = z.object({
  // `\S` rather than min(1) after trim, and the zone's format: the published schema says what is refused.
  name: z.string().trim().regex(/\S/, 'expected the agent’s name').max(120),
  timeZone: z
    .string()
    .refine(isIanaZoneName, 'expected an IANA time zone like Europe/Madrid')
    .meta({ format: 'time-zone', examples: ['Europe/Madrid'] }),
  languages: z
    .array(z.enum(LANGUAGES, { message: 'expected es or en' }))
    .min(1, 'expected at least one of es, en')
    .max(2),
  /** The team's id (services/teams/team.ts). */
  team: teamSlug.default('default'),
  teamsUserId: z.string().trim().regex(/\S/, 'expected the Teams user id').max(200).nullable().default(null),
});
export type NewAgent = z.input<typeof newAgentSchema>;

const agentSchema = z.object({
  _id: z.string(),
  name: z.string(),
  timeZone: z.string(),
  languages: z.array(z.enum(LANGUAGES)),
  team: z.string(),
  teamsUserId: z
    .string()
    .nullish()
    .transform((v) => v ?? null),
  createdAt: z.date(),
});

export class AgentStore {
  constructor(
    private readonly agents: Collection<AgentDocument>,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async create(input: NewAgent): Promise<AgentDocument> {
    const agent: AgentDocument = { _id: randomUUID(), ...newAgentSchema.parse(input), createdAt: this.clock() };
    await this.agents.insertOne(agent);
    return agent;
  }

  /** Replaces what an admin may change of an agent (not its id or when it was created); null when there is none. */
  async update(agentId: string, input: NewAgent): Promise<AgentDocument | null> {
    const updated = await this.agents.findOneAndUpdate(
      { _id: agentId },
      { $set: newAgentSchema.parse(input) },
      { returnDocument: 'after' },
    );
    return updated ? agentSchema.parse(updated) : null;
  }

  async get(agentId: string): Promise<AgentDocument | null> {
    const document = await this.agents.findOne({ _id: agentId });
    return document ? agentSchema.parse(document) : null;
  }

  /** The team's agents in a fixed order (oldest first), the order the rotation breaks ties in. */
  async ofTeam(team: string): Promise<AgentDocument[]> {
    const documents = await this.agents.find({ team }).sort({ createdAt: 1, _id: 1 }).toArray();
    return documents.map((document) => agentSchema.parse(document));
  }

  /** Everyone who can take a callback, by name: the choices of a reassignment. */
  async list(limit = 200): Promise<AgentDocument[]> {
    const documents = await this.agents.find({}).sort({ name: 1 }).limit(limit).toArray();
    return documents.map((document) => agentSchema.parse(document));
  }

  async byTeamsUser(teamsUserId: string): Promise<AgentDocument | null> {
    const document = await this.agents.findOne({ teamsUserId });
    return document ? agentSchema.parse(document) : null;
  }
}
