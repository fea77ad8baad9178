import { z } from 'zod';

const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'expected true or false' })
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

const optionalText = z.string().trim().default('');

/** The whole environment, parsed once at start-up. Every variable is documented in .env.example. */
export const configSchema = z
  .object({
    // 0 asks the OS for a free port (tests, side-by-side runs).
    PORT: z.coerce.number({ message: 'expected a port number (0-65535)' }).int().min(0).max(65535).default(3978),
    HOST: z.string().trim().min(1).default('0.0.0.0'),
    MONGODB_URI: z
      .string()
      .trim()
      .regex(/^mongodb(\+srv)?:\/\/.+/, 'expected a mongodb:// or mongodb+srv:// connection string')
      .optional()
      .or(z.literal('').transform(() => undefined)),
    MONGODB_DB: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9_-]{1,60}$/, 'expected a database name of letters, digits, _ or -')
      .default('callbackbot'),
    EMBEDDED_DB: z.enum(['auto', 'mongod', 'ferretdb']).default('auto'),
    DATA_DIR: z.string().trim().min(1).default('.data'),
    MicrosoftAppId: optionalText,
    MicrosoftAppPassword: optionalText,
    MicrosoftAppType: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).default('MultiTenant'),
    MicrosoftAppTenantId: optionalText,
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    LOG_MESSAGE_TEXT: booleanFlag.default(false),
    // A turn holding its conversation longer than this is taken to have crashed: the next turn takes over.
    TURN_LEASE_MS: z.coerce.number({ message: 'expected milliseconds' }).int().min(1_000).max(600_000).default(15_000),
    // Public endpoints (/api/messages, webhooks, pages): requests per minute per client IP and per person.
    RATE_LIMIT_PER_IP_PER_MINUTE: z.coerce.number({ message: 'expected a number of requests' }).int().min(1).default(1200),
    RATE_LIMIT_PER_PERSON_PER_MINUTE: z.coerce.number({ message: 'expected a number of requests' }).int().min(1).default(30),
    // How many proxies (load balancer, ingress) sit in front of the bot: the client IP is read that many hops back in X-Forwarded-For.
    TRUSTED_PROXY_HOPS: z.coerce.number({ message: 'expected a number of proxies' }).int().min(0).max(10).default(0),
    BODY_LIMIT_BYTES: z.coerce
      .number({ message: 'expected a number of bytes' })
      .int()
      .min(1024)
      .max(50 * 1024 * 1024)
      .default(1024 * 1024),
    DEFAULT_RULE_SET_ID: z
      .string()
      .trim()
      .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'expected a rule set id like "default" or "madrid-sales"')
      .default('default'),
    DEFAULT_PHONE_COUNTRY: z
      .string()
      .trim()
      .regex(/^[A-Z]{2}$/, 'expected an ISO 3166 country code like ES')
      .default('ES'),
    CUSTOMER_SERVICE_CONTACT: z.string().trim().max(200).default(''),
    PHONE_HASH_SECRET: z
      .string()
      .min(16, 'expected at least 16 characters of secret')
      .optional()
      .or(z.literal('').transform(() => undefined)),
    FREQUENCY_CAP_ATTEMPTS: z.coerce.number({ message: 'expected a number of calls' }).int().min(1).max(100).default(3),
    FREQUENCY_CAP_DAYS: z.coerce.number({ message: 'expected a number of days' }).int().min(1).max(365).default(7),
    EXCLUSION_LIST_MAX_AGE_DAYS: z.coerce.number({ message: 'expected a number of days' }).int().min(1).max(365).default(30),
    SHUTDOWN_GRACE_MS: z.coerce.number({ message: 'expected milliseconds' }).int().min(0).max(120_000).default(10_000),
  })
  .superRefine((config, ctx) => {
    if (config.MicrosoftAppId && !config.MicrosoftAppPassword && config.MicrosoftAppType !== 'UserAssignedMSI') {
      ctx.addIssue({ code: 'custom', path: ['MicrosoftAppPassword'], message: 'required when MicrosoftAppId is set' });
    }
    if (config.MONGODB_URI && !config.PHONE_HASH_SECRET) {
      ctx.addIssue({
        code: 'custom',
        path: ['PHONE_HASH_SECRET'],
        message: 'required when MONGODB_URI is set (keep it stable: it keys the suppression list)',
      });
    }
    if (config.MicrosoftAppType === 'SingleTenant' && !config.MicrosoftAppTenantId) {
      ctx.addIssue({ code: 'custom', path: ['MicrosoftAppTenantId'], message: 'required when MicrosoftAppType is SingleTenant' });
    }
  });

export type AppConfig = z.infer<typeof configSchema>;

export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

// Values of these are never echoed back: a start-up error lands in logs.
const SECRET_LIKE = /PASSWORD|SECRET|KEY|TOKEN|URI/i;

/** Parses the environment; throws a ConfigError naming each bad variable and what it expects. */
export function loadConfig(env: NodeJS.ProcessEnv): AppConfig {
  const result = configSchema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const variable = issue.path.join('.') || '(environment)';
    const name = typeof issue.path[0] === 'string' ? issue.path[0] : '';
    const got = SECRET_LIKE.test(name) ? undefined : env[name];
    return `${variable}: ${issue.message}${got !== undefined && got !== '' ? ` (got "${got}")` : ''}`;
  });
  throw new ConfigError(problems);
}
