import type { FastifyInstance } from 'fastify'
import type { EntityRecordKind } from '../db/repositories/entities.js'
import { wholeGroupRefusal } from '../domain/entities/access.js'
import { forbidden } from '../errors.js'
import type { Services } from '../services/index.js'

/**
 * Every route naming a record a limited person is kept to their entity's of, by its own id: the
 * staff pages' and the API's (`/api/v1/…`), and the parameter holding the id. A route under one
 * of these (its page, its actions, its PDF, letters and documents) is covered without more.
 * A letter or email sent, an email received and an intervention are their complaint's entity's;
 * one with no complaint (and an improvement action raised from none) is the whole group's, so
 * answered 404 to a limited person as well (`maySeeRecord`).
 * Service requests are not here: they belong to no entity (docs/entities.md).
 */
const recordRoutes: readonly { route: RegExp; kind: EntityRecordKind; param: string }[] = [
  { route: /^(\/api\/v1)?\/complaints\/:id(\/|$)/, kind: 'complaint', param: 'id' },
  { route: /^(\/api\/v1)?\/hazards\/:hazardId(\/|$)/, kind: 'hazard', param: 'hazardId' },
  { route: /^(\/api\/v1)?\/ombudsman-cases\/:caseId(\/|$)/, kind: 'ombudsmanCase', param: 'caseId' },
  { route: /^\/residents\/:id(\/|$)/, kind: 'person', param: 'id' },
  { route: /^(\/api\/v1)?\/self-assessments?\/:id(\/|$)/, kind: 'selfAssessment', param: 'id' },
  { route: /^\/mail\/:id(\/|$)/, kind: 'mailMessage', param: 'id' },
  { route: /^\/inbox\/:id(\/|$)/, kind: 'inboxItem', param: 'id' },
  { route: /^(\/api\/v1)?\/ombudsman-interventions\/:id(\/|$)/, kind: 'intervention', param: 'id' },
  {
    route: /^(\/improvements|\/api\/v1\/improvement-actions)\/:id(\/|$)/,
    kind: 'improvementAction',
    param: 'id',
  },
]

/**
 * The routes of reports and records that cover the whole group and cannot yet be narrowed to one
 * entity: the board pack (its page, files and the complaints behind its figures), the
 * annual submission to the Ombudsman, and the group's annual report's
 * commentary, response, approval and publication (a landlord's own draft is on
 * `/reports/annual?entity=`; the published versions are public already). A limited person is
 * refused them, told why (403), rather than shown another landlord's. (The desk's queues, the
 * outgoing mail, the post queue, the inbox, the Ombudsman's interventions and the improvement
 * actions, are not here: their lists are narrowed to the person's entity, and each record is
 * checked by `recordRoutes`.)
 */
const wholeGroupRoutes: readonly RegExp[] = [
  /^\/reports\/board([./]|$)/,
  /^(\/api\/v1)?\/annual-submissions?(\/|$)/,
  /^\/reports\/annual\/:year\/(?!versions\/)/,
]

/**
 * Roles limited to an entity, for record access: added once to the staff web app and once to the
 * API, before any route of theirs, so every route in `recordRoutes` inherits it. A person limited
 * to one entity is answered 404 for another entity's complaint, hazard, Ombudsman case or
 * resident's record, letter, email, intervention or improvement action (or one of the whole
 * group's), as for one that does not exist, and refused a whole group's report
 * (`wholeGroupRoutes`). It runs after the session or token is read
 * (onRequest) and before the body is read or any handler runs.
 */
export function limitRecordsToEntity(app: FastifyInstance, services: Pick<Services, 'entities'>) {
  app.addHook('preValidation', async (request) => {
    const staff = request.staff
    if (!staff || staff.entityId === null) return
    const url = request.routeOptions.url ?? ''
    if (wholeGroupRoutes.some((r) => r.test(url))) {
      const entity = await services.entities.get(staff.entityId)
      const refusal = wholeGroupRefusal(staff, entity.displayName)
      if (refusal) throw forbidden(refusal)
    }
    const found = recordRoutes.find((r) => r.route.test(url))
    if (!found) return
    const id = (request.params as Record<string, unknown> | undefined)?.[found.param]
    if (typeof id === 'string') await services.entities.checkAccess(staff, found.kind, id)
  })
}
