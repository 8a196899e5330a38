import { describe, expect, it } from 'vitest'
import { complaintIn, ctx, historyOf, provisionsOf, steps } from '../../../test/complaintHistories.js'
import { WorkingDayCalendar } from '../calendar/workingDayCalendar.js'
import { decideExtend } from './decisions/considering.js'
import type { ComplaintEventData } from './events.js'
import { decideLateRecording, type LateRecordingInput } from './lateRecording.js'

/** Nothing made to look on time after the fact: back-dated extensions and late recording. */
const calendar = new WorkingDayCalendar({
  firstDate: '2025-01-01',
  lastDate: '2027-12-31',
  holidays: [],
  closures: [],
})

describe('Code 6.4, 6.15: an extension recorded after its deadline, whatever date it claims', () => {
  const attached: ComplaintEventData = {
    type: 'complaint.document_attached',
    documentId: 'doc-1',
    filename: 'agreed.pdf',
    contentType: 'application/pdf',
    size: 10,
  }
  // Due Monday 16 March; dated Friday 13 March (before it), but recorded Tuesday 17 March.
  const backDated = {
    maxExtensionDays: 10,
    currentDue: '2026-03-16',
    extendedOn: '2026-03-13',
    recordedOn: '2026-03-17',
  }
  for (const [state, provision] of [
    ['stage1', '6.4'],
    ['stage2', '6.15'],
  ] as const) {
    it(`refuses a handler’s back-dated stage ${state.at(-1)} extension (Code ${provision})`, () => {
      const run = () =>
        decideExtend(complaintIn(state), { workingDays: 5, reason: 'Survey' }, backDated, ctx())
      expect(provisionsOf(run)).toEqual([provision])
      expect(run).toThrow(/only a senior lead can record it now/)
    })
  }

  it('asks a senior lead for the evidence, which must be on the case', () => {
    const c = complaintIn('stage1')
    const noEvidence = () =>
      decideExtend(c, { workingDays: 5, reason: 'Survey' }, backDated, ctx('senior_lead', 'lead'))
    expect(noEvidence).toThrow(/Attach the letter or note/)
    const elsewhere = () =>
      decideExtend(
        c,
        { workingDays: 5, reason: 'Survey', evidenceDocumentId: 'doc-1' },
        backDated,
        ctx('senior_lead', 'lead'),
      )
    expect(elsewhere).toThrow(/document attached to this case/)
  })

  it('records a senior lead’s confirmation with the evidence attached to the case', () => {
    const c = historyOf([...steps.stage1, attached])
    const event = decideExtend(
      c,
      { workingDays: 5, reason: 'Survey', evidenceDocumentId: 'doc-1' },
      backDated,
      ctx('senior_lead', 'lead'),
    )
    expect(event).toMatchObject({ type: 'complaint.extended', evidenceDocumentId: 'doc-1' })
  })
})

describe('Recorded late: a reason, and for a response the letter actually sent', () => {
  const c = historyOf([...steps.stage1])
  const rules = { calendar, toleranceDays: 2 }
  // Friday 13 March 2026, recorded Tuesday 17 March: 2 working days, within the tolerance.
  const friday = new Date('2026-03-13T15:00:00Z')
  it('lets an action be recorded up to the tolerance later without a reason', () => {
    expect(
      decideLateRecording(
        c,
        { at: friday, now: new Date('2026-03-17T09:00:00Z'), isResponse: false },
        {},
        rules,
      ),
    ).toBeUndefined()
  })
  it('needs a reason one working day beyond it, and marks how late', () => {
    const wednesday = new Date('2026-03-18T09:00:00Z')
    const run = (input: LateRecordingInput) =>
      decideLateRecording(c, { at: friday, now: wednesday, isResponse: false }, input, rules)
    expect(() => run({})).toThrow(/recorded 3 working days after Friday 13 March 2026/)
    expect(run({ recordedLateReason: 'Posted on Friday, logged on return from leave' })).toEqual({
      reason: 'Posted on Friday, logged on return from leave',
      workingDays: 3,
    })
  })
  it('needs the letter actually sent for a response, attached to the case', () => {
    const wednesday = new Date('2026-03-18T09:00:00Z')
    const what = { at: friday, now: wednesday, isResponse: true }
    expect(() => decideLateRecording(c, what, { recordedLateReason: 'Sent by post' }, rules)).toThrow(
      /attach a copy of the letter you sent/,
    )
    const withLetter = historyOf([
      ...steps.stage1,
      {
        type: 'complaint.document_attached',
        documentId: 'sent-1',
        filename: 'r.pdf',
        contentType: 'application/pdf',
        size: 9,
      },
    ])
    expect(
      decideLateRecording(
        withLetter,
        what,
        { recordedLateReason: 'Sent by post', sentLetterDocumentId: 'sent-1' },
        rules,
      ),
    ).toEqual({ reason: 'Sent by post', workingDays: 3, sentLetterDocumentId: 'sent-1' })
  })
})
