import {
  type HazardClockKey,
  type HazardKind,
  hazardClockKeys,
  hazardClockLabels,
  hazardKindLabels,
  hazardKinds,
} from './vocabulary.js'

export type HazardClockCount = {
  kind: string
  clock: string
  due: number
  metInTime: number
  metLate: number
  stopped: number
  notMet: number
  /** Not yet met, and its time not yet up (the period runs on past today). */
  running: number
}

export type HazardDutyFigures = HazardClockCount & {
  label: string
  /** Met in time, of those met or not met (a stopped clock is neither). */
  percentInTime: number | null
}

/**
 * Awaab's Law, reported apart from the Code: each duty's clocks that ran out in a period, met in
 * time, met late, not met and stopped, in the regulations' order (emergency hazards first).
 */
export function hazardDutyFigures(counts: HazardClockCount[]): HazardDutyFigures[] {
  const out: HazardDutyFigures[] = []
  for (const kind of hazardKinds)
    for (const clock of hazardClockKeys) {
      const c = counts.find((x) => x.kind === kind && x.clock === clock)
      if (!c) continue
      const decided = c.metInTime + c.metLate + c.notMet
      out.push({
        ...c,
        label: `${hazardKindLabels[kind as HazardKind]}: ${hazardClockLabels[clock as HazardClockKey].toLowerCase()}`,
        percentInTime: decided ? Math.round((1000 * c.metInTime) / decided) / 10 : null,
      })
    }
  return out
}
