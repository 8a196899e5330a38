import { describe, expect, it } from 'vitest'
import { holidaysForRange } from '../calendar/bankHolidays.js'
import { shippedBankHolidays } from '../calendar/shippedHolidays.js'
import { WorkingDayCalendar } from '../calendar/workingDayCalendar.js'
import { WorkflowError } from '../rules.js'

import { hazardClocks, runningHazardClocks } from './clocks.js'
import {
  availableHazardActions,
  decideDecant,
  decideFurtherDeferred,
  decideFurtherStarted,
  decideIdentify,
  decideInvestigation,
  decideMadeSafe,
  decideMaterialChange,
  decideReclassify,
  decideSafetyWork,
  decideSummarySent,
} from './decisions.js'
import { foldHazard, type Hazard, type HazardEvent, type HazardEventData } from './hazard.js'

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
/** The hazard with one more event, recorded at `recordedAt` (what a decision recorded late is judged by). */
const then = (h: Hazard, d: HazardEventData, recordedAt = new Date(0)): Hazard =>
  foldHazard('h1', [...h.events, { ...d, seq: h.events.length + 1, at: recordedAt, by: null }])
/** Who decided, when and on what: every decision on a report records them. */
const decidedAt = (when: Date) => ({
  decidedBy: 'Sam Patel, repairs surveyor',
  decidedAt: when,
  basis: 'The resident’s photos and call',
})
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
        ...decidedAt(at('2026-12-18T10:00:00Z')),
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
    // Decided the day after the investigation, well within the 5 working days to Tue 12 Jan.
    const deferred = then(
      investigated,
      decideFurtherDeferred(investigated, { reason: 'Needs a new roof membrane' }),
      at('2027-01-06T09:00:00Z'),
    )
    const further = clocksAt(deferred, '2027-01-06T09:00:00Z').find((c) => c.key === 'further')
    expect(further).toMatchObject({
      due: { on: '2027-03-30' },
      rule: 'physically start within 12 weeks of the investigation ending',
    })
    expect(further?.explanation).toContain(
      '12 weeks (not reasonably practicable within 5 working days, decided Wed 6 Jan 2027, within the 5 working days to Tue 12 Jan 2027: Needs a new roof membrane)',
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
      {
        kind: 'emergency',
        awareAt: aware,
        description: 'Exposed live wiring after a leak',
        ...decidedAt(aware),
      },
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
        ['awareAt', 'Awaab’s Law'],
        ['description', 'Awaab’s Law'],
        ['kind', 'Awaab’s Law'],
        ['decidedBy', 'Awaab’s Law'],
        ['decidedAt', 'Awaab’s Law'],
        ['basis', 'Awaab’s Law'],
      ])
    }
  })
  it('refuses an investigation ending before the landlord knew, or a second one', () => {
    const h = hazard(
      decideIdentify(
        'c1',
        { kind: 'damp_and_mould', awareAt: now, description: 'Mould', ...decidedAt(now) },
        { now },
      ),
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

describe('the clocks say what the Regulations say, and cannot be talked down', () => {
  // Easter 2027: Good Friday 26 March, Easter Monday 29 March.
  const aware = at('2027-03-27T23:30:00Z')
  const emergency = hazard(
    decideIdentify(
      'c1',
      {
        kind: 'emergency',
        awareAt: aware,
        description: 'Ceiling down over the fuse box',
        ...decidedAt(aware),
      },
      { now: aware },
    ),
  )
  const begun = then(
    emergency,
    decideSafetyWork(
      emergency,
      { at: at('2027-03-28T01:00:00Z'), what: 'Electrician on site' },
      { now: at('2027-03-28T01:00:00Z') },
    ),
  )
  const safety = (h: Hazard, now: string) => clocksAt(h, now).find((c) => c.key === 'safety')

  it('an emergency is made safe within 24 hours only when the safety work is completed, not when it begins', () => {
    expect(safety(begun, '2027-03-28T22:30:00Z')).toMatchObject({ status: 'due', left: '1 hour left' })
    const late = then(
      begun,
      decideMadeSafe(
        begun,
        { at: at('2027-03-29T02:00:00Z'), what: 'Circuit isolated, ceiling propped' },
        { now: at('2027-03-29T02:00:00Z') },
      ),
    )
    expect(safety(late, '2027-03-29T03:00:00Z')).toMatchObject({
      status: 'met_late',
      metAt: at('2027-03-29T02:00:00Z'),
    })
    const inTime = then(
      begun,
      decideMadeSafe(
        begun,
        { at: at('2027-03-28T20:00:00Z'), what: 'Circuit isolated' },
        { now: at('2027-03-28T20:00:00Z') },
      ),
    )
    expect(safety(inTime, '2027-03-29T03:00:00Z')?.status).toBe('met')
    // Completion cannot come before the work began.
    expect(() =>
      decideMadeSafe(
        begun,
        { at: at('2027-03-28T00:30:00Z'), what: 'x' },
        { now: at('2027-03-28T20:00:00Z') },
      ),
    ).toThrow(/cannot be before the safety work began/)
  })

  it('a household moved out after the 24 hours ran out leaves both duties not met, and no longer running', () => {
    const moved = then(
      emergency,
      decideDecant(
        emergency,
        { at: at('2027-03-29T06:00:00Z'), where: 'Hotel' },
        { now: at('2027-03-29T06:00:00Z') },
      ),
    )
    const clocks = clocksAt(moved, '2027-03-29T09:00:00Z')
    expect(clocks.map((c) => [c.key, c.status])).toEqual([
      ['investigate', 'missed'],
      ['safety', 'missed'],
    ])
    expect(clocks[0]?.missedBecause).toBe(
      'the household moved out (Hotel) Mon 29 Mar 2027 at 07:00, after the time had run out',
    )
    expect(runningHazardClocks(clocks)).toEqual([])
  })

  it('classing an emergency as damp and mould after its 24 hours ran out keeps both duties on the record, not met', () => {
    const reclassified = then(
      emergency,
      decideReclassify(
        emergency,
        {
          kind: 'damp_and_mould',
          reason: 'Surveyor found it is a leak-driven mould problem, not an electrical danger',
          ...decidedAt(at('2027-03-30T09:00:00Z')),
        },
        { now: at('2027-03-30T10:00:00Z') },
      ),
      at('2027-03-30T10:00:00Z'),
    )
    const now = '2027-03-30T10:00:00Z'
    expect(
      clocksAt(reclassified, now).map((c) => [
        c.kind,
        c.period,
        c.key,
        c.status,
        'on' in c.due ? c.due.on : '',
      ]),
    ).toEqual([
      ['emergency', 0, 'investigate', 'missed', ''],
      ['emergency', 0, 'safety', 'missed', ''],
      // Ten working days from Sat 27 March, skipping Easter Monday: Mon 12 April.
      ['damp_and_mould', 1, 'investigate', 'due', '2027-04-12'],
    ])
    expect(clocksAt(reclassified, now)[0]).toMatchObject({
      label: 'Investigate (as emergency hazard)',
      earlierAssessment: 'classed as significant damp and mould hazard Tue 30 Mar 2027 at 11:00',
    })
    expect(runningHazardClocks(clocksAt(reclassified, now)).map((c) => [c.kind, c.key])).toEqual([
      ['damp_and_mould', 'investigate'],
    ])
    // Investigated later: the emergency's investigation was met late; it was never made safe.
    const investigated = then(
      reclassified,
      decideInvestigation(
        reclassified,
        { endedAt: at('2027-04-01T10:00:00Z'), hazardFound: true, findings: 'Mould behind the units' },
        { now: at('2027-04-01T10:00:00Z') },
      ),
    )
    expect(
      clocksAt(investigated, '2027-04-01T10:00:00Z')
        .filter((c) => c.key === 'investigate' || c.period === 0)
        .map((c) => [c.kind, c.key, c.status]),
    ).toEqual([
      ['emergency', 'investigate', 'met_late'],
      ['emergency', 'safety', 'missed'],
      ['damp_and_mould', 'investigate', 'met'],
    ])
  })

  it('classing it differently before its time ran out owes only the new kind’s duties', () => {
    const early = then(
      emergency,
      decideReclassify(
        emergency,
        {
          kind: 'damp_and_mould',
          reason: 'Not an electrical danger',
          ...decidedAt(at('2027-03-28T04:00:00Z')),
        },
        { now: at('2027-03-28T05:00:00Z') },
      ),
      at('2027-03-28T05:00:00Z'),
    )
    expect(clocksAt(early, '2027-03-30T10:00:00Z').map((c) => [c.kind, c.key])).toEqual([
      ['damp_and_mould', 'investigate'],
    ])
  })

  it('further works decided not practicable after the 5 working days leave that duty missed, and the 12 weeks still run', () => {
    const found = hazard(
      decideIdentify(
        'c1',
        {
          kind: 'damp_and_mould',
          awareAt: at('2026-12-18T10:00:00Z'),
          description: 'Black mould in the bedroom',
          ...decidedAt(at('2026-12-18T10:00:00Z')),
        },
        { now: at('2026-12-18T10:00:00Z') },
      ),
    )
    const investigated = then(
      found,
      decideInvestigation(
        found,
        {
          endedAt: at('2027-01-05T15:00:00Z'),
          hazardFound: true,
          findings: 'Mould',
          furtherWorksNeeded: true,
        },
        { now: at('2027-01-05T15:00:00Z') },
      ),
    )
    // The 5 working days ran to the end of Tue 12 January; the decision is recorded on Wed 13th.
    const late = then(
      investigated,
      decideFurtherDeferred(investigated, { reason: 'Scaffold needed' }),
      at('2027-01-13T09:00:00Z'),
    )
    const clocks = clocksAt(late, '2027-01-13T10:00:00Z').filter((c) => c.key.startsWith('further'))
    expect(clocks.map((c) => [c.key, 'on' in c.due ? c.due.on : '', c.status])).toEqual([
      ['further', '2027-01-12', 'missed'],
      ['further_weeks', '2027-03-30', 'due'],
    ])
    expect(clocks[0]?.missedBecause).toContain('decided not reasonably practicable Wed 13 Jan 2027')
    expect(clocks[1]?.explanation).toContain('after the 5 working days ran out on Tue 12 Jan 2027')
    const started = then(
      late,
      decideFurtherStarted(
        late,
        { at: at('2027-02-01T10:00:00Z'), what: 'Roof membrane' },
        { now: at('2027-02-01T10:00:00Z') },
      ),
    )
    expect(
      clocksAt(started, '2027-02-01T10:00:00Z')
        .filter((c) => c.key.startsWith('further'))
        .map((c) => [c.key, c.status]),
    ).toEqual([
      ['further', 'met_late'],
      ['further_weeks', 'met'],
    ])
  })
})

describe('the landlord’s decision on a report, and a material change', () => {
  const now = at('2027-01-04T12:00:00Z')
  const report = {
    kind: 'not_a_hazard',
    awareAt: at('2026-12-01T10:00:00Z'),
    description: 'Condensation on windows in the morning',
    ...decidedAt(at('2026-12-01T15:00:00Z')),
  }

  it('“not a hazard” needs its reasons, and starts no clock', () => {
    try {
      decideIdentify('c1', report, { now })
      expect.unreachable()
    } catch (e) {
      expect((e as WorkflowError).problems.map((p) => [p.field, p.message])).toEqual([
        ['reasons', 'Awaab’s Law: give the reasons the report is not a hazard'],
      ])
    }
    const kept = hazard(
      decideIdentify('c1', { ...report, reasons: 'No mould; ventilation advice given' }, { now }),
    )
    expect(clocksAt(kept, '2027-01-04T12:00:00Z')).toEqual([])
    expect(kept.decisions).toMatchObject([
      {
        kind: 'not_a_hazard',
        decidedBy: 'Sam Patel, repairs surveyor',
        basis: 'The resident’s photos and call',
        reasons: 'No mould; ventilation advice given',
        because: 'first',
      },
    ])
    expect(availableHazardActions(kept)).toEqual(['reclassify', 'materialChange'])
  })

  it('a decision may not be made before the landlord knew of the report', () => {
    expect(() =>
      decideIdentify('c1', { ...report, reasons: 'x', ...decidedAt(at('2026-11-30T10:00:00Z')) }, { now }),
    ).toThrow(/cannot be before the landlord became aware of the report/)
  })

  it('a material change re-opens the assessment: a hazard’s clocks then run from when the change was reported', () => {
    const kept = hazard(decideIdentify('c1', { ...report, reasons: 'No mould' }, { now }))
    const changed = then(
      kept,
      decideMaterialChange(
        kept,
        {
          reportedAt: at('2027-01-04T09:00:00Z'),
          change: 'Mould now on the baby’s cot wall',
          kind: 'damp_and_mould',
          ...decidedAt(at('2027-01-04T11:00:00Z')),
        },
        { now },
      ),
      now,
    )
    expect(changed.kind).toBe('damp_and_mould')
    expect(changed.decisions.map((d) => [d.because, d.kind])).toEqual([
      ['first', 'not_a_hazard'],
      ['material_change', 'damp_and_mould'],
    ])
    // Ten working days from Mon 4 January 2027: Mon 18 January.
    expect(clocksAt(changed, '2027-01-04T12:00:00Z').map((c) => [c.period, c.key, c.due])).toEqual([
      [1, 'investigate', { on: '2027-01-18' }],
    ])
    // While a hazard's duties run, a material change is not the way to change the assessment.
    expect(() =>
      decideMaterialChange(
        changed,
        { reportedAt: now, change: 'x', kind: 'not_a_hazard', reasons: 'x', ...decidedAt(now) },
        { now },
      ),
    ).toThrow(WorkflowError)
  })
})
