import { notNow, Problems } from '../rules.js'
import type { Hazard, HazardEventData } from './hazard.js'
import { AWAABS_LAW, type HazardAssessment, hazardAssessments } from './vocabulary.js'

/**
 * What may be recorded on a hazard, and when (the pages offer only what fits), and each step's
 * decision: the rules of the Hazards in Social Housing Regulations 2025 that a step must keep.
 */
const text = (s: string | undefined) => s?.trim() ?? ''

const notAHazard = (h: Hazard) =>
  h.kind === 'not_a_hazard'
    ? 'The report was assessed as not a hazard: record a material change to assess it again'
    : undefined

const furtherWorksNotOwed = (h: Hazard) =>
  !h.investigation?.furtherWorksNeeded
    ? 'The investigation did not find further preventative works needed'
    : h.furtherWorks
      ? 'The further works have already been recorded as started'
      : undefined

/**
 * What can be recorded on a hazard after it is identified, and when: each says why not, in words,
 * when it does not fit the hazard as it stands. The pages offer only what fits.
 */
export const hazardActions = {
  investigation: {
    label: 'Record the investigation',
    whyNot: (h: Hazard) =>
      notAHazard(h) ?? (h.investigation ? 'The investigation’s end has already been recorded' : undefined),
  },
  summary: {
    label: 'Record the written summary sent',
    whyNot: (h: Hazard) =>
      !h.investigation
        ? `${AWAABS_LAW}: the written summary follows the investigation`
        : h.summary
          ? 'The written summary has already been recorded as sent'
          : undefined,
  },
  safety: {
    label: 'Record the safety work begun',
    whyNot: (h: Hazard) => {
      if (h.safetyWork) return 'The safety work has already been recorded as begun'
      if (h.investigation && !h.investigation.hazardFound)
        return 'The investigation found no hazard, so no safety work is owed'
      const not = notAHazard(h)
      if (not) return not
      // An emergency is made safe within 24 hours, investigation or not; otherwise the work follows it.
      if (h.kind !== 'emergency' && !h.investigation)
        return `${AWAABS_LAW}: relevant safety work begins within 5 working days of the investigation`
      return undefined
    },
  },
  madeSafe: {
    label: 'Record the safety work completed (made safe)',
    whyNot: (h: Hazard) =>
      h.madeSafe
        ? 'The safety work has already been recorded as completed'
        : !h.safetyWork
          ? 'Record when the safety work began first'
          : undefined,
  },
  furtherDeferred: {
    label: 'Further works cannot begin within 5 working days',
    whyNot: (h: Hazard) =>
      furtherWorksNotOwed(h) ??
      (h.furtherDeferred ? 'The further works are already recorded as starting within 12 weeks' : undefined),
  },
  furtherStarted: {
    label: 'Record the further works started',
    whyNot: furtherWorksNotOwed,
  },
  decant: {
    label: 'Record the household moved out',
    whyNot: (h: Hazard) =>
      notAHazard(h) ?? (h.decant ? 'The household has already been recorded as moved' : undefined),
  },
  reclassify: {
    label: 'Change the assessment of the report',
    whyNot: (h: Hazard) =>
      h.investigation ? `${AWAABS_LAW}: the hazard was classified when its investigation ended` : undefined,
  },
  materialChange: {
    label: 'Record a material change and assess again',
    whyNot: (h: Hazard) =>
      h.kind === 'not_a_hazard' || (h.investigation && !h.investigation.hazardFound)
        ? undefined
        : `${AWAABS_LAW}: a material change re-opens an assessment that found no hazard; while the duties run, change the assessment before the investigation ends`,
  },
} as const satisfies Record<string, { label: string; whyNot: (h: Hazard) => string | undefined }>
export type HazardAction = keyof typeof hazardActions

/** The actions that fit the hazard as it stands, in the order the duties run. */
export function availableHazardActions(h: Hazard): HazardAction[] {
  return (Object.keys(hazardActions) as HazardAction[]).filter((a) => !hazardActions[a].whyNot(h))
}

function allowed(h: Hazard, action: HazardAction) {
  const why = hazardActions[action].whyNot(h)
  if (why) throw notNow(why, AWAABS_LAW)
}

/** An instant recorded as having happened: not in the future, not before `notBefore`. */
function checkWhen(
  problems: Problems,
  field: string,
  when: Date | undefined,
  now: Date,
  notBefore?: { at: Date; what: string },
) {
  if (!when || Number.isNaN(when.getTime())) {
    problems.add(field, 'Enter the date and time it happened', AWAABS_LAW)
    return
  }
  if (when.getTime() > now.getTime() + 60_000) problems.add(field, 'It cannot be in the future', AWAABS_LAW)
  if (notBefore && when.getTime() < notBefore.at.getTime())
    problems.add(field, `It cannot be before ${notBefore.what}`, AWAABS_LAW)
}

export type DecisionInput = {
  kind?: string
  decidedBy?: string
  decidedAt?: Date
  basis?: string
  reasons?: string
}

/**
 * The landlord's decision on a report, as the Ombudsman will look for it: what was decided, by
 * whom, when, on what information, and, for "not a hazard", why. Nothing is filled in for the person.
 */
function checkDecision(
  problems: Problems,
  input: DecisionInput,
  ctx: { now: Date },
  notBefore: { at: Date; what: string } | undefined,
  reasonsField = 'reasons',
) {
  const kind = hazardAssessments.find((k) => k === input.kind)
  if (!kind)
    problems.add(
      'kind',
      `${AWAABS_LAW}: decide whether the report is a potential emergency hazard, a potential significant damp and mould hazard, or not a hazard`,
      AWAABS_LAW,
    )
  const decidedBy = text(input.decidedBy)
  if (!decidedBy) problems.add('decidedBy', 'Say who made the decision (name and role)', AWAABS_LAW)
  checkWhen(problems, 'decidedAt', input.decidedAt, ctx.now, notBefore)
  const basis = text(input.basis)
  if (!basis)
    problems.add(
      'basis',
      `${AWAABS_LAW}: record what the decision was based on (what the resident reported, photos, an inspection)`,
      AWAABS_LAW,
    )
  const reasons = text(input.reasons)
  if (kind === 'not_a_hazard' && !reasons)
    problems.add(reasonsField, `${AWAABS_LAW}: give the reasons the report is not a hazard`, AWAABS_LAW)
  return {
    kind: kind as HazardAssessment,
    decidedBy,
    decidedAt: input.decidedAt?.toISOString() ?? '',
    basis,
    ...(reasons ? { reasons } : {}),
  }
}

export type IdentifyInput = DecisionInput & { awareAt?: Date; description?: string }

/**
 * A possible hazard in the home, recorded from a complaint with the landlord's decision on it: the
 * clocks of a hazard's kind start from when the landlord became aware of it, which may be before the
 * complaint (a repair reported earlier). A report decided not to be a hazard is kept, with why.
 */
export function decideIdentify(
  complaintId: string,
  input: IdentifyInput,
  ctx: { now: Date },
): HazardEventData {
  const problems = new Problems()
  checkWhen(problems, 'awareAt', input.awareAt, ctx.now)
  const description = text(input.description)
  if (!description) problems.add('description', 'Describe the hazard as it was reported', AWAABS_LAW)
  const validAware = input.awareAt && !Number.isNaN(input.awareAt.getTime()) ? input.awareAt : undefined
  const decision = checkDecision(
    problems,
    input,
    ctx,
    validAware ? { at: validAware, what: 'the landlord became aware of the report' } : undefined,
  )
  problems.throwIfAny()
  return {
    type: 'hazard.identified',
    complaintId,
    awareAt: (input.awareAt as Date).toISOString(),
    description,
    ...decision,
  }
}

const aware = (h: Hazard) => ({ at: h.awareAt, what: 'the landlord became aware of the hazard' })
const investigated = (h: Hazard) =>
  h.investigation ? { at: h.investigation.endedAt, what: 'the investigation ended' } : undefined

/**
 * The report assessed differently before its investigation ends (the reason is the decision's
 * reasons). Duties that had already fallen due under the earlier assessment stay on the record.
 */
export function decideReclassify(
  h: Hazard,
  input: DecisionInput & { reason?: string },
  ctx: { now: Date },
): HazardEventData {
  allowed(h, 'reclassify')
  const problems = new Problems()
  const decision = checkDecision(problems, { ...input, reasons: input.reason }, ctx, aware(h), 'reason')
  if (decision.kind && decision.kind === h.kind)
    problems.add('kind', 'Choose a different assessment from the one recorded', AWAABS_LAW)
  const reason = text(input.reason)
  if (!reason) problems.add('reason', 'Say why the report is now assessed differently', AWAABS_LAW)
  problems.throwIfAny()
  const { reasons: _, ...rest } = decision
  return { type: 'hazard.reclassified', ...rest, reason }
}

export type MaterialChangeInput = DecisionInput & { reportedAt?: Date; change?: string }

/**
 * A material change reported after the report was found not to be a hazard (or its investigation
 * found none): the landlord assesses it again, and any clocks run from when the change was reported.
 */
export function decideMaterialChange(
  h: Hazard,
  input: MaterialChangeInput,
  ctx: { now: Date },
): HazardEventData {
  allowed(h, 'materialChange')
  const problems = new Problems()
  const earliest = h.decisions.at(-1)?.recordedAt ?? h.awareAt
  checkWhen(problems, 'reportedAt', input.reportedAt, ctx.now, {
    at: earliest,
    what: 'the last decision on the report was recorded',
  })
  const change = text(input.change)
  if (!change) problems.add('change', 'Describe what has changed since the last assessment', AWAABS_LAW)
  const validReported =
    input.reportedAt && !Number.isNaN(input.reportedAt.getTime()) ? input.reportedAt : undefined
  const decision = checkDecision(
    problems,
    input,
    ctx,
    validReported ? { at: validReported, what: 'the change was reported' } : undefined,
  )
  problems.throwIfAny()
  return {
    type: 'hazard.material_change',
    reportedAt: (input.reportedAt as Date).toISOString(),
    change,
    ...decision,
  }
}

export type InvestigationInput = {
  endedAt?: Date
  hazardFound?: boolean
  findings?: string
  furtherWorksNeeded?: boolean
}

export function decideInvestigation(
  h: Hazard,
  input: InvestigationInput,
  ctx: { now: Date },
): HazardEventData {
  allowed(h, 'investigation')
  const problems = new Problems()
  checkWhen(problems, 'endedAt', input.endedAt, ctx.now, aware(h))
  if (input.hazardFound === undefined)
    problems.add('hazardFound', 'Say whether the investigation found a hazard', AWAABS_LAW)
  const findings = text(input.findings)
  if (!findings)
    problems.add(
      'findings',
      `${AWAABS_LAW}: record the findings, to be summarised in writing for the resident`,
      AWAABS_LAW,
    )
  if (input.hazardFound === false && input.furtherWorksNeeded)
    problems.add(
      'furtherWorksNeeded',
      'Further preventative works follow only from a hazard found',
      AWAABS_LAW,
    )
  problems.throwIfAny()
  return {
    type: 'hazard.investigated',
    endedAt: (input.endedAt as Date).toISOString(),
    hazardFound: input.hazardFound === true,
    findings,
    furtherWorksNeeded: input.hazardFound === true && input.furtherWorksNeeded === true,
  }
}

export function decideSummarySent(
  h: Hazard,
  input: { sentAt?: Date; how?: string },
  ctx: { now: Date },
): HazardEventData {
  allowed(h, 'summary')
  const after = investigated(h)
  const problems = new Problems()
  checkWhen(problems, 'sentAt', input.sentAt, ctx.now, after)
  const how = text(input.how)
  if (!how)
    problems.add('how', 'Say how the summary was given to the resident (letter, email, by hand)', AWAABS_LAW)
  problems.throwIfAny()
  return { type: 'hazard.summary_sent', sentAt: (input.sentAt as Date).toISOString(), how }
}

export function decideSafetyWork(
  h: Hazard,
  input: { at?: Date; what?: string },
  ctx: { now: Date },
): HazardEventData {
  allowed(h, 'safety')
  const problems = new Problems()
  checkWhen(problems, 'at', input.at, ctx.now, investigated(h) ?? aware(h))
  const what = text(input.what)
  if (!what) problems.add('what', 'Describe the safety work', AWAABS_LAW)
  problems.throwIfAny()
  return { type: 'hazard.safety_work_started', startedAt: (input.at as Date).toISOString(), what }
}

/** The relevant safety work completed: for an emergency hazard, what "made safe within 24 hours" asks. */
export function decideMadeSafe(
  h: Hazard,
  input: { at?: Date; what?: string },
  ctx: { now: Date },
): HazardEventData {
  allowed(h, 'madeSafe')
  const problems = new Problems()
  checkWhen(
    problems,
    'at',
    input.at,
    ctx.now,
    h.safetyWork ? { at: h.safetyWork.at, what: 'the safety work began' } : aware(h),
  )
  const what = text(input.what)
  if (!what) problems.add('what', 'Describe how the home was made safe', AWAABS_LAW)
  problems.throwIfAny()
  return { type: 'hazard.made_safe', completedAt: (input.at as Date).toISOString(), what }
}

export function decideFurtherDeferred(h: Hazard, input: { reason?: string }): HazardEventData {
  allowed(h, 'furtherDeferred')
  const reason = text(input.reason)
  const problems = new Problems()
  if (!reason)
    problems.add(
      'reason',
      `${AWAABS_LAW}: say why the works cannot reasonably begin within 5 working days (they must then physically start within 12 weeks)`,
      AWAABS_LAW,
    )
  problems.throwIfAny()
  return { type: 'hazard.further_works_deferred', reason }
}

export function decideFurtherStarted(
  h: Hazard,
  input: { at?: Date; what?: string },
  ctx: { now: Date },
): HazardEventData {
  allowed(h, 'furtherStarted')
  const problems = new Problems()
  checkWhen(problems, 'at', input.at, ctx.now, investigated(h))
  const what = text(input.what)
  if (!what) problems.add('what', 'Describe the works', AWAABS_LAW)
  problems.throwIfAny()
  return { type: 'hazard.further_works_started', startedAt: (input.at as Date).toISOString(), what }
}

export function decideDecant(
  h: Hazard,
  input: { at?: Date; where?: string },
  ctx: { now: Date },
): HazardEventData {
  allowed(h, 'decant')
  const problems = new Problems()
  checkWhen(problems, 'at', input.at, ctx.now, aware(h))
  const where = text(input.where)
  if (!where) problems.add('where', 'Say where the household is staying', AWAABS_LAW)
  problems.throwIfAny()
  return { type: 'hazard.decanted', movedAt: (input.at as Date).toISOString(), where }
}
