import { describe, expect, it } from 'vitest'
import {
  can,
  complaintHandlerRoles,
  mayHandleComplaints,
  permissionsOf,
  type StaffRole,
  staffRoles,
} from './roles.js'

describe('who handles complaints: one rule, read from the permission table', () => {
  it.each<[StaffRole, boolean]>([
    ['handler', true],
    ['complaints_officer', true],
    ['senior_lead', true],
    ['admin', true],
    // The board reads reports only: never given a complaint, an action or a direction.
    ['board', false],
    // Code 9.3: the residents' panel reads anonymised figures and comments on them; never a case.
    ['residents_panel', false],
  ])('%s: %s', (role, handles) => {
    expect(mayHandleComplaints(role)).toBe(handles)
    expect(complaintHandlerRoles.includes(role)).toBe(handles)
  })

  it('lists exactly the roles the table lets handle complaints, for queries to filter by', () => {
    expect([...complaintHandlerRoles]).toEqual(['handler', 'complaints_officer', 'senior_lead', 'admin'])
    expect(staffRoles.filter((r) => can(r, 'handleComplaints'))).toEqual([...complaintHandlerRoles])
  })
})

describe("the residents' panel (Code 9.3)", () => {
  it('opens its own pages and nothing of the staff desk', () => {
    const allowed = Object.entries(permissionsOf('residents_panel'))
      .filter(([, may]) => may)
      .map(([p]) => p)
    expect(allowed).toEqual(['manageOwnAccount', 'scrutinise', 'readPanelComments'])
  })

  it('is answered by the complaints team: the complaints officer and the senior lead', () => {
    expect(staffRoles.filter((r) => can(r, 'answerPanel'))).toEqual(['complaints_officer', 'senior_lead'])
  })

  it('leaves every other role the staff desk', () => {
    expect(staffRoles.filter((r) => !can(r, 'useStaffDesk'))).toEqual(['residents_panel'])
  })
})
