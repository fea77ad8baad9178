import { z } from 'zod';
import { isIanaZoneName } from '../services/availability/lawfulWindow';
import { isLoopbackHost } from './loopback';
import { LANGUAGES } from '../services/language/language';

const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'expected true or false' })
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

const optionalText = z.string().trim().default('');

const commaList = (item: z.ZodString) =>
  z
    .string()
    .default('')
    .transform((value) =>
      value
        .split(',')
        .map((part) => part.trim())
        .filter(Boolean),
    )
    .pipe(z.array(item));

/** The whole environment, parsed once at start-up. Every variable is documented in .env.example. */
export const configSchema = z
  .object({
    // 0 asks the OS for a free port (tests, side-by-side runs).
    PORT: z.coerce.number({ message: 'expected a port number (0-65535)' }).int().min(0).max(65535).default(3978),
    // Empty: 127.0.0.1 without MicrosoftAppId (anonymous mode is for the Emulator and Playground on this machine),
    // 0.0.0.0 with it. See listenHost.
    HOST: z.string().trim().default(''),
    // Anonymous mode (no MicrosoftAppId) on an address other machines reach: only with this set, and even then the
    // bot answers only activities whose serviceUrl is on this machine.
    ALLOW_ANONYMOUS_REMOTE: booleanFlag.default(false),
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
    // Where the Bot Connector's signing keys are published; empty means Microsoft's own (the default of botbuilder).
    BOT_CONNECTOR_OPENID_METADATA_URL: z
      .url({ message: 'expected an http(s) URL' })
      .optional()
      .or(z.literal('').transform(() => undefined)),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    LOG_MESSAGE_TEXT: booleanFlag.default(false),
    // A turn holding its conversation longer than this is taken to have crashed: the next turn takes over.
    TURN_LEASE_MS: z.coerce.number({ message: 'expected milliseconds' }).int().min(1_000).max(600_000).default(15_000),
    // The state of a conversation nobody wrote to for this many days is deleted (0: kept for ever).
    // How often the promise job looks for due work (reminders, due and missed calls, notices): due work is picked
    // up within one pass of its instant, so this stays well under the 15 s a "15 minutes before" reminder allows.
    PROMISE_POLL_MS: z.coerce.number({ message: 'expected milliseconds' }).int().min(100).max(60_000).default(5_000),
    CONVERSATION_RETENTION_DAYS: z.coerce.number({ message: 'expected a number of days' }).int().min(0).max(3650).default(30),
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
    // One-time codes by SMS: a gateway of the operator's that takes {to, text} with a bearer token.
    SMS_WEBHOOK_URL: z
      .url({ message: 'expected an http(s) URL' })
      .optional()
      .or(z.literal('').transform(() => undefined)),
    SMS_WEBHOOK_TOKEN: optionalText,
    // Web Chat. With DIRECT_LINE_SECRET the page gets Azure Direct Line tokens through us; without it the bot
    // serves Direct Line itself, with tokens signed by DIRECT_LINE_TOKEN_SECRET (generated under DATA_DIR if empty).
    DIRECT_LINE_SECRET: optionalText,
    DIRECT_LINE_ENDPOINT: z.string().trim().url('expected the Direct Line base URL').default('https://directline.botframework.com'),
    DIRECT_LINE_TOKEN_SECRET: z
      .string()
      .min(16, 'expected at least 16 characters of secret')
      .optional()
      .or(z.literal('').transform(() => undefined)),
    DIRECT_LINE_TOKEN_TTL_SECONDS: z.coerce.number({ message: 'expected seconds' }).int().min(60).max(86_400).default(3_600),
    WEBCHAT_TRUSTED_ORIGINS: commaList(
      z.string().regex(/^https?:\/\/[^/\s]+$/, 'expected origins like https://www.example.com, separated by commas'),
    ),
    // Teams: the Microsoft Entra tenant ids whose people may use the bot; empty lets every tenant in.
    TEAMS_ALLOWED_TENANTS: commaList(z.string().regex(/^[0-9a-fA-F-]{8,64}$/, 'expected tenant ids (GUIDs) separated by commas')),
    SHUTDOWN_GRACE_MS: z.coerce.number({ message: 'expected milliseconds' }).int().min(0).max(120_000).default(10_000),
    // WhatsApp through Meta's Cloud API: the routes exist only when the four credentials are set.
    WHATSAPP_GRAPH_BASE_URL: z.string().trim().url('expected a URL like https://graph.facebook.com').default('https://graph.facebook.com'),
    WHATSAPP_GRAPH_API_VERSION: z
      .string()
      .trim()
      .regex(/^v\d+\.\d+$/, 'expected a Graph API version like v23.0')
      .default('v23.0'),
    WHATSAPP_PHONE_NUMBER_ID: z
      .string()
      .trim()
      .regex(/^(\d{1,30})?$/, 'expected the numeric phone number id from WhatsApp Manager')
      .default(''),
    WHATSAPP_ACCESS_TOKEN: optionalText,
    WHATSAPP_APP_SECRET: optionalText,
    WHATSAPP_VERIFY_TOKEN: optionalText,
    WHATSAPP_TEMPLATE_REMINDER: optionalText,
    WHATSAPP_TEMPLATE_APOLOGY: optionalText,
    WHATSAPP_TEMPLATE_FOLLOW_UP: optionalText,
    WHATSAPP_TEMPLATE_ONE_TIME_CODE: optionalText,
    WHATSAPP_TEMPLATE_LANGUAGE_ES: z.string().trim().min(2).default('es'),
    WHATSAPP_TEMPLATE_LANGUAGE_EN: z.string().trim().min(2).default('en'),
    WHATSAPP_INBOX_LEASE_MS: z.coerce.number({ message: 'expected milliseconds' }).int().min(100).max(3_600_000).default(60_000),
    WHATSAPP_OUTBOX_RETRY_BASE_MS: z.coerce.number({ message: 'expected milliseconds' }).int().min(10).max(3_600_000).default(30_000),
    WHATSAPP_RETRY_POLL_MS: z.coerce.number({ message: 'expected milliseconds' }).int().min(50).max(3_600_000).default(15_000),
    // The handoff summary's language model: OpenAI, Azure OpenAI or any compatible server. No key: deterministic summary.
    OPENAI_API_KEY: optionalText,
    OPENAI_BASE_URL: z
      .string()
      .trim()
      .url('expected a URL like http://localhost:11434/v1')
      .optional()
      .or(z.literal('').transform(() => undefined)),
    OPENAI_MODEL: z.string().trim().min(1).default('gpt-4o-mini'),
    OPENAI_TIMEOUT_MS: z.coerce.number({ message: 'expected milliseconds' }).int().min(100).max(300_000).default(20_000),
    OPENAI_MAX_RETRIES: z.coerce.number({ message: 'expected a number of retries' }).int().min(0).max(10).default(2),
    AZURE_OPENAI_ENDPOINT: z
      .string()
      .trim()
      .url('expected https://<resource>.openai.azure.com')
      .optional()
      .or(z.literal('').transform(() => undefined)),
    AZURE_OPENAI_API_KEY: optionalText,
    AZURE_OPENAI_DEPLOYMENT: optionalText,
    AZURE_OPENAI_API_VERSION: z.string().trim().min(1).default('2024-10-21'),
    // Said in every call's opening line (TRLGDCU art. 96.2: the company and the purpose of the call).
    HANDOFF_COMPANY_NAME: z.string().trim().min(1).max(120).default('nuestro equipo comercial'),
    HANDOFF_TIMELINE_CAP: z.coerce.number({ message: 'expected a number of entries' }).int().min(10).max(100_000).default(500),
    AGENT_DEFAULT_TIME_ZONE: z
      .string()
      .trim()
      .refine(isIanaZoneName, 'expected an IANA time zone like Europe/Madrid')
      .default('Europe/Madrid'),
    // The Teams conversation (channel or group chat) where agents get a card per booked callback.
    TEAMS_AGENTS_CONVERSATION_ID: optionalText,
    TEAMS_AGENTS_LANGUAGE: z.enum(LANGUAGES).default('es'),
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
    if (config.SMS_WEBHOOK_URL && !config.SMS_WEBHOOK_TOKEN) {
      ctx.addIssue({ code: 'custom', path: ['SMS_WEBHOOK_TOKEN'], message: 'required when SMS_WEBHOOK_URL is set' });
    }
    const whatsApp = ['WHATSAPP_PHONE_NUMBER_ID', 'WHATSAPP_ACCESS_TOKEN', 'WHATSAPP_APP_SECRET', 'WHATSAPP_VERIFY_TOKEN'] as const;
    if (whatsApp.some((name) => config[name] !== '')) {
      for (const name of whatsApp) {
        if (config[name] === '') ctx.addIssue({ code: 'custom', path: [name], message: 'required when any WHATSAPP_ credential is set' });
      }
    }
    const azure = [config.AZURE_OPENAI_ENDPOINT, config.AZURE_OPENAI_API_KEY, config.AZURE_OPENAI_DEPLOYMENT];
    if (azure.some(Boolean) && !azure.every(Boolean)) {
      const missing = ['AZURE_OPENAI_ENDPOINT', 'AZURE_OPENAI_API_KEY', 'AZURE_OPENAI_DEPLOYMENT'].filter((_, i) => !azure[i]);
      ctx.addIssue({ code: 'custom', path: [missing[0]!], message: 'Azure OpenAI needs the endpoint, key and deployment together' });
    }
    if (!config.MicrosoftAppId && !isLoopbackHost(listenHost(config)) && !config.ALLOW_ANONYMOUS_REMOTE) {
      ctx.addIssue({
        code: 'custom',
        path: ['HOST'],
        message:
          'without MicrosoftAppId (no Bot Framework authentication) the bot listens on loopback only; set MicrosoftAppId, or ALLOW_ANONYMOUS_REMOTE=true to open it anyway',
      });
    }
    if (config.MicrosoftAppType === 'SingleTenant' && !config.MicrosoftAppTenantId) {
      ctx.addIssue({ code: 'custom', path: ['MicrosoftAppTenantId'], message: 'required when MicrosoftAppType is SingleTenant' });
    }
  });

export type AppConfig = z.infer<typeof configSchema>;

/** The address to listen on: HOST, else loopback in anonymous mode and every interface with Bot Framework auth. */
function listenHost(config: Pick<AppConfig, 'HOST' | 'MicrosoftAppId'>): string {
  return config.HOST || (config.MicrosoftAppId ? '0.0.0.0' : '127.0.0.1');
}

/** Anonymous mode reachable from other machines (ALLOW_ANONYMOUS_REMOTE): worth one warning at start. */
export function isAnonymousRemote(config: Pick<AppConfig, 'HOST' | 'MicrosoftAppId'>): boolean {
  return !config.MicrosoftAppId && !isLoopbackHost(listenHost(config));
}

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
  if (result.success) return { ...result.data, HOST: listenHost(result.data) };
  const problems = result.error.issues.map((issue) => {
    const variable = issue.path.join('.') || '(environment)';
    const name = typeof issue.path[0] === 'string' ? issue.path[0] : '';
    const got = SECRET_LIKE.test(name) ? undefined : env[name];
    return `${variable}: ${issue.message}${got !== undefined && got !== '' ? ` (got "${got}")` : ''}`;
  });
  throw new ConfigError(problems);
}
