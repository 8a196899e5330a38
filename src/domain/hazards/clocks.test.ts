import { describe, expect, it } from 'vitest'
import { holidaysForRange } from '../calendar/bankHolidays.js'
import { shippedBankHolidays } from '../calendar/shippedHolidays.js'
import { WorkingDayCalendar } from '../calendar/workingDayCalendar.js'
import { WorkflowError } from '../rules.js'

import { hazardClocks, runningHazardClocks } from './clocks.js'
import {
  decideDecant,
  decideFurtherDeferred,
  decideFurtherStarted,
  decideIdentify,
  decideInvestigation,
  decideSafetyWork,
  decideSummarySent,
  foldHazard,
  type Hazard,
  type HazardEvent,
  type HazardEventData,
} from './hazard.js'

const calendar = new WorkingDayCalendar({
  firstDate: '2019-01-01',
  lastDate: '2035-12-31',
  holidays: holidaysForRange(shippedBankHolidays().holidays, 2019, 2035),
  closures: [],
})

const at = (iso: string) => new Date(iso)

function hazard(...data: HazardEventData[]): Hazard {
  const events: HazardEvent[] = data.map((d, i) => ({ ...d, seq: i + 1, at: new Date(0), by: null }))
  return foldHazard('h1', events)
}
const then = (h: Hazard, d: HazardEventData) =>
  hazard(...h.events.map(({ seq, at, by, ...e }) => e as HazardEventData), d)
const clocksAt = (h: Hazard, now: string) => hazardClocks(h, { calendar, now: at(now) })
const brief = (h: Hazard, now: string) =>
  clocksAt(h, now).map((c) => ({
    key: c.key,
    due: 'at' in c.due ? c.due.at.toISOString() : c.due.on,
    status: c.status,
    ...(c.left ? { left: c.left } : {}),
  }))

describe('a significant damp and mould hazard', () => {
  // Aware on Friday 18 December 2026: ten working days skip Christmas, the substitute Boxing Day and New Year's Day.
  const found = hazard(
    decideIdentify(
      'c1',
      {
        kind: 'damp_and_mould',
        awareAt: at('2026-12-18T10:00:00Z'),
        description: 'Black mould in the bedroom',
      },
      { now: at('2026-12-18T10:00:00Z') },
    ),
  )

  it('is investigated within 10 working days of the landlord becoming aware, explained day by day', () => {
    const [investigate] = clocksAt(found, '2026-12-21T09:00:00Z')
    expect(investigate).toMatchObject({
      key: 'investigate',
      due: { on: '2027-01-06' },
      status: 'due',
      left: '9 working days left',
    })
    expect(investigate?.explanation).toBe(
      'aware Fri 18 Dec 2026; 10 working days, skipping Sat 19–Sun 20, Fri 25 (Christmas Day), Sat 26–Sun 27, Mon 28 (Boxing Day, substitute), Fri 1 Jan 2027 (New Year’s Day), Sat 2–Sun 3 → Wed 6 Jan 2027',
    )
    expect(clocksAt(found, '2027-01-07T09:00:00Z')[0]).toMatchObject({
      status: 'overdue',
      left: '1 working day overdue',
    })
  })

  it('then owes a written summary in 3 working days, safety work and further works within 5, or 12 weeks when not practicable', () => {
    const investigated = then(
      found,
      decideInvestigation(
        found,
        {
          endedAt: at('2027-01-05T15:00:00Z'),
          hazardFound: true,
          findings: 'Condensation mould; failed extractor',
          furtherWorksNeeded: true,
        },
        { now: at('2027-01-05T15:00:00Z') },
      ),
    )
    expect(brief(investigated, '2027-01-06T09:00:00Z')).toEqual([
      { key: 'investigate', due: '2027-01-06', status: 'met' },
      { key: 'summary', due: '2027-01-08', status: 'due', left: '2 working days left' },
      { key: 'safety', due: '2027-01-12', status: 'due', left: '4 working days left' },
      { key: 'further', due: '2027-01-12', status: 'due', left: '4 working days left' },
    ])
    const deferred = then(
      investigated,
      decideFurtherDeferred(investigated, { reason: 'Needs a new roof membrane' }),
    )
    const further = clocksAt(deferred, '2027-01-06T09:00:00Z').find((c) => c.key === 'further')
    expect(further).toMatchObject({
      due: { on: '2027-03-30' },
      rule: 'physically start within 12 weeks of the investigation ending',
    })
    expect(further?.explanation).toContain(
      '12 weeks (not reasonably practicable within 5 working days: Needs a new roof membrane)',
    )
    const summarised = then(
      deferred,
      decideSummarySent(
        deferred,
        { sentAt: at('2027-01-11T10:00:00Z'), how: 'letter' },
        { now: at('2027-01-11T10:00:00Z') },
      ),
    )
    expect(clocksAt(summarised, '2027-01-11T10:00:00Z').find((c) => c.key === 'summary')).toMatchObject({
      status: 'met_late',
    })
    expect(runningHazardClocks(clocksAt(summarised, '2027-01-11T10:00:00Z')).map((c) => c.key)).toEqual([
      'safety',
      'further',
    ])
  })

  it('owes no safety work or further works when the investigation finds no hazard', () => {
    const none = then(
      found,
      decideInvestigation(
        found,
        { endedAt: at('2026-12-22T12:00:00Z'), hazardFound: false, findings: 'Surface staining only' },
        { now: at('2026-12-22T12:00:00Z') },
      ),
    )
    expect(brief(none, '2026-12-22T12:00:00Z').map((c) => c.key)).toEqual(['investigate', 'summary'])
    expect(() =>
      decideSafetyWork(
        none,
        { at: at('2026-12-22T13:00:00Z'), what: 'x' },
        { now: at('2026-12-23T00:00:00Z') },
      ),
    ).toThrow(/found no hazard/)
    expect(() =>
      decideFurtherStarted(
        none,
        { at: at('2026-12-22T13:00:00Z'), what: 'x' },
        { now: at('2026-12-23T00:00:00Z') },
      ),
    ).toThrow(/did not find further/)
  })
})

describe('an emergency hazard', () => {
  // Aware late on Saturday 27 March 2027: the clocks go forward overnight, so 24 hours later is 00:30 BST on Monday.
  const aware = at('2027-03-27T23:30:00Z')
  const found = hazard(
    decideIdentify(
      'c1',
      { kind: 'emergency', awareAt: aware, description: 'Exposed live wiring after a leak' },
      { now: aware },
    ),
  )

  it('is investigated and made safe within 24 hours, to the minute', () => {
    expect(brief(found, '2027-03-28T22:30:00Z')).toEqual([
      { key: 'investigate', due: '2027-03-28T23:30:00.000Z', status: 'due', left: '1 hour left' },
      { key: 'safety', due: '2027-03-28T23:30:00.000Z', status: 'due', left: '1 hour left' },
    ])
    const [investigate] = clocksAt(found, '2027-03-29T00:45:00Z')
    expect(investigate).toMatchObject({ status: 'overdue', left: '1 hour 15 minutes overdue' })
    expect(investigate?.explanation).toBe(
      'aware Sat 27 Mar 2027 at 23:30; 24 hours → Mon 29 Mar 2027 at 00:30',
    )
  })

  it('stops both 24-hour clocks when the household is moved out', () => {
    const moved = then(
      found,
      decideDecant(
        found,
        { at: at('2027-03-28T04:00:00Z'), where: 'Hotel, Station Road' },
        { now: at('2027-03-28T04:00:00Z') },
      ),
    )
    expect(clocksAt(moved, '2027-03-29T09:00:00Z').map((c) => [c.key, c.status, c.stoppedBecause])).toEqual([
      ['investigate', 'stopped', 'the household moved out (Hotel, Station Road)'],
      ['safety', 'stopped', 'the household moved out (Hotel, Station Road)'],
    ])
  })

  it('counts the written summary in working days from the day the investigation ended, skipping Easter Monday', () => {
    const ended = then(
      found,
      decideInvestigation(
        found,
        {
          endedAt: at('2027-03-28T02:30:00Z'),
          hazardFound: false,
          findings: 'Wiring isolated; no hazard remains',
        },
        { now: at('2027-03-28T03:00:00Z') },
      ),
    )
    expect(brief(ended, '2027-03-28T03:00:00Z')).toEqual([
      { key: 'investigate', due: '2027-03-28T23:30:00.000Z', status: 'met' },
      { key: 'safety', due: '2027-03-28T23:30:00.000Z', status: 'stopped' },
      { key: 'summary', due: '2027-04-01', status: 'due', left: '3 working days left' },
    ])
  })
})

describe('recording a hazard refuses what cannot be so, naming Awaab’s Law', () => {
  const now = at('2026-03-02T09:00:00Z')
  it('needs a kind, a time not in the future and a description, all at once', () => {
    try {
      decideIdentify('c1', { kind: 'gas', awareAt: at('2026-03-09T09:00:00Z'), description: ' ' }, { now })
      expect.unreachable()
    } catch (e) {
      expect(e).toBeInstanceOf(WorkflowError)
      expect((e as WorkflowError).problems.map((p) => [p.field, p.provision])).toEqual([
        ['kind', 'Awaab’s Law'],
        ['awareAt', 'Awaab’s Law'],
        ['description', 'Awaab’s Law'],
      ])
    }
  })
  it('refuses an investigation ending before the landlord knew, or a second one', () => {
    const h = hazard(
      decideIdentify('c1', { kind: 'damp_and_mould', awareAt: now, description: 'Mould' }, { now }),
    )
    expect(() =>
      decideInvestigation(
        h,
        { endedAt: at('2026-03-01T09:00:00Z'), hazardFound: true, findings: 'x' },
        { now },
      ),
    ).toThrow(/cannot be before the landlord became aware/)
    const done = then(
      h,
      decideInvestigation(h, { endedAt: now, hazardFound: true, findings: 'Mould' }, { now }),
    )
    expect(() =>
      decideInvestigation(done, { endedAt: now, hazardFound: true, findings: 'x' }, { now }),
    ).toThrow(/already been recorded/)
    expect(() => decideSafetyWork(h, { at: now, what: 'x' }, { now })).toThrow(
      /within 5 working days of the investigation/,
    )
  })
})
