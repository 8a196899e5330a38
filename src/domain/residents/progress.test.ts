import { describe, expect, it } from 'vitest'
import {
  acknowledged,
  datedHistory,
  plainCalendar,
  received,
  tenAm,
} from '../../../test/complaintHistories.js'
import type { CalendarDate } from '../calendar/calendarDate.js'
import { complaintDeadlines, residentUpdateDue } from '../complaints/deadlines.js'
import type { ComplaintEventData } from '../complaints/events.js'
import { complaintStates } from '../complaints/vocabulary.js'
import { defaultPolicy } from '../policy/timescales.js'
import { nextContact, promisedActions, residentStateWords, whatHappensNext } from './progress.js'

/**
 * Worked by hand on a calendar with no bank holidays: received Monday 2 March 2026, so the
 * acknowledgement is due Monday 9 March; acknowledged Tuesday 3 March, the response is due
 * Tuesday 17 March, and an update every 5 working days first falls due Tuesday 10 March.
 */
const calendar = plainCalendar
const at = tenAm
const ack = acknowledged
const history = (...after: [string, ComplaintEventData][]) =>
  datedHistory('x', [[at('2026-03-02'), received], ...after])

describe('the next time the resident hears from us (Code 5.9, 6.2, 6.3)', () => {
  const respond = 'We will send you our response'
  const update = 'We will give you an update on progress'
  it.each<
    [
      string,
      ReturnType<typeof history>,
      CalendarDate,
      { on: string; what: string; late: boolean } | undefined,
    ]
  >([
    [
      'not yet acknowledged',
      history(),
      '2026-03-05',
      { on: '2026-03-09', what: 'We will confirm we are looking into your complaint', late: false },
    ],
    [
      'the acknowledgement late, and said so',
      history(),
      '2026-03-10',
      { on: '2026-03-09', what: 'We will confirm we are looking into your complaint', late: true },
    ],
    [
      'the response and the update due the same day: the response',
      history([at('2026-03-03'), ack()]),
      '2026-03-04',
      { on: '2026-03-17', what: respond, late: false },
    ],
    [
      'an update before the response',
      history([at('2026-03-03'), ack(5)]),
      '2026-03-04',
      { on: '2026-03-10', what: update, late: false },
    ],
    [
      'the update missed, the response still to come: the response',
      history([at('2026-03-03'), ack(5)]),
      '2026-03-11',
      { on: '2026-03-17', what: respond, late: false },
    ],
    [
      'the next update after one sent',
      history(
        [at('2026-03-03'), ack(5)],
        [at('2026-03-09'), { type: 'complaint.resident_updated', method: 'phone', summary: 'x' }],
      ),
      '2026-03-11',
      { on: '2026-03-16', what: update, late: false },
    ],
    [
      'both late: the response, said to be late',
      history([at('2026-03-03'), ack(5)]),
      '2026-03-18',
      { on: '2026-03-17', what: respond, late: true },
    ],
    [
      'withdrawn: nothing',
      history([at('2026-03-03'), { type: 'complaint.withdrawn', how: 'phone' }]),
      '2026-03-04',
      undefined,
    ],
  ])('%s', (_what, c, today, expected) => {
    expect(
      nextContact(
        complaintDeadlines(c, () => defaultPolicy, calendar, today),
        residentUpdateDue(c, calendar, today),
      ),
    ).toEqual(expected)
  })
})

describe('what was promised in a response, as the resident sees it (Code 6.6, 6.17)', () => {
  const c = history(
    [at('2026-03-03'), ack()],
    [
      at('2026-03-04'),
      {
        type: 'complaint.responded',
        stage: 1,
        decision: 'upheld',
        issueDecisions: [],
        reasons: 'x',
        remedies: [],
        outstandingActions: [
          { id: 'a1', description: 'Fix the window', dueOn: '2026-03-10' },
          { id: 'a2', description: 'Treat the mould', dueOn: '2026-03-20' },
          { id: 'a3', description: 'Replace the door', dueOn: '2026-03-12' },
        ],
      },
    ],
    [at('2026-03-05'), { type: 'complaint.outstanding_action_completed', actionId: 'a1' }],
    [
      at('2026-03-06'),
      {
        type: 'complaint.outstanding_action_rescheduled',
        actionId: 'a3',
        dueOn: '2026-03-27',
        reason: 'Parts on order',
      },
    ],
  )
  it.each<[CalendarDate, string[]]>([
    ['2026-03-20', ['done', 'to_do', 'to_do']],
    ['2026-03-21', ['done', 'late', 'to_do']],
    ['2026-03-28', ['done', 'late', 'late']],
  ])('on %s', (today, statuses) => {
    const actions = promisedActions(c, today)
    expect(actions.map((a) => a.status)).toEqual(statuses)
    expect(actions.map((a) => [a.dueOn, a.movedBecause ?? null])).toEqual([
      ['2026-03-10', null],
      ['2026-03-20', null],
      ['2026-03-27', 'Parts on order'],
    ])
  })
})

describe('what happens next if a complaint is sent today', () => {
  it.each<[CalendarDate, string, string]>([
    ['2026-03-02', '2026-03-09', '2026-03-23'],
    // Sent on a Saturday: the working days start on Monday.
    ['2026-03-07', '2026-03-13', '2026-03-27'],
  ])('sent on %s: acknowledged by %s, answered by %s', (today, acknowledgeBy, respondBy) => {
    expect(whatHappensNext(today, defaultPolicy, calendar)).toMatchObject({
      acknowledgeDays: 5,
      stage1ResponseDays: 10,
      acknowledgeBy,
      respondBy,
    })
  })
})

describe('where a complaint is, in a resident’s words', () => {
  it('has a title and an explanation for every state', () => {
    expect(
      complaintStates.filter((s) => !residentStateWords[s]?.title || !residentStateWords[s]?.text),
    ).toEqual([])
    expect(residentStateWords.stage2_responded.text).toContain('Housing Ombudsman')
  })
})
