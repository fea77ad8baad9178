import { AppMetrics } from '../../services/observability/metrics';

const sampleOf = (text: string) => text.split('\n').filter((line) => line.startsWith('callbacks_kept_on_time_ratio{'));

describe('callbacks_kept_on_time_ratio: read at scrape, never holding /metrics up', () => {
  it('has a sample per team with a figure, none for a team with nothing judged yet', async () => {
    const metrics = new AppMetrics({ collectProcessMetrics: false });
    metrics.watchKeptOnTime(
      () =>
        Promise.resolve(
          new Map([
            ['madrid-sales', 0.75],
            ['mexico-service', null],
          ]),
        ),
      () => undefined,
    );
    expect(sampleOf(await metrics.registry.metrics())).toEqual(['callbacks_kept_on_time_ratio{team="madrid-sales"} 0.75']);
  });

  it('a database that never answers: the scrape answers within its budget, without the ratio, and scrapes meanwhile share one read', async () => {
    const metrics = new AppMetrics({ collectProcessMetrics: false });
    const errors: unknown[] = [];
    let reads = 0;
    metrics.watchKeptOnTime(
      () => {
        reads += 1;
        return new Promise(() => undefined);
      },
      (error) => errors.push(error),
    );
    const [first, second] = await Promise.all([metrics.registry.metrics(), metrics.registry.metrics()]);
    expect([sampleOf(first), sampleOf(second)]).toEqual([[], []]);
    expect(first).toContain('# TYPE callbacks_kept_on_time_ratio gauge');
    expect(reads).toBe(1);
    expect(errors.map(String)).toEqual([expect.stringMatching(/longer than 2000 ms/), expect.stringMatching(/longer than 2000 ms/)]);
  });

  it('a read that fails: no stale figure from the scrape before, and the failure reported', async () => {
    const metrics = new AppMetrics({ collectProcessMetrics: false });
    const errors: unknown[] = [];
    let answer: () => Promise<Map<string, number | null>> = () => Promise.resolve(new Map([['madrid-sales', 0.5]]));
    metrics.watchKeptOnTime(
      () => answer(),
      (error) => errors.push(error),
    );
    expect(sampleOf(await metrics.registry.metrics())).toHaveLength(1);
    answer = () => Promise.reject(new Error('connection closed'));
    expect(sampleOf(await metrics.registry.metrics())).toEqual([]);
    expect(errors).toEqual([new Error('connection closed')]);
  });
});
