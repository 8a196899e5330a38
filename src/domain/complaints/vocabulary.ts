/** The words of a complaint, as the Code and the api-v1 contract use them. */

/**
 * The resident's tenure, for the Tenant Satisfaction Measures: low-cost rental (LCRA), low-cost
 * home ownership (LCHO), or other (leaseholders, non-residents), which the TSM do not count.
 */
export const tenures = ['lcra', 'lcho', 'other'] as const
export type Tenure = (typeof tenures)[number]
export const tenureLabels: Record<Tenure, string> = {
  lcra: 'Low-cost rental (LCRA)',
  lcho: 'Low-cost home ownership (LCHO)',
  other: 'Other (leaseholder, non-resident)',
}

export const channels = [
  'web',
  'email',
  'phone',
  'letter',
  'in_person',
  'social_media',
  'third_party',
] as const
export type Channel = (typeof channels)[number]
export const channelLabels: Record<Channel, string> = {
  web: 'Website',
  email: 'Email',
  phone: 'Phone',
  letter: 'Letter',
  in_person: 'In person',
  social_media: 'Social media',
  third_party: 'Third party',
}

export const complaintStates = [
  'received',
  'stage1',
  'stage1_responded',
  'stage2_requested',
  'stage2',
  'stage2_responded',
  'closed',
  'not_accepted',
  'withdrawn',
] as const
export type ComplaintState = (typeof complaintStates)[number]
export const stateLabels: Record<ComplaintState, string> = {
  received: 'Received, not yet acknowledged',
  stage1: 'Stage 1',
  stage1_responded: 'Stage 1 responded',
  stage2_requested: 'Stage 2 requested',
  stage2: 'Stage 2',
  stage2_responded: 'Stage 2 responded (final)',
  closed: 'Closed',
  not_accepted: 'Not accepted',
  withdrawn: 'Withdrawn',
}

/** States in which the landlord still owes the resident something under the Code. */
export const openStates: readonly ComplaintState[] = [
  'received',
  'stage1',
  'stage1_responded',
  'stage2_requested',
  'stage2',
  'stage2_responded',
]

export type Stage = 1 | 2

export const decisions = ['upheld', 'partly_upheld', 'not_upheld'] as const
export type Decision = (typeof decisions)[number]
/** Code 7.1: the decisions that find something went wrong, wholly or in part. */
export const upheldDecisions: readonly Decision[] = ['upheld', 'partly_upheld']
export const decisionLabels: Record<Decision, string> = {
  upheld: 'Upheld',
  partly_upheld: 'Partly upheld',
  not_upheld: 'Not upheld',
}

/** The remedies of Code 7.1. */
export const remedyTypes = [
  'apology',
  'acknowledgement',
  'explanation',
  'action_on_delay',
  'decision_changed',
  'record_amended',
  'financial',
  'policy_change',
] as const
export type RemedyType = (typeof remedyTypes)[number]
export const remedyLabels: Record<RemedyType, string> = {
  apology: 'An apology',
  acknowledgement: 'Acknowledging where things went wrong',
  explanation: 'An explanation, assistance or reasons',
  action_on_delay: 'Taking action on a delay',
  decision_changed: 'Reconsidering or changing a decision',
  record_amended: 'Amending a record, or adding a correction or addendum',
  financial: 'A financial remedy',
  policy_change: 'Changing a policy, procedure or practice',
}

export const contactMethods = ['phone', 'email', 'visit', 'letter', 'text_message', 'in_person'] as const
export type ContactMethod = (typeof contactMethods)[number]

export const HOUSING_OMBUDSMAN = {
  name: 'Housing Ombudsman Service',
  phone: '0300 111 3000',
  website: 'www.housing-ombudsman.org.uk',
} as const
/** States in which the resident may still withdraw, before the final response. */
export const inProgressStates = [
  'received',
  'stage1',
  'stage1_responded',
  'stage2_requested',
  'stage2',
] as const satisfies readonly ComplaintState[]

/** States in which a stage is being considered and its response is awaited. */
export const awaitingResponseStates = [
  'received',
  'stage1',
  'stage2_requested',
  'stage2',
] as const satisfies readonly ComplaintState[]

export const stage1OpenStates = [
  'received',
  'stage1',
  'stage1_responded',
] as const satisfies readonly ComplaintState[]
export const stage2OpenStates = [
  'stage2_requested',
  'stage2',
  'stage2_responded',
] as const satisfies readonly ComplaintState[]

/** How the resident was updated (Code 5.9): by letter or email a written update is sent. */
export const updateMethods = ['letter', 'email', 'phone', 'visit', 'text_message'] as const
export type UpdateMethod = (typeof updateMethods)[number]
export const updateMethodLabels: Record<UpdateMethod, string> = {
  letter: 'Letter (we send a written update)',
  email: 'Email (we send a written update)',
  phone: 'Phone call',
  visit: 'Visit',
  text_message: 'Text message',
}
