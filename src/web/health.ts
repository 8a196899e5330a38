import type { FastifyPluginAsync } from 'fastify'
import type { Database } from '../db/database.js'

/** /health: the process is alive. /ready: it can reach its database (for a load balancer). */
export const healthRoutes: FastifyPluginAsync<{ database: Database }> = async (app, { database }) => {
  app.get('/health', { logLevel: 'warn', schema: { hide: true } }, async () => ({ status: 'ok' }))
  app.get('/ready', { logLevel: 'warn', schema: { hide: true } }, async (_request, reply) => {
    const ok = await database.ping()
    return reply
      .code(ok ? 200 : 503)
      .send({ status: ok ? 'ready' : 'database unreachable', database: database.kind })
  })
}
