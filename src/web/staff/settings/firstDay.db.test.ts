import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../../../test/app.js'
import { FormSession } from '../../../../test/browserlessSession.js'
import { testDatabaseKind } from '../../../../test/db.js'

/** The first day: a new installation asks for the landlord's details until they are set. */
let t: TestApp
let admin: { id: string; email: string; password: string }
let browser: FormSession

beforeAll(async () => {
  // A new installation: the placeholder name, and no phone or email in its environment.
  t = await createTestApp({
    sessionHours: 24 * 100,
    landlordName: 'Demo Housing Association',
    contact: { phone: undefined, email: undefined },
  })
  admin = await t.createStaff('admin')
  browser = new FormSession(t.app)
  await browser.signIn(admin.email, admin.password)
})
afterAll(async () => {
  await t.close()
})

/** The items of the Today page's setup list still to do, by their key. */
const labels: Record<string, string> = {
  name: 'Your organisation’s name',
  address: 'Your postal address',
  phone: 'A phone number for complaints',
  email: 'An email address for complaints',
  logo: 'Your logo',
  signOff: 'Who letters come from',
}
const notSet = (page: string) =>
  [...page.matchAll(/<li class="govuk-task-list__item[^"]*">([\s\S]*?)<\/li>/g)]
    .filter((m) => m[1]?.includes('Not set'))
    .map((m) => Object.keys(labels).find((k) => m[1]?.includes(labels[k] as string)))

describe(`the first day (${testDatabaseKind})`, () => {
  it('asks an administrator for the landlord’s details on Today until each is set, and letters and resident pages say only what is known', async () => {
    let today = await browser.get('/')
    expect(today.body).toContain('Set up your service')
    expect(notSet(today.body)).toEqual(['name', 'address', 'phone', 'email', 'logo', 'signOff'])
    // Until then, no route to the landlord is named without its details.
    const start = await new FormSession(t.app).get('/make-a-complaint')
    const routes = /data-qa="other-routes">([^<]*)</.exec(start.body)?.[1] ?? ''
    expect(routes).toContain('You can also complain by letter, or in person.')
    expect(routes).not.toMatch(/by phone|by email/)

    // A phone number that is not one is refused, naming the field; nothing is saved.
    const letterhead = async (phone: string) => {
      await browser.get('/settings/letters')
      return browser.post('/settings/letters/settings', {
        address: '1 High Street\nLeeds\nLS1 4AP',
        signature: 'The Complaints Team',
        phone,
        email: 'complaints@riverside.example',
      })
    }
    const wrong = await letterhead('ring us')
    expect(wrong.statusCode).toBe(422)
    expect(wrong.body).toContain('Enter a phone number, like 0113 496 0000')
    expect(notSet((await browser.get('/')).body)).toContain('phone')

    const saved = await letterhead('0113 496 0000')
    expect(saved.statusCode).toBe(303)
    today = await browser.get('/')
    expect(notSet(today.body)).toEqual(['name', 'logo'])

    // Letters and resident pages now give the phone and email.
    const again = await new FormSession(t.app).get('/make-a-complaint')
    expect(/data-qa="other-routes">([^<]*)</.exec(again.body)?.[1]).toContain(
      'by phone on 0113 496 0000, by email to complaints@riverside.example, by letter, or in person',
    )
    const { view } = await t.services.complaints.receive(
      {
        channel: 'phone',
        receivedAt: new Date('2026-03-02T09:00:00Z'),
        description: 'Leak',
        resident: { name: 'Ada' },
      },
      { id: admin.id, role: 'admin' },
    )
    await t.services.complaints.acknowledge(
      view.complaint.id,
      { id: admin.id, role: 'admin' },
      {
        handlerId: admin.id,
        definition: { issues: ['Leak'], outcomesSought: ['Fix it'] },
      },
    )
    const [letter] = await t.services.complaints.letters(view.complaint.id)
    expect(letter?.text).toContain(
      '1 High Street\nLeeds\nLS1 4AP\nPhone: 0113 496 0000\nEmail: complaints@riverside.example\n',
    )

    // The logo set, only the installation's name is left, and it says how to set it.
    const png = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
      'base64',
    )
    await browser.get('/settings/letters')
    const uploaded = await browser.postFile(
      '/settings/letters/logo',
      {},
      { name: 'logo.png', bytes: png },
      'logo',
    )
    expect(uploaded.statusCode).toBe(303)
    today = await browser.get('/')
    expect(notSet(today.body)).toEqual(['name'])
    expect(today.body).toContain('Set LANDLORD_NAME in the service’s environment')
  })

  it('is not shown to someone who cannot set the details', async () => {
    const handler = await t.createStaff('handler')
    const s = new FormSession(t.app)
    await s.signIn(handler.email, handler.password)
    expect((await s.get('/')).body).not.toContain('Set up your service')
  })
})
