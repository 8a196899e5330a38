import type { FastifyPluginAsync } from 'fastify'
import { limitRecordsToEntity } from '../entityAccess.js'
import { registerFormPageHooks } from '../formPages.js'
import { SESSION_COOKIE, type StaffWebOptions } from './access.js'
import { annualSubmissionRoutes } from './annualSubmission/routes.js'
import { staffAuthRoutes } from './auth/routes.js'
import { caseRoutes } from './complaints/caseRoutes.js'
import { documentRoutes } from './complaints/documentRoutes.js'
import { newComplaintRoutes } from './complaints/newComplaintRoutes.js'
import { queueRoutes } from './complaints/queueRoutes.js'
import { dataProtectionRoutes } from './dataProtection/routes.js'
import { entityRoutes } from './entities/routes.js'
import { hazardRoutes } from './hazards/routes.js'
import { staffHomeRoutes } from './home/routes.js'
import { importRoutes } from './imports/routes.js'
import { improvementRoutes } from './improvement/routes.js'
import { inboxRoutes } from './inbox/routes.js'
import { interventionRoutes } from './interventions/routes.js'
import { learningRoutes } from './learning/routes.js'
import { letterAuditRoutes } from './letterAudits/routes.js'
import { mailRoutes } from './mail/routes.js'
import { ombudsmanRoutes } from './ombudsman/routes.js'
import { panelAnswerRoutes } from './panel/answerRoutes.js'
import { panelRoutes } from './panel/routes.js'
import { peopleRoutes } from './people/routes.js'
import { remediesRoutes } from './remedies/routes.js'
import { annualReportRoutes } from './reports/annual.js'
import { reportRoutes } from './reports/routes.js'
import { selfAssessmentRoutes } from './selfAssessment/routes.js'
import { serviceRequestRoutes } from './serviceRequests/routes.js'
import { lettersRoutes } from './settings/lettersRoutes.js'
import { listsRoutes } from './settings/listsRoutes.js'
import { policyRoutes } from './settings/policyRoutes.js'
import { triageRulesRoutes } from './settings/triageRoutes.js'
import { usersRoutes } from './settings/usersRoutes.js'
import { workingDaysRoutes } from './settings/workingDaysRoutes.js'
import { webhookRoutes } from './webhooks/routes.js'

/** The staff web app: server-rendered pages, session cookie, CSRF on every form. */
export const staffWeb: FastifyPluginAsync<StaffWebOptions> = async (app, options) => {
  app.addHook('onRequest', async (request) => {
    const token = request.cookies[SESSION_COOKIE]
    if (!token) return
    request.sessionToken = token
    request.staff = await options.services.authentication.staffForSession(token)
    // Email in: the count of emails waiting, beside the inbox link, when a mailbox is read.
    // Not for a person limited to one landlord: emails waiting are not yet sorted, so no landlord's.
    if (
      request.staff?.permissions.handleComplaints &&
      request.staff.entityId === null &&
      options.services.inbox.enabled
    )
      request.navigationCounts = { '/inbox': await options.services.inbox.newCount() }
  })
  registerFormPageHooks(app)
  limitRecordsToEntity(app, options.services)

  await app.register(staffAuthRoutes, options)
  await app.register(staffHomeRoutes, options)
  await app.register(queueRoutes, options)
  await app.register(newComplaintRoutes, options)
  await app.register(caseRoutes, options)
  await app.register(documentRoutes, options)
  await app.register(workingDaysRoutes, options)
  await app.register(policyRoutes, options)
  await app.register(usersRoutes, options)
  await app.register(listsRoutes, options)
  await app.register(importRoutes, options)
  await app.register(triageRulesRoutes, options)
  await app.register(webhookRoutes, options)
  await app.register(mailRoutes, options)
  await app.register(lettersRoutes, options)
  await app.register(entityRoutes, options)
  await app.register(ombudsmanRoutes, options)
  await app.register(interventionRoutes, options)
  await app.register(hazardRoutes, options)
  await app.register(peopleRoutes, options)
  await app.register(serviceRequestRoutes, options)
  await app.register(inboxRoutes, options)
  await app.register(learningRoutes, options)
  await app.register(remediesRoutes, options)
  await app.register(improvementRoutes, options)
  await app.register(letterAuditRoutes, options)
  await app.register(reportRoutes, options)
  await app.register(annualReportRoutes, options)
  await app.register(selfAssessmentRoutes, options)
  await app.register(annualSubmissionRoutes, options)
  await app.register(dataProtectionRoutes, options)
  await app.register(panelRoutes, options)
  await app.register(panelAnswerRoutes, options)
}
