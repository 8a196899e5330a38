import { describe, expect, it } from 'vitest'
import {
  decideComplyIntervention,
  decideRecordIntervention,
  foldIntervention,
  type InterventionEventData,
} from '../../../domain/ombudsman/intervention.js'
import {
  complyPage,
  type InterventionView,
  interventionFilter,
  interventionListPage,
  interventionPage,
  newInterventionPage,
} from './viewModel.js'

const recorded = decideRecordIntervention(
  {
    kind: 'failure_order',
    failureType: 'not_progressed',
    ombudsmanReference: 'CHFO-7',
    receivedOn: '2026-05-01',
    complaintId: 'c1',
    description: 'Progress the complaint to stage 2',
    ownerId: 'u1',
    dueOn: '2026-05-15',
  },
  { today: '2026-06-01', owners: new Set(['u1']), complaint: { id: 'c1', receivedOn: '2026-03-02' } },
)
const at = (seq: number) => ({ seq, at: new Date('2026-06-01T09:00:00Z'), by: 'u1' })
const viewOf = (...more: InterventionEventData[]): InterventionView => {
  const i = foldIntervention(
    'i1',
    [recorded, ...more].map((d, n) => ({ ...d, ...at(n + 1) })),
  )
  return {
    intervention: i,
    title: 'Complaint Handling Failure Order: a complaint not progressed',
    complaintReference: 'CMP-1',
    status: i.complied ? (i.complied.late ? 'complied_late' : 'complied') : 'overdue',
    due: 'Due 15 May 2026: the date to comply by that the Ombudsman gave',
  }
}
const names = new Map([['u1', 'Sam Okafor']])

describe('the interventions pages, without a server', () => {
  it('reads only a kind and a state that are ones from the query', () => {
    expect(interventionFilter({ kind: 'failure_order', state: 'open' })).toEqual({
      kind: 'failure_order',
      state: 'open',
    })
    expect(interventionFilter({ kind: 'nonsense', state: 'closed' })).toEqual({
      kind: undefined,
      state: undefined,
    })
  })

  it('lists each with its title, what it is about, its owner and its state, keeping the filter on every page', () => {
    const m = interventionListPage(
      { kind: 'failure_order', state: 'open' },
      1,
      {
        items: [
          {
            id: 'i1',
            kind: 'failure_order',
            failureType: 'not_progressed',
            ombudsmanReference: 'CHFO-7',
            receivedOn: '2026-05-01',
            complaintId: 'c1',
            provision: null,
            ownerId: 'u1',
            dueOn: '2026-05-15',
            compliedOn: null,
            compliedLate: null,
            reference: 'CMP-1',
            status: 'overdue',
          },
        ],
        total: 120,
        pageSize: 50,
      },
      names,
      true,
    )
    expect(m.rows[0]).toMatchObject({
      title: 'Complaint Handling Failure Order: a complaint not progressed',
      complaint: { id: 'c1', reference: 'CMP-1' },
      receivedOn: '1 May 2026',
      dueOn: '15 May 2026',
      owner: 'Sam Okafor',
      tag: { text: 'Overdue', classes: 'govuk-tag--red' },
    })
    expect(m.kindItems.find((k) => k.selected)?.value).toBe('failure_order')
    expect(m.stateItems.find((k) => k.selected)?.value).toBe('open')
    expect(m.pagination?.next?.href).toBe('/ombudsman-interventions?kind=failure_order&state=open&page=2')
  })

  it('starts the form with me as the owner and today as the date it came in; after a refusal, as typed', () => {
    const staff = [
      { id: 'u1', name: 'Sam Okafor' },
      { id: 'u2', name: 'Ade Bello' },
    ]
    const fresh = newInterventionPage({ staff, me: 'u2', today: { day: '1', month: '6', year: '2026' } })
    expect(fresh.ownerItems.find((o) => o.selected)?.value).toBe('u2')
    expect(fresh.receivedItems.map((x) => x.value)).toEqual(['1', '6', '2026'])
    const typed = newInterventionPage({
      body: { kind: 'policy_recommendation', provision: '5.8', ownerId: 'u1' },
      errors: { dueOn: 'Enter the date' },
      staff,
      me: 'u2',
      today: {},
    })
    expect(typed.kindItems.find((k) => k.checked)?.value).toBe('policy_recommendation')
    expect(typed.v.provision).toBe('5.8')
    expect(typed.ownerItems.find((o) => o.selected)?.value).toBe('u1')
    expect(typed.dueItems[0]?.classes).toContain('govuk-input--error')
  })

  it('shows one open and overdue, then complied with late, with its history in words', () => {
    const open = interventionPage(viewOf(), { staffNames: names, canRecord: true, done: 'recorded' })
    expect(open.tag.text).toBe('Overdue')
    expect(open.canComply).toBe(true)
    expect(open.notice).toBe('Intervention recorded.')
    expect(open.history.map((h) => h.what)).toEqual([
      'Recorded: Complaint Handling Failure Order: a complaint not progressed, received 1 May 2026, to comply by 15 May 2026',
    ])
    const first = viewOf().intervention
    const done = interventionPage(
      viewOf(
        decideComplyIntervention(
          first,
          { compliedOn: '2026-05-20', evidence: 'Sent' },
          { today: '2026-06-01' },
        ),
      ),
      { staffNames: names, canRecord: true, done: 'complied' },
    )
    expect(done.tag).toEqual({ text: 'Complied late', classes: 'govuk-tag--orange' })
    expect(done.canComply).toBe(false)
    expect(done.complied).toMatchObject({ onText: '20 May 2026', late: true })
    expect(done.history[1]?.what).toBe('Complied with on 20 May 2026, late')
    expect(done.history[1]?.by).toBe('Sam Okafor')
    expect(done.notice).toBe('Compliance recorded.')
  })

  it('offers today as the date of compliance', () => {
    expect(
      complyPage(viewOf(), undefined, undefined, { day: '1', month: '6', year: '2026' }).compliedItems[0]
        ?.value,
    ).toBe('1')
  })
})
