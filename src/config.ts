import { z } from 'zod'
import { isStaffRole, type StaffRole, staffRoles } from './domain/staff/roles.js'
import { DEFAULT_WEBHOOK_RETENTION_DAYS, MIN_WEBHOOK_RETENTION_DAYS } from './domain/webhooks/delivery.js'

const booleanFromEnv = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes')

const postgresUrl = z
  .string()
  .refine((v) => /^postgres(ql)?:\/\//.test(v), { message: 'must start with postgres:// or postgresql://' })

/**
 * Every setting the service reads, with its default. The README's configuration table mirrors
 * this; the single sign-on settings (OIDC_*, LOCAL_PASSWORDS) are in docs/operations.md.
 */
const configSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: z.string().min(1).default('0.0.0.0'),
    DATABASE_URL: postgresUrl.optional(),
    DATA_DIR: z.string().min(1).default('./data'),
    DB_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
    DB_PREPARED_STATEMENTS: booleanFromEnv.optional(),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    SESSION_SECRET: z.string().min(32, { message: 'must be at least 32 characters' }).optional(),
    SESSION_HOURS: z.coerce
      .number()
      .int()
      .min(1)
      .max(24 * 7)
      .default(12),
    API_TOKEN_DAYS: z.coerce.number().int().min(1).max(365).default(30),
    SIGN_IN_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(5),
    SIGN_IN_LOCKOUT_MINUTES: z.coerce
      .number()
      .int()
      .min(1)
      .max(24 * 60)
      .default(15),
    SIGN_IN_RATE_PER_MINUTE: z.coerce.number().int().min(1).max(10_000).default(30),
    ADMIN_EMAIL: z.email({ message: 'must be an email address' }).optional(),
    ADMIN_PASSWORD: z.string().min(12, { message: 'must be at least 12 characters' }).optional(),
    DEMO_DATA: booleanFromEnv.optional(),
    TRUST_PROXY: booleanFromEnv.default(false),
    SECURE_COOKIES: booleanFromEnv.optional(),
    LANDLORD_NAME: z.string().min(1).default('Demo Housing Association'),
    SMTP_URL: z
      .string()
      .refine((v) => /^smtps?:\/\/[^\s/]+(:\d+)?\/?$/.test(v), {
        message: 'must be smtp://host:port or smtps://user:pass@host:port',
      })
      .optional(),
    MAIL_FROM: z.string().min(3).default('Complaints <complaints@example.org>'),
    PUBLIC_URL: z
      .string()
      .refine((v) => /^https?:\/\/[^\s]+$/.test(v), { message: 'must be the service’s address, https://…' })
      .optional(),
    JOBS_POLL_SECONDS: z.coerce.number().int().min(1).max(3600).default(10),
    SHUTDOWN_TIMEOUT_SECONDS: z.coerce
      .number({ message: 'must be a whole number of seconds, like 10' })
      .int({ message: 'must be a whole number of seconds, like 10' })
      .min(1, { message: 'must be at least 1 second' })
      .max(600, { message: 'must be at most 600 seconds' })
      .default(10),
    DAILY_PROMPT_TIME: z
      .string()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'must be a time like 07:30' })
      .default('07:30'),
    MAIL_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(6),
    HOUSEKEEPING_TIME: z
      .string()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'must be a time like 02:30' })
      .default('02:30'),
    COMPLAINTS_PHONE: z
      .string()
      .regex(/^[0-9 +()-]{7,20}$/, { message: 'must be a phone number, like 0300 123 4567' })
      .optional(),
    COMPLAINTS_EMAIL: z.email({ message: 'must be an email address' }).optional(),
    RETENTION_YEARS: z.coerce
      .number({ message: 'must be a whole number of years, like 6' })
      .int({ message: 'must be a whole number of years, like 6' })
      .min(1, { message: 'must be at least 1 year' })
      .max(100, { message: 'must be at most 100 years' })
      .default(6),
    WEBHOOK_RETENTION_DAYS: z.coerce
      .number({ message: 'must be a whole number of days, like 90' })
      .int({ message: 'must be a whole number of days, like 90' })
      .min(MIN_WEBHOOK_RETENTION_DAYS, { message: `must be at least ${MIN_WEBHOOK_RETENTION_DAYS} days` })
      .max(3650, { message: 'must be at most 3650 days' })
      .default(DEFAULT_WEBHOOK_RETENTION_DAYS),
    LATE_RECORDING_WORKING_DAYS: z.coerce
      .number({ message: 'must be a whole number of working days, like 2' })
      .int({ message: 'must be a whole number of working days, like 2' })
      .min(0, { message: 'must be 0 or more' })
      .max(20, { message: 'must be at most 20 working days' })
      .default(2),
    METRICS_TOKEN: z.string().min(32, { message: 'must be at least 32 characters' }).optional(),
    OIDC_ISSUER: z
      .string()
      .refine((v) => /^https?:\/\/[^\s]+$/.test(v), { message: 'must be the identity provider’s issuer URL' })
      .optional(),
    OIDC_CLIENT_ID: z.string().min(1).optional(),
    OIDC_CLIENT_SECRET: z.string().min(1).optional(),
    OIDC_ROLES_CLAIM: z.string().min(1).optional(),
    OIDC_ROLE_MAP: z
      .string()
      .refine(
        (v) =>
          v.split(',').every((pair) => {
            const [from, to] = pair.split('=').map((x) => x.trim())
            return Boolean(from) && to !== undefined && isStaffRole(to)
          }),
        { message: `must be value=role pairs separated by commas; roles are ${staffRoles.join(', ')}` },
      )
      .optional(),
    LOCAL_PASSWORDS: booleanFromEnv.default(true),
    IMAP_HOST: z.string().min(1).optional(),
    IMAP_PORT: z.coerce
      .number({ message: 'must be a port number, like 993' })
      .int({ message: 'must be a port number, like 993' })
      .min(1, { message: 'must be a port number, like 993' })
      .max(65535, { message: 'must be a port number, like 993' })
      .optional(),
    IMAP_SECURE: booleanFromEnv.default(true),
    IMAP_USER: z.string().min(1).optional(),
    IMAP_PASSWORD: z.string().min(1).optional(),
    IMAP_ACCESS_TOKEN: z.string().min(1).optional(),
    IMAP_OAUTH_TOKEN_URL: z
      .url({
        message:
          'must be the OAuth2 token endpoint, like https://login.microsoftonline.com/TENANT/oauth2/v2.0/token',
      })
      .optional(),
    IMAP_OAUTH_CLIENT_ID: z.string().min(1).optional(),
    IMAP_OAUTH_CLIENT_SECRET: z.string().min(1).optional(),
    IMAP_OAUTH_SCOPE: z.string().min(1).optional(),
    IMAP_MAILBOX: z.string().min(1).default('INBOX'),
    IMAP_POLL_SECONDS: z.coerce
      .number({ message: 'must be a whole number of seconds, like 60' })
      .int({ message: 'must be a whole number of seconds, like 60' })
      .min(10, { message: 'must be at least 10 seconds' })
      .max(86_400, { message: 'must be at most 86400 seconds (a day)' })
      .default(60),
  })
  .superRefine((c, ctx) => {
    if ((c.ADMIN_EMAIL === undefined) !== (c.ADMIN_PASSWORD === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: ['ADMIN_PASSWORD'],
        message: 'ADMIN_EMAIL and ADMIN_PASSWORD must be set together',
      })
    }
    const oidc = [c.OIDC_ISSUER, c.OIDC_CLIENT_ID, c.OIDC_CLIENT_SECRET]
    if (oidc.some(Boolean) && !oidc.every(Boolean)) {
      ctx.addIssue({
        code: 'custom',
        path: ['OIDC_ISSUER'],
        message: 'OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET must be set together',
      })
    }
    if (!c.LOCAL_PASSWORDS && !c.OIDC_ISSUER) {
      ctx.addIssue({
        code: 'custom',
        path: ['LOCAL_PASSWORDS'],
        message:
          'can be false only when single sign-on is set up (OIDC_ISSUER); otherwise nobody could sign in',
      })
    }
    const imapOauth = [c.IMAP_OAUTH_TOKEN_URL, c.IMAP_OAUTH_CLIENT_ID, c.IMAP_OAUTH_CLIENT_SECRET]
    const imapSet = [
      c.IMAP_HOST,
      c.IMAP_PORT,
      c.IMAP_USER,
      c.IMAP_PASSWORD,
      c.IMAP_ACCESS_TOKEN,
      ...imapOauth,
    ].some((v) => v !== undefined)
    if (imapOauth.some(Boolean) && !imapOauth.every(Boolean))
      ctx.addIssue({
        code: 'custom',
        path: ['IMAP_OAUTH_TOKEN_URL'],
        message:
          'IMAP_OAUTH_TOKEN_URL, IMAP_OAUTH_CLIENT_ID and IMAP_OAUTH_CLIENT_SECRET must be set together (OAuth2 client credentials for the mailbox)',
      })
    if (imapSet && !c.IMAP_HOST)
      ctx.addIssue({
        code: 'custom',
        path: ['IMAP_HOST'],
        message: 'is needed to read the complaints mailbox',
      })
    if (imapSet && !c.IMAP_USER)
      ctx.addIssue({
        code: 'custom',
        path: ['IMAP_USER'],
        message: 'is needed to read the complaints mailbox',
      })
    if (
      imapSet &&
      [c.IMAP_PASSWORD, c.IMAP_ACCESS_TOKEN, c.IMAP_OAUTH_TOKEN_URL].filter(Boolean).length !== 1
    )
      ctx.addIssue({
        code: 'custom',
        path: ['IMAP_PASSWORD'],
        message:
          'or IMAP_ACCESS_TOKEN (an OAuth2 token, for XOAUTH2), or IMAP_OAUTH_TOKEN_URL with its client (tokens fetched and renewed by the service): exactly one is needed to read the complaints mailbox',
      })
    if (c.NODE_ENV === 'production' && !c.SESSION_SECRET) {
      ctx.addIssue({
        code: 'custom',
        path: ['SESSION_SECRET'],
        message: 'is required in production (every instance behind a load balancer must share it)',
      })
    }
  })

export type Config = {
  env: 'development' | 'production' | 'test'
  port: number
  host: string
  database:
    | { kind: 'postgres'; url: string; poolMax: number; preparedStatements: boolean }
    | { kind: 'pglite'; dataDir: string }
  logLevel: string
  sessionSecret: string | undefined
  sessionHours: number
  apiTokenDays: number
  signIn: { maxAttempts: number; lockoutMinutes: number; ratePerMinute: number }
  admin: { email: string; password: string } | undefined
  demoData: boolean
  trustProxy: boolean
  secureCookies: boolean
  landlordName: string
  /** Outgoing mail: over SMTP when SMTP_URL is set, otherwise into the outbox staff can open. */
  mail: { smtpUrl: string | undefined; from: string; maxAttempts: number }
  /** Where the service is reached, for links in emails (default http://localhost:PORT). */
  publicUrl: string
  jobsPollSeconds: number
  /**
   * On SIGTERM, how long requests and jobs in flight have to finish; then their connections are
   * closed and the process exits (a job cut off is taken up again when its claim runs out).
   */
  shutdownTimeoutSeconds: number
  /** When the daily prompts go out on working days, London time. */
  dailyPromptTime: { hour: number; minute: number }
  /** When expired codes, sessions and unsent online complaints are deleted each day, London time. */
  housekeepingTime: { hour: number; minute: number }
  /** How residents reach the complaints team (Code 3.1), shown on the published policy and forms. */
  contact: { phone: string | undefined; email: string | undefined }
  /** UK GDPR storage limitation: closed complaints are anonymised this many years after their last activity. */
  retention: { years: number }
  /** Webhook deliveries delivered (or to an endpoint removed) this many days ago are deleted each night. */
  webhooks: { retentionDays: number }
  /** An action recorded more than this many working days after it happened needs a reason, and is marked. */
  lateRecordingDays: number
  /** The bearer token /metrics asks for; without one it answers only this machine. */
  metricsToken: string | undefined
  /** Staff sign-in through the landlord's OpenID Connect provider, when set up. */
  singleSignOn: SingleSignOnConfig | undefined
  /** False: staff sign in only through the identity provider; passwords are refused everywhere. */
  localPasswords: boolean
  /** The complaints mailbox, read over IMAP into the inbox queue; none, nothing is read. */
  imap?: ImapConfig
}

/** An OAuth2 client allowed the client credentials grant (RFC 6749 4.4) for the mailbox. */
export type OAuthClientCredentials = {
  tokenUrl: string
  clientId: string
  clientSecret: string
  /** E.g. https://outlook.office365.com/.default for Microsoft 365. */
  scope?: string
}

export type ImapConfig = {
  host: string
  port: number
  /** TLS from the start (IMAPS, usually port 993); false: plain, upgraded with STARTTLS when offered. */
  secure: boolean
  user: string
  /**
   * A password; or an OAuth2 access token (XOAUTH2, as Microsoft 365 and Google need); or the
   * OAuth2 client credentials the service fetches such tokens with, renewing each before it expires.
   */
  auth: { password: string } | { accessToken: string } | { oauth: OAuthClientCredentials }
  mailbox: string
  pollSeconds: number
}

export type SingleSignOnConfig = {
  issuer: string
  clientId: string
  clientSecret: string
  /** Where the provider sends people back: PUBLIC_URL/sign-in/oidc/callback. */
  redirectUri: string
  /** A claim listing the person's roles or groups; without it, roles are kept in the service. */
  rolesClaim: string | undefined
  /** What each value of the claim means here; a value that is itself a role name needs no entry. */
  roleMap: Record<string, StaffRole>
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`)
    this.name = 'ConfigError'
  }
}

/** Reads and validates the environment; throws ConfigError naming every bad setting. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''))
  const parsed = configSchema.safeParse(present)
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const name = issue.path.join('.') || 'environment'
        const value = present[name]
        const shown =
          value === undefined || /PASSWORD|SECRET|TOKEN|DATABASE_URL|SMTP_URL/.test(name)
            ? ''
            : ` (got "${value}")`
        return `${name} ${issue.message}${shown}`
      }),
    )
  }
  const c = parsed.data
  return {
    env: c.NODE_ENV,
    port: c.PORT,
    host: c.HOST,
    database: c.DATABASE_URL
      ? {
          kind: 'postgres',
          url: c.DATABASE_URL,
          poolMax: c.DB_POOL_MAX,
          preparedStatements: c.DB_PREPARED_STATEMENTS ?? true,
        }
      : { kind: 'pglite', dataDir: c.DATA_DIR },
    logLevel: c.LOG_LEVEL,
    sessionSecret: c.SESSION_SECRET,
    sessionHours: c.SESSION_HOURS,
    apiTokenDays: c.API_TOKEN_DAYS,
    signIn: {
      maxAttempts: c.SIGN_IN_MAX_ATTEMPTS,
      lockoutMinutes: c.SIGN_IN_LOCKOUT_MINUTES,
      ratePerMinute: c.SIGN_IN_RATE_PER_MINUTE,
    },
    admin:
      c.ADMIN_EMAIL && c.ADMIN_PASSWORD ? { email: c.ADMIN_EMAIL, password: c.ADMIN_PASSWORD } : undefined,
    // Demo data by default only on the embedded database outside production: never surprise a
    // real server, or a production service on the embedded database, with demo accounts.
    demoData: c.DEMO_DATA ?? (!c.DATABASE_URL && c.NODE_ENV !== 'production'),
    trustProxy: c.TRUST_PROXY,
    secureCookies: c.SECURE_COOKIES ?? c.NODE_ENV === 'production',
    landlordName: c.LANDLORD_NAME,
    mail: { smtpUrl: c.SMTP_URL, from: c.MAIL_FROM, maxAttempts: c.MAIL_MAX_ATTEMPTS },
    publicUrl: (c.PUBLIC_URL ?? `http://localhost:${c.PORT}`).replace(/\/$/, ''),
    jobsPollSeconds: c.JOBS_POLL_SECONDS,
    shutdownTimeoutSeconds: c.SHUTDOWN_TIMEOUT_SECONDS,
    dailyPromptTime: {
      hour: Number(c.DAILY_PROMPT_TIME.slice(0, 2)),
      minute: Number(c.DAILY_PROMPT_TIME.slice(3)),
    },
    contact: { phone: c.COMPLAINTS_PHONE, email: c.COMPLAINTS_EMAIL },
    metricsToken: c.METRICS_TOKEN,
    singleSignOn:
      c.OIDC_ISSUER && c.OIDC_CLIENT_ID && c.OIDC_CLIENT_SECRET
        ? {
            issuer: c.OIDC_ISSUER,
            clientId: c.OIDC_CLIENT_ID,
            clientSecret: c.OIDC_CLIENT_SECRET,
            redirectUri: `${(c.PUBLIC_URL ?? `http://localhost:${c.PORT}`).replace(/\/$/, '')}/sign-in/oidc/callback`,
            rolesClaim: c.OIDC_ROLES_CLAIM,
            roleMap: Object.fromEntries(
              (c.OIDC_ROLE_MAP ?? '')
                .split(',')
                .filter((pair) => pair.includes('='))
                .map((pair) => pair.split('=').map((x) => x.trim()) as [string, StaffRole]),
            ),
          }
        : undefined,
    localPasswords: c.LOCAL_PASSWORDS,
    retention: { years: c.RETENTION_YEARS },
    webhooks: { retentionDays: c.WEBHOOK_RETENTION_DAYS },
    lateRecordingDays: c.LATE_RECORDING_WORKING_DAYS,
    imap:
      c.IMAP_HOST && c.IMAP_USER
        ? {
            host: c.IMAP_HOST,
            port: c.IMAP_PORT ?? (c.IMAP_SECURE ? 993 : 143),
            secure: c.IMAP_SECURE,
            user: c.IMAP_USER,
            auth: c.IMAP_OAUTH_TOKEN_URL
              ? {
                  oauth: {
                    tokenUrl: c.IMAP_OAUTH_TOKEN_URL,
                    clientId: c.IMAP_OAUTH_CLIENT_ID ?? '',
                    clientSecret: c.IMAP_OAUTH_CLIENT_SECRET ?? '',
                    ...(c.IMAP_OAUTH_SCOPE ? { scope: c.IMAP_OAUTH_SCOPE } : {}),
                  },
                }
              : c.IMAP_ACCESS_TOKEN
                ? { accessToken: c.IMAP_ACCESS_TOKEN }
                : { password: c.IMAP_PASSWORD ?? '' },
            mailbox: c.IMAP_MAILBOX,
            pollSeconds: c.IMAP_POLL_SECONDS,
          }
        : undefined,
    housekeepingTime: {
      hour: Number(c.HOUSEKEEPING_TIME.slice(0, 2)),
      minute: Number(c.HOUSEKEEPING_TIME.slice(3)),
    },
  }
}
