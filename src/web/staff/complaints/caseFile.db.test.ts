import { writeFile } from 'node:fs/promises'
import { extractText, getDocumentProxy } from 'unpdf'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { apiCaller } from '../../../../test/api.js'
import { createTestApp, type TestApp } from '../../../../test/app.js'
import { FormSession } from '../../../../test/browserlessSession.js'

let t: TestApp
let token: string
let officer: { id: string; email: string; password: string }
const api = apiCaller(
  () => t,
  () => token,
)
const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(2000, 32)])

beforeAll(async () => {
  t = await createTestApp({ apiTokenDays: 3650, sessionHours: 24 * 365 })
  officer = await t.createStaff('complaints_officer')
  token = (await t.services.authentication.issueApiToken(officer.email, officer.password)).token
})
afterAll(async () => {
  await t?.close()
})

async function textOf(bytes: Uint8Array) {
  const proxy = await getDocumentProxy(new Uint8Array(bytes))
  const { text } = await extractText(proxy, { mergePages: true })
  return text.replace(/\s+/g, ' ')
}

describe('a complete case as one PDF', () => {
  it('holds the record, its deadlines and why, each letter’s text, each document and the history in order; and is logged', async () => {
    t.clock.set('2026-03-02T09:15:00Z')
    const created = await api('POST', '/api/v1/complaints', {
      channel: 'phone',
      receivedAt: '2026-03-02T09:00:00Z',
      description: 'The boiler failed three times this winter',
      resident: { name: 'Gail Brook', email: 'gail@example.org', postcode: 'LE2 1AB' },
    })
    expect(created.status).toBe(201)
    const id = created.body.id as string
    const reference = created.body.reference as string
    const ack = await api('POST', `/api/v1/complaints/${id}/acknowledge`, {
      handlerId: officer.id,
      definition: { issues: ['Boiler repairs that did not last'], outcomesSought: ['A working boiler'] },
    })
    expect(ack.status).toBe(200)
    await t.services.complaints.attachDocument(
      id,
      { id: officer.id, role: 'complaints_officer' },
      { filename: 'Engineer report.pdf', bytes: pdf, description: 'Gas Safe engineer’s visit' },
    )
    t.clock.set('2026-03-09T10:00:00Z')
    const responded = await api('POST', `/api/v1/complaints/${id}/responses`, {
      decision: 'upheld',
      reasons: 'Three visits failed to fix the boiler.',
      remedies: [
        { type: 'apology' },
        {
          type: 'financial',
          amount: 120,
          description: 'For the failed repairs',
          breakdown: { timeAndTrouble: 120 },
        },
      ],
    })
    expect(responded.status, JSON.stringify(responded.body)).toBe(200)
    const letters = await t.services.complaints.letters(id)
    expect(letters.length).toBeGreaterThanOrEqual(2)

    const s = new FormSession(t.app)
    await s.signIn(officer.email, officer.password)
    const page = await s.get(`/complaints/${id}`)
    expect(page.body).toContain(`href="/complaints/${id}/case.pdf"`)
    const before = await t.database.db.selectFrom('access_log').select('id').execute()
    const res = await s.get(`/complaints/${id}/case.pdf`)
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toBe('application/pdf')
    expect(res.headers['content-disposition']).toContain(`${reference}-case-file.pdf`)
    if (process.env.CASE_FILE_PDF) await writeFile(process.env.CASE_FILE_PDF, res.rawPayload)

    const text = await textOf(res.rawPayload)
    expect(text).toContain(`Case file: ${reference}`)
    expect(text).toContain('Gail Brook')
    // A deadline with why it falls when it does.
    expect(text).toContain('Stage 1 response (Code 6.3)')
    expect(text).toMatch(/working days/)
    // The remedy and the outcome.
    expect(text).toContain('£120.00')
    expect(text).toContain('Three visits failed to fix the boiler.')
    // Every letter's own words: a sentence from each letter's text appears.
    for (const l of letters) {
      const sentence = l.text
        .split('\n')
        .map((x) => x.trim())
        .find((x) => x.length > 40 && !x.startsWith('- '))
      expect(sentence, `a line of the ${l.kind} letter`).toBeTruthy()
      expect(text).toContain((sentence as string).replace(/\s+/g, ' ').slice(0, 40))
    }
    // The document listed, and the history in order: received before acknowledged before responded.
    expect(text).toContain('Engineer report.pdf')
    const at = (needle: RegExp) => text.search(needle)
    const history = text.slice(text.indexOf('Everything that happened'))
    expect(history.search(/Complaint received by phone/)).toBeGreaterThan(-1)
    expect(history.search(/Complaint received by phone/)).toBeLessThan(history.search(/Acknowledged/i))
    expect(at(/Everything that happened/)).toBeGreaterThan(at(/Letters/))

    const logged = await t.database.db
      .selectFrom('access_log')
      .selectAll()
      .where('id', 'not in', before.length ? before.map((b) => b.id) : [-1])
      .where('what', 'like', 'Case file%')
      .execute()
    expect(logged).toHaveLength(1)
    expect(logged[0]).toMatchObject({ action: 'downloaded', kind: 'case', complaint_id: id })
  })

  it('needs permission to view cases', async () => {
    const board = await t.createStaff('board')
    const s = new FormSession(t.app)
    await s.signIn(board.email, board.password)
    const any = await t.database.db.selectFrom('complaints').select('id').executeTakeFirstOrThrow()
    expect((await s.get(`/complaints/${any.id}/case.pdf`)).statusCode).toBe(403)
  })

  it('is made by the complaint’s landlord entity (issue 34)', async () => {
    const admin = await t.createStaff('admin')
    const north = await t.services.entities.add(
      { name: 'North Homes', rpNumber: 'L0001' },
      {
        id: admin.id,
        role: 'admin',
      },
    )
    const made = async (entityId?: string) => {
      const created = await api('POST', '/api/v1/complaints', {
        channel: 'phone',
        receivedAt: '2026-03-03T09:00:00Z',
        description: 'The lift is broken',
        resident: { name: 'Ada North' },
        ...(entityId ? { entityId } : {}),
      })
      expect(created.status, JSON.stringify(created.body)).toBe(201)
      const s = new FormSession(t.app)
      await s.signIn(officer.email, officer.password)
      const res = await s.get(`/complaints/${(created.body as { id: string }).id}/case.pdf`)
      expect(res.statusCode).toBe(200)
      return textOf(res.rawPayload)
    }
    const northText = await made(north)
    expect(northText).toMatch(/Ada North\. Made .* by North Homes\./)
    expect(northText).not.toContain('by Test Homes')
    expect(await made()).toMatch(/Ada North\. Made .* by Test Homes\./)
  })
})
