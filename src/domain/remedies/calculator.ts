import { type CalendarDate, dayNumber, isCalendarDate, longMonths } from '../calendar/calendarDate.js'
import { Problems } from '../rules.js'

import { type Band, placeInBands } from './guidance.js'
import {
  type DefinedSum,
  definedSumLabels,
  definedSumLost,
  type LandlordRates,
  type LossByDay,
  landlordRatesName,
  type OmbudsmanRuleSet,
} from './ruleSets.js'

/**
 * Which rate a defined sum is worked out at, where the landlord has its own: the higher of the
 * two (the default: the Ombudsman orders its own figure, so offering less invites an order, and a
 * landlord's more generous policy is what it promised its residents), or one of them as chosen.
 */
export const rateBases = ['higher', 'ombudsman', 'landlord'] as const
export type RateBasis = (typeof rateBases)[number]
export const rateBasisLabels: Record<RateBasis, string> = {
  higher: 'The higher of the Ombudsman’s rate and ours',
  ombudsman: 'The Ombudsman’s rates',
  landlord: 'Our own policy’s rates',
}

/** The most missed appointments one calculation counts: more is a typing slip. */
export const MAX_APPOINTMENTS = 100

/**
 * Days lost, counted inclusive of both the first and the last day: heating lost from 3 to 10
 * March is 8 days, and a loss that began and ended on the same day is 1 day. The Ombudsman's
 * rates are a day's loss, and a resident without heating on the day it failed and on the day it
 * was mended lost some of both days.
 */
export function daysLost(from: CalendarDate, to: CalendarDate): number {
  return dayNumber(to) - dayNumber(from) + 1
}

/** The rule for counting days, in words, as every page and the API state it. */
export const DAY_COUNTING =
  'Days are counted inclusive of the first and the last day: a loss from 3 to 10 March is 8 days, and a loss that starts and ends on the same day is 1 day.'

/** Pounds as a calculation writes them: £15, £8.50, £1,200. */
export const pounds = (amount: number) =>
  new Intl.NumberFormat('en-GB', {
    style: 'currency',
    currency: 'GBP',
    minimumFractionDigits: Number.isInteger(amount) ? 0 : 2,
    maximumFractionDigits: 2,
  }).format(amount)

/** A run of days in words: "3–10 March 2026", "28 February – 3 March 2026", "9 March 2026". */
export function daysInWords(from: CalendarDate, to: CalendarDate): string {
  const [fy, fm, fd] = [from.slice(0, 4), Number(from.slice(5, 7)), Number(from.slice(8, 10))]
  const [ty, tm, td] = [to.slice(0, 4), Number(to.slice(5, 7)), Number(to.slice(8, 10))]
  const month = (m: number) => longMonths[m - 1]
  if (from === to) return `${fd} ${month(fm)} ${fy}`
  if (fy === ty && fm === tm) return `${fd}–${td} ${month(tm)} ${ty}`
  if (fy === ty) return `${fd} ${month(fm)} – ${td} ${month(tm)} ${ty}`
  return `${fd} ${month(fm)} ${fy} – ${td} ${month(tm)} ${ty}`
}

const bandWords = (b: Band) =>
  `the “${b.label}” band (${b.max === null ? `${pounds(b.min)} and above` : `${pounds(b.min)} to ${pounds(b.max)}`})`

const cents = (pounds: number) => Math.round(pounds * 100)

export type CalculationInput = {
  /** The day the remedy is checked on: the response's date, or today if not yet responded. */
  on: CalendarDate
  /** A loss of heating, hot water or power: its first and last day. */
  losses: { kind: LossByDay; from?: string; to?: string }[]
  missedAppointments?: number
  /** The label of the band chosen for time and trouble, distress and inconvenience. */
  band?: string
  /** The figure chosen within that band; its lowest figure if not given. */
  discretionary?: number
  /** The amount offered, to compare with the guidance. */
  offer?: number
  basis?: RateBasis
}

export type CalculationLine = {
  what: DefinedSum | 'discretionary'
  words: string
  /** Pounds, or null when no rate applies (the line says why). */
  amount: number | null
  /** Days or appointments counted, and the rate a day or an appointment. */
  units?: number
  rate?: number
  /** Whose figure it is: the Ombudsman's rule set or the landlord's rates, with its date. */
  source?: string
}

export type Calculation = {
  on: CalendarDate
  basis: RateBasis
  ruleSet: OmbudsmanRuleSet | undefined
  landlordRates: LandlordRates | undefined
  lines: CalculationLine[]
  /** The guidance figure: every line with an amount, added up. */
  total: number
  offer?: number
  /** The offer less the guidance figure: negative when the offer is below it. */
  gap?: { amount: number; words: string }
}

type ChosenRate = { rate: number; name: string; source: string; otherWords?: string }

/** The rate for a defined sum on the chosen basis, with whose it is, and the other when passed over. */
export function chosenRate(
  kind: DefinedSum,
  set: OmbudsmanRuleSet | undefined,
  landlord: LandlordRates | undefined,
  basis: RateBasis,
): ChosenRate | undefined {
  const theirs = set?.rates[kind]
  const ours = landlord?.rates[kind]
  const ombudsman =
    set && theirs !== undefined ? { rate: theirs, name: set.shortName, source: set.source } : undefined
  const policy =
    landlord && ours !== undefined
      ? { rate: ours, name: landlordRatesName(landlord), source: `Landlord’s policy: ${landlord.source}` }
      : undefined
  const other = (a: typeof ombudsman, b: typeof ombudsman) =>
    a && b ? { ...a, otherWords: `${b.name} sets ${pounds(b.rate)}` } : a
  if (basis === 'ombudsman') return other(ombudsman, policy)
  if (basis === 'landlord') return other(policy, ombudsman)
  // The higher of the two; on a tie, the Ombudsman's (the figure it would order).
  if (ombudsman && policy)
    return policy.rate > ombudsman.rate ? other(policy, ombudsman) : other(ombudsman, policy)
  return ombudsman ?? policy
}

const capital = (s: string) => `${s[0]?.toUpperCase()}${s.slice(1)}`

/**
 * Code 7.4: the figure the guidance in force on the day points to, line by line, each line saying
 * how it was worked out and whose figure it used, and the gap between the offer and the figure.
 * Every bad input is refused, each naming the field and what is wrong.
 */
export function calculateRemedy(
  input: CalculationInput,
  context: { ruleSet: OmbudsmanRuleSet | undefined; landlordRates: LandlordRates | undefined },
): Calculation {
  const problems = new Problems()
  const { ruleSet, landlordRates } = context
  const basis = input.basis ?? 'higher'
  if (!isCalendarDate(input.on)) problems.add('on', 'Give the date of the response, as a real date')
  const lines: CalculationLine[] = []
  const counted = new Map<string, { from: string; to: string }>()

  for (const loss of input.losses) {
    const label = definedSumLabels[loss.kind]
    const from = loss.from?.trim() ?? ''
    const to = loss.to?.trim() ?? ''
    if (!from && !to) continue
    if (!isCalendarDate(from)) {
      problems.add(`${loss.kind}.from`, `${label}: give the first day without it, as a real date`)
      continue
    }
    if (!isCalendarDate(to)) {
      problems.add(`${loss.kind}.to`, `${label}: give the last day without it, as a real date`)
      continue
    }
    if (to < from) {
      problems.add(`${loss.kind}.to`, `${label}: the last day must be on or after the first`)
      continue
    }
    // A day without heating and hot water is not also a day without one of them: it counts once.
    const both = loss.kind === 'heatingOrHotWater' ? counted.get('lossOfHeating') : undefined
    const one = loss.kind === 'lossOfHeating' ? counted.get('heatingOrHotWater') : undefined
    const other = both ?? one
    if (other && from <= other.to && other.from <= to) {
      problems.add(
        `${loss.kind}.from`,
        `${label}: its days overlap ${daysInWords(other.from, other.to)}, counted as ${definedSumLabels[both ? 'lossOfHeating' : 'heatingOrHotWater'].toLowerCase()}; a day counts once, so give days that do not overlap`,
      )
      continue
    }
    counted.set(loss.kind, { from, to })
    const days = daysLost(from, to)
    const what = `${capital(definedSumLost[loss.kind])} ${daysInWords(from, to)}: ${days} ${days === 1 ? 'day' : 'days'}`
    const chosen = chosenRate(loss.kind, ruleSet, landlordRates, basis)
    if (!chosen) {
      lines.push({
        what: loss.kind,
        units: days,
        amount: null,
        words: `${what}, but no rate for it is set (${ruleSet ? `the ${ruleSet.shortName} has none` : 'no Ombudsman guidance is held for that date'}${landlordRates ? '' : ', nor has our own policy'}); decide it within the bands`,
      })
      continue
    }
    const amount = (cents(chosen.rate) * days) / 100
    lines.push({
      what: loss.kind,
      units: days,
      rate: chosen.rate,
      amount,
      source: chosen.source,
      words: `${what} × ${pounds(chosen.rate)} = ${pounds(amount)} (${chosen.name}${chosen.otherWords ? `; ${chosen.otherWords}` : ''})`,
    })
  }

  const count = input.missedAppointments
  if (count !== undefined && (!Number.isInteger(count) || count < 0 || count > MAX_APPOINTMENTS))
    problems.add(
      'missedAppointments',
      `Missed appointments: give a whole number from 0 to ${MAX_APPOINTMENTS}`,
    )
  else if (count) {
    const what = `${count} missed ${count === 1 ? 'appointment' : 'appointments'}`
    const chosen = chosenRate('missedAppointment', ruleSet, landlordRates, basis)
    if (chosen) {
      const amount = (cents(chosen.rate) * count) / 100
      lines.push({
        what: 'missedAppointment',
        units: count,
        rate: chosen.rate,
        amount,
        source: chosen.source,
        words: `${what} × ${pounds(chosen.rate)} = ${pounds(amount)} (${chosen.name}${chosen.otherWords ? `; ${chosen.otherWords}` : ''})`,
      })
    } else
      lines.push({
        what: 'missedAppointment',
        units: count,
        amount: null,
        words: `${what}, but no rate for them is set; decide it within the bands`,
      })
  }

  const discretionaryWhat = 'Time and trouble, distress and inconvenience'
  const band = input.band ? ruleSet?.bands.find((b) => b.label === input.band) : undefined
  if (input.band && !band)
    problems.add(
      'band',
      ruleSet
        ? `Code 7.4: choose one of the bands of the ${ruleSet.shortName}`
        : 'Code 7.4: no Ombudsman guidance is held for that date, so there are no bands to choose from',
      '7.4',
    )
  const chosenAmount = input.discretionary
  if (chosenAmount !== undefined && (!Number.isFinite(chosenAmount) || chosenAmount < 0))
    problems.add('discretionary', `${discretionaryWhat}: give the amount in pounds, £0 or more`)
  else if (band && ruleSet) {
    const inBand =
      chosenAmount === undefined ||
      (chosenAmount >= band.min && (band.max === null || chosenAmount <= band.max))
    if (!inBand)
      problems.add(
        'discretionary',
        `Code 7.4: ${pounds(chosenAmount ?? 0)} is outside ${bandWords(band)}; choose the band it is in or change the amount`,
        '7.4',
      )
    else {
      const amount = chosenAmount ?? band.min
      lines.push({
        what: 'discretionary',
        amount,
        source: ruleSet.source,
        words:
          chosenAmount === undefined
            ? `${discretionaryWhat}: ${pounds(amount)}, the lowest figure of ${bandWords(band)} (${ruleSet.shortName})`
            : `${discretionaryWhat}: ${pounds(amount)}, in ${bandWords(band)} (${ruleSet.shortName})`,
      })
    }
  } else if (chosenAmount !== undefined && chosenAmount > 0) {
    // An amount without a band: counted, and placed in the bands so the line still explains itself.
    const placed = ruleSet ? placeInBands(chosenAmount, ruleSet) : undefined
    lines.push({
      what: 'discretionary',
      amount: chosenAmount,
      ...(ruleSet ? { source: ruleSet.source } : {}),
      words: `${discretionaryWhat}: ${pounds(chosenAmount)}${
        placed?.bands[0] ? `, in ${bandWords(placed.bands[0])} (${ruleSet?.shortName})` : ', no band chosen'
      }`,
    })
  }

  const offer = input.offer
  if (offer !== undefined && (!Number.isFinite(offer) || offer < 0))
    problems.add('offer', 'The offer: give the amount in pounds, £0 or more')
  problems.throwIfAny()

  const total = lines.reduce((sum, l) => sum + cents(l.amount ?? 0), 0) / 100
  const calculation: Calculation = { on: input.on, basis, ruleSet, landlordRates, lines, total }
  if (offer === undefined) return calculation
  const gap = (cents(offer) - cents(total)) / 100
  return {
    ...calculation,
    offer,
    gap: {
      amount: gap,
      words:
        gap === 0
          ? `The offer of ${pounds(offer)} matches the guidance`
          : `The offer of ${pounds(offer)} is ${pounds(Math.abs(gap))} ${gap < 0 ? 'below' : 'above'} the guidance figure of ${pounds(total)}`,
    },
  }
}
