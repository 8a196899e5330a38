import { describe, expect, it } from 'vitest'
import { permissionsOf, type StaffRole } from '../../domain/staff/roles.js'
import { caseListView, sectionNavigation, serviceNavigation } from './navigation.js'

const person = (role: StaffRole) => ({ role, permissions: permissionsOf(role) })
const texts = (items: { text: string }[]) => items.map((i) => i.text)
const activeOf = (items: { text: string; active: boolean }[]) =>
  items.filter((i) => i.active).map((i) => i.text)

describe('the service navigation', () => {
  it('gives daily work and three sections, in this order, to a complaints officer', () => {
    expect(texts(serviceNavigation(person('complaints_officer'), '/'))).toEqual([
      'Today',
      'Cases',
      'Residents',
      'Hazards',
      'Ombudsman',
      'Reports',
      'Post and mail',
      'Learning',
      'Settings',
    ])
  })

  it('shows only what the role may open: the board sees no cases, residents or post', () => {
    expect(texts(serviceNavigation(person('board'), '/'))).toEqual([
      'Today',
      'Reports',
      'Learning',
      'Settings',
    ])
    expect(texts(serviceNavigation(person('handler'), '/'))).not.toContain('Reports')
  })

  it("gives the residents' panel its own pages and nothing of the desk (Code 9.3)", () => {
    expect(texts(serviceNavigation(person('residents_panel'), '/panel'))).toEqual(['Residents’ panel'])
    const nav = sectionNavigation(person('residents_panel'), '/panel/themes')
    expect(texts(nav?.items ?? [])).toEqual([
      'What to review',
      'Performance',
      'Themes',
      'Improvement actions',
      'Self-assessment',
      'Complaints policy',
    ])
    expect(activeOf(nav?.items ?? [])).toEqual(['Themes'])
    // The team answers the panel from Learning; the panel's pages are not theirs.
    const officer = sectionNavigation(person('complaints_officer'), '/themes')
    expect(texts(officer?.items ?? [])).toContain('Residents’ panel')
    expect(texts(serviceNavigation(person('complaints_officer'), '/'))).not.toContain('Residents’ panel')
  })

  it('marks the area a page belongs to, by its path, and only that one', () => {
    const officer = person('complaints_officer')
    expect(activeOf(serviceNavigation(officer, '/'))).toEqual(['Today'])
    expect(activeOf(serviceNavigation(officer, '/complaints/abc?x=1'))).toEqual(['Cases'])
    expect(activeOf(serviceNavigation(officer, '/remedies'))).toEqual(['Cases'])
    expect(activeOf(serviceNavigation(officer, '/letters/print'))).toEqual(['Post and mail'])
    expect(activeOf(serviceNavigation(officer, '/improvements/123'))).toEqual(['Learning'])
    expect(activeOf(serviceNavigation(officer, '/settings/letters/acknowledgement'))).toEqual(['Settings'])
    expect(activeOf(serviceNavigation(officer, '/data-protection/access-log'))).toEqual(['Settings'])
    expect(activeOf(serviceNavigation(officer, '/self-assessment/x'))).toEqual(['Reports'])
    // A prefix of a word is not the area: /residents is not /reports, /mailbox is not /mail.
    expect(activeOf(serviceNavigation(officer, '/mailbox'))).toEqual([])
  })

  it('opens a section on its first page the person may open', () => {
    const board = serviceNavigation(person('board'), '/')
    expect(board.find((i) => i.text === 'Settings')?.href).toBe('/settings/working-days')
    expect(board.find((i) => i.text === 'Learning')?.href).toBe('/themes')
    const officer = serviceNavigation(person('complaints_officer'), '/')
    expect(officer.find((i) => i.text === 'Cases')?.href).toBe('/complaints?view=mine')
  })

  it('is empty for someone not signed in', () => {
    expect(serviceNavigation(undefined, '/')).toEqual([])
    expect(sectionNavigation(undefined, '/settings/policy')).toBeUndefined()
  })
})

describe("a section's own navigation", () => {
  it("lists the section's pages on each of them, the page open marked, beside the page", () => {
    const nav = sectionNavigation(person('admin'), '/settings/policy')
    expect(nav?.label).toBe('Settings')
    expect(nav?.style).toBe('side')
    expect(texts(nav?.items ?? [])).toEqual([
      'Working days',
      'Timescales',
      'Compensation guidance',
      'Letters',
      'Landlord entities',
      'Staff',
      'Lists',
      'Triage rules',
      'Webhooks',
      'Import',
      'Data protection',
    ])
    expect(activeOf(nav?.items ?? [])).toEqual(['Timescales'])
  })

  it('leaves out pages the role may not open', () => {
    const nav = sectionNavigation(person('handler'), '/settings/working-days')
    expect(texts(nav?.items ?? [])).toEqual(['Working days', 'Timescales', 'Compensation guidance'])
  })

  it('is not shown on a page the section does not list (a detail page keeps its back link)', () => {
    expect(sectionNavigation(person('admin'), '/settings/letters/acknowledgement')).toBeUndefined()
    expect(sectionNavigation(person('admin'), '/complaints/abc')).toBeUndefined()
    expect(sectionNavigation(person('admin'), '/residents')).toBeUndefined()
  })

  it('lists the case lists above the page, marking the list shown, as the queue chooses it', () => {
    const handler = sectionNavigation(person('handler'), '/complaints')
    expect(handler?.style).toBe('above')
    expect(activeOf(handler?.items ?? [])).toEqual(['My cases'])
    expect(activeOf(sectionNavigation(person('complaints_officer'), '/complaints')?.items ?? [])).toEqual([
      'Team cases',
    ])
    expect(
      activeOf(sectionNavigation(person('handler'), '/complaints?view=team&page=2')?.items ?? []),
    ).toEqual(['Team cases'])
    expect(activeOf(sectionNavigation(person('handler'), '/remedies?show=all')?.items ?? [])).toEqual([
      'Remedies',
    ])
  })
})

describe('which case list opens', () => {
  it.each([
    ['mine', 'complaints_officer', 'mine'],
    ['team', 'handler', 'team'],
    [undefined, 'handler', 'mine'],
    [undefined, 'senior_lead', 'team'],
    ['nonsense', 'handler', 'mine'],
  ] as const)('asked for %s by a %s: %s', (asked, role, shown) => {
    expect(caseListView(asked, role)).toBe(shown)
  })
})
