import { Collection } from 'mongodb';
import type { CallbackDocument } from '../booking/callback';
import type { ConsentLedger } from '../consent/ledger';
import type { Logger } from '../observability/logger';
import type { PeopleStore } from '../people/peopleStore';
import { formatDayTime } from '../language/format';
import { knownZoneOf } from '../people/personZone';
import { isDuplicateKeyError } from '../store/errors';
import { deterministicClaims, openingLine, paragraph, recordPromises } from './deterministicSummary';
import type { ProblemStore } from './problems';
import type { PromptEntry, SummaryModel } from './summaryModel';
import { type Claim, EMPTY_CLAIMS, type HandoffSummary, handoffSummarySchema, type ModelClaims } from './summarySchema';
import type { TimelineEntryDocument, TimelineStore } from './timeline';
import { type SupportSource, verifyClaims } from './verifyClaims';

export interface SummaryDocument {
  /** "<personId>:<version>" */
  _id: string;
  personId: string;
  version: number;
  summary: HandoffSummary;
  /** The timeline entries this version has read; anything else in the timeline is new. */
  coveredIds: string[];
  model: string | null;
  /** Model claims refused because their sources did not support them, in this version's update. */
  dropped: number;
  createdAt: Date;
}

export interface HandoffSummaryOptions {
  /** Entries kept per person; older ones are folded into the summary (counted there), never dropped silently. */
  cap: number;
  companyName: string;
  clock: () => Date;
  logger: Logger;
}

const SECTIONS = ['wants', 'problems', 'promises', 'questionsForAgent'] as const;

function claimKey(section: string, claim: Claim): string {
  return `${section}|${claim.text}|${[...claim.sources].sort().join(',')}`;
}

export interface HandoffSummariesDependencies {
  summaries: Collection<SummaryDocument>;
  timeline: TimelineStore;
  problems: ProblemStore;
  people: Pick<PeopleStore, 'get'>;
  ledger: Pick<ConsentLedger, 'stateOf'>;
  callbacks: Collection<CallbackDocument>;
  model: SummaryModel;
  options: HandoffSummaryOptions;
}

/**
 * The summary of a person's timeline, kept in `summaries` as numbered versions. An update reads only the
 * entries the last version has not covered (with the model when configured and answering, else our
 * recognisers), and writes version n+1: a unique (personId, version) settles two updates racing. Reads serve
 * the stored version; they update only when the timeline has grown.
 */
export class HandoffSummaries {
  private readonly summaries: Collection<SummaryDocument>;
  private readonly timeline: TimelineStore;
  private readonly problems: ProblemStore;
  private readonly people: Pick<PeopleStore, 'get'>;
  private readonly ledger: Pick<ConsentLedger, 'stateOf'>;
  private readonly callbacks: Collection<CallbackDocument>;
  private readonly model: SummaryModel;
  private readonly options: HandoffSummaryOptions;

  constructor(deps: HandoffSummariesDependencies) {
    ({
      summaries: this.summaries,
      timeline: this.timeline,
      problems: this.problems,
      people: this.people,
      ledger: this.ledger,
      callbacks: this.callbacks,
      model: this.model,
      options: this.options,
    } = deps);
  }

  async latest(personId: string): Promise<SummaryDocument | null> {
    const [document] = await this.summaries.find({ personId }).sort({ version: -1 }).limit(1).toArray();
    if (!document) return null;
    return { ...document, summary: handoffSummarySchema.parse(document.summary) };
  }

  /** The summary as of now: the stored one, brought up to date first if the timeline grew since. */
  async current(personId: string): Promise<SummaryDocument> {
    const latest = await this.latest(personId);
    const ids = await this.timeline.idsOf(personId);
    const covered = new Set(latest?.coveredIds ?? []);
    const fresh = ids.filter((id) => !covered.has(id));
    if (latest && fresh.length === 0) return latest;
    return this.update(personId, latest, ids, fresh);
  }

  private async update(personId: string, latest: SummaryDocument | null, allIds: string[], freshIds: string[]): Promise<SummaryDocument> {
    const now = this.options.clock();
    const fresh = await this.timeline.byIds(freshIds);
    const previous: HandoffSummary | null = latest?.summary ?? null;
    const recordSources = new Set(previous?.callbacks.flatMap((callback) => callback.sources) ?? []);
    const previousClaims: ModelClaims = previous
      ? {
          wants: previous.wants,
          problems: previous.problems,
          // Promises resting only on booking records are rebuilt from the records each time.
          promises: previous.promises.filter((promise) => !promise.sources.every((id) => recordSources.has(id))),
          preferredTime: previous.preferredTime,
          preferredChannel: previous.preferredChannel,
          questionsForAgent: previous.questionsForAgent,
        }
      : EMPTY_CLAIMS;

    let claims: ModelClaims;
    let kind: HandoffSummary['kind'] = 'deterministic';
    let modelName: string | null = null;
    let dropped = 0;
    const modelClaims = await this.fromModel(previousClaims, fresh);
    if (modelClaims) {
      claims = modelClaims.claims;
      dropped = modelClaims.dropped;
      kind = 'model';
      modelName = modelClaims.model;
    } else {
      claims = deterministicClaims(previousClaims, fresh);
    }

    const records = await this.records(personId, previous, fresh);
    const folding = await this.folding(personId, allIds, previous, now);
    const base = {
      kind,
      openProblems: records.openProblems,
      who: records.who,
      wants: claims.wants,
      problems: claims.problems,
      promises: [...records.promises, ...claims.promises],
      // The slot they booked says more about when than anything they wrote.
      preferredTime: records.preferredTime ?? claims.preferredTime,
      preferredChannel: records.preferredChannel ?? claims.preferredChannel,
      consent: records.consent,
      callbacks: records.callbacks,
      questionsForAgent: claims.questionsForAgent,
      openingLine: openingLine({
        company: this.options.companyName,
        name: records.who.name,
        language: records.who.language ?? 'es',
        wants: claims.wants,
        callbackAt: records.next,
      }),
      folded: folding.folded,
    };
    const summary = handoffSummarySchema.parse({ ...base, paragraph: { es: paragraph(base, 'es'), en: paragraph(base, 'en') } });
    const version = (latest?.version ?? 0) + 1;
    const document: SummaryDocument = {
      _id: `${personId}:${version}`,
      personId,
      version,
      summary,
      coveredIds: allIds.filter((id) => !folding.ids.includes(id)),
      model: modelName,
      dropped,
      createdAt: now,
    };
    try {
      await this.summaries.insertOne(document);
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      // Another update wrote this version first; it read at least what we read.
      return (await this.latest(personId)) ?? document;
    }
    await this.timeline.remove(personId, folding.ids);
    await this.summaries.deleteMany({ personId, version: { $lt: version - 1 } });
    return document;
  }

  /** The model's claims, verified against their sources; null when there is no model or it failed. */
  private async fromModel(
    previous: ModelClaims,
    fresh: readonly TimelineEntryDocument[],
  ): Promise<{ claims: ModelClaims; dropped: number; model: string } | null> {
    if (!this.model.isConfigured) return null;
    // Short references the model cites; mapped back to entry ids before anything is kept.
    const toRef = new Map<string, string>();
    const fromRef = new Map<string, string>();
    const ref = (id: string) => {
      let r = toRef.get(id);
      if (!r) {
        r = `e${toRef.size + 1}`;
        toRef.set(id, r);
        fromRef.set(r, id);
      }
      return r;
    };
    const prompt: PromptEntry[] = fresh.map((entry) => ({
      ref: ref(entry._id),
      at: entry.at.toISOString(),
      kind: entry.kind,
      from: entry.direction === 'inbound' ? 'prospect' : entry.direction === 'outbound' ? 'bot' : entry.agentId ? 'agent' : 'records',
      channel: entry.channelId,
      text: entry.kind === 'outcome' && entry.note ? `${entry.text} — ${entry.note}` : entry.text,
    }));
    const mapClaims = <C extends Claim>(list: readonly C[], map: (id: string) => string | undefined) =>
      list.map((claim) => ({ ...claim, sources: claim.sources.map((id) => map(id) ?? `unknown:${id}`) }));
    const previousAsRefs: ModelClaims = {
      wants: mapClaims(previous.wants, ref),
      problems: mapClaims(previous.problems, ref),
      promises: mapClaims(previous.promises, ref),
      preferredTime: previous.preferredTime ? mapClaims([previous.preferredTime], ref)[0]! : null,
      preferredChannel: previous.preferredChannel ? mapClaims([previous.preferredChannel], ref)[0]! : null,
      questionsForAgent: mapClaims(previous.questionsForAgent, ref),
    };
    const result = await this.model.extract({ previous: previousAsRefs, entries: prompt });
    if (!result.ok) {
      this.options.logger.warn({ reason: result.reason, detail: result.detail }, 'summary model unavailable; deterministic summary');
      return null;
    }
    const back = (r: string) => fromRef.get(r);
    const answer: ModelClaims = {
      wants: mapClaims(result.claims.wants, back),
      problems: mapClaims(result.claims.problems, back),
      promises: mapClaims(result.claims.promises, back),
      preferredTime: result.claims.preferredTime ? mapClaims([result.claims.preferredTime], back)[0]! : null,
      preferredChannel: result.claims.preferredChannel ? mapClaims([result.claims.preferredChannel], back)[0]! : null,
      questionsForAgent: mapClaims(result.claims.questionsForAgent, back),
    };
    // Claims carried over unchanged were verified when they were made (their sources may since be folded away).
    const kept = new Map<string, Claim>();
    for (const section of SECTIONS) for (const claim of previous[section]) kept.set(claimKey(section, claim), claim);
    for (const section of ['preferredTime', 'preferredChannel'] as const) {
      const claim = previous[section];
      if (claim) kept.set(claimKey(section, claim), claim);
    }
    const carried = (section: string, claim: Claim) => kept.get(claimKey(section, { ...claim, unverified: false }));
    const support = new Map<string, SupportSource>();
    const cited = new Set<string>();
    for (const section of SECTIONS) for (const claim of answer[section]) claim.sources.forEach((id) => cited.add(id));
    for (const claim of [answer.preferredTime, answer.preferredChannel]) claim?.sources.forEach((id) => cited.add(id));
    for (const entry of fresh) support.set(entry._id, entry);
    const older = [...cited].filter((id) => !support.has(id) && !id.startsWith('unknown:'));
    for (const entry of await this.timeline.byIds(older)) support.set(entry._id, entry);

    const toVerify: ModelClaims = { ...EMPTY_CLAIMS, wants: [], problems: [], promises: [], questionsForAgent: [] };
    const carriedOver: ModelClaims = { ...EMPTY_CLAIMS, wants: [], problems: [], promises: [], questionsForAgent: [] };
    for (const section of SECTIONS) {
      for (const claim of answer[section] as Claim[]) {
        const previousClaim = carried(section, claim);
        (previousClaim ? (carriedOver[section] as Claim[]) : (toVerify[section] as Claim[])).push(
          previousClaim ? { ...claim, unverified: previousClaim.unverified } : claim,
        );
      }
    }
    for (const section of ['preferredTime', 'preferredChannel'] as const) {
      const claim = answer[section];
      if (!claim) continue;
      const previousClaim = carried(section, claim);
      if (previousClaim) carriedOver[section] = { ...claim, unverified: previousClaim.unverified };
      else toVerify[section] = claim;
    }
    const verified = verifyClaims(toVerify, support);
    if (verified.dropped.length > 0) this.options.logger.warn({ dropped: verified.dropped }, 'summary claims without support dropped');
    return {
      claims: {
        wants: [...carriedOver.wants, ...verified.claims.wants],
        problems: [...carriedOver.problems, ...verified.claims.problems],
        promises: [...carriedOver.promises, ...verified.claims.promises],
        preferredTime: carriedOver.preferredTime ?? verified.claims.preferredTime,
        preferredChannel: carriedOver.preferredChannel ?? verified.claims.preferredChannel,
        questionsForAgent: [...carriedOver.questionsForAgent, ...verified.claims.questionsForAgent],
      },
      dropped: verified.dropped.length,
      model: result.model,
    };
  }

  /** What our records say, not what anyone wrote: who, consent, callbacks and outcomes, open problems. */
  private async records(personId: string, previous: HandoffSummary | null, fresh: readonly TimelineEntryDocument[]) {
    const [person, consentState, callbacks, open] = await Promise.all([
      this.people.get(personId),
      this.ledger.stateOf(personId),
      this.callbacks.find({ personId }).toArray(),
      this.problems.openFor(personId),
    ]);
    const language = person?.language ?? previous?.who.language ?? null;
    const name = [...fresh].reverse().find((entry) => entry.name && entry.direction === 'inbound')?.name ?? previous?.who.name ?? null;
    const channels = [
      ...new Set([
        ...(previous?.who.channels ?? []),
        ...fresh.filter((entry) => entry.kind === 'message' && entry.direction === 'inbound').map((entry) => entry.channelId),
      ]),
    ];
    // Entries about each callback: from this update, plus the sources the previous version kept.
    const byCallback = new Map<string, string[]>();
    for (const callback of previous?.callbacks ?? []) byCallback.set(callback.callbackId, [...callback.sources]);
    const outcomes = new Map<string, { outcome: TimelineEntryDocument['outcome']; note: string | null }>();
    for (const callback of previous?.callbacks ?? [])
      if (callback.outcome) outcomes.set(callback.callbackId, { outcome: callback.outcome, note: callback.note });
    for (const entry of fresh) {
      if (!entry.ref || (entry.kind !== 'booking' && entry.kind !== 'outcome' && entry.kind !== 'claim')) continue;
      byCallback.set(entry.ref, [...(byCallback.get(entry.ref) ?? []), entry._id]);
      if (entry.kind === 'outcome' && entry.outcome) outcomes.set(entry.ref, { outcome: entry.outcome, note: entry.note });
    }
    const sorted = callbacks.sort((a, b) => a.startUtc.getTime() - b.startUtc.getTime());
    const consentSources = [
      ...(previous?.consent.sources ?? []),
      ...fresh.filter((entry) => entry.kind === 'consent').map((entry) => entry._id),
    ];
    const calls = consentState.callbacks;
    const active = sorted.find((callback) => callback.status === 'booked') ?? null;
    const lastInbound = [...fresh].reverse().find((entry) => entry.kind === 'message' && entry.direction === 'inbound');
    const bookingSources = active ? (byCallback.get(active._id) ?? []) : [];
    return {
      who: { name, language, timeZone: person ? knownZoneOf(person) : (active?.prospectTimeZone ?? null), channels },
      consent: { status: calls.status, at: calls.at?.toISOString() ?? null, sources: consentSources },
      callbacks: sorted.map((callback) => ({
        callbackId: callback._id,
        startUtc: callback.startUtc.toISOString(),
        status: callback.status,
        outcome: outcomes.get(callback._id)?.outcome ?? null,
        note: outcomes.get(callback._id)?.note ?? null,
        sources: byCallback.get(callback._id) ?? [],
      })),
      openProblems: open.map((problem) => ({
        problemId: problem._id,
        text: problem.text,
        openedAt: problem.openedAt.toISOString(),
        sources: problem.sourceEntryIds,
      })),
      promises: recordPromises(sorted, byCallback, language ?? 'es'),
      preferredTime:
        active && bookingSources.length > 0
          ? { text: formatDayTime(active.startUtc, active.prospectTimeZone, language ?? 'es'), sources: bookingSources, unverified: false }
          : (previous?.preferredTime ?? null),
      preferredChannel: lastInbound
        ? { text: lastInbound.channelId, sources: [lastInbound._id], unverified: lastInbound.assurance === 'claimed' }
        : (previous?.preferredChannel ?? null),
      next: active ? { instant: active.startUtc, zone: active.prospectTimeZone } : null,
    };
  }

  /** Past the cap, the oldest entries leave the timeline; this version has read them, and says how many went. */
  private async folding(
    personId: string,
    allIds: readonly string[],
    previous: HandoffSummary | null,
    now: Date,
  ): Promise<{ ids: string[]; folded: HandoffSummary['folded'] }> {
    const before = previous?.folded ?? { count: 0, until: null };
    const excess = allIds.length - this.options.cap;
    if (excess <= 0) return { ids: [], folded: before };
    const oldest = (await this.timeline.forPerson(personId)).slice(0, excess);
    const until = oldest.at(-1)?.at ?? now;
    return { ids: oldest.map((entry) => entry._id), folded: { count: before.count + oldest.length, until: until.toISOString() } };
  }
}
