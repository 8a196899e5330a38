import { extractText, getDocumentProxy } from 'unpdf'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../../../test/app.js'
import { FormSession } from '../../../../test/browserlessSession.js'
import { testDatabaseKind } from '../../../../test/db.js'
import { routesOf } from '../../../../test/routes.js'

type Person = { id: string; email: string; password: string }
let t: TestApp
let handler: Person
let officer: Person
let admin: Person
let panel: Person
let complaint: { id: string; reference: string; personId: string; documentId: string }
let improvementId: string
let assessmentId: string

/** What the residents' panel must never see: a resident's name, address, words or documents. */
const resident = {
  name: 'Grace Obikwelu',
  email: 'grace.obikwelu@example.org',
  address: '4 Elmtree Row',
  postcode: 'LE1 4AA',
  description: 'The damp in my bedroom was ignored for months',
  document: 'obikwelu-tenancy.pdf',
}
const secrets = () => [...Object.values(resident), complaint.reference, complaint.id, complaint.personId]
/** Links through to a case, a resident, a document or anything else that holds their details. */
const caseLinks =
  /href="\/(complaints|residents|documents|hazards|ombudsman-cases|service-requests|remedies|mail|letters|improvements|self-assessment)["/?#]/

const signedIn = async (who: Person) => {
  const s = new FormSession(t.app)
  await s.signIn(who.email, who.password)
  return s
}
const pdfText = async (content: Buffer | Uint8Array) =>
  (await extractText(await getDocumentProxy(new Uint8Array(content)), { mergePages: true })).text

beforeAll(async () => {
  t = await createTestApp()
  handler = await t.createStaff('handler')
  officer = await t.createStaff('complaints_officer')
  admin = await t.createStaff('admin')
  panel = await t.createStaff('residents_panel')
  t.clock.set('2026-03-02T09:15:00Z')
  const { view } = await t.services.complaints.receive(
    {
      channel: 'phone',
      receivedAt: new Date('2026-03-02T09:00:00Z'),
      description: resident.description,
      resident: {
        name: resident.name,
        email: resident.email,
        address: resident.address,
        postcode: resident.postcode,
      },
      categories: ['repairs'],
    },
    { id: handler.id, role: 'handler' },
  )
  // The same resident again, so the themes have a repeat complainant to leave out.
  await t.services.complaints.receive(
    {
      channel: 'email',
      receivedAt: new Date('2026-03-02T09:05:00Z'),
      description: 'Nobody called me back about the damp',
      resident: { name: resident.name, email: resident.email, postcode: resident.postcode },
      categories: ['repairs'],
    },
    { id: handler.id, role: 'handler' },
  )
  await t.services.complaints.attachDocument(
    view.complaint.id,
    { id: handler.id, role: 'handler' },
    { filename: resident.document, bytes: Buffer.from('%PDF-1.4\n%%EOF\n') },
  )
  const doc = await t.database.db
    .selectFrom('documents')
    .select('id')
    .where('complaint_id', '=', view.complaint.id)
    .executeTakeFirstOrThrow()
  complaint = {
    id: view.complaint.id,
    reference: view.complaint.reference,
    personId: view.complaint.personId as string,
    documentId: doc.id,
  }
  const a = await t.services.improvement.raise(
    {
      title: 'Text residents before damp inspections',
      description: `Prompted by ${resident.name}'s complaint`,
      source: 'complaint',
      complaints: [complaint.reference],
      ownerId: officer.id,
      director: 'Sam Okafor, Director of Property',
      dueOn: '2026-06-30',
    },
    { id: officer.id, role: 'complaints_officer' },
  )
  improvementId = a?.id as string
  const sa = await t.services.selfAssessment.start(
    { year: 2025, trigger: 'annual' },
    { id: officer.id, role: 'complaints_officer' },
  )
  assessmentId = sa?.id as string
})
afterAll(async () => {
  await t?.close()
})

/** A route's path with its parameters filled with real ids, so a refusal is the role's, not a 404. */
const fill = (url: string) =>
  url
    .replace(
      ':id',
      url.startsWith('/residents')
        ? complaint.personId
        : url.startsWith('/improvements')
          ? improvementId
          : url.startsWith('/self-assessment')
            ? assessmentId
            : complaint.id,
    )
    .replace(/:documentId|:letterId/g, complaint.documentId)
    .replace(':year', '2025')
    .replace(/:[A-Za-z]+/g, 'x')

/** The residents' panel's own pages, and the few every signed-in person has. */
const panelsOwn = (url: string) =>
  url === '/panel' ||
  url.startsWith('/panel/') ||
  url === '/' ||
  url === '/account/password' ||
  url === '/sign-out'

describe(`the residents' panel role: anonymised performance only (Code 9.3, ${testDatabaseKind})`, () => {
  it('is refused every staff page and form but its own, route by route', async () => {
    const p = await signedIn(panel)
    const anonymous = new FormSession(t.app)
    const routes = routesOf(t.app).filter(
      (r) => !r.url.startsWith('/api/') && ['GET', 'POST'].includes(r.method),
    )
    const staffRoutes: string[] = []
    const leaks: string[] = []
    await p.get('/panel')
    const panelToken = p.csrfToken()
    // Signed out, with a form token from the sign-in page, so a form is judged by who may post it.
    await anonymous.get('/sign-in')
    const anonymousToken = anonymous.csrfToken()
    for (const r of routes) {
      if (panelsOwn(r.url)) continue
      const url = fill(r.url)
      // A staff route sends someone not signed in to sign in; a public one does not.
      const anon =
        r.method === 'GET'
          ? await anonymous.get(url)
          : await anonymous.post(url, { _csrf: anonymousToken }, { csrf: false })
      if (anon.statusCode !== 303 || !String(anon.headers.location).startsWith('/sign-in')) continue
      staffRoutes.push(`${r.method} ${r.url}`)
      const res =
        r.method === 'GET' ? await p.get(url) : await p.post(url, { _csrf: panelToken }, { csrf: false })
      if (res.statusCode !== 403) leaks.push(`${r.method} ${r.url} answered ${res.statusCode}`)
      else for (const s of secrets()) if (res.body.includes(s)) leaks.push(`${r.method} ${r.url} showed ${s}`)
    }
    expect(staffRoutes.filter((r) => r.startsWith('GET ')).length).toBeGreaterThan(100)
    expect(staffRoutes.filter((r) => r.startsWith('POST ')).length).toBeGreaterThan(100)
    expect(leaks).toEqual([])
  })

  it('is refused every API call but its own, route by route, and no answer holds a resident’s details', async () => {
    const token = (await t.services.authentication.issueApiToken(panel.email, panel.password)).token
    const call = (method: string, url: string, auth?: string) =>
      t.app.inject({
        method: method as 'GET',
        url,
        ...(method === 'GET' || method === 'DELETE' ? {} : { payload: {} }),
        headers: auth ? { authorization: `Bearer ${auth}` } : {},
      })
    const own = (url: string) => url.startsWith('/api/v1/panel') || url === '/api/v1/me'
    const guarded: string[] = []
    const leaks: string[] = []
    for (const r of routesOf(t.app).filter((x) => x.url.startsWith('/api/') && x.method !== 'HEAD')) {
      if (own(r.url)) continue
      const url = fill(r.url)
      // A call refused to someone with no token is one the API guards; the rest are public.
      if ((await call(r.method, url)).statusCode !== 401) continue
      guarded.push(`${r.method} ${r.url}`)
      const res = await call(r.method, url, token)
      if (res.statusCode < 300) leaks.push(`${r.method} ${r.url} answered ${res.statusCode}`)
      for (const secret of secrets())
        if (res.body.includes(secret)) leaks.push(`${r.method} ${r.url} showed ${secret}`)
    }
    expect(guarded.length).toBeGreaterThan(100)
    expect(leaks).toEqual([])
  })

  it('opens no page that names a resident, shows their words, or links to a case or a document', async () => {
    const p = await signedIn(panel)
    // The desk's home sends the panel to its own.
    const home = await p.get('/')
    expect(home.statusCode).toBe(303)
    expect(home.headers.location).toBe('/panel')
    const pages = [
      '/panel',
      '/panel/performance',
      '/panel/performance?period=2025',
      '/panel/performance?period=2026-03',
      '/panel/themes',
      '/panel/themes?months=3',
      '/panel/improvements',
      '/panel/self-assessment',
      '/panel/self-assessment?year=2025',
      '/panel/policy',
      `/panel/comments/new?about=improvement&key=${improvementId}`,
      '/panel/comments/new?about=board_pack&key=2026-03',
      '/panel/comments/new?about=theme&key=Repairs',
      '/account/password',
    ]
    for (const url of pages) {
      const res = await p.get(url)
      expect(res.statusCode, url).toBe(200)
      for (const s of secrets()) expect(res.body, `${url} shows ${s}`).not.toContain(s)
      expect(res.body, url).not.toMatch(caseLinks)
    }
    // The navigation is the panel's own, and nothing of the desk.
    const page = await p.get('/panel')
    const nav = /data-qa="service-navigation"[\s\S]*?<\/nav>/.exec(page.body)?.[0] ?? ''
    expect(nav).toContain('href="/panel"')
    expect(nav).not.toContain('href="/themes"')
    expect(nav).not.toContain('href="/reports"')
    // The figures are there: this month's complaints, the improvement action, the policy.
    expect((await p.get('/panel/performance?period=2026-03')).body).toMatch(
      /Stage 1 complaints received[\s\S]*2/,
    )
    expect((await p.get('/panel/improvements')).body).toContain('Text residents before damp inspections')
    expect((await p.get('/panel/themes')).body).toContain('Repairs')
    expect((await p.get('/panel/self-assessment?year=2025')).body).toContain('Being answered')
    // The API is closed to the role too, but for who the token belongs to.
    const token = (await t.services.authentication.issueApiToken(panel.email, panel.password)).token
    const api = (url: string) =>
      t.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } })
    expect((await api('/api/v1/me')).statusCode).toBe(200)
    for (const url of [
      '/api/v1/complaints',
      `/api/v1/complaints/${complaint.id}`,
      '/api/v1/reports/tsm?year=2025',
      '/api/v1/self-assessments/2025',
      '/api/v1/categories',
    ])
      expect((await api(url)).statusCode, url).toBe(403)
  })

  it('records a challenge, which stays open until the complaints team answers it on the record', async () => {
    const p = await signedIn(panel)
    await p.get('/panel/comments/new?about=board_pack&key=2026-03')
    const missing = await p.post('/panel/comments/new', { about: 'board_pack', key: '2026-03', text: '' })
    expect(missing.statusCode).toBe(422)
    expect(missing.body).toContain('Code 9.3: say whether this is a comment or a challenge')
    expect(missing.body).toContain('Code 9.3: write the comment or challenge')
    const made = await p.post('/panel/comments/new', {
      about: 'board_pack',
      key: '2026-03',
      kind: 'challenge',
      text: 'Why were so few stage 1 responses on time in March?',
    })
    expect(made.statusCode).toBe(303)
    expect(made.headers.location).toBe('/panel?done=challenge')
    const home = await p.get('/panel?done=challenge')
    expect(home.body).toContain('It stays open until the complaints team answers it')
    expect(home.body).toMatch(
      /data-qa="open-challenges"[\s\S]*Performance for March 2026[\s\S]*Open challenge/,
    )

    // The team's page: waiting for an answer, refused to a handler and to the panel.
    expect((await (await signedIn(handler)).get('/panel-comments')).statusCode).toBe(403)
    expect((await p.get('/panel-comments')).statusCode).toBe(403)
    const o = await signedIn(officer)
    const waiting = await o.get('/panel-comments')
    expect(waiting.statusCode).toBe(200)
    const id = /href="\/panel-comments\/([0-9a-f-]{36})"/.exec(waiting.body)?.[1] as string
    expect(id).toBeTruthy()
    await o.get(`/panel-comments/${id}`)
    const empty = await o.post(`/panel-comments/${id}`, { version: '1', answer: '' })
    expect(empty.statusCode).toBe(422)
    expect(empty.body).toContain('Code 9.3: write the answer to the panel')
    const answered = await o.post(`/panel-comments/${id}`, {
      version: '1',
      answer: 'Two handlers were off sick; we brought in cover from 9 March.',
      whatChanged: 'Cover arranged for every absence of more than a week',
    })
    expect(answered.statusCode).toBe(303)
    const again = await o.post(`/panel-comments/${id}`, { version: '2', answer: 'And another thing' })
    // Answered once: the form says so (a later answer would rewrite what the panel was told).
    expect(again.statusCode).toBe(422)
    expect(again.body).toContain('Code 9.3: this challenge was answered on 2 March 2026')

    const after = await p.get('/panel')
    expect(after.body).toContain('None: the complaints team has answered every challenge.')
    expect(after.body).toMatch(
      /Two handlers were off sick[\s\S]*What changed: Cover arranged for every absence[\s\S]*Test complaints_officer/,
    )
    // Kept for good: the history cannot be rewritten.
    await expect(t.database.db.deleteFrom('panel_comment_events').execute()).rejects.toThrow()
    await expect(
      t.database.db.updateTable('panel_comment_events').set({ type: 'x' }).execute(),
    ).rejects.toThrow()
  })

  it("prints the panel's review in the self-assessment and the annual report", async () => {
    t.clock.set('2026-03-03T10:00:00Z')
    await t.services.panel.comment(
      { about: 'self_assessment', key: '2025', kind: 'comment', text: 'Section 5 reads well.' },
      { id: panel.id, role: 'residents_panel' },
    )
    const html = (await t.services.selfAssessment.document(assessmentId, 'html')).content.toString()
    expect(html).toContain('Residents’ scrutiny: the residents’ panel’s review (Code 9.3)')
    expect(html).toContain('Why were so few stage 1 responses on time in March?')
    expect(html).toContain('Cover arranged for every absence of more than a week')
    expect(html).toContain('Section 5 reads well.')
    const pdf = (
      await pdfText((await t.services.selfAssessment.document(assessmentId, 'pdf')).content as Buffer)
    ).replace(/\s+/g, ' ')
    expect(pdf).toContain('Cover arranged for every absence')
    // The assessment's own page lists it too, for the team to answer from.
    const page = await (await signedIn(officer)).get(`/self-assessment/${assessmentId}`)
    expect(page.body).toMatch(
      /data-qa="panel-review"[\s\S]*Section 5 reads well\.[\s\S]*href="\/panel-comments\//,
    )
    const annual = await t.services.annualReport.view(2025)
    const rows = annual.document.blocks.flatMap((b) =>
      b.kind === 'table' && b.table.sheet === 'Residents panel' ? b.table.rows : [],
    )
    expect(rows).toEqual([
      [
        '2 March 2026',
        'Performance for March 2026',
        'Challenge: Why were so few stage 1 responses on time in March?',
        'Two handlers were off sick; we brought in cover from 9 March. (2 March 2026)',
        'Cover arranged for every absence of more than a week',
      ],
      [
        '3 March 2026',
        'The self-assessment for 2025/26',
        'Comment: Section 5 reads well.',
        'No answer yet',
        '–',
      ],
    ])
  })

  it('is a role administrators give from the staff page', async () => {
    const a = await signedIn(admin)
    const page = await a.get('/settings/users')
    expect(page.body).toContain('value="residents_panel"')
    const made = await a.post('/settings/users', {
      name: 'Pat Panel',
      email: 'pat.panel@example.org',
      role: 'residents_panel',
    })
    expect(made.statusCode).toBe(200)
    expect(made.body).toContain('pat.panel@example.org')
    const users = await t.services.staffAccounts.list()
    expect(users.find((u) => u.email === 'pat.panel@example.org')?.role).toBe('residents_panel')
  })
})
