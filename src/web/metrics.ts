import { createHash, timingSafeEqual } from 'node:crypto'
import type { FastifyInstance, FastifyPluginAsync, FastifyRequest } from 'fastify'
import type { Metrics } from '../services/operations/metrics.js'

const loopback = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1'])
const digest = (s: string) => createHash('sha256').update(s).digest()

/**
 * Who may read /metrics: with METRICS_TOKEN set, whoever sends it as a bearer token; without it,
 * only a scraper on this machine, connecting directly (never a request a proxy forwarded, which
 * would look local).
 */
function mayScrape(request: FastifyRequest, token: string | undefined): boolean {
  if (token) {
    const given = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1]
    return given !== undefined && timingSafeEqual(digest(given), digest(token))
  }
  const direct = request.headers['x-forwarded-for'] === undefined && request.headers.forwarded === undefined
  return direct && loopback.has(request.socket.remoteAddress ?? '')
}

/** Counts and times every request by its route pattern (never its raw URL, which holds ids). */
export function measureRequests(app: FastifyInstance, metrics: Metrics) {
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched'
    metrics.requestAnswered(request.method, route, reply.statusCode, reply.elapsedTime / 1000)
  })
}

/** GET /metrics in Prometheus text format. */
export const metricsRoutes: FastifyPluginAsync<{ metrics: Metrics; token: string | undefined }> = async (
  app,
  { metrics, token },
) => {
  app.get('/metrics', { logLevel: 'warn', schema: { hide: true } }, async (request, reply) => {
    if (!mayScrape(request, token)) {
      // Plain text, as a scraper reads it: this is not a page for people.
      return reply
        .code(403)
        .type('text/plain; charset=utf-8')
        .send(
          token
            ? 'Forbidden: /metrics needs the bearer token set in METRICS_TOKEN\n'
            : 'Forbidden: /metrics answers only this machine unless METRICS_TOKEN is set\n',
        )
    }
    return reply.type(metrics.contentType).send(await metrics.text())
  })
}
