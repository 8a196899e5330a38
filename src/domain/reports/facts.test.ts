import { describe, expect, it } from 'vitest'
import {
  acknowledged,
  datedHistory,
  plainCalendar,
  received,
  tenAm,
} from '../../../test/complaintHistories.js'
import type { ComplaintEventData } from '../complaints/events.js'
import { defaultPolicy } from '../policy/timescales.js'
import type { ReportFact } from './factCounts.js'
import { factsKey, reportFacts } from './facts.js'

/**
 * The facts complaints add, worked out by hand on a calendar with no bank holidays. Every
 * complaint is received on Monday 2 March 2026; the reports are made on Tuesday 31 March.
 */
const calendar = plainCalendar
const at = tenAm
const ack = acknowledged
const responded = (
  remedies: { type: 'apology' | 'financial'; amount?: number }[] = [],
): ComplaintEventData => ({
  type: 'complaint.responded',
  stage: 1,
  decision: 'upheld',
  issueDecisions: [],
  reasons: 'We were slow',
  remedies,
  outstandingActions: [],
})
const late = { recordedLate: { reason: 'Typed in later', workingDays: 4 } }

/** A fact as a row to compare: when, what, and how it counted ('-' for nothing). */
const row = (f: ReportFact) =>
  [
    f.on,
    f.kind,
    f.key || '-',
    f.tenure ?? '-',
    f.counted ? 'counted' : 'not counted',
    f.within === null ? '-' : f.within ? 'within' : 'outside',
    f.result ?? '-',
    f.withExtension ? 'by extension' : '-',
    f.recordedLate ? 'recorded late' : '-',
    f.amount ?? '-',
    f.owedOn ?? '-',
  ].join(' ')
const factsOf = (history: Parameters<typeof datedHistory>[1]) =>
  reportFacts(datedHistory('x', history), () => defaultPolicy, calendar, '2026-03-31')
    .map(row)
    .sort()

describe('the facts one complaint adds to the reports', () => {
  it.each<[string, Parameters<typeof datedHistory>[1], string[]]>([
    [
      /**
       * LCRA, two categories. Acknowledged Wed 4 (ack due Mon 9: on time); updated Fri 13 (due
       * Wed 18, 10 working days after the acknowledgement: on time; the next due Fri 27, after the
       * response, so none missed); extended by 5 on Mon 16, before the Wed 18 it moved; answered
       * Wed 25, the extended date, recorded late: within the timescale only thanks to the
       * extension. An apology (given in the response) and £150, of which £100 paid and £50 set
       * against arrears on Mon 30. Closed Tue 31.
       */
      'answered in time by an extension, with remedies, then closed',
      [
        [
          at('2026-03-02'),
          { ...received, tenure: 'lcra', categories: ['repairs', 'damp'] } as ComplaintEventData,
        ],
        [at('2026-03-04'), ack()],
        [
          at('2026-03-13'),
          { type: 'complaint.resident_updated', method: 'phone', summary: 'Surveyor booked' },
        ],
        [at('2026-03-16'), { type: 'complaint.extended', stage: 1, workingDays: 5, reason: 'Survey' }],
        [at('2026-03-25'), responded([{ type: 'apology' }, { type: 'financial', amount: 150 }]), late],
        [
          at('2026-03-30'),
          {
            type: 'complaint.remedy_done',
            remedyId: '1-2',
            on: '2026-03-30',
            payment: { amount: 100, offsetAgainstArrears: 50, residentAgreedOffset: true },
          },
        ],
        [at('2026-03-31'), { type: 'complaint.closed' }],
      ],
      [
        '2026-03-02 category damp lcra counted - - - - - -',
        '2026-03-02 category repairs lcra counted - - - - - -',
        '2026-03-02 received phone lcra counted - - - - - -',
        '2026-03-09 clock acknowledgement lcra counted within on_time - - - -',
        '2026-03-13 update 1 lcra counted within - - - - -',
        '2026-03-16 extension within_cap lcra counted - - - - - -',
        '2026-03-25 clock stage1Response lcra counted within on_time by extension recorded late - -',
        '2026-03-25 remedy_done apology lcra counted - - - - - -',
        '2026-03-25 remedy_offered apology lcra counted - - - - - -',
        '2026-03-25 remedy_offered financial lcra counted - - - - 150 -',
        '2026-03-25 response 1:upheld lcra counted within - by extension recorded late - 2026-03-25',
        '2026-03-30 arrears_offset financial lcra counted - - - - 50 -',
        '2026-03-30 remedy_done financial lcra counted - - - - 100 -',
        '2026-03-31 closed - lcra counted - - - - - -',
      ],
    ],
    [
      // Refused Tue 3, before its acknowledgement fell due (Mon 9): not counted as received, the
      // acknowledgement stopped; no tenure and no category recorded.
      'refused before acknowledgement',
      [
        [at('2026-03-02'), received],
        [
          at('2026-03-03'),
          {
            type: 'complaint.refused',
            stage: 1,
            refusing: 'complaint',
            reason: 'legal_proceedings',
            explanation: 'Before the court',
          },
        ],
      ],
      [
        '2026-03-02 category uncategorised - counted - - - - - -',
        '2026-03-02 received phone - not counted - - - - - -',
        '2026-03-03 refusal legal_proceedings - counted - - - - - -',
        '2026-03-09 clock acknowledgement - counted - stopped - - - -',
      ],
    ],
    [
      /**
       * Acknowledged Tue 3 with updates every 5 working days: one was due Tue 10 and none was
       * sent before the response on Fri 13, so an update was missed on Tue 10. The response, owed
       * Tue 17 (10 working days from Tue 3), was in time with no extension.
       */
      'answered in time, an update missed on the way',
      [
        [at('2026-03-02'), received],
        [at('2026-03-03'), ack(5)],
        [at('2026-03-13'), responded()],
      ],
      [
        '2026-03-02 category uncategorised - counted - - - - - -',
        '2026-03-02 received phone - counted - - - - - -',
        '2026-03-09 clock acknowledgement - counted within on_time - - - -',
        '2026-03-10 update 1 - counted outside - - - - -',
        '2026-03-13 response 1:upheld - counted within - - - - 2026-03-17',
        '2026-03-17 clock stage1Response - counted within on_time - - - -',
      ],
    ],
    [
      /**
       * Acknowledged late on Wed 11 (due Mon 9) and recorded late; withdrawn Fri 27. The TSM
       * count its response from Mon 9, but it never came. The Code's stage 1 response clock ran
       * from Wed 11 to Wed 25 and had passed before the withdrawal: never met.
       */
      'acknowledged late, then withdrawn after its response fell due',
      [
        [at('2026-03-02'), received],
        [at('2026-03-11'), ack(), late],
        [at('2026-03-27'), { type: 'complaint.withdrawn', how: 'phone' }],
      ],
      [
        '2026-03-02 category uncategorised - counted - - - - - -',
        '2026-03-02 received phone - counted - - - - - -',
        '2026-03-09 clock acknowledgement - counted outside late - recorded late - -',
        '2026-03-25 clock stage1Response - counted outside not_met - - - -',
        '2026-03-27 withdrawn - - counted - - - - - -',
      ],
    ],
  ])('%s', (_what, history, expected) => {
    expect(factsOf(history)).toEqual(expected)
  })

  it('keys the same facts the same way in any order, and differently when one differs', () => {
    const facts = reportFacts(
      datedHistory('x', [
        [at('2026-03-02'), received],
        [at('2026-03-03'), ack()],
      ]),
      () => defaultPolicy,
      calendar,
      '2026-03-31',
    )
    expect(factsKey([...facts].reverse())).toBe(factsKey(facts))
    expect(factsKey(facts.map((f, i) => (i === 0 ? { ...f, counted: !f.counted } : f)))).not.toBe(
      factsKey(facts),
    )
  })
})
