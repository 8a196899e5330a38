import { describe, expect, it } from 'vitest'
import {
  acknowledged,
  complaintIn,
  ctx,
  datedHistory,
  definition,
  historyOf,
  plainCalendar,
  provisionsOf,
  received,
  response,
  steps,
  tenAm,
} from '../../../test/complaintHistories.js'
import { WorkingDayCalendar } from '../calendar/workingDayCalendar.js'
import { defaultPolicy, EARLIER_CODE, earlierCodePolicy, type PolicyValues } from '../policy/timescales.js'
import { conflictOfInterestInWords, describeEvent, involvedInWords } from './chronology.js'
import { complaintDeadlines, residentUpdateDue } from './deadlines.js'
import { decideAcknowledge, decideExtend, decideReassign, decideRespond } from './decisions/considering.js'
import { decideEscalation } from './decisions/outcomes.js'
import type { ComplaintEventData } from './events.js'

const handler = { id: 'handler-c', role: 'handler' as const }
const ack = (input: Partial<Parameters<typeof decideAcknowledge>[1]> = {}) =>
  decideAcknowledge(
    complaintIn('received'),
    { handler, definition: { issues: ['Mould'], outcomesSought: ['Fix it'] }, ...input },
    ctx(),
  )

describe('Code 5.8: each assignment records the handler’s conflict of interest', () => {
  it.each([
    [{ answer: 'none' }, { declared: 'none' }],
    [
      {
        answer: 'conflict',
        conflict: ' Manages the repairs team ',
        howHandled: 'Reviewed by the head of service',
      },
      {
        declared: 'conflict',
        conflict: 'Manages the repairs team',
        howHandled: 'Reviewed by the head of service',
      },
    ],
    // Not asked at all (an integration written before the question): kept as not declared.
    [undefined, { declared: 'not_declared' }],
  ])('at acknowledgement, %o is recorded as %o', (conflictOfInterest, recorded) => {
    expect(ack({ conflictOfInterest })).toMatchObject({ conflictOfInterest: recorded })
  })

  it.each([
    [{ answer: '' }, ['conflictOfInterest']],
    [{ answer: 'maybe' }, ['conflictOfInterest']],
    [{ answer: 'conflict' }, ['conflictOfInterest.conflict', 'conflictOfInterest.howHandled']],
    [{ answer: 'conflict', conflict: 'Knows the resident' }, ['conflictOfInterest.howHandled']],
  ])('asked and not answered fully, %o is refused naming Code 5.8 on %o', (conflictOfInterest, fields) => {
    const run = () => ack({ conflictOfInterest })
    expect(provisionsOf(run)).toEqual(fields.map(() => '5.8'))
    try {
      run()
    } catch (error) {
      expect((error as { problems: { field: string }[] }).problems.map((p) => p.field)).toEqual(fields)
    }
  })

  it('asks it at reassignment too, and the case keeps the current handler’s declaration', () => {
    const c = complaintIn('stage1')
    const officer = ctx('complaints_officer', 'officer-1')
    expect(provisionsOf(() => decideReassign(c, handler, officer, { answer: '' }))).toEqual(['5.8'])
    const event = decideReassign(c, handler, officer, {
      answer: 'conflict',
      conflict: 'Was the surveyor on the first visit',
      howHandled: 'A second surveyor checks the findings',
    })
    const after = historyOf([...steps.stage1, event])
    expect(after.stages[1].conflictOfInterest).toEqual({
      declared: 'conflict',
      conflict: 'Was the surveyor on the first visit',
      howHandled: 'A second surveyor checks the findings',
    })
    // History from before the question: missing evidence, never "none".
    expect(complaintIn('stage1').stages[1].conflictOfInterest).toEqual({ declared: 'not_declared' })
    expect(conflictOfInterestInWords(complaintIn('stage1').stages[1].conflictOfInterest)).toEqual({
      text: 'Not declared: no record that the handler was asked about a conflict of interest',
      missing: true,
    })
    const line = describeEvent(
      { ...event, seq: 3, at: new Date(), recordedAt: new Date(), by: 'officer-1' },
      after,
      new Map(),
    )
    expect(line.detail).toContain(
      'Code 5.8: Conflict of interest: Was the surveyor on the first visit. How it is handled: A second surveyor checks the findings',
    )
  })
})

describe('Code 6.20: the stage 2 response records who was involved in it', () => {
  const respond = (involved?: { name: string; role?: string }[]) =>
    decideRespond(
      complaintIn('stage2'),
      { decision: 'not_upheld', reasons: 'The repair was on time', involved },
      '2026-03-20',
      ctx('handler', 'handler-b'),
    )

  it('records each person with their role', () => {
    expect(
      respond([
        { name: ' Sam Green ', role: 'Repairs manager' },
        { name: 'Priya Shah', role: 'Head of housing' },
      ]),
    ).toMatchObject({
      involved: [
        { name: 'Sam Green', role: 'Repairs manager' },
        { name: 'Priya Shah', role: 'Head of housing' },
      ],
    })
  })

  it.each([
    [[], ['involved']],
    [[{ name: '', role: '' }], ['involved']],
    [[{ name: 'Sam Green' }], ['involved.0.role']],
    [[{ name: '', role: 'Surveyor' }], ['involved.0.name']],
  ])('asked, %o is refused naming Code 6.20 on %o', (involved, fields) => {
    try {
      respond(involved)
      throw new Error('expected a refusal')
    } catch (error) {
      const problems = (error as { problems: { field: string; provision?: string }[] }).problems
      expect(problems.map((p) => p.field)).toEqual(fields)
      expect(problems.map((p) => p.provision)).toEqual(fields.map(() => '6.20'))
    }
  })

  it('not asked (the API’s earlier form), the response is kept and shows the gap as missing', () => {
    const event = respond(undefined)
    expect(event).not.toHaveProperty('involved')
    const c = historyOf([...steps.stage2, event])
    expect(involvedInWords(c.stages[2]?.response?.involved)).toEqual({
      text: 'Not recorded: who was involved in the final response',
      missing: true,
    })
    const named = historyOf([...steps.stage2, respond([{ name: 'Sam Green', role: 'Repairs manager' }])])
    expect(involvedInWords(named.stages[2]?.response?.involved)).toEqual({
      text: 'Sam Green (Repairs manager)',
      missing: false,
    })
  })
})

describe('Code 5.9: an update interval is “agreed” only when it was agreed with the resident', () => {
  it.each([
    // [given, agreed flag given, policy, recorded interval, recorded as agreed]
    [undefined, undefined, 10, 10, false],
    [undefined, undefined, 7, 7, false],
    [5, undefined, 10, 5, true],
    [5, false, 10, 5, false],
    [10, true, 10, 10, true],
  ] as const)(
    'interval %s, agreed %s, policy %s: every %s working days, agreed %s',
    (days, agreedFlag, policy, interval, agreed) => {
      const event = ack({
        updateIntervalDays: days,
        updateIntervalAgreed: agreedFlag,
        policyUpdateDays: policy,
      })
      expect(event).toMatchObject({ updateIntervalDays: interval })
      expect(event.type === 'complaint.acknowledged' && event.updateIntervalAgreed === true).toBe(agreed)
    },
  )

  it('refuses “agreed” with no interval given', () => {
    expect(provisionsOf(() => ack({ updateIntervalAgreed: true }))).toEqual(['5.9'])
  })

  it('explains the next update: agreed with the resident, or the default not agreed with them', () => {
    // Acknowledged Tue 3 March 2026 (the history's second day); 10 working days → Tue 17 March.
    const at = (agreed: boolean) =>
      residentUpdateDue(
        historyOf([
          received,
          { ...acknowledged(10), ...(agreed ? { updateIntervalAgreed: true } : {}) } as ComplaintEventData,
        ]),
        plainCalendar,
        '2026-03-04',
      )
    expect(at(true)).toMatchObject({ agreed: true, due: '2026-03-17' })
    expect(at(true)?.explanation).toContain('Code 5.9: update interval agreed with the resident')
    expect(at(false)).toMatchObject({ agreed: false, due: '2026-03-17' })
    expect(at(false)?.explanation).toContain('Code 5.9: the default interval (not agreed with the resident)')
  })
})

describe('a complaint received before 1 April 2024 keeps the earlier Code’s clocks', () => {
  // 2024 with its spring bank holidays: Good Friday 29 March and Easter Monday 1 April.
  const calendar2024 = new WorkingDayCalendar({
    firstDate: '2024-01-01',
    lastDate: '2024-12-31',
    holidays: [
      { date: '2024-03-29', title: 'Good Friday', substitute: false, provisional: false },
      { date: '2024-04-01', title: 'Easter Monday', substitute: false, provisional: false },
    ],
    closures: [],
  })
  const policyOf = (version: number): PolicyValues =>
    version === EARLIER_CODE.version ? earlierCodePolicy : defaultPolicy
  const earlier = { ...received, receivedAt: tenAm('2024-03-01'), policyVersion: 0 } as ComplaintEventData

  it('has the earlier Code’s timescales: 5 to acknowledge, 10 and 20 to respond, 10 more at either stage without good reason', () => {
    expect(earlierCodePolicy).toMatchObject({
      acknowledgeDays: 5,
      stage1ResponseDays: 10,
      stage1MaxExtensionDays: 10,
      stage2ResponseDays: 20,
      stage2MaxExtensionDays: 10,
    })
  })

  it('counts stage 1 from receipt, not from the acknowledgement, and says which Code it follows', () => {
    // Received Fri 1 March 2024, acknowledged Tue 5 March. The earlier Code: 10 working days from
    // receipt → Fri 15 March (the 2024 Code would count from the acknowledgement → Tue 19 March).
    const c = datedHistory('old', [
      [tenAm('2024-03-01'), earlier],
      [tenAm('2024-03-05'), { type: 'complaint.acknowledged', stage: 1, handlerId: 'handler-a', definition }],
    ])
    const [acknowledgement, stage1] = complaintDeadlines(c, policyOf, calendar2024, '2024-03-06')
    expect(acknowledgement).toMatchObject({ due: '2024-03-08', status: 'met', workingDays: 5 })
    expect(acknowledgement?.explanation).toContain('the Code before 1 April 2024, 3.11')
    expect(stage1).toMatchObject({ start: '2024-03-01', due: '2024-03-15', workingDays: 10 })
    expect(stage1?.explanation).toMatch(
      /^received Fri 1 Mar 2024; 10 working days \(the Code before 1 April 2024, 3\.11\)/,
    )
    expect(stage1?.explanation).not.toContain('timescales version')
  })

  it('keeps them at stage 2, requested after 1 April 2024: 20 working days from the request to escalate', () => {
    // Responded Thu 14 March; escalation asked for Wed 20 March 2024 (the policy in force that day
    // would be the 2024 Code's version 1, but the complaint keeps the earlier Code). Acknowledged
    // Mon 25 March. 20 working days from Wed 20 March, skipping Good Friday and Easter Monday →
    // Fri 19 April (the 2024 Code, from the acknowledgement, would give Wed 24 April).
    const atStage1 = datedHistory('old', [
      [tenAm('2024-03-01'), earlier],
      [tenAm('2024-03-05'), { type: 'complaint.acknowledged', stage: 1, handlerId: 'handler-a', definition }],
      [tenAm('2024-03-14'), response(1)],
    ])
    const escalation = decideEscalation(atStage1, {}, 1, ctx())
    expect(escalation).toMatchObject({ policyVersion: 0 })
    const c = datedHistory('old', [
      [tenAm('2024-03-01'), earlier],
      [tenAm('2024-03-05'), { type: 'complaint.acknowledged', stage: 1, handlerId: 'handler-a', definition }],
      [tenAm('2024-03-14'), response(1)],
      [tenAm('2024-03-20'), escalation],
      [tenAm('2024-03-25'), { type: 'complaint.acknowledged', stage: 2, handlerId: 'handler-b', definition }],
    ])
    const stage2 = complaintDeadlines(c, policyOf, calendar2024, '2024-03-26')
    expect(stage2.find((d) => d.key === 'stage2Acknowledgement')).toMatchObject({ due: '2024-03-27' })
    const final = stage2.find((d) => d.key === 'stage2Response')
    expect(final).toMatchObject({ start: '2024-03-20', due: '2024-04-19', workingDays: 20 })
    expect(final?.explanation).toContain('escalation requested Wed 20 Mar 2024')
    expect(final?.explanation).toContain('Mon 1 Apr (Easter Monday)')
    expect(final?.explanation).toContain('the Code before 1 April 2024, 3.11')
  })

  it('refuses a stage 2 extension beyond a further 10 working days without good reason, naming the earlier Code', () => {
    const c = complaintIn('stage2')
    const limits = {
      maxExtensionDays: earlierCodePolicy.stage2MaxExtensionDays,
      currentDue: '2026-04-01',
      extendedOn: '2026-03-20',
      recordedOn: '2026-03-20',
      earlierCode: true,
    }
    const extend = () =>
      decideExtend(c, { workingDays: 15, reason: 'Survey' }, limits, ctx('handler', 'handler-b'))
    expect(extend).toThrow(
      /^the Code before 1 April 2024, 3\.11: extensions at stage 2 may total no more than 10 working days without good reason/,
    )
    expect(
      decideExtend(
        c,
        { workingDays: 15, reason: 'Survey', goodReason: 'Specialist report' },
        limits,
        ctx('handler', 'handler-b'),
      ),
    ).toMatchObject({ workingDays: 15 })
  })

  it('a complaint received from 1 April 2024 keeps the 2024 Code (stage 2 follows the policy in force)', () => {
    expect(decideEscalation(complaintIn('stage1_responded'), {}, 3, ctx())).toMatchObject({
      policyVersion: 3,
    })
  })
})
