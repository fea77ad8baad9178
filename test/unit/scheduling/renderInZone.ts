/**
 * Run by processZone.test.ts in a child process with another TZ: prints what every case renders to, so
 * the test can show the answers do not depend on the zone the server runs in.
 */
import { parseWhen } from '../../../services/scheduling/when';
import { render, WHEN_CASES } from './whenCases';

const rendered = WHEN_CASES.map(({ text, locale, timeZone, now }) =>
  render(parseWhen(text, { locale, timeZone, now: new Date(now) }), timeZone),
);
process.stdout.write(JSON.stringify({ zone: Intl.DateTimeFormat().resolvedOptions().timeZone, rendered }));
