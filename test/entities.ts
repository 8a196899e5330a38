import type { TestApp } from './app.js'

/**
 * A group of two landlords (issue 34): the default, Test Homes, and North Homes (registered
 * provider L0001); a complaints officer of the whole group and one limited to North Homes, each
 * with an API token.
 */
export async function groupWithLimitedOfficer(t: TestApp) {
  const admin = await t.createStaff('admin')
  const adminActor = { id: admin.id, role: 'admin' as const }
  const officer = await t.createStaff('complaints_officer')
  const limited = await t.createStaff('complaints_officer')
  const north = await t.services.entities.add({ name: 'North Homes', rpNumber: 'L0001' }, adminActor)
  await t.services.staffAccounts.changeEntity(limited.id, north, adminActor)
  const token = async (who: { email: string; password: string }) =>
    (await t.services.authentication.issueApiToken(who.email, who.password)).token
  return {
    admin,
    officer,
    limited,
    north,
    officerToken: await token(officer),
    limitedToken: await token(limited),
  }
}
