import { type CalendarDate, isCalendarDate } from '../calendar/calendarDate.js'
import { CalendarRangeError, type WorkingDayCalendar } from '../calendar/workingDayCalendar.js'
import { type Complaint, currentStageRecord, foldComplaint } from '../complaints/complaint.js'
import { complaintDeadlines } from '../complaints/deadlines.js'
import { decideAcknowledge, decideExtend, decideRespond } from '../complaints/decisions/considering.js'
import {
  decideClose,
  decideEscalation,
  decideRefuse,
  decideWithdraw,
  type ExclusionGround,
} from '../complaints/decisions/outcomes.js'
import type { ComplaintEvent, ComplaintEventData, Remedy } from '../complaints/events.js'
import { decideReceive } from '../complaints/intake.js'
import type { Tenure } from '../complaints/vocabulary.js'
import {
  type Decision,
  decisions,
  type RemedyType,
  remedyTypes,
  type Stage,
} from '../complaints/vocabulary.js'
import { actionTime } from '../complaints/workflow.js'
import { isEarlierCode, type PolicyValues } from '../policy/timescales.js'
import { decideRemedyDone, remedyStates } from '../remedies/followThrough.js'
import { type DecisionContext, WorkflowError } from '../rules.js'
import type { StaffRole } from '../staff/roles.js'
import { trimmed } from '../text/trimmed.js'
import type { ImportCells, ImportColumn } from './columns.js'

export type StaffMember = { id: string; role: StaffRole }

/** What replaying a row is told: the import, the landlord's lists and staff, and the rules. */
export type ImportContext = {
  /** When the import is recorded, and by whom (an administrator or complaints officer). */
  now: Date
  today: CalendarDate
  importer: StaffMember
  fileName: string
  importId: string
  /** The complaint's id here, and our reference for it (CMP-YYYY-NNNNNN). */
  complaintId: string
  /** Our reference for the complaint (CMP-YYYY-NNNNNN), given once the row is to be written. */
  reference: string
  staffByEmail: (email: string) => StaffMember | undefined
  categories: { code: string; label: string; active: boolean }[]
  grounds: ExclusionGround[]
  calendar: WorkingDayCalendar
  policyOf: (version: number) => PolicyValues
  /** The policy version in force on a day: the earlier Code's (version 0) before 1 April 2024. */
  policyVersionOn: (date: CalendarDate) => number
  newId: () => string
  /** The landlord entity a row's `entity` cell names (by name or registered provider number). */
  entityNamed: (text: string) => string | undefined
  /**
   * The resident's record the row joins (intake's rule, once the rows are to be written): its id,
   * and the tenure and landlord entity it gives a row that does not say.
   */
  resident?: { personId: string; tenancy: { tenure?: Tenure; entityId?: string } }
}

/** A row refused: the rule it breaks, in words, naming the Code's provision where it is one. */
export class RowRefused extends Error {}

const dateColumns = [
  'received_date',
  'acknowledged_date',
  'stage1_extension_date',
  'stage1_extension_new_date',
  'stage1_response_date',
  'escalated_date',
  'stage2_acknowledged_date',
  'stage2_extension_date',
  'stage2_extension_new_date',
  'final_response_date',
  'remedy_done_date',
  'closed_date',
  'withdrawn_date',
  'refused_date',
] as const satisfies readonly ImportColumn[]
type DateColumn = (typeof dateColumns)[number]

/** A spreadsheet's day as YYYY-MM-DD: YYYY-MM-DD itself, or the UK's DD/MM/YYYY. */
export function calendarDateOf(text: string): CalendarDate | undefined {
  const uk = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text)
  const iso = uk ? `${uk[3]}-${uk[2]?.padStart(2, '0')}-${uk[1]?.padStart(2, '0')}` : text
  return isCalendarDate(iso) ? (iso as CalendarDate) : undefined
}

/** Midday in London on a day: the same London date whatever the season. */
const instantOf = (date: CalendarDate) => new Date(`${date}T12:00:00Z`)

const decisionOf = (text: string | undefined): Decision | undefined => {
  const t = text?.trim().toLowerCase().replace(/\s+/g, '_')
  return decisions.find((d) => d === t)
}

/** The error a domain decision threw, as the rule the row breaks ("Code 6.13: …" where it names one). */
export function ruleBroken(error: unknown): string {
  if (error instanceof RowRefused) return error.message
  if (!(error instanceof WorkflowError)) throw error
  const provision = error.provision ?? error.problems.find((p) => p.provision)?.provision
  const message = error.problems.map((p) => p.message).join('; ')
  return provision && !message.startsWith('Code') && !message.startsWith('the Code')
    ? `Code ${provision}: ${message}`
    : message
}

/**
 * The dates a row gives, each a real day, none in the future, and in an order the Code allows.
 * These are the Code's own orderings, checked here first so a refusal names the provision;
 * replaying the history through the workflow then checks everything else.
 */
function checkDates(cells: ImportCells, today: CalendarDate): Partial<Record<DateColumn, CalendarDate>> {
  const dates: Partial<Record<DateColumn, CalendarDate>> = {}
  for (const column of ['legacy_reference', 'received_date'] as const)
    if (!trimmed(cells[column])) throw new RowRefused(`The required column ${column} is blank`)
  for (const column of dateColumns) {
    const text = trimmed(cells[column])
    if (!text) continue
    const date = calendarDateOf(text)
    if (!date) throw new RowRefused(`${column} “${text}” is not a date: give it as YYYY-MM-DD`)
    if (date > today) throw new RowRefused(`${column} ${date} is in the future`)
    dates[column] = date
  }
  const before = (later: DateColumn, earlier: DateColumn, rule: string) => {
    const a = dates[later]
    const b = dates[earlier]
    if (a && b && a < b) throw new RowRefused(rule)
  }
  const without = (column: DateColumn, needed: DateColumn, rule: string) => {
    if (dates[column] && !dates[needed]) throw new RowRefused(rule)
  }
  before(
    'acknowledged_date',
    'received_date',
    'Code 6.2: the acknowledged date is before the complaint was received',
  )
  before(
    'stage1_response_date',
    'received_date',
    'Code 6.5: the stage 1 response date is before the complaint was received',
  )
  before(
    'stage1_response_date',
    'acknowledged_date',
    'Code 6.5: the stage 1 response date is before the complaint was acknowledged',
  )
  without(
    'stage1_response_date',
    'acknowledged_date',
    'Code 6.2: a stage 1 response without the acknowledged date: a complaint is acknowledged and defined before it is answered',
  )
  without(
    'escalated_date',
    'stage1_response_date',
    'Code 6.10: escalated without a stage 1 response: stage 2 follows the stage 1 response',
  )
  before(
    'escalated_date',
    'stage1_response_date',
    'Code 6.10: the escalated date is before the stage 1 response',
  )
  without(
    'stage2_acknowledged_date',
    'escalated_date',
    'Code 6.11: a stage 2 acknowledgement without the escalated date',
  )
  before(
    'stage2_acknowledged_date',
    'escalated_date',
    'Code 6.11: the stage 2 acknowledged date is before the complaint was escalated',
  )
  without(
    'final_response_date',
    'escalated_date',
    'Code 6.17: a final (stage 2) response without the escalated date',
  )
  before(
    'final_response_date',
    'escalated_date',
    'Code 6.17: the final response date is before the complaint was escalated',
  )
  without(
    'final_response_date',
    'stage2_acknowledged_date',
    'Code 6.11: a final response without the stage 2 acknowledged date: stage 2 is acknowledged and defined before it is answered',
  )
  before(
    'final_response_date',
    'stage2_acknowledged_date',
    'Code 6.17: the final response date is before stage 2 was acknowledged',
  )
  const endings = (['closed_date', 'withdrawn_date', 'refused_date'] as const).filter((c) => dates[c])
  if (endings.length > 1)
    throw new RowRefused(`A complaint ends once: ${endings.join(' and ')} are both given`)
  return dates
}

type Step = {
  on: CalendarDate
  actor: StaffMember
  decide: (c: Complaint, ctx: DecisionContext) => ComplaintEventData
}

/**
 * A row of a complaint history file, replayed through the same decisions a complaint handled
 * here goes through, each on its original day: received, acknowledged, extended, answered,
 * escalated, refused, withdrawn, closed. Returns the complaint and its events, the last one
 * marking it imported (who, when, from which file); throws `RowRefused` or the domain's own
 * refusal, naming the rule the row breaks.
 */
export function replayImportedHistory(
  cells: ImportCells,
  ctx: ImportContext,
): { complaint: Complaint; events: ComplaintEvent[] } {
  const dates = checkDates(cells, ctx.today)
  // Inside the calendar the service keeps, as intake checks: its working days are known there.
  for (const [column, date] of Object.entries(dates)) {
    try {
      ctx.calendar.addWorkingDays(date, 0)
    } catch (error) {
      if (!(error instanceof CalendarRangeError)) throw error
      throw new RowRefused(
        `${column} ${date} is outside the calendar the service keeps (${error.firstDate} to ${error.lastDate})`,
      )
    }
  }
  const legacyReference = trimmed(cells.legacy_reference) as string
  const receivedOn = dates.received_date as CalendarDate
  const staff = (column: 'handler' | 'stage2_handler'): StaffMember => {
    const email = trimmed(cells[column])
    if (!email) throw new RowRefused(`${column} is blank: give the staff email of whoever handled it`)
    const found = ctx.staffByEmail(email.toLowerCase())
    if (!found) throw new RowRefused(`${column} ${email} is not an active member of staff`)
    return found
  }
  const category = trimmed(cells.category)?.toLowerCase()
  const categoryCode = category
    ? (ctx.categories.find((c) => c.code === category || c.label.toLowerCase() === category)?.code ??
      category)
    : undefined
  const entityCell = trimmed(cells.entity)
  const entityId = entityCell ? ctx.entityNamed(entityCell) : ctx.resident?.tenancy.entityId
  if (entityCell && !entityId)
    throw new RowRefused(
      `entity “${entityCell}” is not one of the landlords (Settings › Landlords): give its name or its registered provider number`,
    )
  const received = decideReceive(
    {
      channel: trimmed(cells.channel)?.toLowerCase() ?? '',
      receivedAt: instantOf(receivedOn),
      description:
        trimmed(cells.description) ??
        `Imported from the earlier system, where its reference is ${legacyReference}.`,
      outcomeSought: trimmed(cells.outcome_sought),
      resident: {
        name: trimmed(cells.resident_name) ?? '',
        email: trimmed(cells.resident_email),
        phone: trimmed(cells.resident_phone),
        address: trimmed(cells.resident_address),
        postcode: trimmed(cells.resident_postcode),
      },
      categories: categoryCode ? [categoryCode] : [],
      tenure: trimmed(cells.tenure)?.toLowerCase() ?? ctx.resident?.tenancy.tenure,
      ...(entityId ? { entityId } : {}),
    },
    {
      now: instantOf(receivedOn),
      reference: ctx.reference,
      policyVersion: ctx.policyVersionOn(receivedOn),
      categories: ctx.categories,
    },
  )
  const events: ComplaintEvent[] = []
  const record = (data: ComplaintEventData, on: CalendarDate | Date, by: StaffMember) => {
    const at = typeof on === 'string' ? instantOf(on) : on
    events.push({ ...data, seq: events.length + 1, at, recordedAt: ctx.now, by: by.id })
    return foldComplaint(ctx.complaintId, events)
  }
  let c = record(
    ctx.resident ? { ...received, personId: ctx.resident.personId } : received,
    receivedOn,
    ctx.importer,
  )
  const steps: Step[] = []
  const handler = dates.acknowledged_date ? staff('handler') : undefined
  const stage2Handler = dates.stage2_acknowledged_date ? staff('stage2_handler') : undefined
  const outcome = trimmed(cells.outcome)
  const finalDecision = decisionOf(outcome)
  if ((dates.stage1_response_date || dates.final_response_date) && !finalDecision)
    throw new RowRefused(
      `outcome ${outcome ? `“${outcome}” is not one of` : 'is blank; give one of'}: ${decisions.join(', ')}`,
    )
  const stage1Decision = dates.final_response_date
    ? (decisionOf(cells.stage1_outcome) ?? finalDecision)
    : finalDecision
  const remedy = (stage: Stage, decision: Decision, at: Complaint): Remedy[] => {
    const type = trimmed(cells.remedy)?.toLowerCase()
    if (!type || decision === 'not_upheld') return []
    if (!remedyTypes.includes(type as RemedyType)) return [{ type: type as RemedyType }]
    const amount = trimmed(cells.remedy_amount)
    const replaceable =
      stage === 2 ? remedyStates(at).find((r) => r.stage === 1 && r.status !== 'done') : undefined
    return [
      {
        type: type as RemedyType,
        description: 'As recorded in the earlier system',
        ...(amount ? { amount: Number(amount) } : {}),
        ...(replaceable
          ? { replaces: { remedyId: replaceable.id, why: 'The final response’s remedy' } }
          : {}),
      },
    ]
  }
  const extension = (stage: Stage) => {
    const on = dates[`stage${stage}_extension_date`]
    const days = trimmed(cells[`stage${stage}_extension_days`])
    const newDate = dates[`stage${stage}_extension_new_date`]
    if (!on && !days && !newDate) return
    if (!on)
      throw new RowRefused(`stage${stage}_extension_date is blank: give the day the extension was agreed`)
    const actor = (stage === 1 ? handler : stage2Handler) as StaffMember
    steps.push({
      on,
      actor,
      decide: (at, dctx) => {
        const policy = ctx.policyOf(currentStageRecord(at).policyVersion)
        const key = stage === 1 ? 'stage1Response' : 'stage2Response'
        const due = complaintDeadlines(at, ctx.policyOf, ctx.calendar, ctx.today).find((d) => d.key === key)
        const currentDue = due?.due ?? on
        // A new date instead of days: the working days from the deadline as it stood to it.
        const workingDays = newDate
          ? newDate > currentDue
            ? ctx.calendar.workingDaysBetween(currentDue, newDate)
            : 0
          : Number(days)
        return decideExtend(
          at,
          { workingDays, reason: trimmed(cells[`stage${stage}_extension_reason`]) ?? '' },
          {
            maxExtensionDays: stage === 1 ? policy.stage1MaxExtensionDays : policy.stage2MaxExtensionDays,
            currentDue,
            extendedOn: on,
            // Recorded at the time, in the earlier system.
            recordedOn: on,
            earlierCode: isEarlierCode(currentStageRecord(at).policyVersion),
          },
          dctx,
        )
      },
    })
  }
  const reasons = `As recorded in the earlier system (reference ${legacyReference}).`
  const acknowledge = (on: CalendarDate, actor: StaffMember) =>
    steps.push({
      on,
      actor,
      decide: (at, dctx) =>
        decideAcknowledge(
          at,
          {
            handler: actor,
            definition: {
              issues: [at.description],
              outcomesSought: [at.outcomeSought ?? 'Not recorded in the earlier system'],
            },
            policyUpdateDays: ctx.policyOf(currentStageRecord(at).policyVersion).residentUpdateDays,
            // Not asked in the earlier system: kept as "not declared" (Code 5.8), shown as missing evidence.
          },
          dctx,
        ),
    })
  const respond = (stage: Stage, on: CalendarDate, actor: StaffMember, decision: Decision) =>
    steps.push({
      on,
      actor,
      decide: (at, dctx) =>
        decideRespond(at, { decision, reasons, remedies: remedy(stage, decision, at) }, on, dctx),
    })
  if (handler && dates.acknowledged_date) acknowledge(dates.acknowledged_date, handler)
  extension(1)
  if (handler && dates.stage1_response_date && stage1Decision)
    respond(1, dates.stage1_response_date, handler, stage1Decision)
  if (dates.escalated_date)
    steps.push({
      on: dates.escalated_date,
      actor: ctx.importer,
      decide: (at, dctx) =>
        decideEscalation(at, {}, ctx.policyVersionOn(dates.escalated_date as CalendarDate), dctx),
    })
  if (stage2Handler && dates.stage2_acknowledged_date)
    acknowledge(dates.stage2_acknowledged_date, stage2Handler)
  extension(2)
  if (stage2Handler && dates.final_response_date && finalDecision)
    respond(2, dates.final_response_date, stage2Handler, finalDecision)
  const remedyDone = dates.remedy_done_date
  if (remedyDone)
    steps.push({
      on: remedyDone,
      actor: ctx.importer,
      decide: (at, dctx) => {
        const owed = remedyStates(at).find((r) => r.status !== 'done' && r.status !== 'superseded')
        if (!owed) throw new RowRefused('remedy_done_date is given but no remedy is owed')
        return decideRemedyDone(
          at,
          { remedyId: owed.id, on: remedyDone, note: 'Done, as recorded in the earlier system' },
          ctx.calendar,
          remedyDone,
          dctx,
        )
      },
    })
  if (dates.refused_date) {
    const reason = trimmed(cells.refusal_reason) ?? ''
    steps.push({
      on: dates.refused_date,
      actor: ctx.importer,
      decide: (at, dctx) =>
        decideRefuse(
          at,
          { reason, explanation: reasons, discretion: { decision: 'do_not_exercise', reason: reasons } },
          ctx.grounds,
          dctx,
        ),
    })
  }
  if (dates.withdrawn_date)
    steps.push({
      on: dates.withdrawn_date,
      actor: ctx.importer,
      decide: (at, dctx) => decideWithdraw(at, { how: 'As recorded in the earlier system' }, dctx),
    })
  if (dates.closed_date)
    steps.push({
      on: dates.closed_date,
      actor: ctx.importer,
      decide: (at, dctx) => decideClose(at, undefined, dctx),
    })
  // Each step in the order of its day (a stable sort: the same day keeps the workflow's order).
  const ordered = steps
    .map((s, i) => ({ s, i }))
    .sort((a, b) => (a.s.on < b.s.on ? -1 : a.s.on > b.s.on ? 1 : a.i - b.i))
  for (const { s } of ordered) {
    const at = instantOf(s.on)
    // The day it happened is "now" to the decision, as it was when it was done.
    const dctx: DecisionContext = { now: at, actor: s.actor, newId: ctx.newId }
    actionTime(c, at, at, 'date')
    c = record(s.decide(c, dctx), at, s.actor)
  }
  c = record(
    { type: 'complaint.imported', legacyReference, fileName: ctx.fileName, importId: ctx.importId },
    ctx.now,
    ctx.importer,
  )
  return { complaint: c, events }
}
