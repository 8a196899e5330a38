import type { ContactMethod } from '../complaints/vocabulary.js'

/**
 * The resident record shared by a resident's complaints: who they are, how to reach them, who
 * acts for them, what they have disclosed, the adjustments agreed (Code 5.10) and any restriction
 * on contact (Code 5.14–5.15).
 */

/** Code 5.9, 3.2: how the resident prefers to hear from the landlord, and in what format. */
export const preferredMethods = ['email', 'phone', 'letter', 'text_message'] as const
export type PreferredMethod = (typeof preferredMethods)[number]
export const preferredMethodLabels: Record<PreferredMethod, string> = {
  email: 'Email',
  phone: 'Phone',
  letter: 'Letter in the post',
  text_message: 'Text message',
}

export const letterFormats = ['standard', 'large_print', 'easy_read', 'braille'] as const
export type LetterFormat = (typeof letterFormats)[number]
export const letterFormatLabels: Record<LetterFormat, string> = {
  standard: 'Standard print',
  large_print: 'Large print',
  easy_read: 'Easy read',
  braille: 'Braille',
}

/** Disclosed vulnerabilities and disabilities: sensitive, shown only to the roles that need them. */
export const vulnerabilityKinds = [
  'physical_disability',
  'mental_health',
  'learning_disability',
  'sensory_impairment',
  'long_term_illness',
  'age',
  'domestic_abuse',
  'other',
] as const
export type VulnerabilityKind = (typeof vulnerabilityKinds)[number]
export const vulnerabilityLabels: Record<VulnerabilityKind, string> = {
  physical_disability: 'Physical disability',
  mental_health: 'Mental health',
  learning_disability: 'Learning disability or difficulty',
  sensory_impairment: 'Sight or hearing impairment',
  long_term_illness: 'Long-term illness',
  age: 'Age (older or younger resident)',
  domestic_abuse: 'Domestic abuse',
  other: 'Other',
}

/** Code 5.14: what a restriction limits, each a kind of contact it governs. */
export const restrictionScopes = [
  'single_point_of_contact',
  'written_only',
  'set_times',
  'no_visits',
  'accompanied_visits',
  'limited_frequency',
] as const
export type RestrictionScope = (typeof restrictionScopes)[number]
export const restrictionScopeLabels: Record<RestrictionScope, string> = {
  single_point_of_contact: 'Contact only through a named member of staff',
  written_only: 'Contact in writing only (letter or email)',
  set_times: 'Phone contact only at set times',
  no_visits: 'No home visits by lone staff',
  accompanied_visits: 'Visits only with two members of staff',
  limited_frequency: 'Contact limited in how often',
}

/** The kinds of contact each restriction scope warns about before it is made. */
export const scopeWarnsAbout: Record<RestrictionScope, readonly ContactMethod[]> = {
  single_point_of_contact: ['phone', 'email', 'visit', 'letter', 'text_message', 'in_person'],
  written_only: ['phone', 'visit', 'text_message', 'in_person'],
  set_times: ['phone'],
  no_visits: ['visit'],
  accompanied_visits: ['visit', 'in_person'],
  limited_frequency: ['phone', 'email', 'visit', 'letter', 'text_message', 'in_person'],
}

/** Code 5.10: adjustments are kept under active review; a review date no further ahead than this. */
export const ADJUSTMENT_REVIEW_MAX_MONTHS = 12
/** Code 5.15: a restriction is proportionate and reviewed; its review no further ahead than this. */
export const RESTRICTION_REVIEW_MAX_MONTHS = 6
/** Code 5.15: a restriction cannot run unreviewed for ever; it ends itself at most this long after it starts. */
export const RESTRICTION_MAX_MONTHS = 12
