import { Collection } from 'mongodb';
import { isDuplicateKeyError } from '../store/errors';
import { readOncePerTurn } from '../store/turnReads';
import { LANGUAGES } from '../language/language';
import { type Team, type TeamInput, teamInputSchema } from './team';
import { VersionConflict, type VersionInForce } from '../store/versionConflict';

/**
 * Every version of every team, the newest being the one in force: one insert per change, guarded by the unique
 * (teamId, version) index, so two admins cannot both write version n+1 and a change is never half-written.
 */
export interface TeamVersionDocument {
  teamId: string;
  version: number;
  team: Omit<Team, 'id' | 'version' | 'updatedAt' | 'updatedBy'>;
  changedBy: string;
  changedAt: Date;
}

/** The version in force of a team, as a conflict reports it. */
export function teamInForce(team: Team | null): VersionInForce | null {
  return team && { version: team.version, changedBy: team.updatedBy, changedAt: team.updatedAt };
}

function toTeam(document: TeamVersionDocument): Team {
  return {
    id: document.teamId,
    ...teamInputSchema.parse(document.team),
    version: document.version,
    updatedAt: document.changedAt,
    updatedBy: document.changedBy,
  };
}

export class TeamStore {
  constructor(
    private readonly versions: Collection<TeamVersionDocument>,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async get(teamId: string): Promise<Team | null> {
    const latest = await readOncePerTurn(this.versions.collectionName, `current=${teamId}`, () =>
      this.versions.find({ teamId }).sort({ version: -1 }).limit(1).next(),
    );
    return latest ? toTeam(latest) : null;
  }

  /** Every team, newest version of each, by id (the order routing breaks ties in). */
  async list(): Promise<Team[]> {
    // Routing reads this in a conversation's turns, so it is one round trip: every version, newest first per team,
    // the first of each kept. Teams and their edits are few; FerretDB 1.24 has no $first in $group to do it there.
    const versions = await readOncePerTurn(this.versions.collectionName, 'all', () =>
      this.versions.find({}).sort({ teamId: 1, version: -1 }).toArray(),
    );
    const newest = new Map<string, TeamVersionDocument>();
    for (const version of versions) if (!newest.has(version.teamId)) newest.set(version.teamId, version);
    return [...newest.values()].map(toTeam);
  }

  /**
   * Saves a new version. `expectedVersion` (from If-Match; 0 for "must not exist yet") makes it a compare-and-set;
   * without it the write goes on top of whatever is newest.
   */
  async save(teamId: string, input: TeamInput, changedBy: string, expectedVersion?: number): Promise<Team> {
    const current = await this.get(teamId);
    if (expectedVersion !== undefined && expectedVersion !== (current?.version ?? 0)) {
      throw new VersionConflict('team', teamId, expectedVersion, teamInForce(current));
    }
    const document: TeamVersionDocument = {
      teamId,
      version: (current?.version ?? 0) + 1,
      team: teamInputSchema.parse(input),
      changedBy,
      changedAt: this.clock(),
    };
    try {
      await this.versions.insertOne({ ...document });
    } catch (error) {
      if (isDuplicateKeyError(error))
        throw new VersionConflict('team', teamId, expectedVersion ?? null, teamInForce(await this.get(teamId)));
      throw error;
    }
    return toTeam(document);
  }

  /**
   * The team every installation has: today's rule set, reached when nothing else routes. Created on first start
   * with both languages and the Teams app, so a one-team installation behaves as it did before teams existed.
   */
  async ensureDefault(teamId: string): Promise<Team> {
    const existing = await this.get(teamId);
    if (existing) return existing;
    try {
      return await this.save(
        teamId,
        { name: 'Default', languages: [...LANGUAGES], entryPoints: { teamsApp: true } },
        'system:first-run',
        0,
      );
    } catch (error) {
      if (!(error instanceof VersionConflict)) throw error;
      return (await this.get(teamId))!; // another replica created it first
    }
  }
}
