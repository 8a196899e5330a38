import { describe, expect, it } from 'vitest'
import { foldOmbudsmanCase } from '../../../domain/ombudsman/ombudsmanCase.js'
import {
  DETERMINATION_ELEMENTS,
  determinationElements,
  ombudsmanCasePage,
  ombudsmanListPage,
} from './viewModel.js'

const at = new Date('2026-06-01T09:00:00Z')
const oneCase = foldOmbudsmanCase('case-1', [
  {
    type: 'ombudsman.case_opened',
    complaintId: 'c1',
    ombudsmanReference: '202612345',
    kind: 'formal_investigation',
    receivedOn: '2026-03-30',
    seq: 1,
    at,
    by: 'officer',
  },
])

describe('the Ombudsman cases list', () => {
  it('has a tab for each filter with its count, the one shown active, and pages of the one shown', () => {
    const m = ombudsmanListPage('open', 2, {
      items: [],
      counts: { owed: 3, open: 120, closed: 0 },
      pageSize: 50,
    })
    expect(m.tabs).toEqual([
      { text: 'Owed (3)', href: '/ombudsman-cases?show=owed', active: false },
      { text: 'Open (120)', href: '/ombudsman-cases?show=open', active: true },
      { text: 'Closed (0)', href: '/ombudsman-cases?show=closed', active: false },
    ])
    expect(m.pagination?.previous).toEqual({ href: '/ombudsman-cases?show=open' })
    expect(m.pagination?.next).toEqual({ href: '/ombudsman-cases?show=open&page=3' })
    expect(m.pagination?.items.map((i) => [i.number, i.current])).toEqual([
      [1, false],
      [2, true],
      [3, false],
    ])
  })

  it('has no pagination when one page holds them all', () => {
    expect(
      ombudsmanListPage('owed', 1, { items: [], counts: { owed: 3, open: 0, closed: 0 }, pageSize: 50 })
        .pagination,
    ).toBeUndefined()
  })
})

describe('one Ombudsman case', () => {
  const v = { case: oneCase, complaintReference: 'CMP-000001', outstanding: [] }
  const page = (done?: string) =>
    ombudsmanCasePage(v, {
      staffNames: new Map([['s1', 'Priya Shah']]),
      improvements: [],
      canRecord: true,
      today: '2026-06-01',
      done,
    })

  it('names the kind of case, and each order’s owner, or says they have left', () => {
    const m = page()
    expect(m.kindLabel).toBe('Formal investigation')
    expect(m.ownerName('s1')).toBe('Priya Shah')
    expect(m.ownerName('s2')).toBe('a former member of staff')
    expect(m.notice).toBeUndefined()
  })

  it('says something was saved after a save', () => {
    expect(page('kind').notice).toBe('Saved to the Ombudsman case.')
  })
})

describe('the determination form', () => {
  it('asks a finding on each element, keeping what was typed', () => {
    const rows = determinationElements({ element1: 'Repairs', finding1: 'maladministration' })
    expect(rows).toHaveLength(DETERMINATION_ELEMENTS)
    expect(rows[1]?.element).toBe('Repairs')
    expect(rows[1]?.findingItems.find((i) => 'selected' in i && i.selected)?.value).toBe('maladministration')
    expect(determinationElements(undefined)[0]?.findingItems[0]).toEqual({
      value: '',
      text: 'Choose a finding',
    })
  })
})
