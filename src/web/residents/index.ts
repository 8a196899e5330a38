import multipart from '@fastify/multipart'
import type { FastifyPluginAsync } from 'fastify'
import { MAX_DOCUMENT_BYTES } from '../../domain/complaints/documents.js'
import { registerFormPageHooks } from '../formPages.js'
import { uploadLimit } from '../uploads.js'
import { annualReportPublicRoutes } from './annualReport/routes.js'
import { onlineComplaintRoutes } from './complaint/routes.js'
import { policyRoutes } from './policy/routes.js'
import type { ResidentWebOptions } from './shared.js'
import { trackRoutes } from './track/routes.js'
import { youSaidRoutes } from './youSaid/routes.js'

/**
 * The resident pages: the online complaint form, following a complaint, and the published
 * policy. No staff sign-in; CSRF on every form; nothing cached.
 */
export const residentWeb: FastifyPluginAsync<ResidentWebOptions> = async (app, options) => {
  // Forms with a file input arrive as multipart, their fields on the body (read by the CSRF check).
  await app.register(multipart, {
    attachFieldsToBody: true,
    limits: { fileSize: uploadLimit(MAX_DOCUMENT_BYTES), files: 1, fields: 40, fieldSize: 100_000 },
  })
  registerFormPageHooks(app)
  await app.register(onlineComplaintRoutes, options)
  await app.register(trackRoutes, options)
  await app.register(policyRoutes, options)
  await app.register(youSaidRoutes, options)
  await app.register(annualReportPublicRoutes, options)
}
