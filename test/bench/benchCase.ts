/**
 * A benchmark case: `setup` builds the input once (not timed), `run` is timed per call.
 * Cases sharing a `group` are compared with the group's `baseline` case, measured in the
 * same process so machine speed cancels out of the ratio.
 */
export interface BenchCase<State> {
  readonly name: string;
  readonly group: string;
  readonly baseline?: boolean;
  /** Timed calls after warm-up; default 200. */
  readonly iterations?: number;
  setup(): State | Promise<State>;
  /** May return a promise (I/O cases): it is awaited and counted in the time. */
  run(state: State): unknown;
  teardown?(state: State): void | Promise<void>;
}

/** A case with its state type erased, so files can export lists of differently typed cases. */
export interface RegisteredCase {
  readonly name: string;
  readonly group: string;
  readonly baseline: boolean;
  readonly iterations: number;
  prepare(): Promise<{ call: () => unknown; dispose: () => Promise<void> }>;
}

export function benchCase<State>(spec: BenchCase<State>): RegisteredCase {
  return {
    name: spec.name,
    group: spec.group,
    baseline: spec.baseline ?? false,
    iterations: spec.iterations ?? 200,
    prepare: async () => {
      const state = await spec.setup();
      return { call: () => spec.run(state), dispose: async () => spec.teardown?.(state) };
    },
  };
}

/** Seeded generator (mulberry32), so every run benchmarks the same data. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
