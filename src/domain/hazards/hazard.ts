import { formatLondonDayAndTime } from '../calendar/calendarDate.js'
import { notNow, Problems } from '../rules.js'

import { AWAABS_LAW, type HazardKind, hazardKindLabels, hazardKinds } from './vocabulary.js'

/** Everything recorded about a hazard in the home, each kept for good (append-only). */
export type HazardEventData =
  | {
      type: 'hazard.identified'
      complaintId: string
      kind: HazardKind
      /** When the landlord became aware of the possible hazard: every clock counts from here. */
      awareAt: string
      description: string
    }
  | { type: 'hazard.reclassified'; kind: HazardKind; reason: string }
  | {
      type: 'hazard.investigated'
      endedAt: string
      hazardFound: boolean
      findings: string
      furtherWorksNeeded: boolean
    }
  | { type: 'hazard.summary_sent'; sentAt: string; how: string }
  | { type: 'hazard.safety_work_started'; startedAt: string; what: string }
  /** Further works cannot reasonably begin within 5 working days: they must physically start within 12 weeks. */
  | { type: 'hazard.further_works_deferred'; reason: string }
  | { type: 'hazard.further_works_started'; startedAt: string; what: string }
  /** The household moved to suitable alternative accommodation, at the landlord's expense. */
  | { type: 'hazard.decanted'; movedAt: string; where: string }

export type HazardEvent = HazardEventData & { seq: number; at: Date; by: string | null }

export type Hazard = {
  id: string
  complaintId: string
  kind: HazardKind
  awareAt: Date
  description: string
  investigation?: { endedAt: Date; hazardFound: boolean; findings: string; furtherWorksNeeded: boolean }
  summary?: { sentAt: Date; how: string }
  safetyWork?: { at: Date; what: string }
  furtherDeferred?: { reason: string }
  furtherWorks?: { at: Date; what: string }
  decant?: { at: Date; where: string }
  version: number
  events: HazardEvent[]
}

export function foldHazard(id: string, events: HazardEvent[]): Hazard {
  const first = events[0]
  if (first?.type !== 'hazard.identified') throw new Error(`Hazard ${id} has no identifying event`)
  const h: Hazard = {
    id,
    complaintId: first.complaintId,
    kind: first.kind,
    awareAt: new Date(first.awareAt),
    description: first.description,
    version: 0,
    events,
  }
  for (const e of events) {
    h.version = e.seq
    switch (e.type) {
      case 'hazard.identified':
        break
      case 'hazard.reclassified':
        h.kind = e.kind
        break
      case 'hazard.investigated':
        h.investigation = {
          endedAt: new Date(e.endedAt),
          hazardFound: e.hazardFound,
          findings: e.findings,
          furtherWorksNeeded: e.furtherWorksNeeded,
        }
        break
      case 'hazard.summary_sent':
        h.summary = { sentAt: new Date(e.sentAt), how: e.how }
        break
      case 'hazard.safety_work_started':
        h.safetyWork = { at: new Date(e.startedAt), what: e.what }
        break
      case 'hazard.further_works_deferred':
        h.furtherDeferred = { reason: e.reason }
        break
      case 'hazard.further_works_started':
        h.furtherWorks = { at: new Date(e.startedAt), what: e.what }
        break
      case 'hazard.decanted':
        h.decant = { at: new Date(e.movedAt), where: e.where }
        break
    }
  }
  return h
}

const text = (s: string | undefined) => s?.trim() ?? ''

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
      h.investigation ? 'The investigation’s end has already been recorded' : undefined,
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
    label: 'Record the safety work',
    whyNot: (h: Hazard) => {
      if (h.safetyWork) return 'The safety work has already been recorded'
      if (h.investigation && !h.investigation.hazardFound)
        return 'The investigation found no hazard, so no safety work is owed'
      // An emergency is made safe within 24 hours, investigation or not; otherwise the work follows it.
      if (h.kind !== 'emergency' && !h.investigation)
        return `${AWAABS_LAW}: relevant safety work begins within 5 working days of the investigation`
      return undefined
    },
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
    whyNot: (h: Hazard) => (h.decant ? 'The household has already been recorded as moved' : undefined),
  },
  reclassify: {
    label: 'Change the kind of hazard',
    whyNot: (h: Hazard) =>
      h.investigation ? `${AWAABS_LAW}: the hazard was classified when its investigation ended` : undefined,
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

export type IdentifyInput = { kind?: string; awareAt?: Date; description?: string }

/**
 * A possible hazard in the home, recorded from a complaint: the clocks start from when the
 * landlord became aware of it, which may be before the complaint (a repair reported earlier).
 */
export function decideIdentify(
  complaintId: string,
  input: IdentifyInput,
  ctx: { now: Date },
): HazardEventData {
  const problems = new Problems()
  const kind = hazardKinds.find((k) => k === input.kind)
  if (!kind)
    problems.add(
      'kind',
      `${AWAABS_LAW}: choose whether it is an emergency hazard or a significant damp and mould hazard`,
      AWAABS_LAW,
    )
  checkWhen(problems, 'awareAt', input.awareAt, ctx.now)
  const description = text(input.description)
  if (!description) problems.add('description', 'Describe the hazard as it was reported', AWAABS_LAW)
  problems.throwIfAny()
  return {
    type: 'hazard.identified',
    complaintId,
    kind: kind as HazardKind,
    awareAt: (input.awareAt as Date).toISOString(),
    description,
  }
}

const aware = (h: Hazard) => ({ at: h.awareAt, what: 'the landlord became aware of the hazard' })
const investigated = (h: Hazard) =>
  h.investigation ? { at: h.investigation.endedAt, what: 'the investigation ended' } : undefined

export function decideReclassify(h: Hazard, input: { kind?: string; reason?: string }): HazardEventData {
  allowed(h, 'reclassify')
  const problems = new Problems()
  const kind = hazardKinds.find((k) => k === input.kind)
  if (!kind) problems.add('kind', 'Choose the kind of hazard', AWAABS_LAW)
  else if (kind === h.kind)
    problems.add('kind', 'Choose a different kind of hazard from the one recorded', AWAABS_LAW)
  const reason = text(input.reason)
  if (!reason) problems.add('reason', 'Say why the hazard is now classed differently', AWAABS_LAW)
  problems.throwIfAny()
  return { type: 'hazard.reclassified', kind: kind as HazardKind, reason }
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

const when = (iso: string) => new Date(iso)

/** One line of a hazard's history, in words. */
export function describeHazardEvent(e: HazardEventData): string {
  const timeOf = (d: Date) => formatLondonDayAndTime(d)
  switch (e.type) {
    case 'hazard.identified':
      return `Recorded as ${hazardKindLabels[e.kind].toLowerCase()}; the landlord became aware ${timeOf(when(e.awareAt))}. ${e.description}`
    case 'hazard.reclassified':
      return `Now classed as ${hazardKindLabels[e.kind].toLowerCase()}: ${e.reason}`
    case 'hazard.investigated':
      return `Investigation ended ${timeOf(when(e.endedAt))}: ${e.hazardFound ? 'hazard found' : 'no hazard found'}. ${e.findings}${e.furtherWorksNeeded ? ' Further preventative works needed.' : ''}`
    case 'hazard.summary_sent':
      return `Written summary of the findings given to the resident ${timeOf(when(e.sentAt))} (${e.how})`
    case 'hazard.safety_work_started':
      return `Safety work began ${timeOf(when(e.startedAt))}: ${e.what}`
    case 'hazard.further_works_deferred':
      return `Further works cannot reasonably begin within 5 working days, so must start within 12 weeks: ${e.reason}`
    case 'hazard.further_works_started':
      return `Further works began ${timeOf(when(e.startedAt))}: ${e.what}`
    case 'hazard.decanted':
      return `Household moved out ${timeOf(when(e.movedAt))}: ${e.where}`
  }
}
