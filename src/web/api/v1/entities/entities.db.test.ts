import { extractText, getDocumentProxy } from 'unpdf'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { apiCaller } from '../../../../../test/api.js'
import { createTestApp, type TestApp } from '../../../../../test/app.js'
import { FormSession } from '../../../../../test/browserlessSession.js'
import { DEFAULT_ENTITY_ID } from '../../../../domain/entities/entity.js'

/**
 * Issue 34: a group of landlords. Each complaint belongs to one landlord entity, taken from the
 * resident's record (with their tenure) unless the person logging it says; each entity's TSM is
 * counted over its own homes, and the group's over every entity's.
 */
let t: TestApp
let token: string
let officerId: string
let admin: { id: string; email: string; password: string }
const api = apiCaller(
  () => t,
  () => token,
)

beforeAll(async () => {
  t = await createTestApp({ apiTokenDays: 3650 })
  const officer = await t.createStaff('complaints_officer')
  officerId = officer.id
  token = (await t.services.authentication.issueApiToken(officer.email, officer.password)).token
  admin = await t.createStaff('admin')
  t.clock.set('2026-05-01T09:00:00Z')
})
afterAll(async () => {
  await t?.close()
})

const at = (day: string) => `${day}T10:00:00Z`

async function received(body: Record<string, unknown>, day: string) {
  const r = await api('POST', '/api/v1/complaints', {
    channel: 'phone',
    receivedAt: at(day),
    description: 'The repair was never done',
    ...body,
  })
  expect(r.status, JSON.stringify(r.body)).toBe(201)
  return r.body as { id: string; tenure?: string; entityId: string; reference: string }
}
async function step(id: string, path: string, body: object) {
  const r = await api('POST', `/api/v1/complaints/${id}/${path}`, body)
  expect(r.status, `${path}: ${JSON.stringify(r.body)}`).toBe(200)
}
const acknowledge = (id: string, day: string) =>
  step(id, 'acknowledge', {
    acknowledgedAt: at(day),
    handlerId: officerId,
    definition: { issues: ['The issue'], outcomesSought: ['Put it right'] },
  })
const respond = (id: string, day: string) =>
  step(id, 'responses', { respondedAt: at(day), decision: 'not_upheld', reasons: 'Our reasons, in full.' })

describe('landlord entities', () => {
  let north: string

  it('starts with one, the default, named by the installation; an administrator adds another on the page', async () => {
    const before = await api('GET', '/api/v1/entities')
    expect(before.body.items).toEqual([{ id: DEFAULT_ENTITY_ID, name: 'Test Homes', isDefault: true }])

    const s = new FormSession(t.app)
    await s.signIn(admin.email, admin.password)
    const list = await s.get('/settings/entities')
    expect(list.statusCode).toBe(200)
    expect(list.body).toContain('Test Homes')
    await s.get('/settings/entities/new')
    const refused = await s.post('/settings/entities', { name: '', rpNumber: 'L-12', website: 'north' })
    expect(refused.statusCode).toBe(422)
    expect(refused.body).toContain('Enter the landlord’s name')
    expect(refused.body).toContain('Enter the registered provider number as the Regulator gives it')
    expect(refused.body).toContain('Enter the website’s address, starting https://')
    const added = await s.post('/settings/entities', {
      name: 'North Homes',
      rpNumber: 'l0001',
      address: 'North House\n1 High Street\nLeeds LS1 1AA',
      phone: '0113 496 0000',
      email: 'complaints@north.example',
      website: 'https://north.example',
    })
    expect(added.statusCode).toBe(303)
    const after = await api('GET', '/api/v1/entities')
    const n = after.body.items.find((e: { name: string }) => e.name === 'North Homes')
    expect(n).toMatchObject({ rpNumber: 'L0001', isDefault: false, phone: '0113 496 0000' })
    north = n.id
    // The same name twice is refused; only an administrator manages them.
    await s.get('/settings/entities/new')
    const twice = await s.post('/settings/entities', { name: 'north homes' })
    expect(twice.body.match(/govuk-error-summary__list[\s\S]*?<\/ul>/)?.[0]).toContain(
      'There is already a landlord called north homes',
    )
    const officer = await t.createStaff('complaints_officer')
    const o = new FormSession(t.app)
    await o.signIn(officer.email, officer.password)
    expect((await o.get('/settings/entities')).statusCode).toBe(403)
  })

  it('takes a logo checked like the letterhead’s: PNG or JPEG, never SVG', async () => {
    const s = new FormSession(t.app)
    await s.signIn(admin.email, admin.password)
    await s.get(`/settings/entities/${north}`)
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')
    const refused = await s.postFile(
      `/settings/entities/${north}/logo`,
      {},
      { name: 'logo.svg', bytes: svg },
      'logo',
    )
    expect(refused.statusCode).toBe(422)
    expect(refused.body).toContain('Choose a PNG or JPEG image')
    const png = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
      'base64',
    )
    const ok = await s.postFile(
      `/settings/entities/${north}/logo`,
      {},
      { name: 'logo.png', bytes: png },
      'logo',
    )
    expect(ok.statusCode).toBe(303)
    expect((await t.services.entities.logo(north))?.type).toBe('image/png')
  })

  it('gives a complaint the resident’s tenure and landlord from their record, so CH01 counts it without anyone typing it', async () => {
    // The first complaint says the tenure and landlord; the new resident record keeps them.
    const first = await received(
      { resident: { name: 'Rosa North', tenancyReference: 'N-100' }, tenure: 'lcho', entityId: north },
      '2025-05-01',
    )
    expect([first.tenure, first.entityId]).toEqual(['lcho', north])
    // The next says neither: both come from the record.
    const second = await received(
      { resident: { name: 'Rosa North', tenancyReference: 'N-100' } },
      '2025-05-02',
    )
    expect([second.tenure, second.entityId]).toEqual(['lcho', north])

    // A resident whose tenure is recorded on their record (not on any complaint).
    const other = await received(
      { resident: { name: 'Sam Default', tenancyReference: 'D-200' } },
      '2025-05-03',
    )
    expect(other.tenure).toBeUndefined()
    expect(other.entityId).toBe(DEFAULT_ENTITY_ID)
    const rows = await t.database.db
      .selectFrom('complaints')
      .select(['person_id', 'entity_id'])
      .where('id', '=', other.id)
      .execute()
    const personId = rows[0]?.person_id as string
    expect(rows[0]?.entity_id).toBe(DEFAULT_ENTITY_ID)
    // The tenure and landlord are recorded on the resident's record, on its details form.
    const person = await t.services.people.view(personId)
    const officer = await t.createStaff('complaints_officer')
    const s = new FormSession(t.app)
    await s.signIn(officer.email, officer.password)
    const form = await s.get(`/residents/${personId}/details`)
    expect(form.body).toContain('name="entityId"')
    const badEntity = await s.post(`/residents/${personId}/details`, {
      name: 'Sam Default',
      tenancyReference: 'D-200',
      tenure: 'lcra',
      entityId: '11111111-1111-4111-8111-111111111111',
      version: String(person.person.version),
    })
    expect(badEntity.statusCode).toBe(422)
    expect(badEntity.body).toContain('Choose one of the landlords')
    const saved = await s.post(`/residents/${personId}/details`, {
      name: 'Sam Default',
      tenancyReference: 'D-200',
      tenure: 'lcra',
      entityId: '',
      version: String(person.person.version),
    })
    expect(saved.statusCode).toBe(303)
    expect((await s.get(`/residents/${personId}`)).body).toMatch(/Tenure[\s\S]*?Low-cost rental/)
    const before = await api('GET', '/api/v1/reports/tsm?year=2025')
    const logged = await received(
      { resident: { name: 'Sam Default', tenancyReference: 'D-200' } },
      '2025-05-05',
    )
    expect(logged.tenure).toBe('lcra')
    const after = await api('GET', '/api/v1/reports/tsm?year=2025')
    expect(after.body.lcra.stage1Received).toBe(before.body.lcra.stage1Received + 1)

    // A landlord that is not one of ours is refused with the field named, nothing written.
    const bad = await api('POST', '/api/v1/complaints', {
      channel: 'phone',
      receivedAt: at('2025-05-06'),
      description: 'x',
      resident: { name: 'Nobody' },
      entityId: '11111111-1111-4111-8111-111111111111',
    })
    expect(bad.status).toBe(422)
    expect(bad.body.error.details[0].field).toBe('entityId')
  })

  it('counts each landlord’s TSM over its own homes, and the group’s over every landlord’s (worked by hand)', async () => {
    // Year 2026/27 (nothing else in it). Default (Test Homes), LCRA:
    //   D1 received 1 June 2026, acknowledged 3 June, owed 17 June, answered 12 June: within.
    //   D2 received 1 June 2026, acknowledged 2 June, owed 16 June, answered 1 July: outside.
    // North Homes: N1 (LCHO, from Rosa's record) received 1 July 2026, acknowledged 2 July,
    //   owed 16 July, answered 10 July: within. N2 (LCRA, chosen at intake) received 3 August.
    t.clock.set('2027-05-03T09:00:00Z')
    const d1 = await received({ resident: { name: 'D One' }, tenure: 'lcra' }, '2026-06-01')
    await acknowledge(d1.id, '2026-06-03')
    await respond(d1.id, '2026-06-12')
    const d2 = await received({ resident: { name: 'D Two' }, tenure: 'lcra' }, '2026-06-01')
    await acknowledge(d2.id, '2026-06-02')
    await respond(d2.id, '2026-07-01')
    const n1 = await received({ resident: { name: 'Rosa North', tenancyReference: 'N-100' } }, '2026-07-01')
    expect([n1.tenure, n1.entityId]).toEqual(['lcho', north])
    await acknowledge(n1.id, '2026-07-02')
    await respond(n1.id, '2026-07-10')
    await received({ resident: { name: 'N Two' }, tenure: 'lcra', entityId: north }, '2026-08-03')

    // Homes: Test Homes 1,000 LCRA and 100 LCHO (recorded for the default when none is named).
    expect((await api('PUT', '/api/v1/reports/homes/2026', { lcra: 1000, lcho: 100 })).status).toBe(200)
    const tsm = async (entity?: string) =>
      (await api('GET', `/api/v1/reports/tsm?year=2026${entity ? `&entity=${entity}` : ''}`)).body
    // Until North's homes are recorded, the group's CH01 waits (never over part of the group).
    expect((await tsm()).lcra).toMatchObject({ homes: null, ch01Stage1: null, stage1Received: 3 })
    expect(
      (await api('PUT', `/api/v1/reports/homes/2026?entity=${north}`, { lcra: 500, lcho: 250 })).status,
    ).toBe(200)

    const mine = await tsm(DEFAULT_ENTITY_ID)
    // 2 received over 1,000 homes: 2.0; 1 of 2 responses within: 50%. No LCHO complaints.
    expect(mine.lcra).toMatchObject({
      homes: 1000,
      stage1Received: 2,
      ch01Stage1: 2,
      stage1Responses: 2,
      stage1ResponsesWithinTimescale: 1,
      ch02Stage1: 50,
    })
    expect(mine.lcho).toMatchObject({ homes: 100, stage1Received: 0, ch01Stage1: 0, ch02Stage1: null })
    expect(mine.entity).toEqual({ id: DEFAULT_ENTITY_ID, name: 'Test Homes' })
    const theirs = await tsm(north)
    // LCRA: 1 over 500 homes: 2.0, no responses. LCHO: 1 over 250: 4.0, 1 of 1 within: 100%.
    expect(theirs.lcra).toMatchObject({
      homes: 500,
      stage1Received: 1,
      ch01Stage1: 2,
      stage1Responses: 0,
      ch02Stage1: null,
    })
    expect(theirs.lcho).toMatchObject({
      homes: 250,
      stage1Received: 1,
      ch01Stage1: 4,
      stage1Responses: 1,
      ch02Stage1: 100,
    })
    expect(theirs.entity).toEqual({ id: north, name: 'North Homes', rpNumber: 'L0001' })
    const group = await tsm()
    // LCRA: 3 over 1,500: 2.0; 1 of 2 within: 50%. LCHO: 1 over 350: 2.857…, 2.9; 1 of 1: 100%.
    expect(group.lcra).toMatchObject({
      homes: 1500,
      stage1Received: 3,
      ch01Stage1: 2,
      stage1Responses: 2,
      ch02Stage1: 50,
    })
    expect(group.lcho).toMatchObject({
      homes: 350,
      stage1Received: 1,
      ch01Stage1: 2.9,
      stage1Responses: 1,
      ch02Stage1: 100,
    })
    expect(group.entity).toBeUndefined()

    // The complaints behind a landlord's figure are that landlord's only.
    const behind = await t.services.tsm.items(
      2026,
      { measure: 'stage1Received', tenure: 'lcra', page: 1 },
      north,
    )
    expect(behind.items.map((i) => i.complaintId)).toHaveLength(1)
    // Every item of the default's workbook (received and responses) is D1's or D2's.
    const workbook = await t.services.tsm.items(2026, undefined, DEFAULT_ENTITY_ID)
    expect([...new Set(workbook.items.map((i) => i.reference))].sort()).toEqual(
      [d1.reference, d2.reference].sort(),
    )
    // A landlord that is not one of ours is refused, never answered with another's figures.
    expect(
      (await api('GET', '/api/v1/reports/tsm?year=2026&entity=11111111-1111-4111-8111-111111111111')).status,
    ).toBe(422)

    // The staff page: a choice of landlord, each one's figures, its homes form and its downloads.
    const officer = await t.createStaff('complaints_officer')
    const s = new FormSession(t.app)
    await s.signIn(officer.email, officer.password)
    const page = await s.get(`/reports/tsm?year=2026&entity=${north}`)
    expect(page.body).toContain('data-qa="landlord">North Homes<')
    expect(page.body).toMatch(/data-qa="row-ch01Stage1"[\s\S]*?>2<[\s\S]*?>4</)
    expect(page.body).toContain(`/reports/tsm.csv?year=2026&amp;entity=${north}`)
    const groupPage = await s.get('/reports/tsm?year=2026')
    expect(groupPage.body).toContain('Homes are recorded for each landlord')
    const csv = await s.get(`/reports/tsm.csv?year=2026&entity=${north}`)
    expect(csv.body.split('\r\n')[0]).toBe('Registered provider,North Homes,L0001,')
    expect(csv.body).toContain('CH01,"Stage 1 complaints received per 1,000 homes",2,4\r\n')
    const homes = await s.post('/reports/tsm/homes', {
      year: '2026',
      entity: north,
      lcra: '600',
      lcho: '250',
    })
    expect(homes.statusCode).toBe(303)
    expect((await tsm(north)).lcra.homes).toBe(600)
    expect((await tsm(DEFAULT_ENTITY_ID)).lcra.homes).toBe(1000)
  })

  it('writes each landlord’s letters with its own letterhead, in the text and in the PDF', async () => {
    const north = (await t.services.entities.list()).find((e) => e.name === 'North Homes')?.id as string
    t.clock.set('2026-06-10T09:00:00Z')
    const ours = await received({ resident: { name: 'Dee Default' } }, '2026-06-08')
    const theirs = await received({ resident: { name: 'Nia North' }, entityId: north }, '2026-06-08')
    await acknowledge(ours.id, '2026-06-09')
    await acknowledge(theirs.id, '2026-06-09')
    const letterOf = async (id: string) =>
      (await api('GET', `/api/v1/complaints/${id}/letters`)).body.items[0] as { id: string; text: string }
    const [a, b] = [await letterOf(ours.id), await letterOf(theirs.id)]
    // The default's letterhead is the installation's; North's is its own, with its registration.
    expect(a.text.split('\n')[0]).toBe('Test Homes')
    expect(a.text).not.toContain('North')
    expect(b.text.split('\n').slice(0, 7)).toEqual([
      'North Homes',
      'North House',
      '1 High Street',
      'Leeds LS1 1AA',
      'Phone: 0113 496 0000',
      'Email: complaints@north.example',
      'Website: https://north.example',
    ])
    expect(b.text).toContain('Registered provider: L0001')
    expect(b.text).toContain('The Complaints Team\nNorth Homes')
    // The PDFs: each landlord's name, and North's logo named by its own name.
    const pdfText = async (id: string, letterId: string) => {
      const { pdf } = await t.services.mail.letterPdf(id, letterId)
      const proxy = await getDocumentProxy(new Uint8Array(pdf))
      return {
        text: (await extractText(proxy, { mergePages: true })).text,
        raw: Buffer.from(pdf).toString('latin1'),
      }
    }
    const pa = await pdfText(ours.id, a.id)
    const pb = await pdfText(theirs.id, b.id)
    expect(pa.text).toContain('Test Homes')
    expect(pa.text).not.toContain('North Homes')
    expect(pb.text).toContain('North Homes')
    expect(pb.text).toContain('Registered provider: L0001')
    expect(pb.raw).toContain('/Alt (North Homes logo)')
  })
})
