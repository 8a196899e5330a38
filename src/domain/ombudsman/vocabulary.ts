/** The words of the Housing Ombudsman's casework, as landlords record it. */

export const ombudsmanCaseKinds = [
  'early_enquiry',
  'evidence_request',
  'formal_investigation',
  'complaint_handling_failure_order',
  'special_investigation',
] as const
export type OmbudsmanCaseKind = (typeof ombudsmanCaseKinds)[number]
export const ombudsmanCaseKindLabels: Record<OmbudsmanCaseKind, string> = {
  early_enquiry: 'Early enquiry',
  evidence_request: 'Request for evidence',
  formal_investigation: 'Formal investigation',
  complaint_handling_failure_order: 'Complaint Handling Failure Order',
  special_investigation: 'Special investigation',
}

/** The Ombudsman's findings on each element of a complaint. */
export const findings = [
  'no_maladministration',
  'service_failure',
  'maladministration',
  'severe_maladministration',
  'reasonable_redress',
  'outside_jurisdiction',
  'withdrawn',
] as const
export type Finding = (typeof findings)[number]
export const findingLabels: Record<Finding, string> = {
  no_maladministration: 'No maladministration',
  service_failure: 'Service failure',
  maladministration: 'Maladministration',
  severe_maladministration: 'Severe maladministration',
  reasonable_redress: 'Reasonable redress',
  outside_jurisdiction: 'Outside jurisdiction',
  withdrawn: 'Withdrawn',
}

/** What the Ombudsman orders (must be done) or recommends (should be considered). */
export const directionTypes = ['order', 'recommendation'] as const
export type DirectionType = (typeof directionTypes)[number]

export const directionKinds = [
  'apology',
  'compensation',
  'works',
  'review',
  'policy_change',
  'staff_training',
  'other',
] as const
export type DirectionKind = (typeof directionKinds)[number]
export const directionKindLabels: Record<DirectionKind, string> = {
  apology: 'Apology',
  compensation: 'Compensation',
  works: 'Works',
  review: 'Review',
  policy_change: 'Policy change',
  staff_training: 'Staff training',
  other: 'Other',
}
