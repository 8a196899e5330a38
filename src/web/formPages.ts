import type { FastifyInstance } from 'fastify'

/**
 * What every set of server-rendered pages with forms needs, staff and resident alike: CSRF
 * checked on every POST, a token for the page's forms, and pages of personal data never kept
 * by a shared computer's cache or the back button.
 */
export function registerFormPageHooks(app: FastifyInstance) {
  app.addHook('preHandler', (request, reply, done) => {
    if (request.method === 'POST') app.csrfProtection(request, reply, done)
    else done()
  })
  app.addHook('preHandler', async (_request, reply) => {
    reply.csrfToken = await reply.generateCsrf()
  })
  app.addHook('onSend', async (_request, reply) => {
    if (String(reply.getHeader('content-type') ?? '').startsWith('text/html')) {
      reply.header('cache-control', 'no-store')
    }
  })
}
