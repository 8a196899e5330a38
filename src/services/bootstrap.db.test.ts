import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createTestDatabase } from '../../test/db.js'
import { FixedClock } from '../clock.js'
import type { Database } from '../db/database.js'
import { usersRepository } from '../db/repositories/users.js'
import { bootstrapStaff, demoStaff } from './bootstrap.js'

let database: Database
const clock = new FixedClock('2026-03-02T09:15:00Z')
beforeEach(async () => {
  database = await createTestDatabase()
})
afterEach(async () => {
  await database.close()
})

describe('bootstrapStaff', () => {
  it('creates the administrator from ADMIN_EMAIL on an empty database, and only then', async () => {
    const admin = { email: 'boss@example.org', password: 'a long admin password' }
    const first = await bootstrapStaff({ db: database.db, clock }, { admin, demoData: false })
    expect(first.adminCreated).toBe('boss@example.org')
    expect((await usersRepository(database.db).findByEmail('boss@example.org'))?.role).toBe('admin')
    const second = await bootstrapStaff(
      { db: database.db, clock },
      { admin: { ...admin, email: 'other@example.org' }, demoData: false },
    )
    expect(second.adminCreated).toBeUndefined()
    expect(await usersRepository(database.db).count()).toBe(1)
  })

  it('seeds the demo staff with fresh passwords, once, even when instances start together', async () => {
    const results = await Promise.all([
      bootstrapStaff({ db: database.db, clock }, { demoData: true }),
      bootstrapStaff({ db: database.db, clock }, { demoData: true }),
    ])
    const created = results.filter((r) => r.demoCredentials.length > 0)
    expect(created).toHaveLength(1)
    expect(created[0]?.demoCredentials.map((c) => c.email)).toEqual(demoStaff.map((d) => d.email))
    expect(new Set(created[0]?.demoCredentials.map((c) => c.password)).size).toBe(demoStaff.length)
    expect(await usersRepository(database.db).count()).toBe(demoStaff.length)
  })
})
