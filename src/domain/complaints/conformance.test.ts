import { describe, expect, it } from 'vitest'
import {
  complaintIn,
  ctx,
  definition,
  historyOf,
  provisionsOf,
  received,
  response,
  steps,
} from '../../../test/complaintHistories.js'
import { addCalendarDays } from '../calendar/calendarDate.js'
import { closureDayChangeProblem } from '../calendar/closureDays.js'
import { WorkingDayCalendar } from '../calendar/workingDayCalendar.js'
import { defaultPolicy } from '../policy/timescales.js'
import type { WorkflowError } from '../rules.js'
import { consentNeeded, foldComplaint } from './complaint.js'
import { complaintDeadlines } from './deadlines.js'
import { decideAcknowledge, decideExtend, decideReassign, decideRespond } from './decisions/considering.js'
import { decideEscalation, decideRecordConsent, decideRefuse } from './decisions/outcomes.js'
import type { ComplaintEventData } from './events.js'
import { decideReceive, type IntakeInput } from './intake.js'
import { composeLetter, type LetterContext } from './letters.js'
import { timeLimitOf } from './timeLimit.js'
import { allowedActions, checkTransition } from './workflow.js'

const calendar = new WorkingDayCalendar({
  firstDate: '2025-01-01',
  lastDate: '2027-12-31',
  holidays: [],
  closures: [],
})
const letterContext = (c: ReturnType<typeof complaintIn>): LetterContext => ({
  landlordName: 'Test Homes',
  issuedOn: '2026-03-20',
  deadlines: complaintDeadlines(c, () => defaultPolicy, calendar, '2026-03-20'),
  stage2AcknowledgeDays: 5,
})
const grounds = [
  {
    code: 'older_than_12_months',
    label: 'the issue happened more than 12 months ago',
    refusesEscalation: false,
  },
  { code: 'legal_proceedings', label: 'legal proceedings have started', refusesEscalation: true },
  { code: 'previously_considered', label: 'it has already been considered', refusesEscalation: false },
]
const intake = (over: Partial<IntakeInput> = {}): IntakeInput => ({
  channel: 'phone',
  receivedAt: new Date('2026-03-02T09:15:00Z'),
  description: 'Damp in the bedroom',
  resident: { name: 'Asha Patel' },
  ...over,
})
const intakeContext = {
  now: new Date('2026-03-20T10:00:00Z'),
  reference: 'CMP-2026-000009',
  policyVersion: 1,
  categories: [],
}
const closedAtStage1: ComplaintEventData[] = [...steps.stage1_responded, { type: 'complaint.closed' }]

describe('1. Code 6.10, 5.11: closing does not end the right to stage 2', () => {
  it('lets a complaint closed after its stage 1 response be escalated, reopening it at stage 2', () => {
    const closed = historyOf(closedAtStage1)
    expect(closed.state).toBe('closed')
    expect(allowedActions(closed, 'handler')).toContain('requestEscalation')
    const event = decideEscalation(closed, {}, 1, ctx())
    const reopened = historyOf([...closedAtStage1, event])
    expect(reopened).toMatchObject({ state: 'stage2_requested', stage: 2, closedAt: undefined })
  })

  it('keeps a complaint closed after its final response final', () => {
    const final = complaintIn('closed')
    expect(allowedActions(final, 'admin')).not.toContain('requestEscalation')
    expect(() => checkTransition('requestEscalation', final, 'admin')).toThrow(/^Code 6\.10: .*final/)
  })
})

describe('2. Code 6.8: new issues that cannot join the complaint are a new one, linked, with the reason', () => {
  const earlier = complaintIn('stage1')

  it('accepts unrelated issues, or ones that would delay the response, before the stage 1 response', () => {
    for (const linkReason of ['unrelated', 'would_delay'] as const) {
      const event = decideReceive(intake({ linkReason, linkNote: 'Survey booked' }), {
        ...intakeContext,
        linkedFrom: earlier,
      })
      expect(event).toMatchObject({
        linkedFrom: { complaintId: 'c1', reason: linkReason, note: 'Survey booked' },
      })
    }
  })

  it('refuses related issues before the stage 1 response: they join the complaint instead', () => {
    expect(provisionsOf(() => decideReceive(intake(), { ...intakeContext, linkedFrom: earlier }))).toEqual([
      '6.8',
    ])
    expect(
      provisionsOf(() =>
        decideReceive(intake({ linkReason: 'after_response' }), { ...intakeContext, linkedFrom: earlier }),
      ),
    ).toEqual(['6.8'])
  })

  it('takes after_response as the reason once the stage 1 response has been issued', () => {
    const event = decideReceive(intake(), { ...intakeContext, linkedFrom: complaintIn('stage1_responded') })
    expect(event).toMatchObject({ linkedFrom: { reason: 'after_response' } })
  })
})

describe('3. Code 7.1, 7.2: upheld means something is put right', () => {
  for (const state of ['stage1', 'stage2'] as const) {
    it(`refuses an upheld or partly upheld ${state} response without a remedy`, () => {
      for (const decision of ['upheld', 'partly_upheld'] as const) {
        expect(
          provisionsOf(() =>
            decideRespond(
              complaintIn(state),
              { decision, reasons: 'Late repair' },
              '2026-03-20',
              ctx('handler', 'handler-b'),
            ),
          ),
        ).toEqual(['7.1'])
      }
      expect(
        decideRespond(
          complaintIn(state),
          { decision: 'not_upheld', reasons: 'Repair was on time' },
          '2026-03-20',
          ctx('handler', 'handler-b'),
        ),
      ).toMatchObject({ decision: 'not_upheld', remedies: [] })
    })
  }

  it('never tells a resident whose complaint is upheld that nothing needs putting right', () => {
    const upheld = historyOf([
      ...steps.stage1,
      {
        ...response(1),
        remedies: [{ type: 'apology' }, { type: 'financial', amount: 50, description: 'for the delay' }],
      } as ComplaintEventData,
    ])
    const text = composeLetter('stage1_response', upheld, letterContext(upheld))
    expect(text).toContain('What we are doing to put things right:')
    expect(text).toContain('A financial remedy of £50.00: for the delay')
    expect(text).not.toMatch(/not found anything|not offering a remedy/)
  })
})

describe('4. Code 6.4, 6.15: no extension once the deadline has passed', () => {
  for (const [state, provision] of [
    ['stage1', '6.4'],
    ['stage2', '6.15'],
  ] as const) {
    it(`refuses a stage ${state.at(-1)} extension dated after the response deadline, naming it (Code ${provision})`, () => {
      const late = () =>
        decideExtend(
          complaintIn(state),
          { workingDays: 5, reason: 'Survey' },
          {
            maxExtensionDays: 10,
            currentDue: '2026-03-16',
            extendedOn: '2026-03-17',
            recordedOn: '2026-03-17',
          },
          ctx(),
        )
      expect(provisionsOf(late)).toEqual([provision])
      expect(late).toThrow(/due on Monday 16 March 2026/)
      const onTheDay = decideExtend(
        complaintIn(state),
        { workingDays: 5, reason: 'Survey' },
        {
          maxExtensionDays: 10,
          currentDue: '2026-03-16',
          extendedOn: '2026-03-16',
          recordedOn: '2026-03-16',
        },
        ctx(),
      )
      expect(onTheDay).toMatchObject({ workingDays: 5 })
    })
  }
})

describe('5. Code 2.3: the 12 months run from when the resident became aware', () => {
  const olderWith = (dates: { issueOccurredOn?: string; residentAwareOn?: string }) =>
    historyOf([{ ...received, ...dates } as ComplaintEventData])

  it('works out the window from the later of the two dates', () => {
    expect(timeLimitOf(olderWith({ issueOccurredOn: '2024-06-01', residentAwareOn: '2025-06-10' }))).toEqual({
      from: '2025-06-10',
      basis: 'became aware',
      lastDay: '2026-06-10',
      within: true,
    })
    expect(timeLimitOf(olderWith({ issueOccurredOn: '2024-06-01' }))).toMatchObject({
      within: false,
      basis: 'occurred',
    })
    expect(timeLimitOf(olderWith({}))).toBeUndefined()
  })

  it('refuses the “older than 12 months” ground for a complaint made within 12 months of becoming aware', () => {
    const c = olderWith({ issueOccurredOn: '2024-06-01', residentAwareOn: '2025-06-10' })
    const refuse = () =>
      decideRefuse(c, { reason: 'older_than_12_months', explanation: 'Too old' }, grounds, ctx())
    expect(provisionsOf(refuse)).toEqual(['2.3'])
    expect(refuse).toThrow(/within 12 months of Tuesday 10 June 2025, when the resident became aware/)
  })

  it('refuses an old complaint only on the person’s own decision not to use discretion, and why (never taken from the explanation)', () => {
    const c = olderWith({ issueOccurredOn: '2023-01-05', residentAwareOn: '2023-01-05' })
    const refuse = (discretion?: { decision?: string; reason?: string }) => () =>
      decideRefuse(
        c,
        { reason: 'older_than_12_months', explanation: 'It happened in January 2023', discretion },
        grounds,
        ctx(),
      )
    const fieldsOf = (run: () => unknown) => {
      try {
        run()
      } catch (error) {
        return (error as WorkflowError).problems.map((p) => [p.field, p.provision])
      }
      throw new Error('expected a refusal')
    }
    // No decision made: the explanation no longer stands in for one.
    expect(fieldsOf(refuse())).toEqual([['discretion', '2.3']])
    expect(fieldsOf(refuse({ decision: '' }))).toEqual([['discretion', '2.3']])
    // Choosing to exercise discretion means accepting it: refusing is then refused.
    expect(refuse({ decision: 'exercise', reason: 'Good reason' })).toThrow(/acknowledge it instead/)
    expect(fieldsOf(refuse({ decision: 'do_not_exercise' }))).toEqual([['discretion.reason', '2.3']])
    expect(refuse({ decision: 'do_not_exercise', reason: 'No evidence survives' })()).toMatchObject({
      discretion: { considered: true, exercised: false, whyNotExercised: 'No evidence survives' },
    })
    // The API's earlier form, a reason alone, is an explicit decision not to use discretion.
    expect(refuse({ reason: 'No evidence survives' })()).toMatchObject({
      discretion: { exercised: false, whyNotExercised: 'No evidence survives' },
    })
  })

  it('needs both dates to refuse as older than 12 months, taking any not yet recorded with the refusal', () => {
    const onlyOccurred = olderWith({ issueOccurredOn: '2023-01-05' })
    const decision = { decision: 'do_not_exercise', reason: 'No evidence survives' }
    const refuse = (dates: { issueOccurredOn?: string; residentAwareOn?: string }) => () =>
      decideRefuse(
        onlyOccurred,
        { reason: 'older_than_12_months', explanation: 'Too old', discretion: decision, ...dates },
        grounds,
        ctx(),
      )
    expect(provisionsOf(refuse({}))).toEqual(['2.3'])
    expect(refuse({})).toThrow(/record when the resident became aware of the issue; both dates are needed/)
    expect(
      provisionsOf(() =>
        decideRefuse(
          olderWith({}),
          { reason: 'older_than_12_months', explanation: 'x', discretion: decision },
          grounds,
          ctx(),
        ),
      ),
    ).toEqual(['2.3', '2.3'])
    // Awareness after the issue, within 12 months of the complaint (received 2 March 2026): accepted.
    expect(refuse({ residentAwareOn: '2025-06-01' })).toThrow(/within 12 months of Sunday 1 June 2025/)
    expect(refuse({ residentAwareOn: '2022-12-01' })).toThrow(
      /cannot have become aware of the issue before it happened/,
    )
    expect(refuse({ residentAwareOn: '2026-03-03' })).toThrow(/cannot be after the complaint was received/)
    const event = refuse({ residentAwareOn: '2023-02-01' })()
    expect(event).toMatchObject({ residentAwareOn: '2023-02-01' })
    expect(event).not.toHaveProperty('issueOccurredOn')
    // The refusal's date goes on the record, so the case shows both.
    const refused = historyOf([{ ...received, issueOccurredOn: '2023-01-05' } as ComplaintEventData, event])
    expect(refused).toMatchObject({ issueOccurredOn: '2023-01-05', residentAwareOn: '2023-02-01' })
  })

  it('refuses dates after the complaint was received, or awareness before the issue', () => {
    expect(
      provisionsOf(() => decideReceive(intake({ issueOccurredOn: '2026-03-03' }), intakeContext)),
    ).toEqual(['2.3'])
    expect(
      provisionsOf(() =>
        decideReceive(
          intake({ issueOccurredOn: '2025-05-01', residentAwareOn: '2025-04-01' }),
          intakeContext,
        ),
      ),
    ).toEqual(['2.3'])
  })
})

describe('6. Code 1.3: a missing consent never loses a complaint', () => {
  const representative = { name: 'Ravi Patel', relationship: 'son', consentGiven: false }

  it('logs a representative’s complaint without consent, with its received date, and shows consent is needed', () => {
    const event = decideReceive(intake({ representative }), intakeContext)
    expect(event).toMatchObject({ type: 'complaint.received', receivedAt: '2026-03-02T09:15:00.000Z' })
    const c = historyOf([event])
    expect(consentNeeded(c)).toBe(true)
    expect(complaintDeadlines(c, () => defaultPolicy, calendar, '2026-03-03')[0]).toMatchObject({
      key: 'acknowledgement',
      due: '2026-03-09',
      status: 'due',
    })
  })

  it('sends the acknowledgement to the resident directly until consent is recorded, then to the representative', () => {
    const logged = decideReceive(intake({ representative }), intakeContext)
    const acknowledged: ComplaintEventData = {
      type: 'complaint.acknowledged',
      stage: 1,
      handlerId: 'handler-a',
      definition,
    }
    const c = historyOf([logged, acknowledged])
    const text = composeLetter('acknowledgement', c, letterContext(c))
    expect(text).toContain('Dear Asha Patel,')
    expect(text).toContain('we need your consent')
    const consent = decideRecordConsent(c, { how: 'Signed form received by post' }, ctx())
    const withConsent = historyOf([logged, acknowledged, consent])
    expect(consentNeeded(withConsent)).toBe(false)
    const after = composeLetter('acknowledgement', withConsent, letterContext(withConsent))
    expect(after).toContain('Dear Ravi Patel,')
    expect(after).toContain('Complaint made on behalf of: Asha Patel')
    expect(() => decideRecordConsent(withConsent, { how: 'again' }, ctx())).toThrow(/already recorded/)
  })
})

describe('7. Code 6.11: the stage 2 clock starts when the request was received', () => {
  it('counts the stage 2 acknowledgement from the day the request came in, not the day it was recorded', () => {
    const events = [
      ...steps.stage1_responded,
      { type: 'complaint.escalation_requested', policyVersion: 1 } as ComplaintEventData,
    ]
    const c = foldComplaint(
      'c1',
      events.map((data, i) => ({
        ...data,
        seq: i + 1,
        // The request came in on Friday 6 March and was recorded the following Thursday.
        at: new Date(
          i < events.length - 1
            ? Date.parse('2026-03-02T09:15:00Z') + i * 60_000
            : Date.parse('2026-03-06T16:00:00Z'),
        ),
        recordedAt: new Date('2026-03-12T10:00:00Z'),
        by: 'someone',
      })),
    )
    const ack = complaintDeadlines(c, () => defaultPolicy, calendar, '2026-03-12').find(
      (d) => d.key === 'stage2Acknowledgement',
    )
    expect(ack).toMatchObject({ start: '2026-03-06', due: '2026-03-13' })
  })
})

describe('8. Code 6.13: stage 2 is considered by someone else, start to finish', () => {
  const reassignedAway: ComplaintEventData[] = [
    ...steps.stage1,
    { type: 'complaint.assigned', stage: 1, handlerId: 'handler-c', previousHandlerId: 'handler-a' },
    response(1),
    { type: 'complaint.escalation_requested', policyVersion: 1 },
  ]

  it('refuses, as stage 2 handler, a stage 1 handler who was reassigned away', () => {
    const c = historyOf(reassignedAway)
    const acknowledgeBy = (id: string) => () =>
      decideAcknowledge(
        c,
        { handler: { id, role: 'handler' }, definition: { issues: ['Mould'], outcomesSought: ['Fix it'] } },
        ctx(),
      )
    expect(provisionsOf(acknowledgeBy('handler-a'))).toEqual(['6.13'])
    expect(provisionsOf(acknowledgeBy('handler-c'))).toEqual(['6.13'])
    expect(acknowledgeBy('handler-b')()).toMatchObject({ stage: 2, handlerId: 'handler-b' })
  })

  it('refuses reassigning stage 2 to anyone who considered stage 1', () => {
    const c = complaintIn('stage2')
    expect(() => decideReassign(c, { id: 'handler-a', role: 'handler' }, ctx('complaints_officer'))).toThrow(
      /^Code 6\.13/,
    )
  })

  it('refuses a stage 2 response recorded by anyone who handled or answered stage 1', () => {
    const stage2 = complaintIn('stage2')
    const respondAs = (id: string) => () =>
      decideRespond(
        stage2,
        { decision: 'not_upheld', reasons: 'Reviewed' },
        '2026-03-20',
        ctx('senior_lead', id),
      )
    expect(provisionsOf(respondAs('handler-a'))).toEqual(['6.13'])
    expect(respondAs('handler-b')()).toMatchObject({ stage: 2 })
  })
})

describe('9. Code 2.2, 5.11: a complaint’s own stage 1 is not “previously considered”', () => {
  it('refuses a stage 2 request refused as previously considered, or on any ground not valid at stage 2', () => {
    const c = complaintIn('stage2_requested')
    for (const reason of ['previously_considered', 'older_than_12_months'])
      expect(
        provisionsOf(() => decideRefuse(c, { reason, explanation: 'Already answered' }, grounds, ctx())),
      ).toEqual(['5.11'])
    expect(
      decideRefuse(c, { reason: 'legal_proceedings', explanation: 'Claim filed' }, grounds, ctx()),
    ).toMatchObject({
      refusing: 'escalation',
    })
  })

  it('gives the explanation and the Ombudsman’s details in the letter refusing stage 2 (Code 2.4)', () => {
    const refused = historyOf([
      ...steps.stage2_requested,
      decideRefuse(
        complaintIn('stage2_requested'),
        { reason: 'legal_proceedings', explanation: 'A claim was filed on 1 March' },
        grounds,
        ctx(),
      ),
    ])
    const text = composeLetter('refusal', refused, {
      ...letterContext(refused),
      groundLabel: 'legal proceedings have started',
    })
    expect(text).toContain('decided not to escalate it')
    expect(text).toContain('A claim was filed on 1 March')
    expect(text).toContain('Housing Ombudsman Service can be contacted on 0300 111 3000')
  })
})

describe('10. Closure days cannot rewrite the past', () => {
  it('refuses adding or removing a closure day for today or a date that has passed', () => {
    expect(closureDayChangeProblem('add', '2026-03-01', '2026-03-02')).toMatch(/has passed/)
    expect(closureDayChangeProblem('add', '2026-03-02', '2026-03-02')).toMatch(/is today/)
    expect(closureDayChangeProblem('remove', '2026-03-02', '2026-03-02')).toMatch(/can only be removed/)
    expect(closureDayChangeProblem('add', '2026-03-03', '2026-03-02')).toBeUndefined()
  })

  it('shows that a change the rule allows never moves a deadline already met or missed', () => {
    const c = complaintIn('stage1_responded')
    for (let offset = 1; offset <= 30; offset++) {
      const today = addCalendarDays('2026-03-03', offset)
      const before = complaintDeadlines(c, () => defaultPolicy, calendar, today)
      // Every day after today on which a closure is allowed: none changes a met or missed deadline.
      for (let ahead = 1; ahead <= 15; ahead++) {
        const closure = addCalendarDays(today, ahead)
        expect(closureDayChangeProblem('add', closure, today)).toBeUndefined()
        const withClosure = new WorkingDayCalendar({
          firstDate: '2025-01-01',
          lastDate: '2027-12-31',
          holidays: [],
          closures: [{ date: closure, title: 'Training' }],
        })
        const after = complaintDeadlines(c, () => defaultPolicy, withClosure, today)
        // A deadline met or missed keeps its status; a missed one keeps its date too. (One met
        // early may show a later due date, still after the day it was met.)
        for (const [i, d] of before.entries()) {
          if (d.status === 'met') expect(after[i]).toMatchObject({ status: 'met', metOn: d.metOn })
          if (d.status === 'met_late' || d.status === 'overdue')
            expect(after[i]).toMatchObject({ due: d.due, status: d.status })
        }
      }
    }
  })
})

describe('11. Code 6.7, 6.18: each issue gets a decision and reasons, through every door', () => {
  const twoIssues = {
    ...definition,
    issues: [
      { id: 'i1', summary: 'Mould in the bedroom' },
      { id: 'i2', summary: 'Calls not returned' },
    ],
  }
  const atStage = (stage: 1 | 2) =>
    historyOf(
      stage === 1
        ? [
            received,
            { type: 'complaint.acknowledged', stage: 1, handlerId: 'handler-a', definition: twoIssues },
          ]
        : [
            ...steps.stage2_requested,
            { type: 'complaint.acknowledged', stage: 2, handlerId: 'handler-b', definition: twoIssues },
          ],
    )

  for (const stage of [1, 2] as const) {
    const provision = stage === 1 ? '6.7' : '6.18'

    it(`applies the overall decision and reasons to every issue when none is given per issue (stage ${stage})`, () => {
      const event = decideRespond(
        atStage(stage),
        { decision: 'not_upheld', reasons: 'The repair was on time' },
        '2026-03-20',
        ctx(),
      )
      expect(event).toMatchObject({
        issueDecisions: [
          { issueId: 'i1', decision: 'not_upheld', reasons: 'The repair was on time' },
          { issueId: 'i2', decision: 'not_upheld', reasons: 'The repair was on time' },
        ],
      })
      const answered = historyOf([...atStage(stage).events, event])
      const text = composeLetter(
        stage === 1 ? 'stage1_response' : 'stage2_response',
        answered,
        letterContext(answered),
      )
      expect(text).toContain('Mould in the bedroom: not upheld, for the reasons set out below')
      expect(text).toContain('Calls not returned: not upheld, for the reasons set out below')
    })

    it(`refuses decisions for only some issues, naming each one missing (Code ${provision})`, () => {
      const partial = () =>
        decideRespond(
          atStage(stage),
          {
            decision: 'not_upheld',
            reasons: 'r',
            issueDecisions: [{ issueId: 'i1', decision: 'not_upheld' }],
          },
          '2026-03-20',
          ctx(),
        )
      expect(provisionsOf(partial)).toEqual([provision])
      expect(partial).toThrow(/give a decision on “Calls not returned”/)
    })

    it(`keeps each issue’s own reasons, and the overall decision consistent with them (stage ${stage})`, () => {
      const issueDecisions = [
        { issueId: 'i1', decision: 'upheld' as const, reasons: 'The mould was not treated' },
        { issueId: 'i2', decision: 'not_upheld' as const },
      ]
      expect(
        provisionsOf(() =>
          decideRespond(
            atStage(stage),
            { decision: 'not_upheld', reasons: 'r', issueDecisions },
            '2026-03-20',
            ctx(),
          ),
        ),
      ).toEqual([provision])
      const event = decideRespond(
        atStage(stage),
        { decision: 'partly_upheld', reasons: 'Overall', issueDecisions, remedies: [{ type: 'apology' }] },
        '2026-03-20',
        ctx(),
      )
      expect(event).toMatchObject({
        issueDecisions: [
          { issueId: 'i1', decision: 'upheld', reasons: 'The mould was not treated' },
          { issueId: 'i2', decision: 'not_upheld', reasons: 'Overall' },
        ],
      })
      const text = composeLetter(
        stage === 1 ? 'stage1_response' : 'stage2_response',
        historyOf([...atStage(stage).events, event]),
        letterContext(atStage(stage)),
      )
      expect(text).toContain('Mould in the bedroom: upheld. The mould was not treated')
    })
  }
})

describe('12. Code 6.19 f: the final response lists every action still open, stage 1’s included', () => {
  it('lists a stage 1 action not yet done, by its new date, and leaves out one that is done', () => {
    const stage1: ComplaintEventData = {
      ...response(1),
      outstandingActions: [
        { id: 'a1', description: 'Treat the mould in the bedroom', dueOn: '2026-04-10' },
        { id: 'a2', description: 'Replace the window seal', dueOn: '2026-04-01' },
      ],
    } as ComplaintEventData
    const stage2: ComplaintEventData = {
      ...response(2),
      outstandingActions: [{ id: 'a3', description: 'Pay £150 compensation', dueOn: '2026-04-03' }],
    } as ComplaintEventData
    const c = historyOf([
      ...steps.stage1,
      stage1,
      { type: 'complaint.outstanding_action_completed', actionId: 'a2' },
      {
        type: 'complaint.outstanding_action_rescheduled',
        actionId: 'a1',
        dueOn: '2026-04-24',
        reason: 'Parts',
      },
      { type: 'complaint.escalation_requested', policyVersion: 1 },
      { type: 'complaint.acknowledged', stage: 2, handlerId: 'handler-b', definition },
      stage2,
    ])
    const text = composeLetter('stage2_response', c, letterContext(c))
    const actions = text.slice(text.indexOf('Actions still to be completed, and when:'))
    expect(actions).toContain(
      '  - Treat the mould in the bedroom, by Friday 24 April 2026 (promised in our stage 1 response)',
    )
    expect(actions).toContain('  - Pay £150 compensation, by Friday 3 April 2026\n')
    expect(actions).not.toContain('Replace the window seal')
    // The stage 1 letter, had it been issued again, would not list stage 2's action.
    expect(composeLetter('stage1_response', c, letterContext(c))).not.toContain('Pay £150 compensation')
  })
})
