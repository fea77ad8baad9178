import { randomUUID } from 'node:crypto';
import { Collection } from 'mongodb';
import { z } from 'zod';
import { type Assurance, type ChannelAccountRef, mayHearOfProblem } from '../identity/assurance';
import { timelineEntry, TimelineStore } from './timeline';

/** A fault or complaint the person is waiting on (seed 003): while open, no sales call, and it heads the summary. */
export interface ProblemDocument {
  _id: string;
  personId: string;
  status: 'open' | 'resolved';
  text: string;
  openedAt: Date;
  openedBy: { kind: 'agent' | 'bot'; id: string };
  /** The timeline entry that reported it (the person's own message, or the agent's note). */
  sourceEntryIds: string[];
  resolvedAt: Date | null;
  resolvedBy: string | null;
  resolution: string | null;
}

const problemSchema = z.object({
  _id: z.string(),
  personId: z.string(),
  status: z.enum(['open', 'resolved']),
  text: z.string(),
  openedAt: z.date(),
  openedBy: z.object({ kind: z.enum(['agent', 'bot']), id: z.string() }),
  sourceEntryIds: z.array(z.string()),
  resolvedAt: z
    .date()
    .nullish()
    .transform((v) => v ?? null),
  resolvedBy: z
    .string()
    .nullish()
    .transform((v) => v ?? null),
  resolution: z
    .string()
    .nullish()
    .transform((v) => v ?? null),
});

export class ProblemNotFound extends Error {
  readonly code = 'PROBLEM_NOT_FOUND';
}

export class ProblemStore {
  constructor(
    private readonly problems: Collection<ProblemDocument>,
    private readonly timeline: TimelineStore,
  ) {}

  async hasOpenProblem(personId: string): Promise<boolean> {
    return (await this.problems.countDocuments({ personId, status: 'open' }, { limit: 1 })) > 0;
  }

  async openFor(personId: string): Promise<ProblemDocument[]> {
    const documents = await this.problems.find({ personId, status: 'open' }).toArray();
    return documents.map((d) => problemSchema.parse(d)).sort((a, b) => a.openedAt.getTime() - b.openedAt.getTime());
  }

  /**
   * Whether the person has an open problem this identity may be reminded of ("the fault you told us about is
   * noted"): any, for a verified identity; for a claimed one, only a fault reported from its own account.
   */
  async openProblemToMention(viewer: { id: string; assurance: Assurance; account: ChannelAccountRef }): Promise<boolean> {
    const open = await this.openFor(viewer.id);
    if (open.length === 0) return false;
    if (mayHearOfProblem(viewer, [])) return true;
    const reports = await this.timeline.byIds(open.flatMap((problem) => problem.sourceEntryIds));
    return mayHearOfProblem(
      viewer,
      reports.flatMap((entry) => (entry.accountKey ? [entry.accountKey] : [])),
    );
  }

  async get(problemId: string): Promise<ProblemDocument | null> {
    const document = await this.problems.findOne({ _id: problemId });
    return document ? problemSchema.parse(document) : null;
  }

  /** An agent opens a problem from what they learnt; their words become a timeline entry the problem points to. */
  async openByAgent(input: { personId: string; agentId: string; text: string; at: Date }): Promise<ProblemDocument> {
    const entry = timelineEntry({
      personId: input.personId,
      channelId: 'agent',
      kind: 'problem',
      text: `Problem opened by an agent: ${input.text}`,
      at: input.at,
      agentId: input.agentId,
    });
    const problem = this.problem(input.personId, input.text, { kind: 'agent', id: input.agentId }, [entry._id], input.at);
    entry.ref = problem._id;
    await this.problems.insertOne(problem);
    await this.timeline.append(entry);
    return problem;
  }

  /**
   * The person reported a fault to the bot. One open problem from the bot at a time: a second message about it
   * is added to the same problem, not a new one.
   */
  async openByBot(input: { personId: string; text: string; sourceEntryId: string; at: Date }): Promise<ProblemDocument> {
    const open = (await this.openFor(input.personId)).find((problem) => problem.openedBy.kind === 'bot');
    if (open) {
      await this.problems.updateOne({ _id: open._id }, { $addToSet: { sourceEntryIds: input.sourceEntryId } });
      return { ...open, sourceEntryIds: [...open.sourceEntryIds, input.sourceEntryId] };
    }
    const problem = this.problem(input.personId, input.text, { kind: 'bot', id: 'bot' }, [input.sourceEntryId], input.at);
    await this.problems.insertOne(problem);
    await this.timeline.append(
      timelineEntry({
        personId: input.personId,
        channelId: 'bot',
        kind: 'problem',
        text: `Problem opened from the person's message: “${input.text}”`,
        at: input.at,
        ref: problem._id,
      }),
    );
    return problem;
  }

  async resolve(input: { problemId: string; agentId: string; resolution: string; at: Date }): Promise<ProblemDocument> {
    const current = await this.get(input.problemId);
    if (!current) throw new ProblemNotFound(`no problem ${input.problemId}`);
    if (current.status === 'resolved') return current;
    await this.problems.updateOne(
      { _id: current._id },
      { $set: { status: 'resolved', resolvedAt: input.at, resolvedBy: input.agentId, resolution: input.resolution } },
    );
    await this.timeline.append(
      timelineEntry({
        personId: current.personId,
        channelId: 'agent',
        kind: 'problem',
        text: `Problem resolved: ${current.text} — ${input.resolution}`,
        at: input.at,
        ref: current._id,
        agentId: input.agentId,
      }),
    );
    return { ...current, status: 'resolved', resolvedAt: input.at, resolvedBy: input.agentId, resolution: input.resolution };
  }

  private problem(
    personId: string,
    text: string,
    openedBy: ProblemDocument['openedBy'],
    sourceEntryIds: string[],
    at: Date,
  ): ProblemDocument {
    return {
      _id: randomUUID(),
      personId,
      status: 'open',
      text,
      openedAt: at,
      openedBy,
      sourceEntryIds,
      resolvedAt: null,
      resolvedBy: null,
      resolution: null,
    };
  }
}
