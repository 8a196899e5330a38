import type { FastifyPluginAsync } from 'fastify'
import { roleLabels } from '../../../domain/staff/roles.js'
import { currentStaff, type StaffWebOptions, signedIn } from '../index.js'

export const staffHomeRoutes: FastifyPluginAsync<StaffWebOptions> = async (app) => {
  app.get('/', { schema: { hide: true }, preHandler: signedIn() }, async (request, reply) => {
    const staff = currentStaff(request)
    const query = request.query as Record<string, string | undefined>
    return reply.view('staff/home/index.njk', {
      roleLabel: roleLabels[staff.role],
      notice: query.passwordChanged ? 'Your password has been changed.' : undefined,
    })
  })
}
