import { isSuppressed, withinServiceWindow } from '../../../services/whatsapp/contacts';

const at = (iso: string) => new Date(iso);

describe('the 24-hour customer-service window and suppression', () => {
  it.each([
    ['never wrote', {}, '2026-11-24T10:00:00Z', false],
    ['wrote 23h59 ago', { lastInboundAt: at('2026-11-23T10:01:00Z') }, '2026-11-24T10:00:00Z', true],
    ['wrote exactly 24h ago', { lastInboundAt: at('2026-11-23T10:00:00Z') }, '2026-11-24T10:00:00Z', false],
    // The window is 24 hours of time, not a calendar day: the night the clocks go back in Madrid is 25 hours long.
    ['wrote before the clocks went back', { lastInboundAt: at('2026-10-24T22:30:00Z') }, '2026-10-25T22:00:00Z', true],
  ])('%s', (_name, contact, now, open) => {
    expect(withinServiceWindow({ _id: 'x', ...contact }, at(now))).toBe(open);
  });

  it('suppresses after Meta said so, except replies to someone who wrote to us since', () => {
    const suppressedAt = at('2026-11-20T10:00:00Z');
    expect(isSuppressed(null, at('2026-11-24T10:00:00Z'))).toBe(false);
    expect(isSuppressed({ _id: 'x', suppressedAt, lastInboundAt: at('2026-11-19T10:00:00Z') }, at('2026-11-24T10:00:00Z'))).toBe(true);
    expect(isSuppressed({ _id: 'x', suppressedAt, lastInboundAt: at('2026-11-24T09:00:00Z') }, at('2026-11-24T10:00:00Z'))).toBe(false);
    // Came back once, but that was days ago: business-initiated messages stay suppressed.
    expect(isSuppressed({ _id: 'x', suppressedAt, lastInboundAt: at('2026-11-21T09:00:00Z') }, at('2026-11-24T10:00:00Z'))).toBe(true);
  });
});
