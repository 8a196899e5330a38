import { describe, expect, it } from 'vitest'
import { can, complaintHandlerRoles, mayHandleComplaints, type StaffRole, staffRoles } from './roles.js'

describe('who handles complaints: one rule, read from the permission table', () => {
  it.each<[StaffRole, boolean]>([
    ['handler', true],
    ['complaints_officer', true],
    ['senior_lead', true],
    ['admin', true],
    // The board reads reports only: never given a complaint, an action or a direction.
    ['board', false],
  ])('%s: %s', (role, handles) => {
    expect(mayHandleComplaints(role)).toBe(handles)
    expect(complaintHandlerRoles.includes(role)).toBe(handles)
  })

  it('lists exactly the roles the table lets handle complaints, for queries to filter by', () => {
    expect([...complaintHandlerRoles]).toEqual(['handler', 'complaints_officer', 'senior_lead', 'admin'])
    expect(staffRoles.filter((r) => can(r, 'handleComplaints'))).toEqual([...complaintHandlerRoles])
  })
})
