import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { AppError } from '../../../errors.js'
import { refusalOf, refusals } from '../../formErrors.js'
import { queryText } from '../../params.js'
import { currentStaff, SESSION_COOKIE, type StaffWebOptions, safeNext, signedIn } from '../access.js'
import { singleSignOnRoutes } from './singleSignOnRoutes.js'

type Form = Record<string, string | undefined>

export const staffAuthRoutes: FastifyPluginAsyncZod<StaffWebOptions> = async (app, { services, config }) => {
  const cookieOptions = {
    path: '/',
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: config.secureCookies,
  }

  const localPasswords = config.localPasswords ?? true
  const signInPage = { singleSignOn: Boolean(services.singleSignOn), localPasswords }

  const signInQuery = queryText('next', 'signedOut')
  app.get('/sign-in', { schema: { hide: true, querystring: signInQuery } }, async (request, reply) => {
    const query = request.query
    if (request.staff) return reply.redirect(safeNext(query.next), 303)
    return reply.view('staff/auth/sign-in.njk', {
      ...signInPage,
      next: safeNext(query.next),
      values: {},
      notice: query.signedOut ? 'You have signed out.' : undefined,
    })
  })

  await app.register(singleSignOnRoutes, { services, config, signInPage, cookieOptions })

  app.post(
    '/sign-in',
    {
      schema: { hide: true },
      config: { rateLimit: { max: config.signIn.ratePerMinute, timeWindow: '1 minute' } },
    },
    async (request, reply) => {
      const body = (request.body ?? {}) as Form
      const email = (body.email ?? '').trim()
      const password = body.password ?? ''
      const next = safeNext(body.next)
      const errors: Record<string, string> = {}
      if (!email) errors.email = 'Enter your email address'
      if (!password) errors.password = 'Enter your password'
      if (Object.keys(errors).length === 0) {
        let sessionToken = ''
        const refused = await refusalOf(async () => {
          sessionToken = (await services.authentication.signIn(email, password)).sessionToken
        }, [401])
        if (!refused) {
          reply.setCookie(SESSION_COOKIE, sessionToken, {
            ...cookieOptions,
            maxAge: config.sessionHours * 3600,
          })
          return reply.redirect(next, 303)
        }
        errors.email = refused.message
      }
      return reply.code(errors.password && !errors.email ? 400 : 401).view('staff/auth/sign-in.njk', {
        ...signInPage,
        errors,
        next,
        values: { email },
      })
    },
  )

  app.post('/sign-out', { schema: { hide: true } }, async (request, reply) => {
    if (request.sessionToken) await services.authentication.signOut(request.sessionToken)
    reply.clearCookie(SESSION_COOKIE, cookieOptions)
    return reply.redirect('/sign-in?signedOut=1', 303)
  })

  const passwordsOn = async () => {
    if (!localPasswords) {
      throw new AppError(
        404,
        'passwords_off',
        'Passwords are switched off: your organisation account signs you in',
      )
    }
  }
  app.get(
    '/account/password',
    { schema: { hide: true }, preHandler: [signedIn('manageOwnAccount'), passwordsOn] },
    async (_request, reply) => reply.view('staff/auth/change-password.njk'),
  )

  app.post(
    '/account/password',
    {
      schema: { hide: true },
      preHandler: [signedIn('manageOwnAccount'), passwordsOn],
      // The same per-address limit as signing in; the account lockout applies too.
      config: { rateLimit: { max: config.signIn.ratePerMinute, timeWindow: '1 minute' } },
    },
    async (request, reply) => {
      const staff = currentStaff(request)
      const body = (request.body ?? {}) as Form
      const errors: Record<string, string> = {}
      if (!body.currentPassword) errors.currentPassword = 'Enter your current password'
      if (!body.newPassword) errors.newPassword = 'Enter a new password'
      else if (body.newPassword !== body.confirmPassword)
        errors.confirmPassword = 'The two new passwords do not match'
      if (Object.keys(errors).length === 0) {
        const refused = await refusals(
          () =>
            services.staffAccounts.changePassword(
              staff.id,
              { currentPassword: body.currentPassword ?? '', newPassword: body.newPassword ?? '' },
              request.sessionToken,
            ),
          { unnamed: 'newPassword' },
        )
        if (!refused) return reply.redirect('/?passwordChanged=1', 303)
        Object.assign(errors, refused)
      }
      return reply.code(422).view('staff/auth/change-password.njk', { errors })
    },
  )

  app.get('/accessibility', { schema: { hide: true } }, async (_request, reply) =>
    reply.view('accessibility.njk'),
  )
}
