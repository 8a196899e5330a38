import { describe, expect, it } from 'vitest'
import { interventionFigures } from '../reports/governance.js'
import { WorkflowError } from '../rules.js'
import {
  decideComplyIntervention,
  decideImprovementRaised,
  decideRecordIntervention,
  dueExplained,
  findingsByProvision,
  foldIntervention,
  type InterventionEventData,
  interventionStatus,
  interventionTitle,
  type RecordInterventionInput,
} from './intervention.js'

const today = '2026-06-01'
const ctx = {
  today,
  owners: new Set(['owner-1']),
  complaint: { id: 'c1', receivedOn: '2026-01-10' },
}
const base: RecordInterventionInput = {
  ombudsmanReference: '202612345',
  receivedOn: '2026-05-01',
  description: 'Respond to the stage 2 request within 5 working days',
  ownerId: 'owner-1',
  dueOn: '2026-05-15',
}

function interventionOf(...data: InterventionEventData[]) {
  return foldIntervention(
    'i-1',
    data.map((d, i) => ({ ...d, seq: i + 1, at: new Date('2026-05-01T09:00:00Z'), by: 'owner-1' })),
  )
}

/** Which fields a refusal names, or 'ok'. */
function outcome(run: () => unknown): string[] | 'ok' {
  try {
    run()
    return 'ok'
  } catch (e) {
    if (!(e instanceof WorkflowError)) throw e
    return e.problems.map((p) => p.field ?? '')
  }
}

describe('recording an intervention: each kind, and what each needs', () => {
  const noComplaint = { ...ctx, complaint: undefined }
  it.each([
    ['Dispute Support on a complaint', { kind: 'dispute_support', complaintId: 'c1' }, ctx, 'ok'],
    ['Dispute Support without a complaint', { kind: 'dispute_support' }, noComplaint, ['complaintId']],
    [
      'CHFO, not progressed, on a complaint',
      { kind: 'failure_order', failureType: 'not_progressed', complaintId: 'c1' },
      ctx,
      'ok',
    ],
    [
      'CHFO, not progressed, without a complaint',
      { kind: 'failure_order', failureType: 'not_progressed' },
      noComplaint,
      ['complaintId'],
    ],
    [
      'CHFO, information late, no complaint',
      { kind: 'failure_order', failureType: 'information_late' },
      noComplaint,
      'ok',
    ],
    [
      'CHFO, Code non-compliance, naming a provision',
      { kind: 'failure_order', failureType: 'code_non_compliance', provision: '5.8' },
      noComplaint,
      'ok',
    ],
    ['CHFO without a ground', { kind: 'failure_order' }, noComplaint, ['failureType']],
    [
      'CHFO with a ground that is not one',
      { kind: 'failure_order', failureType: 'late' },
      noComplaint,
      ['failureType'],
    ],
    [
      'a notice with a ground',
      { kind: 'failure_notice', failureType: 'not_progressed' },
      noComplaint,
      ['failureType'],
    ],
    ['a failure notice', { kind: 'failure_notice' }, noComplaint, 'ok'],
    [
      'a recommendation on provision 6.13',
      { kind: 'policy_recommendation', provision: '6.13' },
      noComplaint,
      'ok',
    ],
    [
      'a recommendation written "Code 3.1"',
      { kind: 'policy_recommendation', provision: 'Code 3.1' },
      noComplaint,
      'ok',
    ],
    ['a recommendation with no provision', { kind: 'policy_recommendation' }, noComplaint, ['provision']],
    [
      'a recommendation on 1.1 (not assessed)',
      { kind: 'policy_recommendation', provision: '1.1' },
      noComplaint,
      ['provision'],
    ],
    [
      'a recommendation on 10.2 (no such)',
      { kind: 'policy_recommendation', provision: '10.2' },
      noComplaint,
      ['provision'],
    ],
    ['a notice naming a provision', { kind: 'failure_notice', provision: '5.8' }, noComplaint, ['provision']],
    ['no kind', {}, noComplaint, ['kind']],
    [
      'a complaint that does not exist',
      { kind: 'failure_notice', complaintId: 'CMP-404' },
      noComplaint,
      ['complaintId'],
    ],
  ] as const)('%s', (_name, extra, c, expected) => {
    expect(outcome(() => decideRecordIntervention({ ...base, ...extra }, c))).toEqual(expected)
  })

  it.each([
    ['no reference', { ombudsmanReference: ' ' }, ['ombudsmanReference']],
    ['a reference of 51 characters', { ombudsmanReference: 'x'.repeat(51) }, ['ombudsmanReference']],
    ['came in tomorrow', { receivedOn: '2026-06-02', dueOn: '2026-06-30' }, ['receivedOn']],
    ['came in before the complaint', { receivedOn: '2026-01-09' }, ['receivedOn']],
    ['not a real date', { receivedOn: '2026-02-30' }, ['receivedOn']],
    ['no description', { description: '' }, ['description']],
    ['an owner who is not active staff', { ownerId: 'someone' }, ['ownerId']],
    ['no date to comply by', { dueOn: '' }, ['dueOn']],
    ['a date to comply by before it came in', { dueOn: '2026-04-30' }, ['dueOn']],
  ] as const)('refuses %s', (_name, extra, fields) => {
    expect(
      outcome(() =>
        decideRecordIntervention({ ...base, kind: 'dispute_support', complaintId: 'c1', ...extra }, ctx),
      ),
    ).toEqual(fields)
  })

  it('names the provision and the rule in the refusal', () => {
    expect(() =>
      decideRecordIntervention({ ...base, kind: 'policy_recommendation', provision: '4.9' }, ctx),
    ).toThrow('There is no provision 4.9 in the 2024 Code')
    expect(() => decideRecordIntervention({ ...base, kind: 'policy_recommendation' }, ctx)).toThrow(
      /^Code 8\.1:/,
    )
  })

  it('keeps the complaint, the provision and the ground as given', () => {
    const e = decideRecordIntervention(
      {
        ...base,
        kind: 'failure_order',
        failureType: 'code_non_compliance',
        provision: 'code 5.8',
        complaintId: 'c1',
      },
      ctx,
    )
    expect(e).toMatchObject({
      kind: 'failure_order',
      failureType: 'code_non_compliance',
      provision: '5.8',
      complaintId: 'c1',
    })
    expect(interventionTitle(interventionOf(e))).toBe(
      'Complaint Handling Failure Order: non-compliance with the complaint handling code',
    )
  })
})

describe('due, overdue, complied with on time and late', () => {
  const recorded = decideRecordIntervention({ ...base, kind: 'dispute_support', complaintId: 'c1' }, ctx)
  const open = interventionOf(recorded)

  it.each([
    ['the day before it is due', '2026-05-14', 'open'],
    ['the day it is due', '2026-05-15', 'open'],
    ['the day after', '2026-05-16', 'overdue'],
  ] as const)('open, %s: %s', (_n, day, status) => {
    expect(interventionStatus(open, day)).toBe(status)
  })

  it.each([
    ['on the day it was due', '2026-05-15', false, 'complied'],
    ['before it was due', '2026-05-02', false, 'complied'],
    ['the day after it was due', '2026-05-16', true, 'complied_late'],
  ] as const)('complied with %s', (_n, compliedOn, late, status) => {
    const e = decideComplyIntervention(open, { compliedOn, evidence: 'Stage 2 response sent' }, { today })
    expect(e).toMatchObject({ type: 'intervention.complied', late })
    expect(interventionStatus(interventionOf(recorded, e), today)).toBe(status)
  })

  it.each([
    ['no evidence', { compliedOn: '2026-05-10', evidence: ' ' }, ['evidence']],
    ['a date in the future', { compliedOn: '2026-06-02', evidence: 'x' }, ['compliedOn']],
    ['a date before it came in', { compliedOn: '2026-04-30', evidence: 'x' }, ['compliedOn']],
    ['no date', { evidence: 'x' }, ['compliedOn']],
  ] as const)('refuses compliance with %s', (_n, input, fields) => {
    expect(outcome(() => decideComplyIntervention(open, input, { today }))).toEqual(fields)
  })

  it('refuses compliance twice, saying when it was recorded', () => {
    const done = interventionOf(
      recorded,
      decideComplyIntervention(open, { compliedOn: '2026-05-20', evidence: 'x' }, { today }),
    )
    expect(() =>
      decideComplyIntervention(done, { compliedOn: '2026-05-21', evidence: 'y' }, { today }),
    ).toThrow('already recorded, on 20 May 2026')
    expect(done.complied).toEqual({ on: '2026-05-20', evidence: 'x', late: true })
  })

  it('keeps each improvement raised from it', () => {
    const i = interventionOf(recorded, decideImprovementRaised(open, { id: 'a1', title: 'Faster stage 2' }))
    expect(i.improvements).toEqual([{ actionId: 'a1', title: 'Faster stage 2' }])
    expect(i.version).toBe(2)
  })

  it('explains its due date', () => {
    expect(dueExplained(open)).toBe(
      'Due 15 May 2026: the date to comply by that the Ombudsman gave in its dispute support instruction of 1 May 2026',
    )
  })
})

describe('the figures and the self-assessment findings, worked by hand', () => {
  const at = (seq: number) => ({ seq, at: new Date('2026-05-01T09:00:00Z'), by: null })
  const make = (id: string, rec: RecordInterventionInput, compliedOn?: string) => {
    const r = decideRecordIntervention(rec, {
      ...ctx,
      complaint: rec.complaintId ? ctx.complaint : undefined,
    })
    const events = [{ ...r, ...at(1) }]
    const first = foldIntervention(id, events)
    if (compliedOn)
      events.push({
        ...decideComplyIntervention(first, { compliedOn, evidence: 'done' }, { today }),
        ...at(2),
      })
    return foldIntervention(id, events)
  }
  // Quarter April–June 2026, struck on 1 June 2026 (today).
  const list = [
    // Dispute Support: received 1 May, due 15 May, complied 10 May (on time).
    make('a', { ...base, kind: 'dispute_support', complaintId: 'c1' }, '2026-05-10'),
    // CHFO not progressed: received 1 May, due 15 May, complied 20 May (late).
    make(
      'b',
      { ...base, kind: 'failure_order', failureType: 'not_progressed', complaintId: 'c1' },
      '2026-05-20',
    ),
    // CHFO information late: received 1 May, due 15 May, still open: overdue.
    make('c', { ...base, kind: 'failure_order', failureType: 'information_late' }),
    // Recommendation on 5.8: received 1 May, due 30 June, open, not overdue.
    make('d', { ...base, kind: 'policy_recommendation', provision: '5.8', dueOn: '2026-06-30' }),
    // A notice received in March (the quarter before), due 20 March, complied 1 April (late, in this quarter).
    make(
      'e',
      { ...base, kind: 'failure_notice', receivedOn: '2026-03-01', dueOn: '2026-03-20' },
      '2026-04-01',
    ),
  ]
  const period = { from: '2026-04-01', to: '2026-06-30', label: 'April to June 2026' }

  it('counts each kind: received, complied on time and late, open and overdue', () => {
    const f = interventionFigures(list, period, today)
    expect(f.asAt).toBe('2026-06-01')
    const row = (key: string) => {
      const r = f.rows.find((x) => x.key === key)
      return r && [r.received, r.compliedOnTime, r.compliedLate, r.open, r.openOverdue]
    }
    expect(row('dispute_support')).toEqual([1, 1, 0, 0, 0])
    expect(row('failure_order:not_progressed')).toEqual([1, 0, 1, 0, 0])
    expect(row('failure_order:information_late')).toEqual([1, 0, 0, 1, 1])
    expect(row('failure_order:code_non_compliance')).toEqual([0, 0, 0, 0, 0])
    expect(row('failure_notice')).toEqual([0, 0, 1, 0, 0])
    expect(row('policy_recommendation')).toEqual([1, 0, 0, 1, 0])
    expect(f.total).toEqual({ received: 4, compliedOnTime: 1, compliedLate: 2, open: 2, openOverdue: 1 })
  })

  it('the quarter before: the notice received, and open and overdue at its end', () => {
    const f = interventionFigures(list, { from: '2026-01-01', to: '2026-03-31', label: 'Q4' }, today)
    expect(f.total).toEqual({ received: 1, compliedOnTime: 0, compliedLate: 0, open: 1, openOverdue: 1 })
  })

  it('puts the recommendation beside provision 5.8, as a concern', () => {
    const found = findingsByProvision(list, { from: '2026-04-01', to: '2027-03-31' }, today)
    expect(Object.keys(found)).toEqual(['5.8'])
    expect(found['5.8']?.[0]).toMatchObject({
      label: 'Policy compliance check recommendation 202612345 (1 May 2026)',
      value: 'Open, due 30 June 2026',
    })
    expect(found['5.8']?.[0]?.concern).toContain('the Housing Ombudsman found against this provision')
    expect(findingsByProvision(list, { from: '2025-04-01', to: '2026-03-31' }, today)).toEqual({})
  })
})
