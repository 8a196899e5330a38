import type { FastifyReply, FastifyRequest } from 'fastify'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import type { Config } from '../../../config.js'
import { AppError } from '../../../errors.js'
import type { Services } from '../../../services/index.js'
import { refusalOf } from '../../formErrors.js'
import { queryText } from '../../params.js'
import { SESSION_COOKIE, safeNext } from '../access.js'

const STATE_COOKIE = 'complaints_sign_in_state'

type Options = {
  services: Services
  config: Pick<Config, 'sessionHours' | 'signIn'> & Partial<Pick<Config, 'singleSignOn'>>
  signInPage: { singleSignOn: boolean; localPasswords: boolean }
  cookieOptions: { path: string; httpOnly: boolean; sameSite: 'lax'; secure: boolean }
}

/**
 * Sign-in through the landlord's identity provider: /sign-in/oidc sends the person there with a
 * state kept in a signed cookie in their browser; the provider sends them back to the callback.
 */
export const singleSignOnRoutes: FastifyPluginAsyncZod<Options> = async (
  app,
  { services, config, signInPage, cookieOptions },
) => {
  const sso = services.singleSignOn
  const redirectUri = config.singleSignOn?.redirectUri
  if (!sso || !redirectUri) return
  // Lax, so the cookie comes back on the provider's top-level redirect; only to the callback.
  const stateCookie = { ...cookieOptions, path: '/sign-in/oidc', signed: true, maxAge: 10 * 60 }

  /**
   * The provider is not answering: a page saying so, with another way in where passwords are
   * allowed. Where the provider is and what failed go to the log for IT, never to the page.
   */
  const providerUnavailable = (
    request: FastifyRequest,
    reply: FastifyReply,
    error: AppError,
    next: string,
  ) => {
    request.log.warn(
      { err: error.cause, issuer: config.singleSignOn?.issuer },
      'identity provider unavailable',
    )
    return reply
      .code(503)
      .header('retry-after', '60')
      .view('staff/auth/sign-in-unavailable.njk', { localPasswords: signInPage.localPasswords, next })
  }
  const isUnavailable = (error: unknown): error is AppError =>
    error instanceof AppError && error.status === 503

  app.get(
    '/sign-in/oidc',
    {
      schema: { hide: true, querystring: queryText('next') },
      config: { rateLimit: { max: config.signIn.ratePerMinute, timeWindow: '1 minute' } },
    },
    async (request, reply) => {
      const next = safeNext(request.query.next)
      try {
        const { url, state } = await sso.begin(next)
        reply.setCookie(STATE_COOKIE, state, stateCookie)
        return reply.redirect(url, 303)
      } catch (error) {
        if (isUnavailable(error)) return providerUnavailable(request, reply, error, next)
        throw error
      }
    },
  )

  app.get(
    '/sign-in/oidc/callback',
    {
      schema: { hide: true },
      config: { rateLimit: { max: config.signIn.ratePerMinute, timeWindow: '1 minute' } },
    },
    async (request, reply) => {
      const cookie = request.cookies[STATE_COOKIE]
      const unsigned = cookie ? request.unsignCookie(cookie) : undefined
      reply.clearCookie(STATE_COOKIE, { path: stateCookie.path })
      let signedIn: { sessionToken: string; next: string } | undefined
      // Not recognised (401): said on the sign-in page; the provider not answering: its own page.
      const refused = await refusalOf(async () => {
        signedIn = await sso.finish(
          new URL(request.url, redirectUri),
          unsigned?.valid ? (unsigned.value ?? undefined) : undefined,
        )
      }, [401, 503])
      if (refused?.status === 503) return providerUnavailable(request, reply, refused, '/')
      if (refused || !signedIn)
        return reply.code(refused?.status ?? 401).view('staff/auth/sign-in.njk', {
          ...signInPage,
          next: '/',
          values: {},
          errors: { oidc: refused?.message },
        })
      reply.setCookie(SESSION_COOKIE, signedIn.sessionToken, {
        ...cookieOptions,
        maxAge: config.sessionHours * 3600,
      })
      return reply.redirect(signedIn.next, 303)
    },
  )
}
