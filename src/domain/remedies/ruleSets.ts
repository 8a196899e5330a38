import { type CalendarDate, formatDateInWords, isCalendarDate } from '../calendar/calendarDate.js'
import { Problems } from '../rules.js'

import type { Band } from './guidance.js'

/**
 * The sums the Housing Ombudsman's compensation guidance (in force from 1 April 2026) defines for
 * particular failures: a rate a day for losing heating, hot water or power, and a sum a missed
 * appointment. Time and trouble, and distress and inconvenience, stay banded, not defined.
 */
export const definedSums = ['lossOfHeating', 'heatingOrHotWater', 'lossOfPower', 'missedAppointment'] as const
export type DefinedSum = (typeof definedSums)[number]

/** The defined sums counted in days (from a first to a last day), as against those counted one by one. */
export const lossesByDay = ['lossOfHeating', 'heatingOrHotWater', 'lossOfPower'] as const
export type LossByDay = (typeof lossesByDay)[number]

export const definedSumLabels: Record<DefinedSum, string> = {
  lossOfHeating: 'Loss of heating and hot water',
  heatingOrHotWater: 'Loss of heating or hot water (one of them)',
  lossOfPower: 'Loss of power',
  missedAppointment: 'Missed appointment',
}

/** How a line of the calculation names what happened: "heating lost 3–10 March 2026". */
export const definedSumLost: Record<LossByDay, string> = {
  lossOfHeating: 'heating and hot water lost',
  heatingOrHotWater: 'heating or hot water lost',
  lossOfPower: 'power lost',
}

export const definedSumUnit: Record<DefinedSum, 'day' | 'appointment'> = {
  lossOfHeating: 'day',
  heatingOrHotWater: 'day',
  lossOfPower: 'day',
  missedAppointment: 'appointment',
}

/** A rule set's rates: pounds per unit for each defined sum it sets (none, in the 2024 guidance). */
export type Rates = Partial<Record<DefinedSum, number>>

/**
 * Code 7.4: a dated set of the Ombudsman's guidance on remedies. Its figures are the
 * Ombudsman's, shipped with the service and changed only by a release: each says where it comes
 * from and the date it is in force from.
 */
export type OmbudsmanRuleSet = {
  id: string
  title: string
  /** How a line of a calculation names it: "Ombudsman 2026 guidance". */
  shortName: string
  /** Where the figures come from, with the date they are in force from. */
  source: string
  effectiveFrom: CalendarDate
  /** The last day it is in force, when a later set replaces it. */
  effectiveTo: CalendarDate | null
  note: string
  rates: Rates
  /** The bands for the discretionary part: time and trouble, distress and inconvenience. */
  bands: Band[]
}

/** The Ombudsman's bands for financial redress (Guidance on remedies, April 2024). */
const bands2024: Band[] = [
  {
    min: 50,
    max: 100,
    label: 'Minor failure',
    description:
      'A failure of short duration that may not have significantly affected the overall outcome for the resident.',
  },
  {
    min: 100,
    max: 600,
    label: 'Adverse effect',
    description:
      'A failure that adversely affected the resident; any attempt to put things right did not address the detriment or was not proportionate to the failings.',
  },
  {
    min: 600,
    max: 1000,
    label: 'Significant impact',
    description:
      'A failure that had a significant impact on the resident, with little or no attempt to acknowledge the failings or put things right.',
  },
  {
    min: 1000,
    max: null,
    label: 'Severe long-term impact',
    description:
      'Severe long-term impact on the resident, including repeated failures or a failure to act that seriously affected them.',
  },
]

/** The Ombudsman's guidance, oldest first: each set in force from its date until the day before the next. */
export const ombudsmanRuleSets: readonly OmbudsmanRuleSet[] = [
  {
    id: 'hos-2024',
    title: 'Housing Ombudsman: guidance on remedies (April 2024)',
    shortName: 'Ombudsman 2024 guidance',
    source:
      'Housing Ombudsman remedies guidance, revised April 2024, in force from 1 April 2024 to 31 March 2026',
    effectiveFrom: '2024-04-01',
    effectiveTo: '2026-03-31',
    note: 'Bands for financial redress only: the 2024 guidance defines no daily or per-appointment sums, so the calculator uses the landlord’s own rates for those, where it has set them.',
    rates: {},
    bands: bands2024,
  },
  {
    id: 'hos-2026',
    title: 'Housing Ombudsman: compensation guidance (April 2026)',
    shortName: 'Ombudsman 2026 guidance',
    source: 'Housing Ombudsman compensation guidance, published 3 February 2026, in force from 1 April 2026',
    effectiveFrom: '2026-04-01',
    effectiveTo: null,
    note: 'Defined sums: complete loss of heating and hot water £15 a day; loss of heating or hot water alone £8 a day; loss of power £10 a day; £15 a missed appointment. The bands for time and trouble and for distress and inconvenience are the 2024 band values, kept because the 2026 guidance’s own figures for them are not held by the service: check them against the guidance and correct them in a release.',
    rates: { lossOfHeating: 15, heatingOrHotWater: 8, lossOfPower: 10, missedAppointment: 15 },
    bands: bands2024,
  },
]

/** The Ombudsman's set in force on a day, or undefined before the first the service holds. */
export function ombudsmanRuleSetOn(
  on: CalendarDate,
  sets: readonly OmbudsmanRuleSet[] = ombudsmanRuleSets,
): OmbudsmanRuleSet | undefined {
  return sets.find((s) => s.effectiveFrom <= on && (s.effectiveTo === null || on <= s.effectiveTo))
}

/**
 * The landlord's own compensation policy rates (Code 7.4 lets a landlord be more generous than
 * the Ombudsman): a dated version, never edited; a newer version takes over from its date.
 */
export type LandlordRates = {
  id: string
  source: string
  effectiveFrom: CalendarDate
  note: string | null
  rates: Rates
  createdAt: Date
}

/** How a line of a calculation names the landlord's rates: "our policy from 1 May 2026". */
export const landlordRatesName = (r: Pick<LandlordRates, 'effectiveFrom'>) =>
  `our policy from ${formatDateInWords(r.effectiveFrom)}`

/** The most a rate may be, in pounds: a typing slip (1500 for 15.00) is refused rather than paid. */
export const MAX_RATE = 1000

export type LandlordRatesInput = {
  source?: string
  effectiveFrom?: string
  note?: string
  rates: Partial<Record<DefinedSum, number | undefined>>
}

/** A new version of the landlord's rates, checked: where they come from, from when, and at least one rate. */
export function decideLandlordRates(input: LandlordRatesInput): Omit<LandlordRates, 'id' | 'createdAt'> {
  const problems = new Problems()
  const source = input.source?.trim() ?? ''
  if (!source)
    problems.add(
      'source',
      'Code 7.4: say where the rates come from, for example the compensation policy and the meeting that approved it',
      '7.4',
    )
  const effectiveFrom = input.effectiveFrom?.trim() ?? ''
  if (!isCalendarDate(effectiveFrom))
    problems.add('effectiveFrom', 'Give the date the rates take effect from, as a real date')
  const rates: Rates = {}
  for (const k of definedSums) {
    const rate = input.rates[k]
    if (rate === undefined) continue
    if (!Number.isFinite(rate) || rate <= 0 || rate > MAX_RATE || Math.round(rate * 100) !== rate * 100)
      problems.add(
        `rates.${k}`,
        `${definedSumLabels[k]}: give the rate in pounds ${definedSumUnit[k] === 'day' ? 'a day' : 'an appointment'}, more than £0 and at most £${MAX_RATE}`,
      )
    else rates[k] = rate
  }
  if (!definedSums.some((k) => input.rates[k] !== undefined)) problems.add('rates', 'Give at least one rate')
  problems.throwIfAny()
  return { source, effectiveFrom: effectiveFrom as CalendarDate, note: input.note?.trim() || null, rates }
}
