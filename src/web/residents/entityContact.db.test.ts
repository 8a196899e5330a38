import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../../test/app.js'
import { FormSession } from '../../../test/browserlessSession.js'
import { answerEverything, follow, send } from '../../../test/residents.js'

/**
 * Issue 34: a resident's pages about a complaint carry its landlord entity's name, phone and
 * email; the pages with no complaint (the start page) the installation's, as before.
 */
let t: TestApp
let officer: { id: string; role: 'complaints_officer' }
let north: string

beforeAll(async () => {
  t = await createTestApp()
  officer = { id: (await t.createStaff('complaints_officer')).id, role: 'complaints_officer' }
  const admin = await t.createStaff('admin')
  north = await t.services.entities.add(
    { name: 'North Homes', rpNumber: 'L0001', phone: '0113 496 0001', email: 'complaints@north.example' },
    { id: admin.id, role: 'admin' },
  )
})
afterAll(async () => {
  await t?.close()
})

const header = (body: string) => /class="app-header__landlord[^>]*>([^<]+)/.exec(body)?.[1]?.trim()

describe('the resident pages name the complaint’s landlord', () => {
  it('the online form’s confirmation and the followed complaint are the default’s; the start page the installation’s', async () => {
    const start = await new FormSession(t.app).get('/make-a-complaint')
    expect(header(start.body)).toBe('Test Homes')
    expect(start.body).not.toContain('North Homes')

    const s = new FormSession(t.app)
    await answerEverything(s, { email: 'default.resident@example.org' })
    const { reference, id } = await send(t, s)
    const sent = await s.get('/make-a-complaint/sent')
    expect(header(sent.body)).toBe('Test Homes')
    expect(sent.body).not.toContain('North Homes')
    expect(sent.body).not.toContain('complaints@north.example')

    const f = new FormSession(t.app)
    await follow(t, f, reference, 'default.resident@example.org')
    const page = await f.get(`/track/complaints/${id}`)
    expect(header(page.body)).toBe('Test Homes')
    expect(page.body).not.toContain('complaints@north.example')
  })

  it('a complaint with another landlord shows that landlord’s name, phone and email, on the complaint and its letters', async () => {
    const { view } = await t.services.complaints.receive(
      {
        channel: 'phone',
        receivedAt: t.clock.now(),
        description: 'The lift has been broken for weeks',
        resident: { name: 'Ada North', email: 'ada@example.org' },
        entityId: north,
      },
      officer,
    )
    const id = view.complaint.id
    await t.services.complaints.acknowledge(id, officer, {
      acknowledgedAt: t.clock.now(),
      handlerId: officer.id,
      definition: { issues: ['The lift'], outcomesSought: ['Mend it'] },
    })
    const letter = (await t.services.complaints.letters(id))[0]?.id ?? ''
    expect(letter).not.toBe('')

    const f = new FormSession(t.app)
    await follow(t, f, view.complaint.reference, 'ada@example.org')
    for (const url of [`/track/complaints/${id}`, `/track/complaints/${id}/letters/${letter}`]) {
      const page = await f.get(url)
      expect(page.statusCode, url).toBe(200)
      expect(header(page.body), url).toBe('North Homes')
      const contact = /data-qa="landlord-contact">([\s\S]*?)<\/p>/.exec(page.body)?.[1] ?? ''
      expect(contact, url).toContain('To contact North Homes about your complaint: phone 0113 496 0001')
      expect(contact, url).toContain('complaints@north.example')
      expect(page.body, url).toContain('– North Homes</title>')
    }
  })

  it('the published policy names every landlord it covers, each with its contact details (Code 3.4)', async () => {
    const page = await t.app.inject({ url: '/complaints-policy' })
    expect(page.statusCode).toBe(200)
    const covers = /data-qa="landlords">([\s\S]*?)<\/div>/.exec(page.body)?.[1] ?? ''
    expect(covers).toContain('Test Homes')
    // The default's phone and email are the letter settings' (the test installation's).
    expect(covers).toContain('0300 555 0123')
    expect(covers).toContain('North Homes')
    expect(covers).toContain('Registered provider number L0001')
    expect(covers).toContain('Phone: 0113 496 0001')
    expect(covers).toContain('complaints@north.example')
  })
})
