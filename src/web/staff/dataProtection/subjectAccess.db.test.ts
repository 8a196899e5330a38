import { strFromU8, unzipSync } from 'fflate'
import { extractText, getDocumentProxy } from 'unpdf'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../../../test/app.js'
import { FormSession } from '../../../../test/browserlessSession.js'

type Person = { id: string; email: string; password: string }
let t: TestApp
let handler: Person
let officer: Person
let complaint: { id: string; reference: string; personId: string }
let requests: { byEmail: string; complainedOf: string; someoneElse: string }

const signedIn = async (who: Person) => {
  const s = new FormSession(t.app)
  await s.signIn(who.email, who.password)
  return s
}
const pdfText = async (content: Uint8Array) =>
  (await extractText(await getDocumentProxy(content), { mergePages: true })).text

beforeAll(async () => {
  t = await createTestApp()
  handler = await t.createStaff('handler')
  officer = await t.createStaff('complaints_officer')
  const actor = { id: handler.id, role: 'handler' as const }
  const { view } = await t.services.complaints.receive(
    {
      channel: 'email',
      receivedAt: new Date('2026-03-02T09:00:00Z'),
      description:
        'Water comes through the ceiling from the flat above. My neighbour Janet Lewis has seen it.',
      resident: { name: 'Femi Ade', email: 'femi@example.org', postcode: 'LE3 9ZZ' },
    },
    actor,
  )
  complaint = {
    id: view.complaint.id,
    reference: view.complaint.reference,
    personId: view.complaint.personId as string,
  }
  await t.services.complaints.acknowledge(complaint.id, actor, {
    definition: { issues: ['A leak from the flat above'], outcomesSought: ['The leak fixed'] },
  })
  await t.services.complaints.attachDocument(complaint.id, actor, {
    filename: 'ceiling.txt',
    bytes: new TextEncoder().encode('Notes on the ceiling stain, taken on the visit.'),
    description: 'Visit notes',
  })
  // Service requests: one logged with the resident's email, one a complaint of theirs is about
  // (logged with their name and postcode), and someone else's.
  const staff = { id: officer.id, role: 'complaints_officer' as const }
  const log = (summary: string, resident: { name: string; email?: string; postcode?: string }) =>
    t.services.serviceRequests.log({ kind: 'repair', summary, resident }, staff, 'staff')
  requests = {
    byEmail: (
      await log('Extractor fan in the bathroom stopped', { name: 'F. Ade', email: 'femi@example.org' })
    ).reference,
    complainedOf: (await log('Front door lock sticks', { name: 'Femi Ade', postcode: 'LE3 9ZZ' })).reference,
    someoneElse: (await log('Broken fence at number 12', { name: 'Gita Rao', email: 'gita@example.org' }))
      .reference,
  }
  const complainedOf = await t.services.serviceRequests.forComplaint(requests.complainedOf)
  const aboutLock = await t.services.serviceRequests.complain(complainedOf?.id as string, staff, {
    channel: 'phone',
    description: 'Nobody has come about the lock',
  })
  expect(aboutLock.complaint.personId).toBe(complaint.personId)
  // A member of staff looks at the case: the access log will show it.
  const s = await signedIn(handler)
  expect((await s.get(`/complaints/${complaint.id}`)).statusCode).toBe(200)
  // A disclosed vulnerability: on the record, so in the request.
  await t.services.people.record(complaint.personId, actor, 'vulnerability', {
    kind: 'mental_health',
    details: 'Severe anxiety after the flood; prefers email to phone calls',
  })
})
afterAll(async () => {
  await t?.close()
})

describe('a subject access request', () => {
  it('is one ZIP of everything held, with a readable PDF index and third parties to review', async () => {
    const o = await signedIn(officer)
    const page = await o.get(`/residents/${complaint.personId}/subject-access`)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('Download the subject access request (ZIP)')

    const res = await o.get(`/residents/${complaint.personId}/subject-access.zip`)
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toBe('application/zip')
    const files = unzipSync(new Uint8Array(res.rawPayload))
    const names = Object.keys(files).sort()
    const dir = `complaints/${complaint.reference}`
    expect(names).toEqual(
      expect.arrayContaining([
        'index.pdf',
        'resident-record.json',
        'resident-record-history.txt',
        `${dir}/history.txt`,
        `${dir}/events.json`,
        `${dir}/letters/01-acknowledgement.pdf`,
        'access-log.csv',
        'third-parties-to-review.csv',
      ]),
    )
    expect(names.some((n) => n.startsWith(`${dir}/documents/`) && n.endsWith('ceiling.txt'))).toBe(true)
    expect(names.some((n) => n.startsWith(`${dir}/emails/`))).toBe(true)

    const text = (name: string) => strFromU8(files[name] as Uint8Array)
    expect(text(`${dir}/history.txt`)).toContain('Water comes through the ceiling')
    expect(JSON.parse(text('resident-record.json')).details.name).toBe('Femi Ade')
    expect(text('access-log.csv')).toMatch(new RegExp(`Test handler \\d+,viewed,Case ${complaint.reference}`))
    const letter = await pdfText(files[`${dir}/letters/01-acknowledgement.pdf`] as Uint8Array)
    expect(letter).toContain(complaint.reference)

    const index = await pdfText(files['index.pdf'] as Uint8Array)
    expect(index).toContain('Subject access request: Femi Ade')
    expect(index).toContain('Review before release')
    expect(index).toContain('Janet Lewis')
    expect(index).toContain('possible name in text')
    expect(index).toContain('member of staff')
    expect(index).toContain('access-log.csv')
    expect(text('third-parties-to-review.csv')).toContain(
      `Janet Lewis,possible name in text,${dir}/history.txt`,
    )
    // The resident is not a third party in their own request.
    expect(text('third-parties-to-review.csv')).not.toContain('Femi Ade')

    // The service requests about them, and not someone else's.
    expect(names).toEqual(
      expect.arrayContaining([
        `service-requests/${requests.byEmail}.json`,
        `service-requests/${requests.complainedOf}.json`,
      ]),
    )
    expect(names).not.toContain(`service-requests/${requests.someoneElse}.json`)
    expect(JSON.parse(text(`service-requests/${requests.complainedOf}.json`))).toMatchObject({
      summary: 'Front door lock sticks',
      complaints: [{ complaintReference: expect.stringMatching(/^CMP-/) }],
    })
    expect(index).toContain(`${requests.byEmail}: service request (repair)`)

    const logged = await t.database.db
      .selectFrom('access_log')
      .selectAll()
      .where('kind', '=', 'subject_access')
      .execute()
    expect(logged).toHaveLength(1)
    expect(logged[0]).toMatchObject({
      staff_id: officer.id,
      person_id: complaint.personId,
      action: 'downloaded',
    })
  })

  it('is for the data protection roles only', async () => {
    const h = await signedIn(handler)
    expect((await h.get(`/residents/${complaint.personId}/subject-access.zip`)).statusCode).toBe(403)
    expect((await h.get(`/residents/${complaint.personId}`)).body).not.toContain('Subject access request')
  })

  it('holds the resident’s vulnerabilities, so only a role that may see them produces one, and each is logged', async () => {
    const sarsLogged = () =>
      t.database.db
        .selectFrom('access_log')
        .selectAll()
        .where('kind', '=', 'subject_access')
        .where('person_id', '=', complaint.personId)
        .execute()
    const before = (await sarsLogged()).length

    // An administrator manages data protection but is refused the vulnerabilities page: and so
    // the request too, saying why, on the page and the download alike.
    const admin = await t.createStaff('admin')
    const a = await signedIn(admin)
    expect((await a.get(`/residents/${complaint.personId}/vulnerabilities`)).statusCode).toBe(403)
    for (const path of ['subject-access', 'subject-access.zip']) {
      const refused = await a.get(`/residents/${complaint.personId}/${path}`)
      expect(refused.statusCode).toBe(403)
      expect(refused.headers['content-type']).not.toBe('application/zip')
      expect(refused.body).toContain(
        'Your role does not allow you to produce a subject access request: it holds everything about the resident, including disclosed vulnerabilities',
      )
    }
    await expect(
      t.services.subjectAccess.export(complaint.personId, { id: admin.id, role: 'admin' }),
    ).rejects.toMatchObject({ status: 403 })
    expect(await sarsLogged()).toHaveLength(before)
    expect((await a.get('/data-protection')).body).toContain(
      'Subject access requests: a complaints officer or senior lead produces them',
    )

    // A senior lead may see vulnerabilities and manage data protection: they get it, vulnerability
    // included, and the access log says so.
    const lead = await t.createStaff('senior_lead')
    const l = await signedIn(lead)
    expect((await l.get(`/residents/${complaint.personId}/subject-access`)).statusCode).toBe(200)
    const res = await l.get(`/residents/${complaint.personId}/subject-access.zip`)
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toBe('application/zip')
    const record = strFromU8(unzipSync(new Uint8Array(res.rawPayload))['resident-record.json'] as Uint8Array)
    expect(record).toContain('Severe anxiety after the flood')
    const logged = await sarsLogged()
    expect(logged).toHaveLength(before + 1)
    expect(logged.find((e) => e.staff_id === lead.id)).toMatchObject({
      action: 'downloaded',
      what: expect.stringMatching(/^Subject access request for RES-/),
      via: 'web',
    })
  })
})
