import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import Provider from 'oidc-provider'

/** What the identity provider does wrong on its next ID token, to test that the service refuses it. */
export type ProviderFault = 'none' | 'wrong_audience' | 'expired'

export type TestIdentityProvider = {
  issuer: string
  clientId: string
  clientSecret: string
  /** People the provider knows, by the login typed at its sign-in page. */
  accounts: Map<string, { email: string; roles?: string[]; emailVerified?: boolean }>
  fault: ProviderFault
  /**
   * Signs in at the provider as a browser would (its own sign-in and consent pages, with its
   * cookies), starting at the authorisation URL; returns where the provider sends the browser.
   */
  signIn(authorizationUrl: string, login: string): Promise<URL>
  close(): Promise<void>
}

/**
 * A real OpenID Connect provider (node-oidc-provider) on a free local port, with one client: the
 * complaints service, whose redirect URI is given.
 */
export async function startIdentityProvider(redirectUri: string): Promise<TestIdentityProvider> {
  let handler: ((req: never, res: never) => void) | undefined
  const server: Server = createServer((req, res) => handler?.(req as never, res as never))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const clientId = 'complaints-service'
  const clientSecret = 'a client secret for the complaints service tests'
  const accounts: TestIdentityProvider['accounts'] = new Map()

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [redirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'roles'] },
    // The ID token carries every claim of the scopes asked for, as Entra ID and Okta can be set to.
    conformIdTokenClaims: false,
    cookies: { keys: ['a cookie key for the test identity provider'] },
    async findAccount(_ctx, id) {
      const account = accounts.get(id)
      if (!account) return undefined
      return {
        accountId: id,
        claims: async () => ({
          sub: id,
          email: account.email,
          email_verified: account.emailVerified ?? true,
          name: id,
          ...(account.roles ? { roles: account.roles } : {}),
        }),
      }
    },
  })
  const test: TestIdentityProvider = {
    issuer,
    clientId,
    clientSecret,
    accounts,
    fault: 'none',
    async signIn(authorizationUrl, login) {
      const cookies = new Map<string, string>()
      const request = async (url: string, body?: URLSearchParams) => {
        const res = await fetch(url, {
          method: body ? 'POST' : 'GET',
          redirect: 'manual',
          headers: {
            cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; '),
            ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
          },
          ...(body ? { body } : {}),
        })
        for (const c of res.headers.getSetCookie()) {
          const [pair] = c.split(';')
          const at = pair?.indexOf('=') ?? -1
          if (pair && at > 0) cookies.set(pair.slice(0, at), pair.slice(at + 1))
        }
        return res
      }
      let url = authorizationUrl
      for (let step = 0; step < 12; step++) {
        if (url.startsWith(redirectUri)) return new URL(url)
        const res = await request(url)
        const location = res.headers.get('location')
        if (location) {
          url = new URL(location, url).href
          continue
        }
        const page = await res.text()
        const prompt = /name="prompt" value="(\w+)"/.exec(page)?.[1]
        const action = /<form[^>]*action="([^"]+)"/.exec(page)?.[1]
        if (!prompt || !action)
          throw new Error(`The identity provider showed an unexpected page: ${page.slice(0, 300)}`)
        const form = new URLSearchParams({ prompt })
        if (prompt === 'login') {
          form.set('login', login)
          form.set('password', 'any password: the development sign-in checks none')
        }
        const submitted = await request(new URL(action, url).href, form)
        const next = submitted.headers.get('location')
        if (!next) throw new Error(`The identity provider did not redirect after ${prompt}`)
        url = new URL(next, url).href
      }
      throw new Error('The identity provider never sent the browser back')
    },
    async close() {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }

  // Faults are injected where the provider signs the ID token: as a provider misconfigured for
  // another application would (wrong audience), or one whose token has already expired.
  const IdToken = provider.IdToken as unknown as {
    prototype: {
      issue(this: { client: { clientId: string } }, o?: { use?: string; expiresAt?: number }): unknown
    }
  }
  const issue = IdToken.prototype.issue
  IdToken.prototype.issue = function (options) {
    if (test.fault === 'wrong_audience') {
      this.client = new Proxy(this.client, {
        get: (target, key) => (key === 'clientId' ? 'another-application' : Reflect.get(target, key)),
      })
    }
    if (test.fault === 'expired') {
      return issue.call(this, { ...options, expiresAt: Math.floor(Date.now() / 1000) - 300 })
    }
    return issue.call(this, options)
  }

  handler = provider.callback() as never
  return test
}
