import ExcelJS from 'exceljs'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { apiCaller } from '../../../test/api.js'
import { createTestApp, type TestApp } from '../../../test/app.js'
import { FormSession } from '../../../test/browserlessSession.js'
import { EXPORT_BATCH } from '../../services/exports/listExport.js'

type Person = { id: string; email: string; password: string }
let t: TestApp
let officer: Person
let s: FormSession
let token: string
const api = apiCaller(
  () => t,
  () => token,
)
/** The complaints made for the lists, by the resident's first name. */
const cases: Record<string, { id: string; reference: string }> = {}
const ref = (name: string) => cases[name]?.reference

/** CSV as rows of text (RFC 4180: quoted fields, doubled quotes, CRLF lines). */
function csvRows(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"'
        i++
      } else if (c === '"') quoted = false
      else field += c
    } else if (c === '"') quoted = true
    else if (c === ',') {
      row.push(field)
      field = ''
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field)
      rows.push(row)
      row = []
      field = ''
      i++
    } else field += c
  }
  return rows
}

/** A workbook's first sheet as rows of text (a date as 2026-03-02), read back with exceljs. */
async function xlsxRows(bytes: Buffer): Promise<string[][]> {
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(bytes as unknown as ArrayBuffer)
  const rows: string[][] = []
  wb.worksheets[0]?.eachRow({ includeEmpty: false }, (r) => {
    const values = (r.values as unknown[]).slice(1)
    rows.push(
      values.map((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v == null ? '' : String(v))),
    )
  })
  return rows
}

/** A list downloaded both ways with a query string: its rows (headings first) in each file. */
async function downloads(path: string, query = '') {
  const csv = await s.get(`${path}/download.csv${query}`)
  const xlsx = await s.get(`${path}/download.xlsx${query}`)
  expect(csv.statusCode).toBe(200)
  expect(xlsx.statusCode).toBe(200)
  expect(csv.headers['content-disposition']).toMatch(/^attachment; filename=".+-2026-\d\d-\d\d\.csv"/)
  expect(xlsx.headers['content-disposition']).toMatch(/^attachment; filename=".+-2026-\d\d-\d\d\.xlsx"/)
  return { csv: csvRows(csv.body), xlsx: await xlsxRows(xlsx.rawPayload) }
}

/** The values of one column (by heading), below the headings, in both files; the two must agree. */
async function column(path: string, query: string, heading: string) {
  const { csv, xlsx } = await downloads(path, query)
  const at = csv[0]?.indexOf(heading) ?? -1
  expect(at).toBeGreaterThanOrEqual(0)
  expect(xlsx[0]).toEqual(csv[0])
  const fromCsv = csv.slice(1).map((r) => r[at] ?? '')
  expect(xlsx.slice(1).map((r) => r[at] ?? '')).toEqual(fromCsv)
  return fromCsv
}

async function complaint(
  name: string,
  receivedAt: string,
  extra: { categories?: string[]; email?: string } = {},
) {
  t.clock.set(receivedAt)
  const created = await api('POST', '/api/v1/complaints', {
    channel: 'phone',
    receivedAt,
    description: `${name}’s repair was not done`,
    resident: { name, ...(extra.email ? { email: extra.email } : {}) },
    ...(extra.categories ? { categories: extra.categories } : {}),
  })
  expect(created.status).toBe(201)
  const made = { id: created.body.id as string, reference: created.body.reference as string }
  cases[name] = made
  return made
}

beforeAll(async () => {
  t = await createTestApp({ apiTokenDays: 3650, sessionHours: 24 * 365 })
  officer = await t.createStaff('complaints_officer')
  token = (await t.services.authentication.issueApiToken(officer.email, officer.password)).token
  s = new FormSession(t.app)
  await s.signIn(officer.email, officer.password)
  // Four complaints a week apart: Ada and Cara about repairs.
  await complaint('Ada Wren', '2026-02-02T09:00:00Z', { categories: ['repairs'], email: 'ada@example.org' })
  await complaint('Ben Moss', '2026-02-09T09:00:00Z', { email: 'ben@example.org' })
  await complaint('Cara Holt', '2026-02-16T09:00:00Z', { categories: ['repairs'] })
  await complaint('Cara Alder', '2026-02-23T09:00:00Z')
  t.clock.set('2026-03-02T09:15:00Z')
})
afterAll(async () => {
  await t?.close()
})

describe('every list downloads with its filters, in its order', () => {
  it('cases: the category filter keeps Ada and Cara Holt, soonest due first, as the queue', async () => {
    expect(await column('/complaints', '?view=team&category=repairs', 'Reference')).toEqual([
      ref('Ada Wren'),
      ref('Cara Holt'),
    ])
    // Unfiltered: all four, the oldest (soonest due) first.
    expect(await column('/complaints', '?view=team', 'Reference')).toEqual(
      ['Ada Wren', 'Ben Moss', 'Cara Holt', 'Cara Alder'].map(ref),
    )
  })

  it('residents: a search for "cara" finds two, by name', async () => {
    expect(await column('/residents', '?q=cara', 'Name')).toEqual(['Cara Alder', 'Cara Holt'])
  })

  it('service requests: the open ones, last changed first; the closed one left out', async () => {
    const staff = { id: officer.id, role: 'complaints_officer' as const }
    const logged: string[] = []
    for (const [i, name] of ['Dev Rao', 'Eve Lamb', 'Fay Cole'].entries()) {
      t.clock.set(`2026-03-0${3 + i}T10:00:00Z`)
      const r = await t.services.serviceRequests.log(
        { kind: 'repair', summary: `${name}’s tap drips`, resident: { name } },
        staff,
        'staff',
      )
      logged.push(r.id)
    }
    t.clock.set('2026-03-06T10:00:00Z')
    await t.services.serviceRequests.close(logged[1] as string, staff, 'Fixed')
    expect(await column('/service-requests', '', 'Resident')).toEqual(['Fay Cole', 'Dev Rao'])
  })

  it('hazards: "on my complaints" keeps the hazard on the complaint the officer handles', async () => {
    const actor = { id: officer.id, role: 'complaints_officer' as const }
    t.clock.set('2026-03-02T10:00:00Z')
    const ack = await api('POST', `/api/v1/complaints/${cases['Ada Wren']?.id}/acknowledge`, {
      handlerId: officer.id,
      definition: { issues: ['Repairs not done'], outcomesSought: ['The repair done'] },
    })
    expect(ack.status).toBe(200)
    for (const [name, day] of [
      ['Cara Holt', '2026-03-02'],
      ['Ada Wren', '2026-03-03'],
    ] as const) {
      t.clock.set(`${day}T12:00:00Z`)
      await t.services.hazards.identify(cases[name]?.id as string, actor, {
        kind: 'damp_and_mould',
        awareAt: new Date(`${day}T09:00:00Z`),
        description: 'Mould in the bathroom',
        decidedBy: 'Sam Patel, surveyor',
        decidedAt: new Date(`${day}T10:00:00Z`),
        basis: 'Photos',
      })
    }
    // Everyone's: Cara Holt's clock started a day sooner, so runs out first.
    expect(await column('/hazards', '', 'Complaint')).toEqual([ref('Cara Holt'), ref('Ada Wren')])
    expect(await column('/hazards', '?mine=yes', 'Complaint')).toEqual([ref('Ada Wren')])
  })

  it('remedies: those still to do on Ada’s stage 1 response, in the register’s order', async () => {
    t.clock.set('2026-03-09T10:00:00Z')
    const responded = await api('POST', `/api/v1/complaints/${cases['Ada Wren']?.id}/responses`, {
      decision: 'upheld',
      reasons: 'The repair was missed twice.',
      remedies: [
        { type: 'apology' },
        {
          type: 'financial',
          amount: 75,
          description: '=HYPERLINK("http://example.com","Click")',
          breakdown: { timeAndTrouble: 75 },
        },
        { type: 'record_amended', description: 'Correct the repairs history' },
      ],
    })
    expect(responded.status).toBe(200)
    const owed = responded.body.remedies.filter((r: { status: string }) => r.status === 'offered')
    expect(await column('/remedies', '', 'Amount (£)')).toEqual(
      owed.map((r: { amount?: number }) => (r.amount === undefined ? '' : String(r.amount))),
    )
    // A description a spreadsheet would run as a formula stays text, in both files.
    expect(await column('/remedies', '', 'Description')).toContain(
      `'=HYPERLINK("http://example.com","Click")`,
    )
  })

  it('Ombudsman cases: the open ones, newest first', async () => {
    const actor = { id: officer.id, role: 'complaints_officer' as const }
    t.clock.set('2026-06-01T09:00:00Z')
    await t.services.ombudsman.open(cases['Ben Moss']?.id as string, actor, {
      ombudsmanReference: '202611111',
      kind: 'formal_investigation',
      receivedOn: '2026-05-01',
    })
    await t.services.ombudsman.open(cases['Cara Alder']?.id as string, actor, {
      ombudsmanReference: '202622222',
      kind: 'formal_investigation',
      receivedOn: '2026-05-10',
    })
    expect(await column('/ombudsman-cases', '?show=open', 'Ombudsman reference')).toEqual([
      '202622222',
      '202611111',
    ])
    expect(await column('/ombudsman-cases', '?show=closed', 'Ombudsman reference')).toEqual([])
  })

  it('improvement actions: the open ones, soonest due first', async () => {
    const actor = { id: officer.id, role: 'complaints_officer' as const }
    for (const [title, dueOn] of [
      ['Confirm repairs appointments', '2026-09-30'],
      ['Call back within a day', '2026-07-31'],
    ] as const)
      await t.services.improvement.raise(
        {
          title,
          description: title,
          source: 'recommendation',
          detail: 'Our own review',
          ownerId: officer.id,
          director: 'Director of Housing',
          dueOn,
        },
        actor,
      )
    expect(await column('/improvements', '', 'Action')).toEqual([
      'Call back within a day',
      'Confirm repairs appointments',
    ])
  })

  it('mail: found by a complaint’s reference, newest first', async () => {
    const found = await column('/mail', `?q=${ref('Ada Wren')}`, 'Complaint')
    expect(found.length).toBeGreaterThan(0)
    expect(new Set(found)).toEqual(new Set([ref('Ada Wren')]))
    const made = await column('/mail', `?q=${ref('Ada Wren')}`, 'Made')
    expect([...made].sort().reverse()).toEqual(made)
    // Found by the address it went to: only Ada's; Ben (not yet acknowledged) has had none.
    expect(new Set(await column('/mail', '?q=ada@example.org', 'To'))).toEqual(new Set(['ada@example.org']))
    expect(await column('/mail', '?q=ben@example.org', 'To')).toEqual([])
    // A search the list refuses is answered as its page answers it, not with a download cut off.
    for (const format of ['csv', 'xlsx']) {
      const refused = await s.get(`/mail/download.${format}?q=not-a-reference`)
      expect(refused.statusCode).toBe(400)
      expect(refused.body).toContain('Search by a complaint’s reference')
    }
  })

  it('the access log: entries about one case, newest first, and each download logged with its filters', async () => {
    const caseId = cases['Cara Holt']?.id as string
    for (const day of ['2026-06-02', '2026-06-03']) {
      t.clock.set(`${day}T09:00:00Z`)
      expect((await s.get(`/complaints/${caseId}`)).statusCode).toBe(200)
    }
    t.clock.set('2026-06-04T09:00:00Z')
    const when = await column('/data-protection/access-log', `?complaint=${ref('Cara Holt')}`, 'When')
    expect(when.slice(0, 2)).toEqual(['2026-06-03 10:00', '2026-06-02 10:00'])
    const logged = await t.database.db
      .selectFrom('access_log')
      .select(['what', 'context', 'action', 'kind'])
      .where('what', 'like', 'Access log list%')
      .execute()
    expect(logged).toHaveLength(2)
    expect(logged[0]).toMatchObject({ action: 'downloaded', kind: 'export' })
    expect(logged.map((l) => l.context)).toEqual([
      `filters: complaint=${ref('Cara Holt')}`,
      `filters: complaint=${ref('Cara Holt')}`,
    ])
  })

  it('each download needs the list’s own permission', async () => {
    const handler = await t.createStaff('handler')
    const h = new FormSession(t.app)
    await h.signIn(handler.email, handler.password)
    expect((await h.get('/data-protection/access-log/download.csv')).statusCode).toBe(403)
    expect((await h.get('/complaints/download.xlsx')).statusCode).toBe(200)
    const signedOut = await new FormSession(t.app).get('/residents/download.csv?q=cara')
    expect(signedOut.statusCode).toBe(303)
  })

  it('a long list streams in bounded batches: 5,200 residents read 500 at a time, every one written once', async () => {
    await sql`
      insert into people (id, reference, name, search_text, has_vulnerability, has_adjustments, version, updated_at)
      select gen_random_uuid(), 'RES-BULK-' || lpad(n::text, 5, '0'), 'Bulk Resident ' || lpad(n::text, 5, '0'),
             'bulk resident ' || lpad(n::text, 5, '0'), false, false, 1, now()
      from generate_series(1, 5200) as n`.execute(t.database.db)
    const people = t.services.people
    const search = people.search
    const asked: { limit: number | undefined; offset: number | undefined; got: number }[] = []
    people.search = async (q, page) => {
      const rows = await search(q, page)
      asked.push({ limit: page?.limit, offset: page?.offset, got: rows.length })
      return rows
    }
    try {
      const csv = csvRows((await s.get('/residents/download.csv?q=bulk resident')).body)
      expect(csv).toHaveLength(5201)
      expect(csv[1]?.[1]).toBe('Bulk Resident 00001')
      expect(csv[5200]?.[1]).toBe('Bulk Resident 05200')
      // Eleven reads of at most a batch each, one after another: never the whole list at once.
      expect(asked).toHaveLength(Math.ceil(5200 / EXPORT_BATCH) + (5200 % EXPORT_BATCH === 0 ? 1 : 0))
      expect(asked.every((a) => a.limit === EXPORT_BATCH && a.got <= EXPORT_BATCH)).toBe(true)
      expect(asked.map((a) => a.offset)).toEqual(asked.map((_, i) => i * EXPORT_BATCH))
      asked.length = 0
      const xlsx = await xlsxRows((await s.get('/residents/download.xlsx?q=bulk resident')).rawPayload)
      expect(xlsx).toHaveLength(5201)
      expect(asked).toHaveLength(11)
    } finally {
      people.search = search
    }
  })
})
