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
export const hazardKindHints: Record<HazardKind, string> = {
  emergency:
    'Any hazard posing an imminent and significant risk of harm to health or safety: investigated and made safe within 24 hours.',
  damp_and_mould:
    'Damp and mould posing a significant risk of harm: investigated within 10 working days, made safe within 5 working days of the investigation.',
}

export const hazardClockKeys = ['investigate', 'summary', 'safety', 'further'] as const
export type HazardClockKey = (typeof hazardClockKeys)[number]
export const hazardClockLabels: Record<HazardClockKey, string> = {
  investigate: 'Investigate',
  summary: 'Written summary of findings to the resident',
  safety: 'Relevant safety work',
  further: 'Further preventative works',
}

export const hazardClockStatuses = ['due', 'overdue', 'met', 'met_late', 'stopped'] as const
export type HazardClockStatus = (typeof hazardClockStatuses)[number]
export const hazardClockStatusLabels: Record<HazardClockStatus, string> = {
  due: 'Due',
  overdue: 'Overdue',
  met: 'Met',
  met_late: 'Met late',
  stopped: 'Stopped',
}

/** The duties' lengths: hours for an emergency, working days or weeks otherwise. */
export const EMERGENCY_HOURS = 24
export const INVESTIGATE_WORKING_DAYS = 10
export const SUMMARY_WORKING_DAYS = 3
export const SAFETY_WORKING_DAYS = 5
export const FURTHER_WORKING_DAYS = 5
export const FURTHER_NOT_PRACTICABLE_WEEKS = 12
