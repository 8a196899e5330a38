import type { Problems } from '../rules.js'
import { trimmed } from '../text/trimmed.js'

/**
 * Code 3.2 and the Equality Act 2010: the adjustments a resident can ask for when they
 * complain, kept on the case so everyone handling it sees them.
 */
export const adjustmentKinds = [
  'large_print',
  'easy_read',
  'braille',
  'bsl',
  'another_language',
  'call_at_set_times',
  'someone_to_speak_for_me',
] as const
export type AdjustmentKind = (typeof adjustmentKinds)[number]
export const adjustmentLabels: Record<AdjustmentKind, string> = {
  large_print: 'Letters in large print',
  easy_read: 'Letters in easy read',
  braille: 'Letters in braille',
  bsl: 'A British Sign Language (BSL) interpreter',
  another_language: 'Information in another language',
  call_at_set_times: 'Phone calls only at set times',
  someone_to_speak_for_me: 'Someone to speak for me (an advocate)',
}

export type Adjustments = {
  needs: AdjustmentKind[]
  /** The language, when information in another language is asked for. */
  language?: string
  /** When calls suit, when calls at set times are asked for. */
  callTimes?: string
  details?: string
}

/** Code 5.9: how, and how often, the resident would like to hear from the landlord. */
export const contactMethodsPreferred = ['email', 'phone', 'letter'] as const
export type PreferredContactMethod = (typeof contactMethodsPreferred)[number]
export const preferredContactLabels: Record<PreferredContactMethod, string> = {
  email: 'By email',
  phone: 'By phone',
  letter: 'By letter in the post',
}
export const updateFrequencies = ['weekly', 'fortnightly', 'when_something_changes'] as const
export type UpdateFrequency = (typeof updateFrequencies)[number]
export const updateFrequencyLabels: Record<UpdateFrequency, string> = {
  weekly: 'Every week',
  fortnightly: 'Every 2 weeks',
  when_something_changes: 'Only when something changes (and at least every 2 weeks)',
}
/** The update interval, in working days, that each frequency asks for (never above 10: Code 5.9). */
export const frequencyWorkingDays: Record<UpdateFrequency, number> = {
  weekly: 5,
  fortnightly: 10,
  when_something_changes: 10,
}

export type UpdatePreference = { method: PreferredContactMethod; frequency: UpdateFrequency }

/** Checks the adjustments asked for; every problem is named. */
export function checkAdjustments(
  input: Adjustments | undefined,
  problems: Problems,
): Adjustments | undefined {
  if (!input) return undefined
  const needs = [...new Set(input.needs)]
  for (const n of needs)
    if (!adjustmentKinds.includes(n))
      problems.add('adjustments.needs', `Choose adjustments from: ${adjustmentKinds.join(', ')}`, '3.2')
  const language = trimmed(input.language)
  const callTimes = trimmed(input.callTimes)
  if (needs.includes('another_language') && !language)
    problems.add('adjustments.language', 'Code 3.2: say which language you would like information in', '3.2')
  if (needs.includes('call_at_set_times') && !callTimes)
    problems.add('adjustments.callTimes', 'Code 3.2: say when it suits you to be called', '3.2')
  const details = trimmed(input.details)
  if (!needs.length && !details) return undefined
  return {
    needs,
    ...(language && needs.includes('another_language') ? { language } : {}),
    ...(callTimes && needs.includes('call_at_set_times') ? { callTimes } : {}),
    ...(details ? { details } : {}),
  }
}

export function checkUpdatePreference(
  input: { method?: string; frequency?: string } | undefined,
  problems: Problems,
): UpdatePreference | undefined {
  if (!input) return undefined
  const method = contactMethodsPreferred.find((m) => m === input.method)
  const frequency = updateFrequencies.find((f) => f === input.frequency)
  if (!method)
    problems.add(
      'updatePreference.method',
      `Choose how to hear from us: ${contactMethodsPreferred.join(', ')}`,
    )
  if (!frequency)
    problems.add(
      'updatePreference.frequency',
      `Choose how often to hear from us: ${updateFrequencies.join(', ')}`,
    )
  return method && frequency ? { method, frequency } : undefined
}

/** The adjustments in a sentence, for the case page, the timeline and letters' notes. */
export function adjustmentsInWords(a: Adjustments): string {
  return [
    ...a.needs.map((n) =>
      n === 'another_language' && a.language
        ? `${adjustmentLabels[n]} (${a.language})`
        : n === 'call_at_set_times' && a.callTimes
          ? `${adjustmentLabels[n]} (${a.callTimes})`
          : adjustmentLabels[n],
    ),
    ...(a.details ? [a.details] : []),
  ].join('; ')
}

/**
 * Code 5.9: the update interval to offer at acknowledgement: as often as the resident asked,
 * and never less often than the landlord's policy.
 */
export function updateIntervalFor(preference: UpdatePreference | undefined, policyDays: number): number {
  return preference ? Math.min(policyDays, frequencyWorkingDays[preference.frequency]) : policyDays
}
