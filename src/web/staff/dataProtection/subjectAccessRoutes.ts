import type { FastifyRequest } from 'fastify'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { mayProduceSubjectAccess } from '../../../services/dataProtection/subjectAccess.js'
import { sendDocument } from '../../documents.js'
import { idParams } from '../../params.js'
import { currentStaff, type StaffWebOptions, signedIn } from '../access.js'

/** Signed in, with a role that may produce the request (a 403 that says why, otherwise). */
const mayProduce = [
  signedIn(),
  async (request: FastifyRequest) => mayProduceSubjectAccess(currentStaff(request)),
]

/**
 * UK GDPR Article 15: a resident's subject access request, answered in one download. The page
 * and the download are for the roles that may produce one; the download is in the access log.
 */
export const subjectAccessRoutes: FastifyPluginAsyncZod<StaffWebOptions> = async (app, { services }) => {
  app.get(
    '/residents/:id/subject-access',
    { schema: { hide: true, params: idParams }, preHandler: mayProduce },
    async (request, reply) => {
      const { id } = request.params
      const v = await services.people.view(id)
      return reply.view('staff/dataProtection/subjectAccess.njk', {
        id,
        reference: v.person.reference,
        name: v.person.details.name,
        complaints: v.complaints.length,
      })
    },
  )

  app.get(
    '/residents/:id/subject-access.zip',
    { schema: { hide: true, params: idParams }, preHandler: mayProduce },
    async (request, reply) => {
      const { id } = request.params
      const staff = currentStaff(request)
      const sar = await services.subjectAccess.export(id, staff)
      request.accessed = {
        kind: 'subject_access',
        what: `Subject access request for ${sar.reference}: ${sar.files} files, ${sar.thirdParties.length} third parties to review`,
        personId: id,
      }
      return sendDocument(reply, { filename: sar.filename, contentType: 'application/zip', content: sar.zip })
    },
  )
}
