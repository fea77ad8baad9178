import pino, { Logger } from 'pino';

export type { Logger } from 'pino';

export interface LoggerOptions {
  level: string;
  /** Message text is personal data; it is logged only when an operator turns this on to debug. */
  logMessageText: boolean;
}

const PHONE_LIKE = /\+?\d[\d\s().-]{6,}\d/g;
const EMAIL_LIKE = /[^\s@]+@[^\s@]+\.[^\s@]+/g;

/** Masks phone numbers and e-mail addresses inside free text, for the debugging mode that logs text. */
export function maskContactDetails(text: string): string {
  return text.replace(EMAIL_LIKE, '[email]').replace(PHONE_LIKE, '[phone]');
}

// Fields that carry personal data wherever they appear in a log line.
const ALWAYS_REDACTED = [
  'phone',
  '*.phone',
  'phoneE164',
  '*.phoneE164',
  'email',
  '*.email',
  'from.name',
  '*.from.name',
  'apiKey',
  '*.apiKey',
  'authorization',
  '*.authorization',
  'req.headers.authorization',
  'req.headers["x-api-key"]',
];

export function createLogger(options: LoggerOptions, destination?: pino.DestinationStream): Logger {
  const paths = options.logMessageText ? ALWAYS_REDACTED : [...ALWAYS_REDACTED, 'text', '*.text'];
  return pino(
    {
      level: options.level,
      redact: { paths, censor: '[redacted]' },
      base: { service: 'callback-bot' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: {
        level: (label) => ({ level: label }),
        log: (entry) =>
          options.logMessageText && typeof entry.text === 'string' ? { ...entry, text: maskContactDetails(entry.text) } : entry,
      },
    },
    destination,
  );
}
