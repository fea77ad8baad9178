import { AppMetrics } from '../../services/observability/metrics';

type Ratios = Map<string, number | null>;
const sampleOf = (text: string) => text.split('\n').filter((line) => line.startsWith('callbacks_kept_on_time_ratio{'));

/** A gauge whose source the test answers, on a clock the test moves. */
function gauge(answer: () => Promise<Ratios>) {
  const metrics = new AppMetrics({ collectProcessMetrics: false });
  const state = { reads: 0, errors: [] as string[], elapsed: 0 };
  metrics.watchKeptOnTime(
    () => {
      state.reads += 1;
      return answer();
    },
    (error) => state.errors.push(String(error)),
    () => state.elapsed,
  );
  const scrape = async () => sampleOf(await metrics.registry.metrics());
  return { state, scrape };
}

describe('callbacks_kept_on_time_ratio: read at scrape, at most once a minute, never holding /metrics up', () => {
  it('has a sample per team with a figure, none for a team with nothing judged yet', async () => {
    const { scrape } = gauge(() =>
      Promise.resolve(
        new Map([
          ['madrid-sales', 0.75],
          ['mexico-service', null],
        ]),
      ),
    );
    expect(await scrape()).toEqual(['callbacks_kept_on_time_ratio{team="madrid-sales"} 0.75']);
  });

  it('reads the database again only when its figure is a minute old', async () => {
    let ratio = 0.5;
    const { state, scrape } = gauge(() => Promise.resolve(new Map([['default', ratio]])));
    expect(await scrape()).toEqual(['callbacks_kept_on_time_ratio{team="default"} 0.5']);
    ratio = 0.6;
    state.elapsed = 59_000;
    expect(await scrape()).toEqual(['callbacks_kept_on_time_ratio{team="default"} 0.5']);
    state.elapsed = 60_000;
    expect(await scrape()).toEqual(['callbacks_kept_on_time_ratio{team="default"} 0.6']);
    expect(state.reads).toBe(2);
  });

  it('a database slower than 2 s: the scrape answers without waiting for it, scrapes share the read, the next one shows it', async () => {
    let finish: (ratios: Ratios) => void = () => undefined;
    const { state, scrape } = gauge(() => new Promise((resolve) => (finish = resolve)));
    expect(await Promise.all([scrape(), scrape()])).toEqual([[], []]);
    expect(state.reads).toBe(1);
    expect(state.errors).toEqual([expect.stringMatching(/longer than 2000 ms/), expect.stringMatching(/longer than 2000 ms/)]);
    finish(new Map([['default', 0.9]]));
    await Promise.resolve();
    state.elapsed = 5_000;
    expect(await scrape()).toEqual(['callbacks_kept_on_time_ratio{team="default"} 0.9']);
    expect(state.reads).toBe(1);
  });

  it('a read that fails: the last figure while it is recent (under 10 minutes), then no figure rather than a stale one', async () => {
    let answer: () => Promise<Ratios> = () => Promise.resolve(new Map([['default', 0.5]]));
    const { state, scrape } = gauge(() => answer());
    expect(await scrape()).toHaveLength(1);
    answer = () => Promise.reject(new Error('connection closed'));
    state.elapsed = 120_000;
    expect(await scrape()).toEqual(['callbacks_kept_on_time_ratio{team="default"} 0.5']);
    state.elapsed = 600_000;
    expect(await scrape()).toEqual([]);
    expect(state.errors).toEqual(['Error: connection closed', 'Error: connection closed']);
  });
});
