/** The version in force of a versioned record (a rule set, a team) and who saved it. */
export interface VersionInForce {
  version: number;
  changedBy: string;
  changedAt: Date;
}

/**
 * A compare-and-set on a versioned record lost: the version expected (from If-Match, or the one just read) is
 * not the newest. `current` is the one in force, null when there is none.
 */
export class VersionConflict extends Error {
  constructor(
    readonly kind: 'rule set' | 'team',
    readonly id: string,
    readonly expected: number | null,
    readonly current: VersionInForce | null,
  ) {
    super(`${kind} "${id}" is at version ${current?.version ?? 'none'}, not ${expected ?? 'none'}`);
    this.name = 'VersionConflict';
  }
}
