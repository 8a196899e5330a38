import { formatLondonDayAndTime } from '../calendar/calendarDate.js'

import { type HazardAssessment, hazardAssessmentLabels } from './vocabulary.js'

/**
 * The landlord's decision on whether a report is a potential emergency or significant hazard: who
 * decided, when, on what, and (always for "not a hazard") why. The Ombudsman looks for this record.
 */
export type HazardDecisionData = {
  decidedBy: string
  decidedAt: string
  basis: string
  reasons?: string
}

/** Everything recorded about a hazard in the home, each kept for good (append-only). */
export type HazardEventData =
  | ({
      type: 'hazard.identified'
      complaintId: string
      kind: HazardAssessment
      /** When the landlord became aware of the possible hazard: every clock counts from here. */
      awareAt: string
      description: string
      /** Absent only on hazards recorded before the decision was asked for. */
    } & Partial<HazardDecisionData>)
  | ({ type: 'hazard.reclassified'; kind: HazardAssessment; reason: string } & Partial<HazardDecisionData>)
  /** Something reported later changes the picture: the landlord assesses the report again. */
  | ({
      type: 'hazard.material_change'
      reportedAt: string
      change: string
      kind: HazardAssessment
    } & HazardDecisionData)
  | {
      type: 'hazard.investigated'
      endedAt: string
      hazardFound: boolean
      findings: string
      furtherWorksNeeded: boolean
    }
  | { type: 'hazard.summary_sent'; sentAt: string; how: string }
  | { type: 'hazard.safety_work_started'; startedAt: string; what: string }
  /** The relevant safety work completed: for an emergency, the home made safe (what the 24 hours ask). */
  | { type: 'hazard.made_safe'; completedAt: string; what: string }
  /**
   * Further works cannot reasonably begin within 5 working days: they must physically start within
   * 12 weeks. Decided when recorded, so it can only be decided in time by being recorded in time.
   */
  | { type: 'hazard.further_works_deferred'; reason: string }
  | { type: 'hazard.further_works_started'; startedAt: string; what: string }
  /** The household moved to suitable alternative accommodation, at the landlord's expense. */
  | { type: 'hazard.decanted'; movedAt: string; where: string }

export type HazardEvent = HazardEventData & { seq: number; at: Date; by: string | null }

/** A decision on the report as the record holds it, with who recorded it and when. */
export type HazardDecision = {
  kind: HazardAssessment
  decidedBy?: string
  decidedAt?: Date
  basis?: string
  reasons?: string
  recordedAt: Date
  recordedBy: string | null
  because: 'first' | 'reclassified' | 'material_change'
  change?: { reportedAt: Date; what: string }
}

/** What the duties run on in one assessment of the hazard. */
export type HazardState = {
  kind: HazardAssessment
  awareAt: Date
  investigation?: { endedAt: Date; hazardFound: boolean; findings: string; furtherWorksNeeded: boolean }
  summary?: { sentAt: Date; how: string }
  safetyWork?: { at: Date; what: string }
  madeSafe?: { at: Date; what: string }
  /** Decided when it was recorded. */
  furtherDeferred?: { reason: string; decidedAt: Date }
  furtherWorks?: { at: Date; what: string }
  decant?: { at: Date; where: string }
}

/**
 * An earlier assessment of the hazard, ended by a change of kind or a material change: the duties
 * that fell due in it stay on the record. A change of kind keeps following the hazard's steps (an
 * emergency investigated late is met late); a material change freezes the steps it had.
 */
export type EarlierAssessment = {
  kind: HazardAssessment
  awareAt: Date
  until: Date
  because: string
  steps?: HazardState
}

export type Hazard = HazardState & {
  id: string
  complaintId: string
  description: string
  decisions: HazardDecision[]
  earlier: EarlierAssessment[]
  version: number
  events: HazardEvent[]
}

const stateOf = (h: HazardState): HazardState => ({
  kind: h.kind,
  awareAt: h.awareAt,
  investigation: h.investigation,
  summary: h.summary,
  safetyWork: h.safetyWork,
  madeSafe: h.madeSafe,
  furtherDeferred: h.furtherDeferred,
  furtherWorks: h.furtherWorks,
  decant: h.decant,
})

function decisionOf(
  e: Partial<HazardDecisionData> & { kind: HazardAssessment; at: Date; by: string | null },
  because: HazardDecision['because'],
): HazardDecision {
  return {
    kind: e.kind,
    ...(e.decidedBy ? { decidedBy: e.decidedBy } : {}),
    ...(e.decidedAt ? { decidedAt: new Date(e.decidedAt) } : {}),
    ...(e.basis ? { basis: e.basis } : {}),
    ...(e.reasons ? { reasons: e.reasons } : {}),
    recordedAt: e.at,
    recordedBy: e.by,
    because,
  }
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
    decisions: [],
    earlier: [],
    version: 0,
    events,
  }
  for (const e of events) {
    h.version = e.seq
    switch (e.type) {
      case 'hazard.identified':
        h.decisions.push(decisionOf(e, 'first'))
        break
      case 'hazard.reclassified':
        h.earlier.push({
          kind: h.kind,
          awareAt: h.awareAt,
          until: e.at,
          because: `classed as ${hazardAssessmentLabels[e.kind].toLowerCase()} ${formatLondonDayAndTime(e.at)}`,
        })
        h.kind = e.kind
        h.decisions.push(decisionOf({ ...e, reasons: e.reason }, 'reclassified'))
        break
      case 'hazard.material_change': {
        const steps = stateOf(h)
        // Earlier assessments stop following the hazard's steps here: a new assessment begins.
        for (const earlier of h.earlier) earlier.steps ??= steps
        h.earlier.push({
          kind: h.kind,
          awareAt: h.awareAt,
          until: e.at,
          because: `assessed again after a material change reported ${formatLondonDayAndTime(new Date(e.reportedAt))}`,
          steps,
        })
        Object.assign(h, {
          kind: e.kind,
          awareAt: new Date(e.reportedAt),
          investigation: undefined,
          summary: undefined,
          safetyWork: undefined,
          madeSafe: undefined,
          furtherDeferred: undefined,
          furtherWorks: undefined,
          decant: undefined,
        })
        h.decisions.push({
          ...decisionOf(e, 'material_change'),
          change: { reportedAt: new Date(e.reportedAt), what: e.change },
        })
        break
      }
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
      case 'hazard.made_safe':
        h.madeSafe = { at: new Date(e.completedAt), what: e.what }
        break
      case 'hazard.further_works_deferred':
        h.furtherDeferred = { reason: e.reason, decidedAt: e.at }
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

const when = (iso: string) => new Date(iso)

const decidedWords = (d: Partial<HazardDecisionData>) =>
  d.decidedBy && d.decidedAt
    ? ` (decided by ${d.decidedBy}, ${formatLondonDayAndTime(when(d.decidedAt))}${d.basis ? `, based on: ${d.basis}` : ''})`
    : ''

/** One line of a hazard's history, in words. */
export function describeHazardEvent(e: HazardEventData): string {
  const timeOf = (d: Date) => formatLondonDayAndTime(d)
  switch (e.type) {
    case 'hazard.identified':
      return `Assessed as ${hazardAssessmentLabels[e.kind].toLowerCase()}${decidedWords(e)}; the landlord became aware ${timeOf(when(e.awareAt))}. ${e.description}${e.reasons ? ` Reasons: ${e.reasons}` : ''}`
    case 'hazard.reclassified':
      return `Now assessed as ${hazardAssessmentLabels[e.kind].toLowerCase()}${decidedWords(e)}: ${e.reason}`
    case 'hazard.material_change':
      return `Material change reported ${timeOf(when(e.reportedAt))}: ${e.change} Assessed again as ${hazardAssessmentLabels[e.kind].toLowerCase()}${decidedWords(e)}.${e.reasons ? ` Reasons: ${e.reasons}` : ''}`
    case 'hazard.made_safe':
      return `Safety work completed, home made safe ${timeOf(when(e.completedAt))}: ${e.what}`
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
