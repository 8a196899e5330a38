import './fastifyTypes.js'
import { randomUUID } from 'node:crypto'
import cookie from '@fastify/cookie'
import csrf from '@fastify/csrf-protection'
import formbody from '@fastify/formbody'
import helmet from '@fastify/helmet'
import rateLimit from '@fastify/rate-limit'
import fastifyStatic from '@fastify/static'
import swagger from '@fastify/swagger'
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify'
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod'
import type { Clock } from '../clock.js'
import type { Config } from '../config.js'
import type { Database } from '../db/database.js'
import { tooManyRequests } from '../errors.js'
import { paths } from '../paths.js'
import type { Services } from '../services/index.js'
import type { Metrics } from '../services/operations/metrics.js'
import { logAccess } from './accessLog.js'
import { apiV1 } from './api/v1/index.js'
import { webhooksOpenApi } from './api/v1/webhooks/payloads.js'
import { registerErrorHandling } from './errorHandling.js'
import { healthRoutes } from './health.js'
import { registerInputGuards } from './inputGuards.js'
import { measureRequests, metricsRoutes } from './metrics.js'
import { residentWeb } from './residents/index.js'
import { staffWeb } from './staff/index.js'
import { sectionNavigation, serviceNavigation } from './staff/navigation.js'
import { createViews } from './views.js'

export type AppDeps = {
  config: Pick<
    Config,
    | 'env'
    | 'trustProxy'
    | 'secureCookies'
    | 'signIn'
    | 'sessionHours'
    | 'landlordName'
    | 'contact'
    | 'metricsToken'
  >
  database: Database
  services: Services
  clock: Clock
  metrics: Metrics
  cookieSecret: string
  logger: FastifyBaseLogger
}

const requestIdPattern = /^[A-Za-z0-9._-]{1,64}$/

/**
 * The whole HTTP application. The order of what is registered here is the order a request
 * meets it: request id, logging and metrics, health and /metrics, security headers, cookies and body parsing,
 * static assets, views, rate limits, OpenAPI, then the API, the staff web app and the resident
 * pages (each with its own authentication and, for forms, CSRF), then 404 and the error handler.
 */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config } = deps
  const app = Fastify({
    loggerInstance: deps.logger,
    trustProxy: config.trustProxy,
    bodyLimit: 1024 * 1024,
    requestIdHeader: false,
    genReqId: (req) => {
      const given = req.headers['x-request-id']
      return typeof given === 'string' && requestIdPattern.test(given) ? given : randomUUID()
    },
    routerOptions: { ignoreTrailingSlash: true },
  })
  app.setValidatorCompiler(validatorCompiler)
  app.setSerializerCompiler(serializerCompiler)
  app.decorateRequest('staff', undefined)
  app.decorateRequest('navigationCounts', undefined)
  app.decorateRequest('sessionToken', undefined)
  app.decorateReply('csrfToken', '')
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id)
  })

  registerErrorHandling(app)
  registerInputGuards(app)
  measureRequests(app, deps.metrics)
  logAccess(app, deps.services.accessLog)
  await app.register(healthRoutes, { database: deps.database })
  await app.register(metricsRoutes, { metrics: deps.metrics, token: config.metricsToken })

  await app.register(helmet, {
    enableCSPNonces: true,
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'", 'data:'],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        upgradeInsecureRequests: config.secureCookies ? [] : null,
      },
    },
    strictTransportSecurity: config.secureCookies ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    crossOriginEmbedderPolicy: false,
  })
  await app.register(cookie, { secret: deps.cookieSecret })
  await app.register(formbody, { bodyLimit: 100 * 1024 })
  await app.register(csrf, {
    sessionPlugin: '@fastify/cookie',
    cookieOpts: { signed: true, httpOnly: true, sameSite: 'lax', secure: config.secureCookies, path: '/' },
    // A urlencoded form gives the token as a string; a multipart one as a part with a value.
    getToken: (req) => {
      const token = (req.body as { _csrf?: string | { value?: string } } | undefined)?._csrf
      return typeof token === 'object' ? token?.value : token
    },
  })

  const staticOptions = {
    decorateReply: false,
    index: false,
    maxAge: config.env === 'production' ? '1d' : 0,
  } as const
  await app.register(fastifyStatic, {
    root: `${paths.govukFrontend}/govuk/assets`,
    prefix: '/assets/',
    ...staticOptions,
  })
  await app.register(fastifyStatic, {
    root: `${paths.govukFrontend}/govuk`,
    prefix: '/assets/govuk/',
    allowedPath: (path) => /^\/govuk-frontend\.min\.(css|js)(\.map)?$/.test(path),
    ...staticOptions,
  })
  await app.register(fastifyStatic, {
    root: `${paths.mojFrontend}/moj`,
    prefix: '/assets/moj/',
    allowedPath: (path) => /^\/(moj-frontend\.min\.(css|js)(\.map)?|assets\/images\/[\w.-]+)$/.test(path),
    ...staticOptions,
  })
  await app.register(fastifyStatic, { root: paths.appAssets, prefix: '/assets/app/', ...staticOptions })

  const views = createViews({ watch: false })
  app.decorateReply('view', function (this, template: string, context: Record<string, unknown> = {}) {
    const request = this.request
    const html = views.render(template, {
      landlordName: config.landlordName,
      cspNonce: (this as unknown as { cspNonce?: { script: string } }).cspNonce?.script,
      staff: request.staff,
      csrfToken: this.csrfToken,
      currentPath: request.url.split('?')[0],
      navigation: serviceNavigation(request.staff, request.url),
      sectionNavigation: sectionNavigation(request.staff, request.url, request.navigationCounts),
      ...context,
    })
    return this.type('text/html; charset=utf-8').send(html)
  })

  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: () =>
      tooManyRequests('Too many sign-in attempts from here; wait a minute and try again'),
  })

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Complaints service API',
        version: '1.0.0',
        description:
          'Integration API for the complaints service. The fixed part of the contract is api-v1; ' +
          'errors are {"error": {"code", "message", "details"}}.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
      webhooks: webhooksOpenApi(),
    },
    transform: (input) => {
      if (!input.url.startsWith('/api/v1/') || input.url === '/api/v1/openapi.json') {
        return { schema: { ...input.schema, hide: true }, url: input.url }
      }
      return jsonSchemaTransform(input)
    },
  })

  await app.register(apiV1, { prefix: '/api/v1', services: deps.services, config })
  await app.register(staffWeb, { services: deps.services, config, clock: deps.clock })
  await app.register(residentWeb, { services: deps.services, config })
  return app
}
