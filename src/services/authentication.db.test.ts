import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../test/app.js'
import { auditLogRepository } from '../db/repositories/auditLog.js'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(async () => {
  await t.close()
})

describe('signing in', () => {
  it('signs in with the right password, case-insensitively on the email, and resolves the session', async () => {
    const s = await t.createStaff('handler', 'Case.Worker@example.org')
    const { sessionToken, staff } = await t.services.authentication.signIn(
      'case.worker@EXAMPLE.org',
      s.password,
    )
    expect(staff.role).toBe('handler')
    expect(staff.permissions.handleComplaints).toBe(true)
    expect(staff.permissions.manageUsers).toBe(false)
    expect((await t.services.authentication.staffForSession(sessionToken))?.id).toBe(s.id)
    await t.services.authentication.signOut(sessionToken)
    expect(await t.services.authentication.staffForSession(sessionToken)).toBeUndefined()
  })

  it('gives the same answer for an unknown email as for a wrong password', async () => {
    const s = await t.createStaff('handler')
    await expect(
      t.services.authentication.signIn('nobody@example.org', 'whatever it is'),
    ).rejects.toMatchObject({
      status: 401,
      message: 'Enter a correct email address and password',
    })
    await expect(t.services.authentication.signIn(s.email, 'wrong password!')).rejects.toMatchObject({
      status: 401,
      message: 'Enter a correct email address and password',
    })
  })

  it('locks the account after 5 failures in a row, for 15 minutes, and records it', async () => {
    const s = await t.createStaff('handler')
    for (let i = 0; i < 5; i++) {
      await expect(t.services.authentication.signIn(s.email, `wrong ${i} password`)).rejects.toMatchObject({
        code: 'wrong_credentials',
      })
    }
    // Even the right password is refused while locked, with the same answer as a wrong one, so
    // the answer never shows which emails have accounts.
    expect((await t.services.staffAccounts.get(s.id)).locked).toBe(true)
    await expect(t.services.authentication.signIn(s.email, s.password)).rejects.toMatchObject({
      status: 401,
      code: 'wrong_credentials',
    })
    const log = await auditLogRepository(t.database.db).forSubject(s.id)
    expect(log.map((e) => e.action)).toContain('user.locked')

    t.clock.advance(14 * 60_000)
    await expect(t.services.authentication.signIn(s.email, s.password)).rejects.toMatchObject({
      code: 'wrong_credentials',
    })
    t.clock.advance(61_000)
    await expect(t.services.authentication.signIn(s.email, s.password)).resolves.toMatchObject({
      staff: { id: s.id },
    })
  })

  it('expires sessions after the configured hours', async () => {
    const s = await t.createStaff('board')
    const { sessionToken } = await t.services.authentication.signIn(s.email, s.password)
    t.clock.advance(11 * 3_600_000)
    expect(await t.services.authentication.staffForSession(sessionToken)).toBeDefined()
    t.clock.advance(3_600_000 + 1)
    expect(await t.services.authentication.staffForSession(sessionToken)).toBeUndefined()
  })
})

describe('passwords', () => {
  it('refuses a weak new password with the reason', async () => {
    await expect(
      t.services.staffAccounts.create(
        { email: 'weak@example.org', name: 'Weak', role: 'handler', password: 'short' },
        null,
      ),
    ).rejects.toMatchObject({ status: 422, message: 'Password must be at least 12 characters' })
  })

  it('changing a password ends other sessions and API tokens but keeps the current session', async () => {
    const s = await t.createStaff('handler')
    const here = await t.services.authentication.signIn(s.email, s.password)
    const elsewhere = await t.services.authentication.signIn(s.email, s.password)
    const { token } = await t.services.authentication.issueApiToken(s.email, s.password)
    await t.services.staffAccounts.changePassword(
      s.id,
      { currentPassword: s.password, newPassword: 'a brand new passphrase' },
      here.sessionToken,
    )
    expect(await t.services.authentication.staffForSession(here.sessionToken)).toBeDefined()
    expect(await t.services.authentication.staffForSession(elsewhere.sessionToken)).toBeUndefined()
    expect(await t.services.authentication.staffForApiToken(token)).toBeUndefined()
    await expect(t.services.authentication.signIn(s.email, s.password)).rejects.toMatchObject({ status: 401 })
    await expect(t.services.authentication.signIn(s.email, 'a brand new passphrase')).resolves.toBeDefined()
  })

  it('refuses to change the password without the current one', async () => {
    const s = await t.createStaff('handler')
    await expect(
      t.services.staffAccounts.changePassword(s.id, {
        currentPassword: 'not it at all',
        newPassword: 'another passphrase',
      }),
    ).rejects.toMatchObject({ status: 422, details: [{ field: 'currentPassword' }] })
  })

  it('a reset unlocks a locked account', async () => {
    const s = await t.createStaff('handler')
    for (let i = 0; i < 5; i++)
      await t.services.authentication.signIn(s.email, 'wrong password!').catch(() => {})
    await expect(t.services.authentication.signIn(s.email, s.password)).rejects.toMatchObject({
      code: 'wrong_credentials',
    })
    await t.services.staffAccounts.resetPassword(s.email, 'reset by the admin 1', null)
    await expect(t.services.authentication.signIn(s.email, 'reset by the admin 1')).resolves.toBeDefined()
  })
})
