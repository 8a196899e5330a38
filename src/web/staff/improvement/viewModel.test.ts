import { describe, expect, it } from 'vitest'
import { foldImprovement } from '../../../domain/improvement/improvementAction.js'
import { formFields, improvementPage, improvementRows, raisePage } from './viewModel.js'

const names = new Map([['s1', 'Priya Shah']])
const action = foldImprovement('a1', [
  {
    type: 'improvement.raised',
    title: 'Mould inspections within 10 days',
    description: 'Inspect every report of mould within 10 working days',
    origin: { kind: 'theme', detail: 'Damp and mould' },
    complaintIds: [],
    ownerId: 's1',
    director: 'Director of Property',
    dueOn: '2026-09-30',
    seq: 1,
    at: new Date('2026-03-02T09:00:00Z'),
    by: 's1',
  },
])
const staff = [
  { id: 's1', name: 'Priya Shah', role: 'complaints_officer' as const, disabled: false },
  { id: 's2', name: 'Left Already', role: 'handler' as const, disabled: true },
  { id: 's3', name: 'Board Member', role: 'board' as const, disabled: false },
]

describe('the improvement actions list and page', () => {
  it('names each owner, or says they have left, with the status and source in words', () => {
    const rows = improvementRows([{ ownerId: 's9', status: 'open', source: 'theme', title: 'x' }], names)
    expect(rows[0]).toMatchObject({
      ownerName: 'a former member of staff',
      statusLabel: 'Not started',
      sourceLabel: 'A theme across complaints',
    })
  })

  it('names who did each thing, the service when nobody did, and says a save was made', () => {
    const m = improvementPage({ action }, { staffNames: names, canRecord: true, done: 'progress' })
    expect(m.name('s1')).toBe('Priya Shah')
    expect(m.name(null)).toBe('the service')
    expect(m.notice).toBe('Saved to the improvement action.')
  })

  it('starts a completion date on today and another date blank', () => {
    const fields = formFields(
      [
        { name: 'completedOn', label: 'Completed on', kind: 'date' },
        { name: 'dueOn', label: 'New date', kind: 'date' },
        { name: 'note', label: 'Note', kind: 'textarea' },
      ],
      '2026-03-02',
    )
    expect(fields.map((f) => f.items?.map((i) => i.value))).toEqual([
      ['2', '3', '2026'],
      ['', '', ''],
      undefined,
    ])
  })
})

describe('raising an improvement action', () => {
  const base = { ombudsmanCaseId: '', directionId: '', staff, signedInId: 's1' }

  it('from a theme: the theme source chosen, the theme as the detail, the person signed in as owner', () => {
    const m = raisePage({ ...base, q: { theme: 'Damp and mould' } })
    expect(m.sourceItems.find((i) => i.checked)?.value).toBe('theme')
    expect(m.sourceItems.map((i) => i.value)).not.toContain('ombudsman_order')
    expect(m.v.detail).toBe('Damp and mould')
    expect(m.ownerItems).toEqual([{ value: 's1', text: 'Priya Shah', selected: true }])
  })

  it('from an Ombudsman order: only the Ombudsman’s sources, the order chosen', () => {
    const m = raisePage({
      ...base,
      q: {},
      ombudsmanCaseId: 'oc1',
      directionId: 'd1',
      direction: { reference: '202612345', direction: 'order', description: 'Pay £250' },
    })
    expect(m.sourceItems.map((i) => [i.value, i.checked])).toEqual([
      ['ombudsman_order', true],
      ['ombudsman_recommendation', false],
    ])
  })

  it('from a complaint: its reference filled in; as typed once sent', () => {
    expect(
      raisePage({ ...base, q: { complaint: 'c1' }, complaintReference: 'CMP-000001' }).v.complaints,
    ).toBe('CMP-000001')
    const typed = raisePage({
      ...base,
      q: {},
      body: { complaints: 'CMP-000002', source: 'complaint', ownerId: 's1' },
    })
    expect(typed.v.complaints).toBe('CMP-000002')
    expect(typed.sourceItems.find((i) => i.checked)?.value).toBe('complaint')
  })
})
