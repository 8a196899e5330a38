import { type CalendarDate, isCalendarDate } from '../calendar/calendarDate.js'
import { Problems } from '../rules.js'

import { money } from './vocabulary.js'

/** One band of compensation guidance: its range in pounds (open-ended at the top) and what it is for. */
export type Band = { min: number; max: number | null; label: string; description: string }

/** Code 7.4: a dated set of compensation bands, with where it comes from. */
export type GuidanceSet = {
  id: string
  title: string
  source: string
  effectiveFrom: CalendarDate
  note: string | null
  createdAt: Date
  bands: Band[]
}

export const bandRange = (b: Band) =>
  b.max === null ? `${money(b.min)} and above` : `${money(b.min)} to ${money(b.max)}`

/**
 * The set in force on a day: the latest that took effect on or before it (the newest added, on a
 * tie). For bands and for the landlord's own rates alike: any dated set kept as versions.
 */
export function guidanceInForce<S extends { effectiveFrom: CalendarDate; createdAt: Date }>(
  sets: readonly S[],
  on: CalendarDate,
): S | undefined {
  return [...sets]
    .filter((s) => s.effectiveFrom <= on)
    .sort((a, b) =>
      a.effectiveFrom === b.effectiveFrom
        ? b.createdAt.getTime() - a.createdAt.getTime()
        : b.effectiveFrom.localeCompare(a.effectiveFrom),
    )[0]
}

/**
 * Where a figure sits in the guidance: the bands whose range holds it (two, exactly on a shared
 * boundary), or that it is below the lowest band.
 */
export function placeInBands(
  amount: number,
  set: Pick<GuidanceSet, 'bands' | 'title'>,
): { bands: Band[]; summary: string } {
  const bands = set.bands.filter((b) => amount >= b.min && (b.max === null || amount <= b.max))
  if (bands.length)
    return {
      bands,
      summary: `${money(amount)} is in ${bands.map((b) => `the “${b.label}” band (${bandRange(b)})`).join(' and ')} of ${set.title}`,
    }
  const lowest = [...set.bands].sort((a, b) => a.min - b.min)[0]
  return {
    bands: [],
    summary: lowest
      ? `${money(amount)} is below the lowest band of ${set.title} (${bandRange(lowest)})`
      : `${set.title} has no bands`,
  }
}

export type GuidanceInput = {
  title?: string
  source?: string
  effectiveFrom?: string
  note?: string
  bands: { min?: number; max?: number; label?: string; description?: string }[]
}

/** A new set of bands, checked: each band a range with a name and a description, in order, not overlapping. */
export function decideGuidanceSet(input: GuidanceInput): Omit<GuidanceSet, 'id' | 'createdAt'> {
  const problems = new Problems()
  const title = input.title?.trim() ?? ''
  if (!title) problems.add('title', 'Give the guidance a title, for example “Our compensation policy 2027”')
  const source = input.source?.trim() ?? ''
  if (!source)
    problems.add('source', 'Code 7.4: say where the bands come from, so anyone can check them', '7.4')
  const effectiveFrom = input.effectiveFrom?.trim() ?? ''
  if (!isCalendarDate(effectiveFrom))
    problems.add('effectiveFrom', 'Give the date the bands take effect from, as a real date')
  const bands: Band[] = []
  input.bands.forEach((b, i) => {
    const n = i + 1
    const label = b.label?.trim() ?? ''
    const description = b.description?.trim() ?? ''
    if (!label && !description && b.min === undefined && b.max === undefined) return
    if (!label) problems.add(`bands.${i}.label`, `Band ${n}: give it a short name`)
    if (!description) problems.add(`bands.${i}.description`, `Band ${n}: describe when it applies`)
    if (b.min === undefined || !Number.isFinite(b.min) || b.min < 0)
      problems.add(`bands.${i}.min`, `Band ${n}: give its lowest amount in pounds, £0 or more`)
    if (b.max !== undefined && !(Number.isFinite(b.max) && b.min !== undefined && b.max > b.min))
      problems.add(`bands.${i}.max`, `Band ${n}: its highest amount must be more than its lowest`)
    bands.push({ min: b.min ?? 0, max: b.max ?? null, label, description })
  })
  if (!bands.length) problems.add('bands', 'Give at least one band')
  bands.forEach((b, i) => {
    const next = bands[i + 1]
    if (!next) return
    if (b.max === null)
      problems.add(`bands.${i}.max`, `Band ${i + 1}: only the last band can have no upper limit`)
    else if (next.min < b.max)
      problems.add(
        `bands.${i + 1}.min`,
        `Band ${i + 2}: it starts at ${money(next.min)}, inside band ${i + 1}; list the bands lowest first, without overlaps`,
      )
  })
  problems.throwIfAny()
  return {
    title,
    source,
    effectiveFrom: effectiveFrom as CalendarDate,
    note: input.note?.trim() || null,
    bands,
  }
}
