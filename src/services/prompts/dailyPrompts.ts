import type { Kysely } from 'kysely'
import type { Clock } from '../../clock.js'
import { dailyScheduler } from '../../db/jobs/daily.js'
import type { JobHandler, Scheduler } from '../../db/jobs/runner.js'
import { complaintsRepository } from '../../db/repositories/complaints.js'
import { hazardsRepository } from '../../db/repositories/hazards.js'
import { improvementRepository } from '../../db/repositories/improvement.js'
import { interventionsRepository } from '../../db/repositories/interventions.js'
import { ombudsmanRepository } from '../../db/repositories/ombudsman.js'
import { peopleRepository } from '../../db/repositories/people.js'
import { usersRepository } from '../../db/repositories/users.js'
import type { DB } from '../../db/schema.js'
import {
  type CalendarDate,
  endOfLondonDay,
  formatLongDate,
  londonDateOf,
} from '../../domain/calendar/calendarDate.js'
import { foldComplaint, outstandingActions } from '../../domain/complaints/complaint.js'
import { AT_RISK_WORKING_DAYS } from '../../domain/complaints/deadlines.js'
import { nextDutyInWords } from '../../domain/hazards/clocks.js'
import { letterHtml } from '../../domain/letters/layout.js'
import {
  type FailureOrderType,
  type InterventionKind,
  interventionTitle,
} from '../../domain/ombudsman/intervention.js'
import { foldOmbudsmanCase, outstandingOnCase } from '../../domain/ombudsman/ombudsmanCase.js'
import { type PromptCase, promptSections, promptText } from '../../domain/prompts/dailyPrompt.js'
import { remediesOf } from '../../domain/remedies/followThrough.js'
import { complaintHandlerRoles } from '../../domain/staff/roles.js'
import type { CalendarService } from '../calendar.js'
import { type MailMode, queueMail } from '../mail/letterDelivery.js'

export const DAILY_PROMPTS_JOB = 'daily_prompts'

/** Team leaders get the whole team's cases in their prompt; everyone else their own. */
const teamLeaderRoles = ['complaints_officer', 'senior_lead'] as const

/**
 * Schedules today's prompts on a working day, once the configured time has passed. Every
 * instance does this; the job's unique key means it exists, and so runs, once per cluster.
 */
export function dailyPromptsScheduler(deps: {
  db: Kysely<DB>
  calendar: CalendarService
  time: { hour: number; minute: number }
}): Scheduler {
  return dailyScheduler({
    db: deps.db,
    kind: DAILY_PROMPTS_JOB,
    time: deps.time,
    onlyOn: async (today) => !(await deps.calendar.landlord()).nonWorkingDay(today),
  })
}

/** A line of a prompt that is something owed by a date, not a complaint's deadline. */
const promptItem = (
  about: { id: string; reference: string; name: string; state: string },
  action: PromptCase['action'],
): PromptCase => ({
  id: about.id,
  reference: about.reference,
  residentName: about.name,
  state: about.state,
  deadlineKey: null,
  deadlineDueOn: null,
  currentHandlerId: null,
  action,
})

/** Sends each handler their prompt, and each team leader the team's, in one transaction. */
export function dailyPromptsJob(deps: {
  db: Kysely<DB>
  clock: Clock
  calendar: CalendarService
  mail: MailMode
  publicUrl: string
}): JobHandler {
  return async (payload) => {
    const today = (payload as { today?: CalendarDate }).today ?? londonDateOf(deps.clock.now())
    const calendar = await deps.calendar.current()
    const soonBy = calendar.addWorkingDays(today, AT_RISK_WORKING_DAYS)
    const repo = complaintsRepository(deps.db)
    const cases = await repo.needingAttention(soonBy)
    // Code 7.3: each promised action and remedy due soon or late, for whoever owns it.
    const actions: PromptCase[] = []
    for (const id of await repo.withActionsDueBy(soonBy)) {
      const c = foldComplaint(id, await repo.events(id))
      const owed = (action: PromptCase['action']) =>
        actions.push(
          promptItem({ id, reference: c.reference, name: c.resident.name, state: c.state }, action),
        )
      for (const a of outstandingActions(c).filter((x) => !x.completed && x.dueOn <= soonBy))
        owed({ description: a.description, dueOn: a.dueOn, ownerId: a.ownerId })
      // Remedies offered and not yet done, for the handler of the stage that offered them.
      for (const r of remediesOf(c, calendar, today).filter((x) => x.outstanding && x.dueOn <= soonBy))
        owed({
          description: `Remedy: ${r.label.toLowerCase()}${r.amount !== undefined ? ` of £${r.amount.toFixed(2)}` : ''}`,
          dueOn: r.dueOn,
          ownerId: c.stages[r.stage]?.handlerId ?? undefined,
        })
    }
    // What is owed to the Ombudsman soon or late: orders for their owners, everything for the team.
    const ombudsman: PromptCase[] = []
    const owedRepo = ombudsmanRepository(deps.db)
    for (const row of await owedRepo.owedBy(soonBy)) {
      const oc = foldOmbudsmanCase(row.id, await owedRepo.events(row.id))
      for (const item of outstandingOnCase(oc, today).filter((x) => x.dueOn <= soonBy))
        ombudsman.push(
          promptItem(
            {
              id: row.complaintId,
              reference: row.reference,
              name: `Ombudsman case ${row.ombudsmanReference}`,
              state: 'ombudsman',
            },
            { description: item.what, dueOn: item.dueOn, ownerId: item.ownerId },
          ),
        )
    }
    // The Ombudsman's interventions due soon or late: for their owners; the team sees them all.
    for (const r of await interventionsRepository(deps.db).dueBy(soonBy))
      ombudsman.push({
        ...promptItem(
          {
            id: r.id,
            reference: r.reference ?? 'Ombudsman',
            name: `Ombudsman ${r.ombudsmanReference}`,
            state: 'ombudsman',
          },
          {
            description: `${interventionTitle({
              kind: r.kind as InterventionKind,
              failureType: (r.failureType ?? undefined) as FailureOrderType | undefined,
            })}: comply${r.dueOn < today ? ' (overdue)' : ''}`,
            dueOn: r.dueOn as CalendarDate,
            ownerId: r.ownerId,
          },
        ),
        path: `/ombudsman-interventions/${r.id}`,
      })
    // Code 9.1: improvement actions due soon or late, for their owners; the team sees them all.
    const improvements = (await improvementRepository(deps.db).dueBy(soonBy)).map((r) => ({
      ...promptItem(
        { id: r.id, reference: 'Improvement', name: r.title, state: r.status },
        { description: r.dueOn < today ? 'overdue' : 'due soon', dueOn: r.dueOn, ownerId: r.ownerId },
      ),
      path: `/improvements/${r.id}`,
    }))
    // Awaab's Law: each hazard whose next duty runs out within 3 working days, or already has,
    // for the complaint's handler; the team sees them all.
    const hazards = (await hazardsRepository(deps.db).running({ dueBy: endOfLondonDay(soonBy) })).map((r) => {
      const next = nextDutyInWords({ kind: r.kind, clock: r.nextClock, dueAt: r.nextDueAt }, deps.clock.now())
      return {
        ...promptItem(
          { id: r.complaintId, reference: r.reference, name: r.residentName, state: 'hazard' },
          {
            description: `Awaab’s Law: ${next.duty.toLowerCase()} (${next.kind.toLowerCase()})`,
            dueOn: londonDateOf(r.nextDueAt),
            dueText: `${next.overdue ? 'OVERDUE, was due' : 'due'} ${next.due}`,
            ownerId: r.currentHandlerId ?? undefined,
          },
        ),
        path: `/hazards/${r.id}`,
      }
    })
    // Code 5.10, 5.15: resident records with an adjustment or restriction due for review soon or
    // overdue, for the team leaders (they have no one owner).
    const reviews = (await peopleRepository(deps.db).reviewsDue(soonBy, today)).map((r) => ({
      ...promptItem(
        { id: r.id, reference: r.reference, name: r.name, state: 'review' },
        {
          description: r.restrictionFirst
            ? 'Restriction on contact to review'
            : 'Reasonable adjustment to review',
          dueOn: r.dueOn,
          dueText: `${r.dueOn < today ? 'OVERDUE, was due' : 'due'} ${formatLongDate(r.dueOn)}`,
        },
      ),
      path: `/residents/${r.id}`,
    }))
    const people = await usersRepository(deps.db).activeIn(complaintHandlerRoles)
    const now = deps.clock.now()
    await deps.db.transaction().execute(async (trx) => {
      for (const person of people) {
        const team = (teamLeaderRoles as readonly string[]).includes(person.role)
        const theirs = team ? cases : cases.filter((c) => c.currentHandlerId === person.id)
        const mine = (items: PromptCase[]) =>
          team ? items : items.filter((i) => i.action?.ownerId === person.id)
        const sections = promptSections(theirs, today, soonBy, {
          actions: actions.filter((a) => a.action?.ownerId === person.id),
          ombudsman: mine(ombudsman),
          improvements: mine(improvements),
          hazards: mine(hazards),
          reviews: team ? reviews : [],
        })
        if (!sections.length) continue
        const count = new Set(sections.flatMap((s) => s.cases.map((c) => c.id))).size
        const text = promptText({
          name: person.name,
          sections,
          today,
          todayLabel: formatLongDate(today),
          caseUrl: (id) => `${deps.publicUrl}/complaints/${id}`,
          pageUrl: (path) => `${deps.publicUrl}${path}`,
          team,
        })
        await queueMail(trx, deps.mail, {
          kind: 'daily_prompt',
          toUserId: person.id,
          toAddress: person.email,
          subject: `${team ? 'Team complaints' : 'Your complaints'} to act on today, ${formatLongDate(today)}: ${count}`,
          textBody: text,
          htmlBody: letterHtml(text),
          at: now,
        })
      }
    })
  }
}
