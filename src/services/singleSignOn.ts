import type { Kysely } from 'kysely'
import * as oidc from 'openid-client'
import type { Clock } from '../clock.js'
import type { SingleSignOnConfig } from '../config.js'
import { auditLogRepository } from '../db/repositories/auditLog.js'
import { signInAttemptsRepository } from '../db/repositories/signInAttempts.js'
import { usersRepository } from '../db/repositories/users.js'
import type { DB } from '../db/schema.js'
import { demotesLastAdministrator, LAST_ADMINISTRATOR_KEEPS_ROLE } from '../domain/staff/roles.js'
import { roleFromClaim } from '../domain/staff/singleSignOn.js'
import { AppError } from '../errors.js'
import type { AuthenticationService } from './authentication.js'
import { toStaffMember } from './staffAccounts.js'
import { hashToken } from './tokens.js'

/** How long someone has at the identity provider before their attempt runs out. */
const ATTEMPT_MINUTES = 10

const refused = (message: string) => new AppError(401, 'single_sign_on_refused', message)

/**
 * The provider did not answer, or not as a provider should: nobody can sign in through it just
 * now. The message is for staff; where the provider is and what failed go to the log (the cause).
 */
const unavailable = (cause: unknown) =>
  new AppError(
    503,
    'identity_provider_unreachable',
    'Signing in with your organisation account is not available right now: the identity provider is not answering. Try again in a few minutes',
    undefined,
    { cause },
  )

/** An error and the errors it was caused by, a few deep (openid-client and fetch wrap theirs). */
function* causes(error: unknown) {
  for (let e = error, depth = 0; e && depth < 5; depth++) {
    yield e as { cause?: unknown; claim?: unknown; code?: unknown; name?: unknown }
    e = (e as { cause?: unknown }).cause
  }
}

/** Whether an error is the provider not answering (refused, reset, timed out, no such host), not a refusal by it. */
const notAnswering = (error: unknown) =>
  [...causes(error)].some(
    ({ code, name }) =>
      name === 'TimeoutError' ||
      name === 'AbortError' ||
      (typeof code === 'string' &&
        /^(ECONN|ETIMEDOUT|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|UND_ERR_)/.test(code)),
  )

/** How long the provider has to answer each request (openid-client's default is 30 s). */
const PROVIDER_TIMEOUT_SECONDS = 10

/** Which claim of the ID token failed its check, from openid-client's error and its causes. */
const failedClaim = (error: unknown): string | undefined =>
  [...causes(error)].map((e) => e.claim).find((claim): claim is string => typeof claim === 'string')

const claimProblems: Record<string, string> = {
  aud: 'the ID token is for another application (its audience, “aud”, is not this service)',
  exp: 'the ID token has expired (its “exp” time has passed)',
  iss: 'the ID token comes from another issuer (“iss”)',
  nonce: 'the ID token was not made for this sign-in (its “nonce” does not match)',
  iat: 'the ID token’s issue time (“iat”) is not believable',
}

/**
 * Staff sign-in through the landlord's OpenID Connect provider: the authorisation code flow with
 * PKCE, a nonce and a one-use state. The provider's ID token is checked by openid-client (its
 * signature, issuer, audience, expiry and nonce); the person is matched to an account by email,
 * and their role comes from a claim when one is configured, or stays as kept here.
 */
export function singleSignOnService(deps: {
  db: Kysely<DB>
  clock: Clock
  config: SingleSignOnConfig
  authentication: AuthenticationService
}) {
  const { db, clock, config } = deps
  const attempts = signInAttemptsRepository(db)
  let discovered: Promise<oidc.Configuration> | undefined

  /** The provider's metadata, fetched once it is first needed (a provider down at start stops no one else). */
  function provider(): Promise<oidc.Configuration> {
    discovered ??= oidc
      .discovery(new URL(config.issuer), config.clientId, config.clientSecret, undefined, {
        timeout: PROVIDER_TIMEOUT_SECONDS,
        // Plain http only for a provider on this machine (development and tests).
        ...(/^http:\/\/(localhost|127\.0\.0\.1)(:\d+)?\//.test(`${config.issuer}/`)
          ? { execute: [oidc.allowInsecureRequests] }
          : {}),
      })
      .catch((error) => {
        discovered = undefined
        throw unavailable(error)
      })
    return discovered
  }

  return {
    /** Starts a sign-in: the address to send the person to, and the state to keep in their browser. */
    async begin(next: string): Promise<{ url: string; state: string }> {
      const configuration = await provider()
      const state = oidc.randomState()
      const nonce = oidc.randomNonce()
      const codeVerifier = oidc.randomPKCECodeVerifier()
      await attempts.start({ stateHash: hashToken(state), codeVerifier, nonce, next, at: clock.now() })
      const url = oidc.buildAuthorizationUrl(configuration, {
        redirect_uri: config.redirectUri,
        scope: 'openid email profile',
        state,
        nonce,
        code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: 'S256',
      })
      return { url: url.href, state }
    },

    /**
     * Finishes a sign-in from the provider's answer. The state must be the one this browser
     * started with, unused and recent; the code is exchanged with the PKCE verifier; the ID
     * token must be for this service, unexpired, with this attempt's nonce.
     */
    async finish(callbackUrl: URL, browserState: string | undefined) {
      const state = callbackUrl.searchParams.get('state') ?? ''
      const providerError = callbackUrl.searchParams.get('error')
      if (providerError) {
        throw refused(
          `The identity provider did not sign you in (${callbackUrl.searchParams.get('error_description') ?? providerError})`,
        )
      }
      if (!state || !browserState || state !== browserState) {
        throw refused('This sign-in was not started in this browser; start again')
      }
      const now = clock.now()
      const attempt = await attempts.claim(
        hashToken(state),
        now,
        new Date(now.getTime() - ATTEMPT_MINUTES * 60_000),
      )
      if (!attempt) throw refused('This sign-in has already been used or has run out; start again')

      const configuration = await provider()
      let claims: oidc.IDToken | undefined
      try {
        const tokens = await oidc.authorizationCodeGrant(configuration, callbackUrl, {
          pkceCodeVerifier: attempt.codeVerifier,
          expectedState: state,
          expectedNonce: attempt.nonce,
          idTokenExpected: true,
        })
        claims = tokens.claims()
      } catch (error) {
        if (notAnswering(error)) throw unavailable(error)
        const claim = failedClaim(error)
        throw refused(
          `The identity provider’s answer was not accepted: ${
            (claim && claimProblems[claim]) ?? (error as Error).message
          }`,
        )
      }
      if (!claims) throw refused('The identity provider sent no ID token')
      const email = typeof claims.email === 'string' ? claims.email : undefined
      if (!email) throw refused('The identity provider did not give an email address for you')
      if (claims.email_verified === false) {
        throw refused('The identity provider has not verified your email address')
      }

      const users = usersRepository(db)
      const user = await users.findByEmail(email)
      if (!user || user.disabledAt) {
        throw refused(`There is no active staff account for ${email}; ask an administrator for one`)
      }
      let role = user.role
      if (config.rolesClaim) {
        const given = roleFromClaim(claims[config.rolesClaim], config.roleMap)
        if (!given) {
          throw refused(
            `Your organisation account gives you no role in this service (claim “${config.rolesClaim}”); ask IT`,
          )
        }
        if (await demotesLastAdministrator(user.role, given, () => users.countActiveAdmins())) {
          // As for a change made here: the last administrator keeps the role, so the service is
          // never left with nobody to manage accounts. The refusal is recorded for IT to see.
          await auditLogRepository(db).record({
            at: now,
            actorId: null,
            action: 'user.role_change_refused',
            subjectId: user.id,
            details: {
              from: user.role,
              to: given,
              by: 'identity provider',
              claim: config.rolesClaim,
              reason: `${LAST_ADMINISTRATOR_KEEPS_ROLE}; make someone else an administrator first`,
            },
          })
        } else if (given !== user.role) {
          // The provider is where roles are kept: the change is recorded like any other.
          await users.setRole(user.id, given)
          await auditLogRepository(db).record({
            at: now,
            actorId: null,
            action: 'user.role_changed',
            subjectId: user.id,
            details: { from: user.role, to: given, by: 'identity provider', claim: config.rolesClaim },
          })
          role = given
        }
      }
      const session = await deps.authentication.startSession(toStaffMember({ ...user, role }, now))
      await auditLogRepository(db).record({
        at: now,
        actorId: user.id,
        action: 'user.signed_in',
        subjectId: user.id,
        details: { method: 'single sign-on', issuer: config.issuer },
      })
      return { ...session, next: attempt.next }
    },
  }
}

export type SingleSignOnService = ReturnType<typeof singleSignOnService>
