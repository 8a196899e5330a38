import type { FastifyReply, FastifyRequest } from 'fastify'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { listedEntity } from '../../../domain/entities/access.js'
import { can, roleLabels } from '../../../domain/staff/roles.js'
import { queryText } from '../../params.js'
import { currentStaff, type StaffWebOptions, signedIn } from '../access.js'

/** The daily dashboard: what needs doing today, each number a link to the queue behind it. */
export const staffHomeRoutes: FastifyPluginAsyncZod<StaffWebOptions> = async (app, { services, config }) => {
  const schema = { hide: true, querystring: queryText('passwordChanged') }
  /** The residents' panel's own home is its page of what to review (Code 9.3), not the desk's. */
  const panelHome = async (request: FastifyRequest, reply: FastifyReply) => {
    if (currentStaff(request).permissions.scrutinise) return reply.redirect('/panel', 303)
  }
  const preHandler = [signedIn('manageOwnAccount'), panelHome, signedIn('viewReports')]
  app.get('/', { schema, preHandler }, async (request, reply) => {
    const staff = currentStaff(request)
    const query = request.query
    const d = await services.complaints.dashboard(staff)
    const entityId = listedEntity(request.staff)
    const c = d.counts
    const [
      mailCounts,
      toPost,
      ombudsmanOverdue,
      interventionsOverdue,
      learning,
      improvementsOverdue,
      resubmit,
    ] = await Promise.all([
      // Of one landlord's complaints only, for a person limited to it. Only the count of mail not
      // delivered is shown, so only it is counted (from its status's index).
      services.mail.counts({ entityId, status: 'not_delivered' }),
      services.mail.waitingToPrint(entityId),
      services.ombudsman.overdueCount(entityId),
      services.interventions.overdueCount(entityId),
      services.complaints.learningToRecordCount(undefined, entityId),
      services.improvement.overdue(entityId),
      services.annualSubmission.resubmissionsDue(),
    ])
    const team = '/complaints?view=team'
    const tiles = [
      {
        key: 'overdue',
        label: 'Overdue',
        value: c.overdue,
        href: `${team}&overdue=true`,
        urgent: c.overdue > 0,
      },
      {
        key: 'dueToday',
        label: 'Due today',
        value: c.dueToday,
        href: `${team}&dueWithin=0`,
        urgent: c.dueToday > 0,
      },
      {
        key: 'unacknowledged',
        label: 'Not yet acknowledged',
        value: c.unacknowledged,
        href: `${team}&state=received`,
      },
      {
        key: 'dueThisWeek',
        label: 'Due in the next 5 working days',
        value: c.dueThisWeek,
        href: `${team}&dueWithin=5`,
      },
      {
        key: 'awaitingStage2',
        label: 'Awaiting stage 2 acknowledgement',
        value: c.awaitingStage2Acknowledgement,
        href: `${team}&state=stage2_requested`,
      },
      {
        key: 'underExtension',
        label: 'Under extension',
        value: c.underExtension,
        href: `${team}&extended=true`,
      },
      {
        key: 'actionsDue',
        label: 'Outstanding actions due within 5 working days',
        value: c.outstandingActionsDue,
        href: `${team}&actions=due`,
      },
      {
        key: 'unassigned',
        label: 'Not assigned to anyone',
        value: c.unassigned,
        href: `${team}&unassigned=true`,
      },
      {
        key: 'updatesDue',
        label: 'Residents due an update (Code 5.9)',
        value: c.updatesDue,
        href: `${team}&updates=due`,
        urgent: c.updatesDue > 0,
      },
      {
        key: 'notDelivered',
        label: 'Letters not delivered by email',
        value: mailCounts.not_delivered ?? 0,
        href: '/mail?status=not_delivered',
        urgent: (mailCounts.not_delivered ?? 0) > 0,
      },
      {
        key: 'ombudsmanOverdue',
        label: 'Ombudsman evidence or orders overdue',
        value: ombudsmanOverdue,
        href: '/ombudsman-cases',
        urgent: ombudsmanOverdue > 0,
      },
      {
        key: 'interventionsOverdue',
        label: 'Ombudsman interventions past the date to comply by',
        value: interventionsOverdue,
        href: '/ombudsman-interventions?state=open',
        urgent: interventionsOverdue > 0,
      },
      {
        key: 'learningToRecord',
        label: 'Upheld stages with learning to record (Code 9.1)',
        // Counted to 10,000 complaints: beyond that the tile says so rather than counting every one.
        value: learning.more ? `${learning.stages.toLocaleString('en-GB')}+` : learning.stages,
        href: '/learning',
      },
      {
        key: 'improvementsOverdue',
        label: 'Improvement actions overdue (Code 9.1)',
        value: improvementsOverdue.length,
        href: '/improvements',
        urgent: improvementsOverdue.length > 0,
      },
      {
        key: 'toPost',
        label: 'Letters waiting to be posted',
        value: toPost,
        href: '/letters/print',
      },
    ]
    // A self-assessment revised after the year's submission: the Ombudsman has the old answers.
    if (resubmit.length)
      tiles.push({
        key: 'resubmit',
        label:
          'Annual submissions to the Ombudsman to make again: the self-assessment was revised (Code 8.3)',
        value: resubmit.length,
        href: `/annual-submission/${resubmit[0]}`,
        urgent: true,
      })
    // Feedback from a letter audit waits for the handler whose letter it was, until they open it.
    const auditFeedback = can(staff.role, 'viewCases') ? await services.letterAudits.unseenFeedback(staff) : 0
    if (auditFeedback)
      tiles.push({
        key: 'auditFeedback',
        label: 'Letter audits of your letters to read',
        value: auditFeedback,
        href: '/letter-audits#feedback',
      })
    const stages = [
      {
        label: 'Open at stage 1',
        value: c.openStage1,
        href: `${team}&state=received&state=stage1&state=stage1_responded`,
      },
      {
        label: 'Open at stage 2',
        value: c.openStage2,
        href: `${team}&state=stage2_requested&state=stage2&state=stage2_responded`,
      },
      { label: 'With outstanding actions', value: c.withOutstandingActions, href: `${team}&actions=open` },
    ]
    const maxBand = Math.max(1, ...d.ageProfile.map((b) => b.stage1 + b.stage2))
    // The first day: until the landlord's details are set, whoever may set them is asked to.
    const setup = can(staff.role, 'managePolicy') ? await services.letterTemplates.setup() : []
    return reply.view('staff/home/dashboard.njk', {
      setup: setup.some((i) => !i.done)
        ? setup.map((i) => ({
            title: { text: i.label },
            ...(i.href && !i.done ? { href: i.href } : {}),
            hint: { text: i.how },
            status: i.done ? { text: 'Done' } : { tag: { text: 'Not set', classes: 'govuk-tag--blue' } },
          }))
        : undefined,
      roleLabel: roleLabels[staff.role],
      localPasswords: config.localPasswords ?? true,
      today: d.today,
      tiles,
      stages,
      ageProfile: d.ageProfile.map((b) => ({
        ...b,
        total: b.stage1 + b.stage2,
        percent: Math.round(((b.stage1 + b.stage2) / maxBand) * 100),
      })),
      monthStart: d.monthStart,
      timeliness: d.timeliness,
      notice: query.passwordChanged ? 'Your password has been changed.' : undefined,
    })
  })
}
