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
import {
  decideRemedyAnswer,
  decideRemedyDone,
  outstandingRemedies,
  overdueIfOfferedBefore,
  registerRowsOf,
  remediesOf,
  remedyDue,
} from './followThrough.js'

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
