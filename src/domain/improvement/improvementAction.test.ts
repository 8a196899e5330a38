import { describe, expect, it } from 'vitest'
import type { CalendarDate } from '../calendar/calendarDate.js'
import { WorkflowError } from '../rules.js'

import {
  decideCancel,
  decideComplete,
  decideLink,
  decideProgress,
  decidePublish,
  decideRaise,
  decideReschedule,
  decideUnpublish,
  foldImprovement,
  type ImprovementAction,
  type ImprovementEventData,
  isOpen,
  isOverdue,
  type RaiseInput,
} from './improvementAction.js'

const today = '2026-03-20' as CalendarDate
const raised: ImprovementEventData = {
  type: 'improvement.raised',
  title: 'Damp surveys within 10 days',
  description: 'Survey every damp report within 10 working days.',
  origin: { kind: 'theme', detail: 'Repeat damp in Tower Court' },
  complaintIds: ['c1'],
  ownerId: 'owner-1',
  director: 'Director of Property',
  dueOn: '2026-06-30',
}
/** An action from its events, raised on 2 March 2026 and each event a day after the one before. */
const action = (...more: ImprovementEventData[]): ImprovementAction =>
  foldImprovement(
    'a1',
    [raised, ...more].map((d, i) => ({
      ...d,
      seq: i + 1,
      at: new Date(Date.parse('2026-03-02T10:00:00Z') + i * 86_400_000),
      by: 'u1',
    })),
  )
/** Every problem a refusal names, field by field, or its kind and message when it is not a rule. */
const problems = (run: () => unknown) => {
  try {
    run()
  } catch (error) {
    if (error instanceof WorkflowError)
      return error.kind === 'rule'
        ? error.problems.map((p) => [p.field, p.message])
        : [[error.kind, error.message]]
    throw error
  }
  throw new Error('expected a refusal')
}

describe('an improvement action’s history', () => {
  it.each<[string, ImprovementEventData[], Partial<ImprovementAction>]>([
    ['raised', [], { status: 'open', dueOn: '2026-06-30', complaintIds: ['c1'] }],
    [
      'with progress noted',
      [{ type: 'improvement.progress_noted', note: 'Surveyors booked' }],
      { status: 'in_progress' },
    ],
    [
      'rescheduled',
      [{ type: 'improvement.rescheduled', dueOn: '2026-07-31', reason: 'Contractor' }],
      { status: 'open', dueOn: '2026-07-31', originalDueOn: '2026-06-30' },
    ],
    [
      'linked to the same complaint twice, and another',
      [
        { type: 'improvement.complaint_linked', complaintId: 'c1' },
        { type: 'improvement.complaint_linked', complaintId: 'c2' },
      ],
      { complaintIds: ['c1', 'c2'] },
    ],
    [
      'completed after progress',
      [
        { type: 'improvement.progress_noted', note: 'Booked' },
        { type: 'improvement.completed', evidence: 'New procedure', completedOn: '2026-03-04' },
      ],
      { status: 'completed' },
    ],
    ['cancelled', [{ type: 'improvement.cancelled', reason: 'Superseded' }], { status: 'cancelled' }],
    [
      'published then taken down',
      [
        { type: 'improvement.published', youSaid: 'Damp', weDid: 'Surveys' },
        { type: 'improvement.unpublished', reason: 'Out of date' },
      ],
      { published: undefined },
    ],
  ])('%s', (_what, more, expected) => {
    const a = action(...more)
    expect(a).toMatchObject(expected)
    expect(a.version).toBe(more.length + 1)
  })

  it('needs to start with its raising', () => {
    expect(() => foldImprovement('a1', [])).toThrow('Improvement action a1 has no raised event')
  })

  it.each<[string, ImprovementEventData[], CalendarDate, boolean, boolean]>([
    ['open, due later', [], '2026-06-30', true, false],
    ['open, due yesterday', [], '2026-07-01', true, true],
    [
      'in progress, due yesterday',
      [{ type: 'improvement.progress_noted', note: 'x' }],
      '2026-07-01',
      true,
      true,
    ],
    [
      'completed, past its date',
      [{ type: 'improvement.completed', evidence: 'x', completedOn: '2026-03-03' }],
      '2026-07-01',
      false,
      false,
    ],
    [
      'cancelled, past its date',
      [{ type: 'improvement.cancelled', reason: 'x' }],
      '2026-07-01',
      false,
      false,
    ],
  ])('%s: open %s, overdue %s', (_what, more, on, open, overdue) => {
    const a = action(...more)
    expect([isOpen(a), isOverdue(a, on)]).toEqual([open, overdue])
  })
})

describe('raising an improvement (Code 9.1–9.4)', () => {
  const ctx = {
    today,
    owners: new Set(['owner-1']),
    knownComplaints: new Set(['c1', 'c2']),
  }
  const good: RaiseInput = {
    title: ' Damp surveys ',
    description: 'Survey within 10 days',
    source: 'theme',
    detail: 'Repeat damp',
    complaintIds: ['c1', ' c1 ', ''],
    ownerId: 'owner-1',
    director: 'Director of Property',
    dueOn: '2026-06-30',
  }

  it('keeps what was given, trimmed, each complaint once', () => {
    expect(decideRaise(good, ctx)).toEqual({
      type: 'improvement.raised',
      title: 'Damp surveys',
      description: 'Survey within 10 days',
      origin: { kind: 'theme', detail: 'Repeat damp' },
      complaintIds: ['c1'],
      ownerId: 'owner-1',
      director: 'Director of Property',
      dueOn: '2026-06-30',
    })
  })

  it.each<[string, RaiseInput, [string, string][]]>([
    [
      'nothing',
      {},
      [
        ['title', 'Give the improvement a short title'],
        ['description', 'Code 9.1: say what will change in the service, and why'],
        ['source', 'Choose where the improvement came from'],
        ['ownerId', 'Choose who owns it: an active member of staff'],
        ['director', 'Name the director accountable for it (Code 9.1: learning is owned at a senior level)'],
        ['dueOn', 'Give the date it will be done by, as a real date'],
      ],
    ],
    [
      'a complaint that is none',
      { ...good, complaintIds: ['c9'] },
      [['complaintIds', 'There is no complaint c9']],
    ],
    [
      'a complaint as the source, naming none',
      { ...good, source: 'complaint', complaintIds: [] },
      [['complaintIds', 'Name the complaint the improvement came from']],
    ],
    [
      'a theme not described',
      { ...good, detail: ' ' },
      [['detail', 'Code 9.4: describe the theme, for example “repeat leaks in Tower Court”']],
    ],
    [
      'a recommendation with nobody named',
      { ...good, source: 'recommendation', detail: '' },
      [['detail', 'Say who made the recommendation, for example the scrutiny panel']],
    ],
    [
      'an owner who is not active staff',
      { ...good, ownerId: 'leaver' },
      [['ownerId', 'Choose who owns it: an active member of staff']],
    ],
    [
      'a date in the past',
      { ...good, dueOn: '2026-03-19' },
      [['dueOn', 'The date it will be done by cannot be in the past']],
    ],
    [
      'a date that is none',
      { ...good, dueOn: '2026-02-30' },
      [['dueOn', 'Give the date it will be done by, as a real date']],
    ],
    [
      'a title too long',
      { ...good, title: 'x'.repeat(201) },
      [['title', 'Keep it to 200 characters or fewer']],
    ],
    [
      'an Ombudsman order with no direction named',
      { ...good, source: 'ombudsman_order' },
      [['directionId', 'Choose the Ombudsman’s order or recommendation it answers']],
    ],
  ])('refuses %s', (_what, input, expected) => {
    expect(problems(() => decideRaise(input, ctx))).toEqual(expected)
  })

  const direction = {
    caseId: 'case-1',
    directionId: 'd1',
    direction: 'order' as const,
    complaintId: 'c2',
  }
  it('takes an Ombudsman order’s case, direction and complaint from the direction', () => {
    expect(decideRaise({ ...good, source: 'ombudsman_order' }, { ...ctx, direction })).toMatchObject({
      origin: { kind: 'ombudsman_order', ombudsmanCaseId: 'case-1', directionId: 'd1' },
      complaintIds: ['c2', 'c1'],
    })
  })

  it('refuses an Ombudsman recommendation given as the source of an order', () => {
    expect(
      problems(() =>
        decideRaise(
          { ...good, source: 'ombudsman_order' },
          { ...ctx, direction: { ...direction, direction: 'recommendation' } },
        ),
      ),
    ).toEqual([['source', 'That is an Ombudsman recommendation, not an order']])
  })

  it('refuses an Ombudsman order given as the source of a recommendation', () => {
    const refused = problems(() =>
      decideRaise({ ...good, source: 'ombudsman_recommendation' }, { ...ctx, direction }),
    )
    expect(refused).toHaveLength(1)
    expect(refused[0]?.[0]).toBe('source')
    // The message's article after "not" is left as the code words it (see the report).
    expect(refused[0]?.[1]).toMatch(/^That is an Ombudsman order, not an? recommendation$/)
  })
})

describe('what is done to an action, and when it is refused', () => {
  const completed = { type: 'improvement.completed', evidence: 'x', completedOn: '2026-03-03' } as const
  const cancelled = { type: 'improvement.cancelled', reason: 'x' } as const

  it.each<[string, () => unknown, string[][]]>([
    [
      'progress on a completed one',
      () => decideProgress(action(completed), 'more'),
      [['not_now', 'This improvement was completed on 3 March 2026']],
    ],
    [
      'progress on a cancelled one',
      () => decideProgress(action(cancelled), 'more'),
      [['not_now', 'This improvement was cancelled']],
    ],
    [
      'progress with nothing said',
      () => decideProgress(action(), ' '),
      [['note', 'Say what has been done so far']],
    ],
    [
      'a complaint that is none',
      () => decideLink(action(), 'c9', false),
      [['complaintId', 'There is no such complaint']],
    ],
    [
      'a complaint linked already',
      () => decideLink(action(), 'c1', true),
      [['not_now', 'That complaint is already linked to this improvement']],
    ],
    [
      'a new date no later than the old',
      () => decideReschedule(action(), { dueOn: '2026-06-30', reason: 'x' }, today),
      [['dueOn', 'The new date must be after 30 June 2026, the date it was due, and not in the past']],
    ],
    [
      'a new date in the past, for an action already overdue',
      () => decideReschedule(action(), { dueOn: '2026-07-02', reason: 'x' }, '2026-07-03'),
      [['dueOn', 'The new date must be after 30 June 2026, the date it was due, and not in the past']],
    ],
    [
      'a new date with no reason',
      () => decideReschedule(action(), { dueOn: '2026-07-31' }, today),
      [['reason', 'Say why it will be late']],
    ],
    [
      'completion without evidence',
      () => decideComplete(action(), {}, today),
      [
        [
          'evidence',
          'Code 9.1: give the evidence that the change was made, for example the new procedure and its date',
        ],
      ],
    ],
    [
      'completion in the future',
      () => decideComplete(action(), { evidence: 'x', completedOn: '2026-03-21' }, today),
      [['completedOn', 'The date it was completed cannot be in the future']],
    ],
    [
      'completion before it was raised',
      () => decideComplete(action(), { evidence: 'x', completedOn: '2026-03-01' }, today),
      [['completedOn', 'The date it was completed cannot be before it was raised']],
    ],
    [
      'cancelling without a reason',
      () => decideCancel(action(), ''),
      [['reason', 'Say why it is cancelled; the record keeps it']],
    ],
    [
      'publishing a cancelled one',
      () => decidePublish(action(cancelled), { youSaid: 'a', weDid: 'b' }),
      [['not_now', 'A cancelled improvement is not published']],
    ],
    [
      'taking down one not published',
      () => decideUnpublish(action(), 'x'),
      [['not_now', 'This improvement is not published']],
    ],
  ])('refuses %s', (_what, run, expected) => {
    expect(problems(run)).toEqual(expected)
  })

  it.each<[string, () => ImprovementEventData, ImprovementEventData]>([
    [
      'progress',
      () => decideProgress(action(), ' Booked '),
      { type: 'improvement.progress_noted', note: 'Booked' },
    ],
    [
      'a later date',
      () => decideReschedule(action(), { dueOn: '2026-07-31', reason: ' Contractor ' }, today),
      { type: 'improvement.rescheduled', dueOn: '2026-07-31', reason: 'Contractor' },
    ],
    [
      'completion on a day given',
      () => decideComplete(action(), { evidence: 'Procedure v2', completedOn: '2026-03-02' }, today),
      { type: 'improvement.completed', evidence: 'Procedure v2', completedOn: '2026-03-02' },
    ],
    [
      'completion with no day given: today',
      () => decideComplete(action(), { evidence: 'Procedure v2' }, today),
      { type: 'improvement.completed', evidence: 'Procedure v2', completedOn: '2026-03-20' },
    ],
    [
      'a link',
      () => decideLink(action(), 'c2', true),
      { type: 'improvement.complaint_linked', complaintId: 'c2' },
    ],
  ])('records %s', (_what, decide, expected) => {
    expect(decide()).toEqual(expected)
  })
})

describe('“You said, we did”: nothing that could identify anyone', () => {
  it.each<[string, string, [string, string][]]>([
    [
      'an email address',
      'Write to jo@example.org',
      [['weDid', 'The public page must not show anyone’s email address or phone number']],
    ],
    [
      'a phone number',
      'Call 020 7946 0000',
      [['weDid', 'The public page must not show anyone’s email address or phone number']],
    ],
    [
      'a postcode',
      'At SW1A 1AA',
      [['weDid', 'The public page must not show a postcode that could identify a home']],
    ],
    ['nothing to say', '', [['weDid', 'Say what changed, or what is changing']]],
  ])('refuses %s', (_what, weDid, expected) => {
    expect(problems(() => decidePublish(action(), { youSaid: 'Damp took too long', weDid }))).toEqual(
      expected,
    )
  })

  it('publishes words that identify nobody, trimmed', () => {
    expect(decidePublish(action(), { youSaid: ' Damp took too long ', weDid: 'Surveys in 10 days' })).toEqual(
      {
        type: 'improvement.published',
        youSaid: 'Damp took too long',
        weDid: 'Surveys in 10 days',
      },
    )
  })
})
