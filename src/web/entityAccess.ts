import type { FastifyInstance } from 'fastify'
import type { Services } from '../services/index.js'

/** Every route naming a complaint by its id: the staff pages' and the API's (`/api/v1/complaints/:id…`). */
const caseRoute = /^(\/api\/v1)?\/complaints\/:id(\/|$)/

/**
 * Roles limited to an entity, for case access: added once to the staff web app and once to the
 * API, before any route of theirs, so every route that names a complaint (its page, its actions,
 * its PDF, letters and documents) inherits it. A person limited to one entity is answered 404
 * for another entity's complaint, as for a complaint that does not exist. It runs after the
 * session or token is read (onRequest) and before the body is read or any handler runs.
 */
export function limitCasesToEntity(app: FastifyInstance, services: Pick<Services, 'complaints'>) {
  app.addHook('preValidation', async (request) => {
    const staff = request.staff
    if (!staff || staff.entityId === null) return
    if (!caseRoute.test(request.routeOptions.url ?? '')) return
    const id = (request.params as { id?: unknown } | undefined)?.id
    if (typeof id === 'string') await services.complaints.checkEntityAccess(staff, id)
  })
}
