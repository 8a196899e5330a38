import { Problems } from '../rules.js'

/**
 * TSM CH01 counts complaints per 1,000 homes owned at the end of the reporting year, low-cost
 * rental (LCRA) and low-cost home ownership (LCHO) apart: the homes are given by tenure.
 */
export const homesTenures = ['lcra', 'lcho'] as const
export type HomesTenure = (typeof homesTenures)[number]

/** The homes owned at the end of a reporting year, by tenure. */
export type HomesOwned = Record<HomesTenure, number>

/** More homes of one tenure than this is a typing slip, not a landlord. */
export const MOST_HOMES = 10_000_000

/**
 * The homes owned given for a year: both tenures, each a whole number from none to 10,000,000
 * (a landlord with no shared ownership gives 0 LCHO homes). Every slip is refused at once.
 */
export function decideHomesOwned(input: { lcra?: number; lcho?: number }): HomesOwned {
  const problems = new Problems()
  for (const k of homesTenures) {
    const v = input[k]
    if (v === undefined || !Number.isInteger(v) || v < 0 || v > MOST_HOMES)
      problems.add(
        k,
        `Give the number of ${k.toUpperCase()} homes owned at the end of the year, a whole number`,
      )
  }
  problems.throwIfAny()
  return { lcra: input.lcra as number, lcho: input.lcho as number }
}

/**
 * The homes a tenure's CH01 figure for a year is counted over: the figures recorded for that
 * year (the latest given replaces any before it). None recorded for the year, none: the figure
 * waits for them, and is never counted over another year's homes.
 */
export const homesFor = (recorded: HomesOwned | undefined, tenure: HomesTenure): number | null =>
  recorded?.[tenure] ?? null

/**
 * A group's homes at a year's end (issue 34): each landlord entity's figures for the year added
 * up, tenure by tenure. Until every entity's are recorded, none: a group figure is never counted
 * over part of the group's homes, as a year's is never counted over another year's.
 */
export function groupHomes(
  entityIds: readonly string[],
  recorded: ReadonlyMap<string, HomesOwned>,
): HomesOwned | undefined {
  if (!entityIds.length) return undefined
  const total: HomesOwned = { lcra: 0, lcho: 0 }
  for (const id of entityIds) {
    const h = recorded.get(id)
    if (!h) return undefined
    total.lcra += h.lcra
    total.lcho += h.lcho
  }
  return total
}
