import { DateTime } from 'luxon';
test('luxon resolves IANA zones', () => {
  expect(DateTime.fromISO('2026-03-29T01:30:00Z').setZone('Europe/Madrid').toISO()).toBe('2026-03-29T03:30:00.000+02:00');
});
