import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../../../test/app.js'
import { FormSession } from '../../../../test/browserlessSession.js'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(async () => {
  await t.close()
})

async function as(role: Parameters<TestApp['createStaff']>[0]) {
  const s = await t.createStaff(role)
  const browser = new FormSession(t.app)
  await browser.signIn(s.email, s.password)
  return browser
}

describe('staff accounts page', () => {
  it('lets an administrator add anyone, showing the new password once; the person can sign in with it', async () => {
    const admin = await as('admin')
    await admin.get('/settings/users')
    const res = await admin.post('/settings/users', {
      name: 'New Officer',
      email: 'new.officer@example.org',
      role: 'complaints_officer',
    })
    expect(res.statusCode).toBe(200)
    const password = /data-qa="new-password">([^<]+)</.exec(res.body)?.[1] as string
    expect(password).toMatch(/^\S{19}$/)
    const person = new FormSession(t.app)
    expect((await person.signIn('new.officer@example.org', password)).statusCode).toBe(303)
  })

  it('lets a complaints officer add staff but not administrators, and refuses handlers', async () => {
    const officer = await as('complaints_officer')
    const page = await officer.get('/settings/users')
    expect(page.body).not.toContain('value="admin"')
    const refused = await officer.post('/settings/users', {
      name: 'Sneaky',
      email: 'sneaky@example.org',
      role: 'admin',
    })
    expect(refused.statusCode).toBe(422)
    expect(refused.body).toContain('Only an administrator can add another administrator')
    const duplicate = await officer.post('/settings/users', {
      name: 'Again',
      email: 'NEW.officer@example.org',
      role: 'handler',
    })
    expect(duplicate.statusCode).toBe(422)
    expect(duplicate.body).toContain('already in use')
    expect((await (await as('handler')).get('/settings/users')).statusCode).toBe(403)
  })

  it('resets a password, showing the new one once', async () => {
    const admin = await as('admin')
    const target = await t.createStaff('handler')
    await admin.get('/settings/users')
    const res = await admin.post(`/settings/users/${target.id}/reset-password`, {})
    const password = /data-qa="new-password">([^<]+)</.exec(res.body)?.[1] as string
    await expect(t.services.authentication.signIn(target.email, password)).resolves.toBeDefined()
    await expect(t.services.authentication.signIn(target.email, target.password)).rejects.toMatchObject({
      status: 401,
    })
  })
})

describe('categories and exclusion grounds page', () => {
  it('adds and switches off a category, which then cannot be chosen for a new complaint', async () => {
    const officer = await as('complaints_officer')
    await officer.get('/settings/lists')
    const added = await officer.post('/settings/lists/categories', { categoryLabel: 'Heating and hot water' })
    expect(added.body).toContain('Category “Heating and hot water” added.')
    expect(
      (await t.services.complaints.categories()).find((c) => c.code === 'heating_and_hot_water')?.active,
    ).toBe(true)
    await officer.post('/settings/lists/categories/heating_and_hot_water/deactivate', {})
    expect(
      (await t.services.complaints.categories()).find((c) => c.code === 'heating_and_hot_water')?.active,
    ).toBe(false)
    const again = await officer.post('/settings/lists/categories', { categoryLabel: 'Heating and hot water' })
    expect(again.statusCode).toBe(422)
  })

  it('adds an exclusion ground, which refusals may then use, and needs both fields', async () => {
    const admin = await as('admin')
    await admin.get('/settings/lists')
    const missing = await admin.post('/settings/lists/grounds', { groundLabel: '', groundDescription: '' })
    expect(missing.statusCode).toBe(422)
    expect(missing.body).toContain('Code 2.2')
    await admin.post('/settings/lists/grounds', {
      groundLabel: 'it is an insurance claim handled by our insurer',
      groundDescription: 'Claims for damage to belongings go to the insurer.',
    })
    expect((await t.services.complaints.exclusionGrounds()).map((g) => g.code)).toContain(
      'it_is_an_insurance_claim_handled_by_our_insurer',
    )
    // Code 5.11: a ground refuses a stage 2 request only when the landlord says so.
    await admin.post('/settings/lists/grounds', {
      groundLabel: 'a court has ordered the same remedy',
      groundDescription: 'A court order already covers it.',
      refusesEscalation: 'yes',
    })
    const grounds = await t.services.complaints.exclusionGrounds()
    expect(
      grounds.find((g) => g.code === 'it_is_an_insurance_claim_handled_by_our_insurer')?.refusesEscalation,
    ).toBe(false)
    expect(grounds.find((g) => g.code === 'a_court_has_ordered_the_same_remedy')?.refusesEscalation).toBe(
      true,
    )
    expect((await admin.get('/settings/lists')).body).toContain('Also refuses a stage 2 request')
    expect((await (await as('handler')).get('/settings/lists')).statusCode).toBe(403)
  })
})

describe('changing roles', () => {
  it('changes a role, keeps the last administrator, and keeps administrators to administrators', async () => {
    const target = await t.createStaff('handler')
    const officer = await as('complaints_officer')
    await officer.get('/settings/users')
    expect(
      (await officer.post(`/settings/users/${target.id}/role`, { role: 'senior_lead' })).statusCode,
    ).toBe(303)
    expect((await t.services.staffAccounts.get(target.id)).role).toBe('senior_lead')
    await officer.get('/settings/users')
    const promote = await officer.post(`/settings/users/${target.id}/role`, { role: 'admin' })
    expect(promote.statusCode).toBe(422)
    expect(promote.body).toContain('Only an administrator can make someone an administrator')

    const fresh = await createTestApp()
    try {
      const onlyAdmin = await fresh.createStaff('admin')
      await expect(
        fresh.services.staffAccounts.changeRole(onlyAdmin.id, 'handler', { id: onlyAdmin.id, role: 'admin' }),
      ).rejects.toMatchObject({
        status: 422,
        message: 'This is the only administrator; make someone else an administrator first',
      })
    } finally {
      await fresh.close()
    }
  })
})
