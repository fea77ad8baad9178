import type { RuleSet } from './ruleSet';

/** One difference between two versions: `path` like `weeklyHours.mon`, `capacity.default`, `dateOverrides.2026-12-24`. */
export interface RuleSetChange {
  readonly path: string;
  /** The value in the older version; null where it had none. */
  readonly before: unknown;
  readonly after: unknown;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** JSON with object keys in one order, so two equal values compare equal whatever order they were written in. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (isRecord(value)) {
    const keys = Object.keys(value)
      .filter((k) => value[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** A date override either closes its day or gives its hours: one thing, said whole. */
function isWhole(path: readonly string[]): boolean {
  return path.length === 2 && path[0] === 'dateOverrides';
}

/**
 * What changed between two versions, field by field: objects are walked into (a day of the week, a date override,
 * a policy's setting), lists and values are compared whole (a day's ranges, the capacity ranges), so each change
 * is one thing a person changed and the page can word it.
 */
export function ruleSetChanges(before: RuleSet, after: RuleSet): RuleSetChange[] {
  const changes: RuleSetChange[] = [];
  const walk = (a: unknown, b: unknown, path: readonly string[]): void => {
    if (isRecord(a) && isRecord(b) && !isWhole(path)) {
      for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) walk(a[key], b[key], [...path, key]);
      return;
    }
    if (canonical(a) !== canonical(b)) changes.push({ path: path.join('.'), before: a ?? null, after: b ?? null });
  };
  walk(before, after, []);
  return changes;
}
