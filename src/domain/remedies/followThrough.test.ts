import { describe, expect, it } from 'vitest'
import {
  ctx,
  definition,
  historyOf,
  provisionsOf,
  response,
  steps,
} from '../../../test/complaintHistories.js'
import { holidaysForRange } from '../calendar/bankHolidays.js'
import { addCalendarDays, type CalendarDate } from '../calendar/calendarDate.js'
import { shippedBankHolidays } from '../calendar/shippedHolidays.js'
import { WorkingDayCalendar } from '../calendar/workingDayCalendar.js'
import { decideRespond } from '../complaints/decisions/considering.js'
import type { ComplaintEventData, Remedy } from '../complaints/events.js'
import { composeLetter } from '../complaints/letters.js'
import type { RemedyType } from '../complaints/vocabulary.js'
import { Problems, WorkflowError } from '../rules.js'

import {
  checkBreakdown,
  decideRemedyAnswer,
  decideRemedyDone,
  outstandingRemedies,
  overdueIfOfferedBefore,
  registerRowsOf,
  remediesOf,
  remedyDue,
  remedyInWords,
  remedyStatusOf,
} from './followThrough.js'
import type { RemedyAnswer, RemedyStatus } from './vocabulary.js'

const calendar = new WorkingDayCalendar({
  firstDate: '2019-01-01',
  lastDate: '2035-12-31',
  holidays: holidaysForRange(shippedBankHolidays().holidays, 2019, 2035),
  // A fortnight's closure over Christmas, as some landlords close: it moves due dates the most.
  closures: Array.from({ length: 14 }, (_, i) => ({
    date: addCalendarDays('2025-12-20', i),
    title: 'Christmas closure',
  })),
})

describe('Code 7.3: a remedy is overdue exactly when it was offered before the day the register counts from', () => {
  it('agrees with the due date worked out for each offer, every day of a year and over Christmas', () => {
    for (let t = 0; t < 400; t += 3) {
      const today = addCalendarDays('2025-06-02', t)
      const cutoff = overdueIfOfferedBefore(today, calendar)
      // Every day an overdue remedy could have been offered on, and the days after.
      for (let d = -90; d <= 5; d++) {
        const offeredOn: CalendarDate = addCalendarDays(today, d)
        expect(offeredOn < cutoff, `${offeredOn} on ${today}`).toBe(
          remedyDue(offeredOn, 1, calendar).date < today,
        )
      }
    }
  })

  it('counts nothing offered today or later as overdue', () => {
    expect(overdueIfOfferedBefore('2026-03-09', calendar) <= '2026-03-09').toBe(true)
    expect(remedyDue(overdueIfOfferedBefore('2026-03-09', calendar), 1, calendar).date >= '2026-03-09').toBe(
      true,
    )
  })
})

describe('Code 7.3: a stage 2 remedy replaces one offered at stage 1, and only what is still owed is owed', () => {
  const stage1 = {
    ...response(1),
    remedies: [
      { type: 'apology' },
      { type: 'financial', amount: 50, description: 'For the time and trouble' },
      { type: 'financial', amount: 20, description: 'For the missed appointment' },
    ],
  } as ComplaintEventData
  const upTo2 = [
    ...steps.stage1,
    stage1,
    { type: 'complaint.remedy_done', remedyId: '1-3', on: '2026-03-05', payment: { amount: 20 } },
    { type: 'complaint.escalation_requested', policyVersion: 1 },
    { type: 'complaint.acknowledged', stage: 2, handlerId: 'handler-b', definition },
  ] as ComplaintEventData[]
  const respond2 = (remedies: Remedy[]) =>
    decideRespond(
      historyOf(upTo2),
      { decision: 'upheld', reasons: 'On review, more was owed', remedies },
      '2026-03-20',
      ctx('senior_lead', 'handler-b'),
    )
  const more: Remedy = {
    type: 'financial',
    amount: 150,
    description: 'For the time and trouble, and the distress',
    replaces: {
      remedyId: '1-2',
      why: 'The £50 offered at stage 1 did not reflect six weeks without heating',
    },
  }

  it('marks the stage 1 remedy replaced, not declined, and owes only the replacement', () => {
    const c = historyOf([...upTo2, respond2([more])])
    const byId = new Map(remediesOf(c, calendar, '2026-03-23').map((r) => [r.id, r]))
    expect(byId.get('1-2')).toMatchObject({
      status: 'superseded',
      outstanding: false,
      replacedBy: { id: '2-1', why: more.replaces?.why },
    })
    expect(byId.get('2-1')).toMatchObject({ status: 'offered', outstanding: true, amount: 150 })
    // What was paid stays paid; the apology was given in the stage 1 letter.
    expect(byId.get('1-3')?.status).toBe('done')
    expect(byId.get('1-1')?.status).toBe('done')
    expect(
      registerRowsOf(c)
        .filter((r) => r.owed)
        .map((r) => `${r.stage}-${r.position}`),
    ).toEqual(['2-1'])
    expect(outstandingRemedies(c).map((r) => r.id)).toEqual(['2-1'])
    // No way to pay twice: the replaced remedy cannot be answered or paid.
    expect(
      provisionsOf(() =>
        decideRemedyDone(c, { remedyId: '1-2', on: '2026-03-23' }, calendar, '2026-03-23', ctx()),
      ),
    ).toEqual(['7.3'])
    expect(() =>
      decideRemedyAnswer(
        c,
        { remedyId: '1-2', answer: 'accepted', on: '2026-03-23' },
        calendar,
        '2026-03-23',
        ctx(),
      ),
    ).toThrow(/replaced at stage 2/)
    // The final response says what it replaces.
    expect(
      composeLetter('stage2_response', c, {
        landlordName: 'Test Homes',
        issuedOn: '2026-03-20',
        deadlines: [],
        stage2AcknowledgeDays: 5,
      }),
    ).toContain('This replaces a financial remedy of £50.00, which we offered at stage 1.')
  })

  it('refuses to replace what was already paid, what is not there, twice, or without why', () => {
    const messages = (remedies: Remedy[]) => {
      try {
        respond2(remedies)
      } catch (error) {
        return (error as { problems: { message: string }[] }).problems.map((p) => p.message)
      }
      return []
    }
    expect(messages([{ ...more, replaces: { remedyId: '1-3', why: 'More' } }])).toEqual([
      'Remedy 1: the stage 1 remedy (a financial remedy) was already paid, so it cannot be replaced; offer what more is owed as a remedy of its own',
    ])
    expect(messages([{ ...more, replaces: { remedyId: '1-9', why: 'More' } }])).toEqual([
      'Remedy 1: there is no stage 1 remedy 1-9 to replace',
    ])
    expect(messages([more, { ...more, amount: 10 }])).toEqual([
      'Remedy 2: that stage 1 remedy is already replaced by another',
    ])
    expect(messages([{ ...more, replaces: { remedyId: '1-2', why: ' ' } }])).toEqual([
      'Remedy 1: say why it replaces the stage 1 remedy',
    ])
  })

  it('is only at stage 2', () => {
    const c = historyOf(steps.stage1)
    expect(
      provisionsOf(() =>
        decideRespond(
          c,
          {
            decision: 'upheld',
            reasons: 'r',
            remedies: [{ ...more, replaces: { remedyId: '1-1', why: 'x' } }],
          },
          '2026-03-05',
          ctx('handler', 'handler-a'),
        ),
      ),
    ).toContain('7.3')
  })
})

describe('Code 7.3: where a remedy has got to', () => {
  it.each<[RemedyType, RemedyAnswer | undefined, boolean, boolean, RemedyStatus]>([
    ['financial', undefined, false, false, 'offered'],
    ['financial', 'accepted', false, false, 'accepted'],
    ['financial', 'declined', false, false, 'declined'],
    ['financial', 'accepted', true, false, 'done'],
    ['financial', undefined, false, true, 'superseded'],
    // Recorded done wins over being replaced: what was paid stays paid.
    ['financial', undefined, true, true, 'done'],
    // Given in the response letter itself.
    ['apology', undefined, false, false, 'done'],
    ['explanation', undefined, false, false, 'done'],
    ['acknowledgement', undefined, false, false, 'done'],
    ['action_on_delay', undefined, false, false, 'offered'],
    ['apology', undefined, false, true, 'superseded'],
  ])('%s, answered %s, recorded done %s, replaced %s: %s', (type, answer, done, replaced, status) => {
    expect(remedyStatusOf(type, answer, done, replaced)).toBe(status)
  })

  it.each<[Pick<Remedy, 'type' | 'amount'>, string]>([
    [{ type: 'apology' }, 'An apology'],
    [{ type: 'financial', amount: 1250 }, 'A financial remedy of £1,250.00'],
    [{ type: 'financial' }, 'A financial remedy'],
  ])('%j in words: %s', (r, words) => {
    expect(remedyInWords(r)).toBe(words)
  })
})

describe('Code 7.2: a breakdown accounts for the whole amount', () => {
  it.each<[string, Remedy, [string, string][]]>([
    ['none given', { type: 'financial', amount: 150 }, []],
    [
      'parts adding up',
      { type: 'financial', amount: 150, breakdown: { timeAndTrouble: 100, distressAndInconvenience: 50 } },
      [],
    ],
    [
      'parts adding up to the penny',
      { type: 'financial', amount: 0.3, breakdown: { financialLoss: 0.1, timeAndTrouble: 0.2 } },
      [],
    ],
    [
      'parts short of the amount',
      { type: 'financial', amount: 150, breakdown: { timeAndTrouble: 100 } },
      [['remedies.0.breakdown', 'Code 7.2: remedy 1’s parts add up to £100.00, not the £150.00 offered']],
    ],
    [
      'a part that is none',
      { type: 'financial', amount: 10, breakdown: { goodwill: 10 } as Remedy['breakdown'] },
      [['remedies.0.breakdown', 'Remedy 1: "goodwill" is not a part of compensation']],
    ],
    [
      'a negative part',
      { type: 'financial', amount: 10, breakdown: { timeAndTrouble: 20, financialLoss: -10 } },
      [
        [
          'remedies.0.breakdown.financialLoss',
          'Remedy 1: financial loss must be an amount in pounds, £0 or more',
        ],
      ],
    ],
    [
      'an apology broken down',
      { type: 'apology', breakdown: { timeAndTrouble: 10 } },
      [['remedies.0.breakdown', 'Remedy 1: only a financial remedy is broken down']],
    ],
  ])('%s', (_what, remedy, expected) => {
    const problems = new Problems()
    checkBreakdown(remedy, 0, problems)
    expect(problems.list.map((p) => [p.field, p.message])).toEqual(expected)
  })
})

describe('Code 7.3: answering and following through a remedy', () => {
  /**
   * Responded on Wed 4 March 2026 (the third event, a day apart from 2 March) with an apology
   * and £150: the money is due 20 working days later, on Wed 1 April (before Good Friday).
   */
  const responded = [
    ...steps.stage1,
    { ...response(1), remedies: [{ type: 'apology' }, { type: 'financial', amount: 150 }] },
  ] as ComplaintEventData[]
  const c = historyOf(responded)
  const declined = historyOf([
    ...responded,
    { type: 'complaint.remedy_answered', remedyId: '1-2', answer: 'declined', on: '2026-03-05' },
  ])

  it.each<[CalendarDate, boolean]>([
    ['2026-04-01', false],
    ['2026-04-02', true],
  ])('£150 due on 1 April is overdue on %s: %s', (today, overdue) => {
    const money = remediesOf(c, calendar, today).find((r) => r.id === '1-2')
    expect([money?.dueOn, money?.status, money?.outstanding, money?.overdue]).toEqual([
      '2026-04-01',
      'offered',
      true,
      overdue,
    ])
  })

  const refusal = (run: () => unknown) => {
    try {
      run()
    } catch (error) {
      if (error instanceof WorkflowError) return error.problems.map((p) => [p.field ?? error.kind, p.message])
      throw error
    }
    throw new Error('expected a refusal')
  }
  const today = '2026-03-20' as CalendarDate
  it.each<[string, () => unknown, [string, string][]]>([
    [
      'an answer to a remedy that is none',
      () => decideRemedyAnswer(c, { remedyId: '1-9', answer: 'accepted' }, calendar, today, ctx()),
      [['remedyId', 'There is no such remedy on this complaint']],
    ],
    [
      'an answer to an apology given in the letter',
      () => decideRemedyAnswer(c, { remedyId: '1-1', answer: 'accepted' }, calendar, today, ctx()),
      [
        [
          'not_now',
          'An apology is given in the response letter itself; there is nothing for the resident to accept',
        ],
      ],
    ],
    [
      'an answer that is neither',
      () => decideRemedyAnswer(c, { remedyId: '1-2', answer: 'maybe' }, calendar, today, ctx()),
      [['answer', 'Say whether the resident accepted or declined the remedy']],
    ],
    [
      'an answer before the offer',
      () =>
        decideRemedyAnswer(
          c,
          { remedyId: '1-2', answer: 'accepted', on: '2026-03-03' },
          calendar,
          today,
          ctx(),
        ),
      [['on', 'The date the resident answered cannot be before the remedy was offered, 2026-03-04']],
    ],
    [
      'an answer in the future',
      () =>
        decideRemedyAnswer(
          c,
          { remedyId: '1-2', answer: 'accepted', on: '2026-03-21' },
          calendar,
          today,
          ctx(),
        ),
      [['on', 'The date the resident answered cannot be in the future']],
    ],
    [
      'the same answer again',
      () => decideRemedyAnswer(declined, { remedyId: '1-2', answer: 'declined' }, calendar, today, ctx()),
      [['not_now', 'The resident’s answer is already recorded as declined']],
    ],
    [
      'payment of a remedy declined',
      () => decideRemedyDone(declined, { remedyId: '1-2' }, calendar, today, ctx()),
      [
        [
          'not_now',
          'The resident declined this remedy; record that they have accepted it before recording it done',
        ],
      ],
    ],
    [
      'more set against arrears than was offered',
      () =>
        decideRemedyDone(
          c,
          { remedyId: '1-2', offsetAgainstArrears: 150.01, residentAgreedOffset: true },
          calendar,
          today,
          ctx(),
        ),
      [['offsetAgainstArrears', 'The amount set against arrears cannot be more than the £150.00 offered']],
    ],
    [
      'money set against arrears without the resident’s agreement',
      () => decideRemedyDone(c, { remedyId: '1-2', offsetAgainstArrears: 50 }, calendar, today, ctx()),
      [
        [
          'residentAgreedOffset',
          'Compensation is set against rent arrears only with the resident’s agreement (the Ombudsman’s remedies guidance, Code 7.4); record that they agreed',
        ],
      ],
    ],
    [
      'an apology recorded done again',
      () => decideRemedyDone(c, { remedyId: '1-1', note: 'x' }, calendar, today, ctx()),
      [['not_now', 'An apology is already done, on 4 March 2026']],
    ],
  ])('refuses %s', (_what, run, expected) => {
    expect(refusal(run)).toEqual(expected)
  })

  it.each<[string, () => ComplaintEventData, ComplaintEventData]>([
    [
      'an acceptance, dated today when no day is given',
      () => decideRemedyAnswer(c, { remedyId: '1-2', answer: 'accepted' }, calendar, today, ctx()),
      { type: 'complaint.remedy_answered', remedyId: '1-2', answer: 'accepted', on: '2026-03-20' },
    ],
    [
      'a payment in full',
      () => decideRemedyDone(c, { remedyId: '1-2', on: '2026-03-18' }, calendar, today, ctx()),
      { type: 'complaint.remedy_done', remedyId: '1-2', on: '2026-03-18', payment: { amount: 150 } },
    ],
    [
      'a payment with part set against arrears, as the resident agreed',
      () =>
        decideRemedyDone(
          c,
          { remedyId: '1-2', offsetAgainstArrears: 50, residentAgreedOffset: true },
          calendar,
          today,
          ctx(),
        ),
      {
        type: 'complaint.remedy_done',
        remedyId: '1-2',
        on: '2026-03-20',
        payment: { amount: 150, offsetAgainstArrears: 50, residentAgreedOffset: true },
      },
    ],
  ])('records %s', (_what, decide, expected) => {
    expect(decide()).toEqual(expected)
  })
})
