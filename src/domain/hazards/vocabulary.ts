/**
 * Awaab's Law: the Hazards in Social Housing (Prescribed Requirements) (England) Regulations
 * 2025, in force from 27 October 2025. Its first phase covers significant hazards of damp and
 * mould and emergency hazards (any HHSRS hazard posing an imminent and significant risk of harm).
 */
export const AWAABS_LAW = 'Awaab’s Law'

export const hazardKinds = ['emergency', 'damp_and_mould'] as const
export type HazardKind = (typeof hazardKinds)[number]
export const hazardKindLabels: Record<HazardKind, string> = {
  emergency: 'Emergency hazard',
  damp_and_mould: 'Significant damp and mould hazard',
}
/**
 * The landlord's decision on a report: a potential emergency hazard, a potential significant damp
 * and mould hazard, or neither (with its reasons). Only a hazard's kinds start clocks.
 */
export const hazardAssessments = [...hazardKinds, 'not_a_hazard'] as const
export type HazardAssessment = (typeof hazardAssessments)[number]
export const hazardAssessmentLabels: Record<HazardAssessment, string> = {
  ...hazardKindLabels,
  not_a_hazard: 'Not a hazard under Awaab’s Law',
}
export const isHazardKind = (a: string): a is HazardKind => (hazardKinds as readonly string[]).includes(a)

export const hazardKindHints: Record<HazardKind, string> = {
  emergency:
    'Any hazard posing an imminent and significant risk of harm to health or safety: investigated, and made safe (the safety work completed), within 24 hours.',
  damp_and_mould:
    'Damp and mould posing a significant risk of harm: investigated within 10 working days, and relevant safety work begun within 5 working days of the investigation.',
}

export const hazardClockKeys = ['investigate', 'summary', 'safety', 'further', 'further_weeks'] as const
export type HazardClockKey = (typeof hazardClockKeys)[number]
export const hazardClockLabels: Record<HazardClockKey, string> = {
  investigate: 'Investigate',
  summary: 'Written summary of findings to the resident',
  safety: 'Relevant safety work',
  further: 'Further preventative works',
  further_weeks: 'Further preventative works (12 weeks, decided late)',
}

/**
 * `missed`: its time ran out unmet and it no longer runs (the hazard was classed differently or
 * assessed again after it fell due, or a step that would have stopped it came too late).
 */
export const hazardClockStatuses = ['due', 'overdue', 'met', 'met_late', 'stopped', 'missed'] as const
export type HazardClockStatus = (typeof hazardClockStatuses)[number]
export const hazardClockStatusLabels: Record<HazardClockStatus, string> = {
  due: 'Due',
  overdue: 'Overdue',
  met: 'Met',
  met_late: 'Met late',
  stopped: 'Stopped',
  missed: 'Not met',
}

/** The duties' lengths: hours for an emergency, working days or weeks otherwise. */
export const EMERGENCY_HOURS = 24
export const INVESTIGATE_WORKING_DAYS = 10
export const SUMMARY_WORKING_DAYS = 3
export const SAFETY_WORKING_DAYS = 5
export const FURTHER_WORKING_DAYS = 5
export const FURTHER_NOT_PRACTICABLE_WEEKS = 12
