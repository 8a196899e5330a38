import { nextDutyInWords } from '../../../domain/hazards/clocks.js'
import {
  availableHazardActions,
  type HazardAction,
  hazardActions,
} from '../../../domain/hazards/decisions.js'
import { describeHazardEvent, type Hazard } from '../../../domain/hazards/hazard.js'
import {
  type HazardAssessment,
  hazardAssessmentLabels,
  hazardAssessments,
  hazardKindHints,
} from '../../../domain/hazards/vocabulary.js'

/** A step's form, as the hazard page links to it and says it was recorded. */
export type StepLink = { step: string; path: string; done: string }

const assessmentHints: Record<HazardAssessment, string> = {
  ...hazardKindHints,
  not_a_hazard:
    'The report does not point to an emergency hazard or a significant damp and mould hazard: no Awaab’s Law clock runs. Give the reasons.',
}

/** The decisions to choose from (a kind of hazard, or not a hazard), each with its hint; the one chosen (or suggested) checked. */
export const kindItems = (chosen?: string) =>
  hazardAssessments.map((k) => ({
    value: k,
    text: hazardAssessmentLabels[k],
    hint: { text: assessmentHints[k] },
    checked: chosen === k,
  }))

const decisionWhy = {
  first: 'First decision',
  reclassified: 'Assessed differently',
  material_change: 'After a material change',
}

/** The hazards queue: each hazard's next duty in words, and whether it is overdue now. */
export const hazardQueueRows = <R extends { kind: string; nextClock: string; nextDueAt: Date }>(
  rows: R[],
  now: Date,
) =>
  rows.map((r) => ({
    ...r,
    ...nextDutyInWords({ kind: r.kind, clock: r.nextClock, dueAt: r.nextDueAt }, now),
  }))

/**
 * One hazard: the steps that fit now (for those who may record them), its history in words
 * with who recorded each step, and the notice after a step (`done`, a step's path).
 */
export function hazardPage<V extends { hazard: Hazard }>(
  v: V,
  context: { steps: readonly StepLink[]; staffNames: Map<string, string>; canRecord: boolean; done?: string },
) {
  const stepFor = (action: HazardAction) => context.steps.find((f) => f.step === action)
  return {
    v,
    h: v.hazard,
    kindLabel: hazardAssessmentLabels[v.hazard.kind],
    decisions: v.hazard.decisions.map((d) => ({
      why: decisionWhy[d.because],
      kind: hazardAssessmentLabels[d.kind],
      decidedBy: d.decidedBy ?? 'Not recorded (recorded before decisions were asked for)',
      decidedAt: d.decidedAt,
      basis: d.basis,
      reasons: d.reasons,
      change: d.change,
    })),
    actions: context.canRecord
      ? availableHazardActions(v.hazard).map((a) => ({
          path: stepFor(a)?.path,
          label: hazardActions[a].label,
        }))
      : [],
    history: v.hazard.events.map((e) => ({
      at: e.at,
      by: e.by ? (context.staffNames.get(e.by) ?? 'a former member of staff') : 'the service',
      words: describeHazardEvent(e),
    })),
    notice:
      context.done === 'identified'
        ? 'Hazard recorded: its Awaab’s Law clocks are running from when the landlord became aware.'
        : context.steps.find((f) => f.path === context.done)?.done,
  }
}
