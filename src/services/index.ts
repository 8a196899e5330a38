import type { Kysely } from 'kysely'
import type { Clock } from '../clock.js'
import type { Config } from '../config.js'
import type { DB } from '../db/schema.js'
import { annualSubmissionService } from './annualSubmission/annualSubmissions.js'
import { authenticationService } from './authentication.js'
import { type CalendarListener, calendarService } from './calendar.js'
import { complaintsService } from './complaints.js'
import { accessLogService } from './dataProtection/accessLog.js'
import { retentionService } from './dataProtection/retention.js'
import { subjectAccessService } from './dataProtection/subjectAccess.js'
import { entitiesService } from './entities/entities.js'
import { caseFileService } from './exports/caseFile.js'
import { hazardsService, refreshRunningHazards } from './hazards/hazards.js'
import { complaintImportsService } from './imports/complaintImports.js'
import { improvementService } from './improvement/improvementActions.js'
import { inboxService } from './inbox/inbox.js'
import { themesService } from './learning/themes.js'
import { letterAuditsService } from './letterAudits/letterAudits.js'
import { letterTemplatesService } from './letters/templatesService.js'
import { listsService } from './lists.js'
import { mailService } from './mail/index.js'
import { interventionsService } from './ombudsman/interventions.js'
import { ombudsmanService } from './ombudsman/ombudsmanCases.js'
import { peopleService } from './people/people.js'
import { policyService } from './policy.js'
import { remediesService } from './remedies/register.js'
import { annualReportService } from './reports/annualReport.js'
import { boardPackService } from './reports/boardPack.js'
import { tsmService } from './reports/tsm.js'
import { onlineComplaintsService } from './residents/onlineComplaints.js'
import { policyPageService } from './residents/policyPage.js'
import { rateLimiter } from './residents/rateLimits.js'
import { surveysService } from './residents/surveys.js'
import { trackingService } from './residents/tracking.js'
import { panelService } from './scrutiny/panel.js'
import { selfAssessmentService } from './selfAssessment/selfAssessments.js'
import { serviceRequestsService } from './serviceRequests/serviceRequests.js'
import { singleSignOnService } from './singleSignOn.js'
import { staffAccountsService } from './staffAccounts.js'
import { triageRulesService } from './triage/triage.js'
import { webhooksService } from './webhooks/webhooks.js'

/** What else moves when the working-day calendar changes: Awaab's Law clocks. */
export const calendarListeners: CalendarListener[] = [refreshRunningHazards]

/** Builds every service from its dependencies: plain factories, no container. */
export function createServices(deps: {
  db: Kysely<DB>
  clock: Clock
  config: Pick<
    Config,
    | 'signIn'
    | 'sessionHours'
    | 'apiTokenDays'
    | 'landlordName'
    | 'mail'
    | 'publicUrl'
    | 'contact'
    | 'retention'
  > &
    Partial<Pick<Config, 'singleSignOn' | 'localPasswords' | 'lateRecordingDays' | 'imap'>>
}) {
  const { db, clock, config } = deps
  const calendar = calendarService({ db, clock, listeners: calendarListeners })
  const policy = policyService({ db, clock })
  const tsm = tsmService({ db, clock })
  const boardPack = boardPackService({
    db,
    clock,
    calendar,
    policy,
    landlordName: config.landlordName,
    lateRecordingDays: config.lateRecordingDays,
  })
  const selfAssessment = selfAssessmentService({
    db,
    clock,
    landlordName: config.landlordName,
    lateRecordingDays: config.lateRecordingDays,
  })
  const lockout = { maxAttempts: config.signIn.maxAttempts, lockoutMinutes: config.signIn.lockoutMinutes }
  const mail = {
    mode: config.mail.smtpUrl ? 'smtp' : 'outbox',
    maxAttempts: config.mail.maxAttempts,
  } as const
  const complaints = complaintsService({
    db,
    clock,
    calendar,
    policy,
    landlordName: config.landlordName,
    contact: config.contact,
    mail,
    lateRecordingDays: config.lateRecordingDays,
  })
  const serviceRequests = serviceRequestsService({ db, clock, complaints })
  const limits = rateLimiter({ db, clock })
  const mailForStaff = mailService({ db, clock, landlordName: config.landlordName })
  const surveys = surveysService({ db })
  const people = peopleService({ db, clock, landlordName: config.landlordName })
  const authentication = authenticationService({
    db,
    clock,
    lockout,
    mail,
    sessionHours: config.sessionHours,
    apiTokenDays: config.apiTokenDays,
    localPasswords: config.localPasswords ?? true,
  })
  const themes = themesService({ db, clock })
  const improvement = improvementService({ db, clock })
  const policyPage = policyPageService({
    db,
    clock,
    policy,
    landlordName: config.landlordName,
    contact: config.contact,
  })
  return {
    authentication,
    /** Sign-in through the landlord's identity provider, when OIDC_ISSUER is set. */
    singleSignOn: config.singleSignOn
      ? singleSignOnService({ db, clock, config: config.singleSignOn, authentication })
      : undefined,
    staffAccounts: staffAccountsService({ db, clock, lockout, mail }),
    calendar,
    policy,
    entities: entitiesService({ db, clock, landlordName: config.landlordName }),
    /** Complaint histories imported from the landlord's earlier system (issue 34). */
    complaintImports: complaintImportsService({
      db,
      clock,
      calendar,
      policy,
      landlordName: config.landlordName,
    }),
    lists: listsService({ db, clock }),
    /** A complete case as one PDF (the record, every letter, the history). */
    caseFile: caseFileService({ db, complaints, clock, landlordName: config.landlordName }),
    mail: mailForStaff,
    letterTemplates: letterTemplatesService({
      db,
      clock,
      installation: { landlordName: config.landlordName, contact: config.contact },
    }),
    complaints,
    onlineComplaints: onlineComplaintsService({
      db,
      clock,
      calendar,
      policy,
      complaints,
      limits,
      mail,
      landlordName: config.landlordName,
      publicUrl: config.publicUrl,
    }),
    surveys,
    themes,
    remedies: remediesService({ db, clock, calendar }),
    improvement,
    interventions: interventionsService({ db, clock, improvement }),
    letterAudits: letterAuditsService({ db, clock }),
    tsm,
    boardPack,
    selfAssessment,
    annualReport: annualReportService({
      db,
      clock,
      landlordName: config.landlordName,
      tsm,
      boardPack,
      selfAssessment,
    }),
    annualSubmission: annualSubmissionService({
      db,
      clock,
      landlordName: config.landlordName,
      publicUrl: config.publicUrl,
    }),
    hazards: hazardsService({ db, clock, calendar }),
    people,
    subjectAccess: subjectAccessService({
      db,
      clock,
      landlordName: config.landlordName,
      complaints,
      mail: mailForStaff,
      surveys,
      people,
    }),
    accessLog: accessLogService({ db, clock }),
    retention: retentionService({ db, clock, policy: config.retention }),
    triageRules: triageRulesService({ db, clock }),
    serviceRequests,
    /** Email in: the complaints mailbox read into the inbox queue, when IMAP_HOST is set. */
    inbox: inboxService({ db, clock, complaints, serviceRequests, imap: config.imap }),
    ombudsman: ombudsmanService({
      db,
      clock,
      calendar,
      policy,
      mail,
      complaints,
      landlordName: config.landlordName,
    }),
    tracking: trackingService({ db, clock, complaints, limits, mail, landlordName: config.landlordName }),
    policyPage,
    panel: panelService({ db, clock, boardPack, themes, improvement, selfAssessment, policyPage }),
    webhooks: webhooksService({ db, clock }),
  }
}

export type Services = ReturnType<typeof createServices>
