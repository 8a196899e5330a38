import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../test/app.js'
import { usersRepository } from '../db/repositories/users.js'
import { complaintHandlerRoles } from '../domain/staff/roles.js'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(async () => {
  await t.close()
})

describe('who may be given complaints now', () => {
  it('is everyone active whose role handles complaints, by name: not the board, not a disabled account', async () => {
    const admin = await t.createStaff('admin')
    const handler = await t.createStaff('handler')
    const leaver = await t.createStaff('handler')
    const officer = await t.createStaff('complaints_officer')
    const lead = await t.createStaff('senior_lead')
    const board = await t.createStaff('board')
    await t.services.staffAccounts.setDisabled(leaver.id, true, { id: admin.id, role: 'admin' })

    const everyone = await t.services.staffAccounts.list()
    const nameOf = (id: string) => everyone.find((p) => p.id === id)?.name
    const mayBeGiven = [admin, handler, officer, lead].map((p) => nameOf(p.id)).sort()
    expect((await t.services.staffAccounts.handlers()).map((p) => p.name)).toEqual(mayBeGiven)
    // The same people, read in SQL from the domain's roles, for the services that check an owner.
    expect((await usersRepository(t.database.db).activeIn(complaintHandlerRoles)).map((u) => u.name)).toEqual(
      mayBeGiven,
    )
    expect(mayBeGiven).not.toContain(nameOf(board.id))
    expect(mayBeGiven).not.toContain(nameOf(leaver.id))
    expect(await usersRepository(t.database.db).activeIn([])).toEqual([])
  })
})
