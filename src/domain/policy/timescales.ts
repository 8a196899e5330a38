import type { CalendarDate } from '../calendar/calendarDate.js'

/** The landlord's timescales, in working days (Code section 6). */
export type Timescales = {
  acknowledgeDays: number
  stage1ResponseDays: number
  stage1MaxExtensionDays: number
  stage2AcknowledgeDays: number
  stage2ResponseDays: number
  stage2MaxExtensionDays: number
  /** Code 5.9: how often the resident is updated unless another interval is agreed. */
  residentUpdateDays: number
}
export const timescaleKeys = [
  'acknowledgeDays',
  'stage1ResponseDays',
  'stage1MaxExtensionDays',
  'stage2AcknowledgeDays',
  'stage2ResponseDays',
  'stage2MaxExtensionDays',
  'residentUpdateDays',
] as const satisfies readonly (keyof Timescales)[]

/**
 * The Code's maximum for each timescale, with the provision that sets it and what it means.
 * A landlord may be faster than the Code, never slower.
 */
export const codeTimescales: Record<
  keyof Timescales,
  {
    maximum: number
    minimum: number
    provision: string
    meaning: string
    /** Whether the Code itself sets the maximum; where not, it is the service's own limit. */
    setByCode: boolean
  }
> = {
  acknowledgeDays: {
    setByCode: true,
    maximum: 5,
    minimum: 1,
    provision: '6.2',
    meaning:
      'a stage 1 complaint must be acknowledged, defined and logged within 5 working days of being received',
  },
  stage1ResponseDays: {
    setByCode: true,
    maximum: 10,
    minimum: 1,
    provision: '6.3',
    meaning: 'the stage 1 response is due within 10 working days of the acknowledgement',
  },
  stage1MaxExtensionDays: {
    setByCode: true,
    maximum: 10,
    minimum: 0,
    provision: '6.4',
    meaning: 'a stage 1 response may be extended by no more than 10 working days without good reason',
  },
  stage2AcknowledgeDays: {
    setByCode: true,
    maximum: 5,
    minimum: 1,
    provision: '6.11',
    meaning:
      'an escalation must be acknowledged, defined and logged at stage 2 within 5 working days of the request',
  },
  stage2ResponseDays: {
    setByCode: true,
    maximum: 20,
    minimum: 1,
    provision: '6.14',
    meaning: 'the stage 2 response is due within 20 working days of the acknowledgement',
  },
  stage2MaxExtensionDays: {
    setByCode: true,
    maximum: 20,
    minimum: 0,
    provision: '6.15',
    meaning: 'a stage 2 response may be extended by no more than 20 working days without good reason',
  },
  residentUpdateDays: {
    // Code 5.9 asks for intervals agreed with the resident and sets no number.
    setByCode: false,
    maximum: 20,
    minimum: 1,
    provision: '5.9',
    meaning:
      'residents must be kept regularly updated while their complaint is considered; the service allows an interval of at most 20 working days',
  },
}

export const codeMaxima: Timescales = Object.fromEntries(
  timescaleKeys.map((k) => [k, codeTimescales[k].maximum]),
) as Timescales

/** What an internal target is counted from. */
export const targetStarts = [
  'received',
  'stage1_acknowledged',
  'escalation_requested',
  'stage2_acknowledged',
] as const
export type TargetStart = (typeof targetStarts)[number]
export const targetStartLabels: Record<TargetStart, string> = {
  received: 'the complaint being received',
  stage1_acknowledged: 'the stage 1 acknowledgement',
  escalation_requested: 'the escalation request',
  stage2_acknowledged: 'the stage 2 acknowledgement',
}

/** A target the landlord sets itself on top of the Code, e.g. "first contact within 2 working days". */
export type InternalTarget = { name: string; workingDays: number; countedFrom: TargetStart }

export type PolicyValues = Timescales & { internalTargets: InternalTarget[] }

export type PolicyVersion = PolicyValues & {
  version: number
  effectiveFrom: CalendarDate
  createdAt: Date
  createdBy: string | null
}

/** The Code's maxima, and updates every 10 working days (Code 5.9 sets no number). */
export const defaultPolicy: PolicyValues = { ...codeMaxima, residentUpdateDays: 10, internalTargets: [] }

/**
 * The Code in force before the statutory Code of 1 April 2024 (the Ombudsman's earlier text,
 * its 3.11): log and acknowledge within 5 working days; the stage 1 decision within 10 working
 * days of receipt and the stage 2 response within 20 of the request to escalate, each counted
 * from the start of the stage rather than its acknowledgement; at either stage an extension of
 * no more than a further 10 working days without good reason. A complaint received before
 * 1 April 2024 keeps these clocks at both stages, so an imported history is judged by the rules
 * that applied to it.
 */
export const EARLIER_CODE = {
  /** The policy version a stage carries when it runs to these clocks. */
  version: 0,
  /** The first day of the 2024 Code. */
  endedOn: '2024-04-01' as CalendarDate,
  name: 'the Code before 1 April 2024',
  timescales: '3.11',
} as const

export const earlierCodePolicy: PolicyValues = {
  acknowledgeDays: 5,
  stage1ResponseDays: 10,
  stage1MaxExtensionDays: 10,
  stage2AcknowledgeDays: 5,
  stage2ResponseDays: 20,
  stage2MaxExtensionDays: 10,
  residentUpdateDays: 10,
  internalTargets: [],
}

/** Whether a stage that carries this policy version runs to the earlier Code's clocks. */
export const isEarlierCode = (version: number) => version === EARLIER_CODE.version

export type PolicyProblem = { field: string; message: string; provision?: string }

/**
 * Checks proposed timescales against the Code: each a whole number of working days, no
 * longer than the Code allows. Each problem names the provision it breaks.
 */
export function timescaleProblems(values: Partial<Timescales>): PolicyProblem[] {
  const problems: PolicyProblem[] = []
  for (const key of timescaleKeys) {
    const value = values[key]
    if (value === undefined) continue
    const rule = codeTimescales[key]
    if (!Number.isInteger(value) || value < rule.minimum) {
      problems.push({
        field: key,
        message: `${key} must be a whole number of working days, ${rule.minimum} or more (got ${value})`,
      })
    } else if (value > rule.maximum) {
      problems.push({
        field: key,
        provision: rule.provision,
        // A limit the Code does not set is the service's own, and says so.
        message:
          rule.setByCode === false
            ? `Code ${rule.provision}: ${rule.meaning}; the Code sets no number, and this service’s limit is ${rule.maximum} (got ${value})`
            : `Code ${rule.provision}: ${rule.meaning}; a landlord may set fewer days, never more (got ${value})`,
      })
    }
  }
  return problems
}

export function internalTargetProblems(targets: InternalTarget[]): PolicyProblem[] {
  const problems: PolicyProblem[] = []
  const names = new Set<string>()
  targets.forEach((t, i) => {
    const field = `internalTargets.${i}`
    if (!t.name.trim())
      problems.push({ field: `${field}.name`, message: 'Each internal target needs a name' })
    if (names.has(t.name.trim().toLowerCase())) {
      problems.push({
        field: `${field}.name`,
        message: `There is already an internal target called "${t.name}"`,
      })
    }
    names.add(t.name.trim().toLowerCase())
    if (!Number.isInteger(t.workingDays) || t.workingDays < 1 || t.workingDays > 60) {
      problems.push({
        field: `${field}.workingDays`,
        message: `"${t.name}" must be 1 to 60 working days (got ${t.workingDays})`,
      })
    }
  })
  return problems
}

/**
 * The version in force on a date: the newest of those already effective. A stage keeps the
 * version in force on the day it started, so a later change never moves its deadlines.
 */
export function policyInForce<V extends { version: number; effectiveFrom: CalendarDate }>(
  versions: V[],
  date: CalendarDate,
): V | undefined {
  let best: V | undefined
  for (const v of versions) {
    if (v.effectiveFrom > date) continue
    if (
      !best ||
      v.effectiveFrom > best.effectiveFrom ||
      (v.effectiveFrom === best.effectiveFrom && v.version > best.version)
    ) {
      best = v
    }
  }
  return best
}
