import { describe, expect, it } from 'vitest'
import type { CalendarDate } from '../calendar/calendarDate.js'
import { WorkflowError } from '../rules.js'

import {
  checkCommentWaiting,
  commentsToOffer,
  decideClose,
  decideLog,
  decideNotAComplaint,
  decideSurveyComment,
  dissatisfaction,
  foldServiceRequest,
  type ServiceRequest,
  type ServiceRequestEventData,
} from './serviceRequest.js'

const today = '2026-03-20' as CalendarDate
const logged: ServiceRequestEventData = {
  type: 'service_request.logged',
  reference: 'SR-000001',
  kind: 'repair',
  summary: 'Boiler not working',
  resident: { name: 'Asha Patel' },
  openedOn: '2026-03-02',
  source: 'staff',
}
const comment = (text: string, dissatisfied: boolean, score?: number): ServiceRequestEventData => ({
  type: 'service_request.survey_comment',
  comment: text,
  ...(score !== undefined ? { score } : {}),
  dissatisfied,
  reasons: dissatisfied ? ['x'] : [],
})
/** A request from its events: the first is its logging, numbered 1. */
const request = (...more: ServiceRequestEventData[]): ServiceRequest =>
  foldServiceRequest(
    'sr1',
    [logged, ...more].map((d, i) => ({ ...d, seq: i + 1, at: new Date('2026-03-10T10:00:00Z'), by: 'u1' })),
  )
/** Every problem a refusal names, field by field. */
const problems = (run: () => unknown) => {
  try {
    run()
  } catch (error) {
    if (error instanceof WorkflowError) return error.problems.map((p) => [p.field ?? '', p.message])
    throw error
  }
  throw new Error('expected a refusal')
}

describe('whether a survey comment shows dissatisfaction (Code 1.6)', () => {
  it.each<[string, number | undefined, boolean, string[]]>([
    ['Quick and polite, thank you', 5, false, []],
    ['Quick and polite', undefined, false, []],
    ['Still waiting for the part', undefined, true, ['Says “Still waiting”']],
    ['I want to COMPLAIN about this', 3, true, ['Says “COMPLAIN”']],
    ['A complaint is on its way', 3, true, ['Says “complaint”']],
    ['They never came. Unacceptable.', undefined, true, ['Says “Unacceptable”, “never came”']],
    // A word inside another word is not the word.
    ['Very poorly explained', undefined, false, []],
    ['Fine', 2, true, ['Scored the service 2 out of 5']],
    ['Fine', 3, false, []],
    ['Awful', 1, true, ['Says “Awful”', 'Scored the service 1 out of 5']],
  ])('%j, scored %s: %s', (text, score, dissatisfied, reasons) => {
    expect(dissatisfaction(text, score)).toEqual({ dissatisfied, reasons })
  })
})

describe('a service request’s history (Code 1.4–1.6)', () => {
  it('keeps its comments, what became of each, the complaints from it, and its closing', () => {
    const r = request(
      comment('Still waiting', true),
      comment('Thanks', false, 5),
      comment('Unacceptable', true),
      {
        type: 'service_request.complaint_logged',
        complaintId: 'c1',
        complaintReference: 'CMP-1',
        fromCommentSeq: 2,
      },
      { type: 'service_request.comment_not_a_complaint', commentSeq: 4, note: 'Resident said no' },
      { type: 'service_request.closed', outcome: 'Boiler replaced' },
    )
    expect(r.comments.map((c) => [c.seq, c.dissatisfied, c.answer ?? null])).toEqual([
      [2, true, { complaintId: 'c1', complaintReference: 'CMP-1' }],
      [3, false, null],
      [4, true, { declined: 'Resident said no' }],
    ])
    expect(r.complaints.map((c) => c.complaintReference)).toEqual(['CMP-1'])
    expect([r.status, r.outcome, r.version]).toEqual(['closed', 'Boiler replaced', 7])
  })

  it('needs to start with its logging', () => {
    expect(() => foldServiceRequest('sr1', [])).toThrow('Service request sr1 has no logged event')
  })

  it.each<[string, ServiceRequestEventData[], number[]]>([
    ['none', [], []],
    ['a satisfied comment', [comment('Thanks', false)], []],
    ['a dissatisfied comment not yet answered', [comment('Awful', true)], [2]],
    [
      'one answered by a complaint, one waiting',
      [
        comment('Awful', true),
        comment('Still waiting', true),
        {
          type: 'service_request.complaint_logged',
          complaintId: 'c1',
          complaintReference: 'CMP-1',
          fromCommentSeq: 2,
        },
      ],
      [3],
    ],
  ])('comments to offer as a complaint: %s', (_what, more, seqs) => {
    expect(commentsToOffer(request(...more)).map((c) => c.seq)).toEqual(seqs)
  })
})

describe('logging a service request', () => {
  const ctx = { reference: 'SR-000002', today, source: 'api' as const }
  it('keeps what was given, opened today unless another day is given', () => {
    expect(
      decideLog(
        {
          kind: 'repair',
          summary: ' Leak ',
          resident: { name: 'Asha', postcode: 'ls1 1aa' },
          externalReference: 'REP/2026-01',
        },
        ctx,
      ),
    ).toEqual({
      type: 'service_request.logged',
      reference: 'SR-000002',
      externalReference: 'REP/2026-01',
      kind: 'repair',
      summary: 'Leak',
      resident: { name: 'Asha', postcode: 'LS1 1AA' },
      openedOn: '2026-03-20',
      source: 'api',
    })
  })

  it.each<[string, Parameters<typeof decideLog>[0], [string, string][]]>([
    [
      'nothing',
      {},
      [
        [
          'kind',
          'Choose the kind of request: repair, anti_social_behaviour, estate_services, rent_and_income, lettings, other',
        ],
        ['summary', 'Say what the resident asked for'],
        ['resident.name', 'Enter the resident’s name'],
      ],
    ],
    [
      'a reference the housing system could not have made',
      { kind: 'repair', summary: 's', resident: { name: 'A' }, externalReference: 'REP 1' },
      [['externalReference', 'The housing system’s reference must be up to 60 letters, digits, / _ . or -']],
    ],
    [
      'a request opened in the future',
      { kind: 'repair', summary: 's', resident: { name: 'A' }, openedOn: '2026-03-21' },
      [['openedOn', 'The date opened cannot be in the future']],
    ],
    [
      'a date that is none',
      { kind: 'repair', summary: 's', resident: { name: 'A' }, openedOn: '2026-02-30' },
      [['openedOn', 'The date opened must be a real date, YYYY-MM-DD']],
    ],
    [
      'a resident’s email that is none',
      { kind: 'repair', summary: 's', resident: { name: 'A', email: 'asha' } },
      [['resident.email', 'Enter the email address like name@example.org']],
    ],
  ])('refuses %s', (_what, input, expected) => {
    expect(problems(() => decideLog(input, ctx))).toEqual(expected)
  })
})

describe('a survey comment, and what becomes of it', () => {
  it('is recorded with whether it shows dissatisfaction, and why', () => {
    expect(decideSurveyComment({ comment: ' Nobody came ', score: 1 })).toEqual({
      type: 'service_request.survey_comment',
      comment: 'Nobody came',
      score: 1,
      dissatisfied: true,
      reasons: ['Says “Nobody came”', 'Scored the service 1 out of 5'],
    })
  })

  it.each<[string, { comment?: string; score?: number }, [string, string][]]>([
    ['no comment', {}, [['comment', 'Enter the resident’s comment, as they gave it']]],
    ['a score of 0', { comment: 'x', score: 0 }, [['score', 'The score must be a whole number from 1 to 5']]],
    ['a score of 6', { comment: 'x', score: 6 }, [['score', 'The score must be a whole number from 1 to 5']]],
    [
      'a score of 2.5',
      { comment: 'x', score: 2.5 },
      [['score', 'The score must be a whole number from 1 to 5']],
    ],
  ])('is refused with %s', (_what, input, expected) => {
    expect(problems(() => decideSurveyComment(input))).toEqual(expected)
  })

  const r = request(comment('Awful', true), comment('Thanks', false), comment('Poor', true), {
    type: 'service_request.comment_not_a_complaint',
    commentSeq: 4,
    note: 'Resident said no',
  })
  it.each<[string, () => unknown, [string, string][]]>([
    [
      'offering a satisfied comment',
      () => checkCommentWaiting(r, 3),
      [['commentSeq', 'There is no comment flagged as dissatisfied with that number']],
    ],
    [
      'offering a comment that is none',
      () => checkCommentWaiting(r, 9),
      [['commentSeq', 'There is no comment flagged as dissatisfied with that number']],
    ],
    [
      'offering a comment answered already',
      () => checkCommentWaiting(r, 4),
      [['commentSeq', 'That comment has already been answered']],
    ],
    [
      'recording no complaint without what the resident said',
      () => decideNotAComplaint(r, 2, ' '),
      [['note', 'Code 1.6: record that the resident was offered a complaint, and what they said']],
    ],
    [
      'closing without saying how it was completed',
      () => decideClose(r, ''),
      [['outcome', 'Say how the request was completed']],
    ],
    [
      'closing twice',
      () => decideClose(request({ type: 'service_request.closed', outcome: 'Done' }), 'Again'),
      [['', 'The service request is already closed']],
    ],
  ])('refuses %s', (_what, run, expected) => {
    expect(problems(run)).toEqual(expected)
  })

  it('records that the resident chose not to complain, and a closing', () => {
    expect(decideNotAComplaint(r, 2, ' Happy to wait ')).toEqual({
      type: 'service_request.comment_not_a_complaint',
      commentSeq: 2,
      note: 'Happy to wait',
    })
    expect(decideClose(r, ' Boiler replaced ')).toEqual({
      type: 'service_request.closed',
      outcome: 'Boiler replaced',
    })
  })
})
