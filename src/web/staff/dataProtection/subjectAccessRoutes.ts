import type { FastifyPluginAsync } from 'fastify'
import { sendDocument } from '../../documents.js'
import { currentStaff, type StaffWebOptions, signedIn } from '../access.js'

/** UK GDPR Article 15: a resident's subject access request, answered in one download. */
export const subjectAccessRoutes: FastifyPluginAsync<StaffWebOptions> = async (app, { services }) => {
  app.get(
    '/residents/:id/subject-access',
    { schema: { hide: true }, preHandler: signedIn('manageDataProtection') },
    async (request, reply) => {
      const { id } = request.params as { id: string }
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
    { schema: { hide: true }, preHandler: signedIn('manageDataProtection') },
    async (request, reply) => {
      const { id } = request.params as { id: string }
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
