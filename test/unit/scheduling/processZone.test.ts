import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { DateTime } from 'luxon';
import { recognizerReference } from '../../../services/scheduling/when/wallClock';
import { WHEN_CASES } from './whenCases';

/**
 * The recognizer reads JS Dates in the process zone. Jest cannot change that zone for a running process,
 * so a child runs every case under zones whose own DST gaps fall on the days the cases test (the US and
 * Europe spring forward on 14 and 28 March 2027).
 */
describe('answers do not depend on the process zone', () => {
  it.each(['America/Los_Angeles', 'Europe/London'])('TZ=%s', (zone) => {
    const script = path.join(__dirname, 'renderInZone.ts');
    const output = execFileSync(process.execPath, ['--import', 'tsx', script], {
      env: { ...process.env, TZ: zone },
      cwd: path.resolve(__dirname, '../../..'),
      encoding: 'utf8',
    });
    const { zone: seen, rendered } = JSON.parse(output) as { zone: string; rendered: Array<string | null> };
    expect(seen).toBe(zone);
    expect(rendered).toEqual(WHEN_CASES.map((c) => c.expected));
  });

  it('hands the recognizer the person’s wall clock in its local fields, whatever this process runs in', () => {
    const reference = recognizerReference(new Date('2026-11-24T22:45:00Z'), 'Europe/Madrid');
    const fields = [reference.getFullYear(), reference.getMonth() + 1, reference.getDate(), reference.getHours(), reference.getMinutes()];
    expect(fields).toEqual([2026, 11, 24, 23, 45]);
    expect(DateTime.fromJSDate(reference).toFormat('yyyy-MM-dd HH:mm')).toBe('2026-11-24 23:45');
  });
});
