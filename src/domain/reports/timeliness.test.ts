import { describe, expect, it } from 'vitest'
import {
  datedHistory,
  definition,
  historyOf,
  received,
  response,
  steps,
} from '../../../test/complaintHistories.js'
import { WorkingDayCalendar } from '../calendar/workingDayCalendar.js'
import type { ComplaintEventData } from '../complaints/events.js'
import { defaultPolicy } from '../policy/timescales.js'
import { countFacts, type ReportFact } from './factCounts.js'
import { reportFacts } from './facts.js'
import {
  type DeadlineResult,
  deadlineResult,
  describeTimeliness,
  type ReadResult,
  resultOn,
  type Timeliness,
  timelinessOf,
} from './timeliness.js'

/**
 * The one timeliness rule, on complaints whose answers are worked out by hand below. No bank
 * holidays: March 2026's working days are Mondays to Fridays. Every complaint is received on
 * Monday 2 March, so its stage 1 acknowledgement is due Monday 9 March (5 working days), and a
 * complaint acknowledged on Tuesday 3 March owes its stage 1 response on Tuesday 17 March (10).
 */
const calendar = new WorkingDayCalendar({
  firstDate: '2025-01-01',
  lastDate: '2027-12-31',
  holidays: [],
  closures: [],
})
const ack = (stage: 1 | 2 = 1): ComplaintEventData => ({
  type: 'complaint.acknowledged',
  stage,
  handlerId: 'handler-a',
  definition,
})
const late = { recordedLate: { reason: 'Posted on the 3rd, typed in on the 9th', workingDays: 4 } }
const mon2 = '2026-03-02T09:15:00Z'

const complaints = [
  // A: acknowledged Wed 4 (on time), answered Fri 13 (on time; due Tue 17).
  datedHistory('A', [
    [mon2, received],
    ['2026-03-04T10:00:00Z', ack()],
    ['2026-03-13T10:00:00Z', response(1)],
  ]),
  // B: never acknowledged: due Mon 9, still overdue on the 31st.
  datedHistory('B', [[mon2, received]]),
  // C: acknowledged Wed 11 (late); response due Wed 25, extended by 2 on Fri 20 to Fri 27, sent
  // Thu 26: in time only thanks to the extension.
  datedHistory('C', [
    [mon2, received],
    ['2026-03-11T10:00:00Z', ack()],
    ['2026-03-20T10:00:00Z', { type: 'complaint.extended', stage: 1, workingDays: 2, reason: 'Survey' }],
    ['2026-03-26T10:00:00Z', response(1)],
  ]),
  // D: withdrawn Wed 4, before its acknowledgement fell due: stopped, left out.
  datedHistory('D', [
    [mon2, received],
    ['2026-03-04T10:00:00Z', { type: 'complaint.withdrawn', how: 'phone' }],
  ]),
  // E: acknowledged Tue 3 (on time); response due Tue 17; withdrawn Fri 27, after it fell due: never met.
  datedHistory('E', [
    [mon2, received],
    ['2026-03-03T10:00:00Z', ack()],
    ['2026-03-27T10:00:00Z', { type: 'complaint.withdrawn', how: 'phone' }],
  ]),
  // F: acknowledged Tue 3 but recorded late; answered Fri 20, late (due Tue 17), then closed.
  datedHistory('F', [
    [mon2, received],
    ['2026-03-03T10:00:00Z', ack(), late],
    ['2026-03-20T10:00:00Z', response(1)],
    ['2026-03-23T10:00:00Z', { type: 'complaint.closed' }],
  ]),
  // G: refused Tue 3, before acknowledgement: stopped, left out.
  datedHistory('G', [
    [mon2, received],
    [
      '2026-03-03T10:00:00Z',
      {
        type: 'complaint.refused',
        stage: 1,
        refusing: 'complaint',
        reason: 'legal_proceedings',
        explanation: 'x',
      },
    ],
  ]),
  // H: acknowledged Tue 3; response due Tue 17, still not sent on the 31st: overdue.
  datedHistory('H', [
    [mon2, received],
    ['2026-03-03T10:00:00Z', ack()],
  ]),
]

const facts: ReportFact[] = complaints.flatMap((c) =>
  reportFacts(c, () => defaultPolicy, calendar, '2026-03-31'),
)
const march = { from: '2026-03-01', to: '2026-03-31' }

describe('timeliness: every deadline that fell due, counted once, in the period it fell due', () => {
  it('counts stage 1 acknowledgements on time, late, overdue and stopped (Code 6.2)', () => {
    const t = timelinessOf(countFacts(facts, march, '2026-03-31'), 'clock', 'acknowledgement', 'Acknowledged')
    // Fell due (all on Mon 9): A, E, F, H on time; C late; B still overdue. D and G stopped before it.
    expect(t).toMatchObject({
      onTime: 4,
      onTimeByExtension: 0,
      late: 1,
      overdue: 1,
      notMet: 0,
      stopped: 2,
      fellDue: 6,
      recordedLate: 1,
      percentInTime: 66.7,
      percentInTimeWithoutExtensions: 66.7,
    })
    expect(describeTimeliness(t)).toBe(
      '66.7% in time (4 of 6 that fell due); 1 late, 1 still overdue; 2 stopped by withdrawal or refusal before falling due (left out of the share); of which recorded more than 2 working days later: 1',
    )
  })

  it('counts stage 1 responses, with and without extensions (Code 6.3, 6.4)', () => {
    const t = timelinessOf(countFacts(facts, march, '2026-03-31'), 'clock', 'stage1Response', 'Responded')
    // Fell due: A (17th) on time; C (27th, extended) on time only thanks to the extension;
    // F (17th) late; E (17th) never met (withdrawn after); H (17th) still overdue. 2 of 5.
    expect(t).toMatchObject({
      onTime: 2,
      onTimeByExtension: 1,
      late: 1,
      overdue: 1,
      notMet: 1,
      stopped: 0,
      fellDue: 5,
      percentInTime: 40,
      percentInTimeWithoutExtensions: 20,
    })
  })

  it('does not count a deadline that has not yet fallen due, and reads it as overdue the day after', () => {
    // On Mon 9 March B's acknowledgement is due that day: not yet missed, not counted.
    const onTheDay = timelinessOf(countFacts(facts, march, '2026-03-09'), 'clock', 'acknowledgement', 'x')
    expect(onTheDay).toMatchObject({ overdue: 0, fellDue: 5 })
    const dayAfter = timelinessOf(countFacts(facts, march, '2026-03-10'), 'clock', 'acknowledgement', 'x')
    expect(dayAfter).toMatchObject({ overdue: 1, fellDue: 6 })
  })

  it('puts a deadline in the period it fell due, not the one it was met in', () => {
    // C's response fell due on Fri 27 March: nothing of it in April, though nothing is open.
    const april = timelinessOf(
      countFacts(facts, { from: '2026-04-01', to: '2026-04-30' }, '2026-04-30'),
      'clock',
      'stage1Response',
      'x',
    )
    expect(april.fellDue).toBe(0)
    expect(describeTimeliness(april)).toBe('none fell due in the period')
  })

  it('does not let a withdrawal dated back past a missed deadline stop it', () => {
    // Acknowledged Tue 3; response due Tue 17. On Thu 19 a withdrawal is recorded as made on Mon
    // 16, the day before: the deadline had already been missed when it was recorded.
    const backDated = datedHistory('I', [
      [mon2, received],
      ['2026-03-03T10:00:00Z', ack()],
      [
        '2026-03-16T10:00:00Z',
        { type: 'complaint.withdrawn', how: 'phone' },
        { recordedLate: { reason: 'Forgot', workingDays: 3 } },
      ],
    ])
    const recordedOnThe19th = {
      ...backDated,
      events: backDated.events.map((e) =>
        e.type === 'complaint.withdrawn' ? { ...e, recordedAt: new Date('2026-03-19T10:00:00Z') } : e,
      ),
    }
    const t = timelinessOf(
      countFacts(
        reportFacts(recordedOnThe19th, () => defaultPolicy, calendar, '2026-03-31'),
        march,
        '2026-03-31',
      ),
      'clock',
      'stage1Response',
      'x',
    )
    expect(t).toMatchObject({ stopped: 0, notMet: 1, fellDue: 1, recordedLate: 1, percentInTime: 0 })
  })
})

describe('what one deadline came to, and how it reads on a day', () => {
  it.each<[DeadlineResult, string, ReadResult]>([
    ['on_time', '2026-03-31', 'on_time'],
    ['late', '2026-03-31', 'late'],
    ['not_met', '2026-03-31', 'not_met'],
    ['stopped', '2026-03-31', 'stopped'],
    // Open: not yet due on its day, overdue from the day after.
    ['open', '2026-03-08', 'not_due'],
    ['open', '2026-03-09', 'not_due'],
    ['open', '2026-03-10', 'overdue'],
  ])('%s, due 9 March, read on %s: %s', (result, today, read) => {
    expect(resultOn(result, '2026-03-09', today as '2026-03-09')).toBe(read)
  })

  const withdrawn = (at: string, recordedAt = at) => {
    const c = datedHistory('w', [
      [mon2, received],
      [at, { type: 'complaint.withdrawn', how: 'phone' }],
    ])
    return { ...c, events: c.events.map((e) => ({ ...e, recordedAt: new Date(recordedAt) })) }
  }
  const closed = historyOf(steps.closed)
  type Case = Parameters<typeof deadlineResult>[1]
  type Status = Parameters<typeof deadlineResult>[0]['status']
  it.each<[string, Status, Case, DeadlineResult]>([
    ['met by its day', 'met', closed, 'on_time'],
    ['met after it', 'met_late', closed, 'late'],
    ['not yet due', 'due', closed, 'open'],
    ['past its day and not met', 'overdue', closed, 'open'],
    ['closed without it', 'stopped', closed, 'not_met'],
    ['withdrawn before its day', 'stopped', withdrawn('2026-03-04T10:00:00Z'), 'stopped'],
    ['withdrawn on its day', 'stopped', withdrawn('2026-03-09T10:00:00Z'), 'stopped'],
    ['withdrawn after its day', 'stopped', withdrawn('2026-03-10T10:00:00Z'), 'not_met'],
    [
      'withdrawn before its day but recorded after it',
      'stopped',
      withdrawn('2026-03-04T10:00:00Z', '2026-03-12T10:00:00Z'),
      'not_met',
    ],
  ])('%s: %s', (_what, status, c, expected) => {
    expect(deadlineResult({ status, due: '2026-03-09' }, c)).toBe(expected)
  })
})

describe('the figure in words', () => {
  const t = (more: Partial<Timeliness>): Timeliness => ({
    key: 'k',
    label: 'l',
    onTime: 0,
    onTimeByExtension: 0,
    late: 0,
    overdue: 0,
    notMet: 0,
    stopped: 0,
    fellDue: 0,
    recordedLate: 0,
    percentInTime: null,
    percentInTimeWithoutExtensions: null,
    ...more,
  })
  it.each<[string, Timeliness, number | undefined, string]>([
    ['nothing due', t({}), undefined, 'none fell due in the period'],
    [
      'all on time',
      t({ onTime: 3, fellDue: 3, percentInTime: 100 }),
      undefined,
      '100% in time (3 of 3 that fell due)',
    ],
    [
      'every kind of miss, an extension, a stop and a late record',
      t({
        onTime: 10,
        onTimeByExtension: 2,
        late: 1,
        overdue: 1,
        notMet: 1,
        stopped: 2,
        fellDue: 13,
        recordedLate: 1,
        percentInTime: 76.9,
        percentInTimeWithoutExtensions: 61.5,
      }),
      3,
      '76.9% in time (10 of 13 that fell due); 1 late, 1 still overdue, 1 never met; 2 in time only thanks to an extension (61.5% in time without extensions); 2 stopped by withdrawal or refusal before falling due (left out of the share); of which recorded more than 3 working days later: 1',
    ],
  ])('%s', (_what, figure, tolerance, words) => {
    expect(describeTimeliness(figure, tolerance)).toBe(words)
  })
})
