import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from './config.js'

describe('loadConfig', () => {
  it('reads no mailbox unless IMAP_HOST and the rest are set, by password or OAuth2 token, and says what is missing', () => {
    expect(loadConfig({}).imap).toBeUndefined()
    expect(
      loadConfig({ IMAP_HOST: 'imap.example.org', IMAP_USER: 'complaints@example.org', IMAP_PASSWORD: 'pw' })
        .imap,
    ).toEqual({
      host: 'imap.example.org',
      port: 993,
      secure: true,
      user: 'complaints@example.org',
      auth: { password: 'pw' },
      mailbox: 'INBOX',
      pollSeconds: 60,
    })
    expect(
      loadConfig({
        IMAP_HOST: 'outlook.office365.com',
        IMAP_USER: 'complaints@example.org',
        IMAP_ACCESS_TOKEN: 'eyJ0eXAi',
        IMAP_SECURE: 'false',
        IMAP_MAILBOX: 'Complaints',
        IMAP_POLL_SECONDS: '120',
      }).imap,
    ).toMatchObject({
      port: 143,
      secure: false,
      auth: { accessToken: 'eyJ0eXAi' },
      mailbox: 'Complaints',
      pollSeconds: 120,
    })
    expect(() => loadConfig({ IMAP_HOST: 'imap.example.org' })).toThrow(
      /IMAP_USER is needed to read the complaints mailbox[\s\S]*IMAP_PASSWORD or IMAP_ACCESS_TOKEN/,
    )
    expect(() =>
      loadConfig({ IMAP_HOST: 'h', IMAP_USER: 'u', IMAP_PASSWORD: 'p', IMAP_ACCESS_TOKEN: 't' }),
    ).toThrow(/exactly one is needed/)
    expect(() => loadConfig({ IMAP_USER: 'u', IMAP_PASSWORD: 'secret' })).toThrow(/IMAP_HOST is needed/)
    expect(() =>
      loadConfig({ IMAP_HOST: 'h', IMAP_USER: 'u', IMAP_PASSWORD: 'p', IMAP_PORT: '99999' }),
    ).toThrow(/IMAP_PORT must be a port number/)
    expect(() =>
      loadConfig({ IMAP_HOST: 'h', IMAP_USER: 'u', IMAP_PASSWORD: 'p', IMAP_POLL_SECONDS: '1' }),
    ).toThrow(/IMAP_POLL_SECONDS must be at least 10 seconds/)
  })

  it('reads the mailbox with tokens fetched by OAuth2 client credentials, all three settings together', () => {
    const client = {
      IMAP_HOST: 'outlook.office365.com',
      IMAP_USER: 'complaints@example.org',
      IMAP_OAUTH_TOKEN_URL: 'https://login.microsoftonline.com/tenant/oauth2/v2.0/token',
      IMAP_OAUTH_CLIENT_ID: 'client',
      IMAP_OAUTH_CLIENT_SECRET: 'secret',
      IMAP_OAUTH_SCOPE: 'https://outlook.office365.com/.default',
    }
    expect(loadConfig(client).imap?.auth).toEqual({
      oauth: {
        tokenUrl: 'https://login.microsoftonline.com/tenant/oauth2/v2.0/token',
        clientId: 'client',
        clientSecret: 'secret',
        scope: 'https://outlook.office365.com/.default',
      },
    })
    expect(() => loadConfig({ ...client, IMAP_OAUTH_CLIENT_SECRET: undefined })).toThrow(
      /IMAP_OAUTH_TOKEN_URL, IMAP_OAUTH_CLIENT_ID and IMAP_OAUTH_CLIENT_SECRET must be set together/,
    )
    expect(() => loadConfig({ ...client, IMAP_PASSWORD: 'pw' })).toThrow(/exactly one is needed/)
    expect(() => loadConfig({ ...client, IMAP_OAUTH_TOKEN_URL: 'not a url' })).toThrow(
      /IMAP_OAUTH_TOKEN_URL must be the OAuth2 token endpoint/,
    )
  })

  it('defaults to the embedded database under ./data on port 3000, with demo data', () => {
    const c = loadConfig({})
    expect(c.port).toBe(3000)
    expect(c.database).toEqual({ kind: 'pglite', dataDir: './data' })
    expect(c.demoData).toBe(true)
    expect(c.secureCookies).toBe(false)
    expect(c.shutdownTimeoutSeconds).toBe(10)
  })

  it('takes how long a shutdown may drain, in whole seconds from 1 to 600', () => {
    expect(loadConfig({ SHUTDOWN_TIMEOUT_SECONDS: '30' }).shutdownTimeoutSeconds).toBe(30)
    expect(() => loadConfig({ SHUTDOWN_TIMEOUT_SECONDS: '0' })).toThrow(
      /SHUTDOWN_TIMEOUT_SECONDS must be at least 1 second/,
    )
    expect(() => loadConfig({ SHUTDOWN_TIMEOUT_SECONDS: 'soon' })).toThrow(
      /SHUTDOWN_TIMEOUT_SECONDS must be a whole number/,
    )
  })

  it('keeps webhook deliveries 90 days by default, and never fewer than 14 (the clocks look back 7)', () => {
    expect(loadConfig({}).webhooks).toEqual({ retentionDays: 90 })
    expect(loadConfig({ WEBHOOK_RETENTION_DAYS: '30' }).webhooks.retentionDays).toBe(30)
    expect(() => loadConfig({ WEBHOOK_RETENTION_DAYS: '7' })).toThrow(
      /WEBHOOK_RETENTION_DAYS must be at least 14 days/,
    )
    expect(() => loadConfig({ WEBHOOK_RETENTION_DAYS: 'a quarter' })).toThrow(
      /WEBHOOK_RETENTION_DAYS must be a whole number of days/,
    )
  })

  it('uses PostgreSQL when DATABASE_URL is set, and then seeds no demo data unless asked', () => {
    const c = loadConfig({ DATABASE_URL: 'postgres://localhost/test', DB_POOL_MAX: '4' })
    expect(c.database).toEqual({
      kind: 'postgres',
      url: 'postgres://localhost/test',
      poolMax: 4,
      preparedStatements: true,
    })
    expect(
      loadConfig({ DATABASE_URL: 'postgres://x/y', DB_PREPARED_STATEMENTS: 'false' }).database,
    ).toMatchObject({ preparedStatements: false })
    expect(() => loadConfig({ DATABASE_URL: 'postgres://x/y', DB_PREPARED_STATEMENTS: 'sometimes' })).toThrow(
      /DB_PREPARED_STATEMENTS/,
    )
    expect(c.demoData).toBe(false)
    expect(loadConfig({ DATABASE_URL: 'postgres://x/y', DEMO_DATA: 'true' }).demoData).toBe(true)
  })

  it('never seeds demo accounts in production unless asked, even on the embedded database', () => {
    const secret = 'a production session secret that is long enough'
    expect(loadConfig({ NODE_ENV: 'production', SESSION_SECRET: secret }).demoData).toBe(false)
    expect(loadConfig({ NODE_ENV: 'production', SESSION_SECRET: secret, DEMO_DATA: 'true' }).demoData).toBe(
      true,
    )
  })

  it('names every bad setting, with the value it got', () => {
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud' })
      expect.unreachable()
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError)
      const message = (error as ConfigError).message
      expect(message).toContain('PORT')
      expect(message).toContain('"eighty"')
      expect(message).toContain('DATABASE_URL must start with postgres://')
      expect(message).toContain('LOG_LEVEL')
      // Secrets and connection strings are never echoed back.
      expect(message).not.toContain('mysql://x')
    }
  })

  it('needs ADMIN_EMAIL and ADMIN_PASSWORD together, and a long enough password', () => {
    expect(() => loadConfig({ ADMIN_EMAIL: 'a@example.org' })).toThrow(
      /ADMIN_EMAIL and ADMIN_PASSWORD must be set together/,
    )
    expect(() => loadConfig({ ADMIN_EMAIL: 'a@example.org', ADMIN_PASSWORD: 'short' })).toThrow(/at least 12/)
    expect(
      loadConfig({ ADMIN_EMAIL: 'a@example.org', ADMIN_PASSWORD: 'long enough password' }).admin,
    ).toEqual({
      email: 'a@example.org',
      password: 'long enough password',
    })
  })

  it('sets up single sign-on from the three OIDC settings together, and lets passwords be switched off only then', () => {
    expect(() => loadConfig({ OIDC_ISSUER: 'https://login.example.org' })).toThrow(
      /OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET must be set together/,
    )
    expect(() => loadConfig({ LOCAL_PASSWORDS: 'false' })).toThrow(
      /LOCAL_PASSWORDS can be false only when single sign-on/,
    )
    expect(() => loadConfig({ OIDC_ROLE_MAP: 'Leads=boss' })).toThrow(
      /OIDC_ROLE_MAP must be value=role pairs/,
    )
    const c = loadConfig({
      OIDC_ISSUER: 'https://login.example.org/tenant/v2.0',
      OIDC_CLIENT_ID: 'complaints',
      OIDC_CLIENT_SECRET: 'secret',
      OIDC_ROLES_CLAIM: 'roles',
      OIDC_ROLE_MAP: 'Complaints.Lead=complaints_officer, Board=board',
      PUBLIC_URL: 'https://complaints.example.org/',
      LOCAL_PASSWORDS: 'false',
    })
    expect(c.localPasswords).toBe(false)
    expect(c.singleSignOn).toEqual({
      issuer: 'https://login.example.org/tenant/v2.0',
      clientId: 'complaints',
      clientSecret: 'secret',
      redirectUri: 'https://complaints.example.org/sign-in/oidc/callback',
      rolesClaim: 'roles',
      roleMap: { 'Complaints.Lead': 'complaints_officer', Board: 'board' },
    })
    expect(loadConfig({}).singleSignOn).toBeUndefined()
  })

  it('requires a shared SESSION_SECRET in production and then sets Secure cookies', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/SESSION_SECRET is required in production/)
    const c = loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(32) })
    expect(c.secureCookies).toBe(true)
  })
})
