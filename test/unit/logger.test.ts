import { Writable } from 'node:stream';
import { createLogger } from '../../services/observability/logger';

function capture(logMessageText: boolean) {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      callback();
    },
  });
  return { logger: createLogger({ level: 'info', logMessageText }, stream), lines };
}

describe('logging personal data', () => {
  it('redacts message text, phone numbers and e-mails by default', () => {
    const { logger, lines } = capture(false);
    logger.info({ text: 'call me on +34 612 345 678', phone: '+34612345678', person: { email: 'a@b.es' } }, 'turn');
    expect(lines[0]).toMatchObject({ text: '[redacted]', phone: '[redacted]', person: { email: '[redacted]' } });
  });

  it('logs text when debugging is turned on, still masking contact details inside it', () => {
    const { logger, lines } = capture(true);
    logger.info({ text: 'call me on +34 612 345 678 or mail ana@example.com' }, 'turn');
    expect(lines[0]?.text).toBe('call me on [phone] or mail [email]');
  });
});
