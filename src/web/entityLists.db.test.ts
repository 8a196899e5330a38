import { randomUUID } from 'node:crypto'
import { extractText, getDocumentProxy } from 'unpdf'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { apiCaller } from '../../test/api.js'
import { createTestApp, type TestApp } from '../../test/app.js'
import { FormSession } from '../../test/browserlessSession.js'
import { groupWithLimitedOfficer } from '../../test/entities.js'
import { emailInInbox } from '../../test/inboxEmails.js'
import { mailRepository } from '../db/repositories/mail.js'
import { DEFAULT_ENTITY_ID } from '../domain/entities/entity.js'

/**
 * Issue 34, roles limited to an entity, beyond the complaints: a person limited to North Homes
 * sees only North's hazards, remedies, Ombudsman cases and residents, in the lists, their
 * downloads and the API; another landlord's hazard, Ombudsman case or resident's record is as if
 * it did not exist (404); the TSM and the annual report's draft are always North's; a report of
 * the whole group is refused, saying why. An officer of the whole group sees both.
 *
 * Worked out by hand for 2025/26 (all LCRA): North Homes (250 homes) received 1 stage 1
 * complaint, Test Homes (the default, 1,000 homes) 2. North's CH01 stage 1 is
 * 1 / 250 × 1,000 = 4; Test Homes' 2 / 1,000 × 1,000 = 2.
 */
let t: TestApp
let officer: { id: string; email: string; password: string }
let limited: { id: string; email: string; password: string }
let officerToken: string
let limitedToken: string
let north: string
type Record = { id: string; reference: string; personId: string; hazardId: string; caseId: string }
const a = {} as Record
const b = {} as Record
const officerApi = apiCaller(
  () => t,
  () => officerToken,
)
const limitedApi = apiCaller(
  () => t,
  () => limitedToken,
)

const pdfText = async (content: Buffer) =>
  (await extractText(await getDocumentProxy(new Uint8Array(content)), { mergePages: true })).text

async function signedIn(who: { email: string; password: string }) {
  const s = new FormSession(t.app)
  await s.signIn(who.email, who.password)
  return s
}

/** A complaint of an entity, acknowledged, with a hazard, an Ombudsman case and a remedy of £`amount`. */
async function complaintWithEverything(
  into: Record,
  name: string,
  day: string,
  amount: number,
  entityId: string,
) {
  t.clock.set(`${day}T09:15:00Z`)
  const actor = { id: officer.id, role: 'complaints_officer' as const }
  const { view } = await t.services.complaints.receive(
    {
      channel: 'phone',
      receivedAt: new Date(`${day}T09:00:00Z`),
      description: 'The repair was not done',
      resident: { name, email: `${name.split(' ')[0]?.toLowerCase()}@example.org` },
      tenure: 'lcra',
      entityId,
    },
    actor,
  )
  const c = view.complaint
  into.id = c.id
  into.reference = c.reference
  const url = `/api/v1/complaints/${c.id}`
  const ack = await officerApi('POST', `${url}/acknowledge`, {
    handlerId: officer.id,
    definition: { issues: ['The repair'], outcomesSought: ['The repair done'] },
  })
  expect(ack.status, JSON.stringify(ack.body)).toBe(200)
  const hazard = await officerApi('POST', `${url}/hazards`, {
    kind: 'emergency',
    awareAt: `${day}T09:10:00Z`,
    description: 'Smell of gas from the boiler',
    decidedBy: 'Jo Reid, gas engineer',
    decidedAt: `${day}T09:12:00Z`,
    basis: 'The resident’s call',
  })
  expect(hazard.status, JSON.stringify(hazard.body)).toBe(201)
  into.hazardId = hazard.body.id
  const responded = await officerApi('POST', `${url}/responses`, {
    decision: 'upheld',
    reasons: 'The repair was late.',
    remedies: [
      {
        type: 'financial',
        amount,
        description: `Compensation for ${name}`,
        breakdown: { timeAndTrouble: amount / 2, distressAndInconvenience: amount / 2 },
      },
    ],
  })
  expect(responded.status, JSON.stringify(responded.body)).toBe(200)
  const opened = await officerApi('POST', `${url}/ombudsman-cases`, {
    ombudsmanReference: `2025${amount}`,
    kind: 'formal_investigation',
    receivedOn: day,
  })
  expect(opened.status, JSON.stringify(opened.body)).toBe(201)
  into.caseId = opened.body.id
  const row = await t.database.db
    .selectFrom('complaints')
    .select('person_id')
    .where('id', '=', c.id)
    .executeTakeFirstOrThrow()
  into.personId = row.person_id as string
}

beforeAll(async () => {
  t = await createTestApp({ apiTokenDays: 3650, sessionHours: 24 * 365 })
  t.clock.set('2025-06-01T09:00:00Z')
  ;({ officer, limited, north, officerToken, limitedToken } = await groupWithLimitedOfficer(t))
  await complaintWithEverything(a, 'Ada Marsh', '2025-06-02', 100, north)
  await complaintWithEverything(b, 'Ben Marsh', '2025-06-03', 250, DEFAULT_ENTITY_ID)
  t.clock.set('2025-06-04T09:15:00Z')
  await t.services.complaints.receive(
    {
      channel: 'phone',
      receivedAt: new Date('2025-06-04T09:00:00Z'),
      description: 'The repair was not done',
      resident: { name: 'Cy Marsh' },
      tenure: 'lcra',
      entityId: DEFAULT_ENTITY_ID,
    },
    { id: officer.id, role: 'complaints_officer' },
  )
  const actor = { id: officer.id, role: 'complaints_officer' as const }
  await t.services.tsm.recordHomes(2025, { lcra: 1000, lcho: 0 }, actor, DEFAULT_ENTITY_ID)
  await t.services.tsm.recordHomes(2025, { lcra: 250, lcho: 0 }, actor, north)
  t.clock.set('2026-05-11T09:00:00Z')
})
afterAll(async () => {
  await t?.close()
})

describe('a person limited to one landlord entity, beyond the complaints (issue 34)', () => {
  it('lists only its entity’s hazards, remedies, Ombudsman cases and residents, and downloads the same', async () => {
    const mine = await signedIn(limited)
    const everyone = await signedIn(officer)
    for (const path of [
      '/hazards',
      '/hazards/download.csv',
      '/ombudsman-cases?show=open',
      '/ombudsman-cases/download.csv?show=open',
      '/remedies?show=all',
      '/remedies/download.csv?show=all',
      '/learning',
    ]) {
      const own = await mine.get(path)
      expect(own.statusCode, path).toBe(200)
      expect(own.body, path).toContain(a.reference)
      expect(own.body, path).not.toContain(b.reference)
      const all = await everyone.get(path)
      expect(all.body, path).toContain(a.reference)
      expect(all.body, path).toContain(b.reference)
    }
    // The Ombudsman list's counts and the register's totals are of North's only.
    expect((await mine.get('/ombudsman-cases?show=open')).body).not.toContain('250')
    for (const path of ['/residents?q=Marsh', '/residents/download.csv?q=Marsh']) {
      const own = await mine.get(path)
      expect(own.statusCode, path).toBe(200)
      expect(own.body, path).toContain('Ada Marsh')
      expect(own.body, path).not.toContain('Ben Marsh')
      expect(own.body, path).not.toContain('Cy Marsh')
      const all = await everyone.get(path)
      expect(all.body, path).toContain('Ben Marsh')
      expect(all.body, path).toContain('Cy Marsh')
    }
  })

  it('through the API: the hazards queue and the remedy register are its entity’s, totals too', async () => {
    const hazards = await limitedApi('GET', '/api/v1/hazards')
    expect(hazards.body.items.map((h: { id: string }) => h.id)).toEqual([a.hazardId])
    const allHazards = await officerApi('GET', '/api/v1/hazards')
    expect(allHazards.body.items.map((h: { id: string }) => h.id).sort()).toEqual(
      [a.hazardId, b.hazardId].sort(),
    )
    const register = await limitedApi('GET', '/api/v1/remedies?show=all')
    expect(register.status, JSON.stringify(register.body)).toBe(200)
    expect(register.body.items.map((r: { complaintId: string }) => r.complaintId)).toEqual([a.id])
    expect(register.body.totals.owedMoney).toBe(100)
    const everyones = await officerApi('GET', '/api/v1/remedies?show=all')
    expect(everyones.body.totals.owedMoney).toBe(350)
  })

  it('is answered 404 for another entity’s hazard, Ombudsman case and resident, as for none', async () => {
    const mine = await signedIn(limited)
    const everyone = await signedIn(officer)
    const pages = (r: Record) => [
      `/hazards/${r.hazardId}`,
      `/ombudsman-cases/${r.caseId}`,
      `/ombudsman-cases/${r.caseId}/evidence-pack`,
      `/residents/${r.personId}`,
      `/residents/${r.personId}/vulnerabilities`,
    ]
    for (const path of pages(b)) {
      expect((await mine.get(path)).statusCode, path).toBe(404)
      expect((await everyone.get(path)).statusCode, path).not.toBe(404)
    }
    for (const path of pages(a)) expect((await mine.get(path)).statusCode, path).not.toBe(404)
    // Ada's later complaint about a Test Homes home joins her (North Homes) record: her page
    // lists it to the whole group, not to the person limited to North Homes.
    const { view } = await t.services.complaints.receive(
      {
        channel: 'email',
        receivedAt: new Date('2026-05-11T08:00:00Z'),
        description: 'Another repair',
        resident: { name: 'Ada Marsh', email: 'ada@example.org' },
        entityId: DEFAULT_ENTITY_ID,
      },
      { id: officer.id, role: 'complaints_officer' },
    )
    const later = view.complaint
    expect(later.personId).toBe(a.personId)
    expect((await everyone.get(`/residents/${a.personId}`)).body).toContain(later.reference)
    const hers = (await mine.get(`/residents/${a.personId}`)).body
    expect(hers).toContain(a.reference)
    expect(hers).not.toContain(later.reference)
    for (const path of [`/api/v1/hazards/${b.hazardId}`, `/api/v1/ombudsman-cases/${b.caseId}`]) {
      expect((await limitedApi('GET', path)).status, path).toBe(404)
      expect((await officerApi('GET', path)).status, path).toBe(200)
    }
    expect((await limitedApi('GET', `/api/v1/hazards/${a.hazardId}`)).status).toBe(200)
    expect((await limitedApi('GET', `/api/v1/ombudsman-cases/${a.caseId}`)).status).toBe(200)
  })

  it('is shown its own entity’s TSM and annual report draft, even when asked for another’s', async () => {
    const mine = await signedIn(limited)
    const everyone = await signedIn(officer)
    const page = await mine.get(`/reports/tsm?year=2025&entity=${DEFAULT_ENTITY_ID}`)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('<span data-qa="landlord">North Homes</span>')
    expect(page.body).not.toContain('data-qa="entity"')
    expect((await everyone.get('/reports/tsm?year=2025')).body).toContain('data-qa="entity"')
    const csv = (await mine.get(`/reports/tsm.csv?year=2025&entity=${DEFAULT_ENTITY_ID}`)).body
    expect(csv).toBe((await everyone.get(`/reports/tsm.csv?year=2025&entity=${north}`)).body)
    expect(csv).not.toBe((await everyone.get(`/reports/tsm.csv?year=2025&entity=${DEFAULT_ENTITY_ID}`)).body)

    const api = await limitedApi('GET', `/api/v1/reports/tsm?year=2025&entity=${DEFAULT_ENTITY_ID}`)
    expect(api.body.entity.id).toBe(north)
    expect(api.body.lcra.ch01Stage1).toBe(4)
    const theirs = await officerApi('GET', `/api/v1/reports/tsm?year=2025&entity=${DEFAULT_ENTITY_ID}`)
    expect(theirs.body.lcra.ch01Stage1).toBe(2)

    const annual = await mine.get(`/reports/annual?year=2025&entity=${DEFAULT_ENTITY_ID}`)
    expect(annual.statusCode).toBe(200)
    expect(annual.body).toContain('North Homes (registered provider L0001)')
    expect(annual.body).toContain('we received 1 stage 1 complaints')
    expect(annual.body).toContain('data-qa="limited-to-landlord"')
    expect(annual.body).not.toContain('data-qa="entity"')
  })

  it('is refused a report of the whole group, told why', async () => {
    const mine = await signedIn(limited)
    const everyone = await signedIn(officer)
    for (const path of ['/reports/board', '/reports/board.xlsx', '/annual-submission/2025']) {
      const r = await mine.get(path)
      expect(r.statusCode, path).toBe(403)
      expect(r.body, path).toContain('Your account is limited to North Homes; this covers the whole group')
      expect((await everyone.get(path)).statusCode, path).toBe(200)
    }
    // The group's annual report: its commentary is refused, nothing written.
    await mine.get('/reports/annual?year=2025')
    const commentary = await mine.post('/reports/annual/2025/commentary', {
      section: 'performance',
      commentary: 'Mine',
    })
    expect(commentary.statusCode).toBe(403)
    expect(JSON.stringify((await t.services.annualReport.view(2025)).report.commentary)).not.toContain('Mine')
    const api = await limitedApi('GET', '/api/v1/annual-submissions/2025')
    expect(api.status).toBe(403)
    expect(api.body.error.message).toBe('Your account is limited to North Homes; this covers the whole group')
  })
})

/**
 * The desk's queues, narrowed rather than refused: a letter or email sent, an email received, an
 * intervention and an improvement action are their complaint's entity's; one of no complaint is
 * the whole group's. Added to the dataset above (Ada's complaint A is North Homes', Ben's B Test
 * Homes'; each was acknowledged and answered by email: two letters emailed each):
 *
 * - post: Di (North) and Ed (Test Homes) have no email, so each one's acknowledgement waits to be
 *   posted: the queue is 1 letter for North, 2 for the group;
 * - mail: A's 2 letters for North; B's 2 and one to a member of staff (no complaint) as well for
 *   the group (5);
 * - inbox: one email joined to A, one to B, one not yet sorted: North sees 1, the group 3;
 * - interventions: one about A, one about B, one landlord-wide (no complaint): North 1, group 3;
 * - improvement actions: from A, from B, from a theme (no complaint), from A and B together, and
 *   from the Ombudsman's order on A's case: North sees 3 (A's, A-and-B's, the order's), the group 5.
 */
describe('a person limited to one landlord entity, in the desk’s queues (issue 34)', () => {
  const di = {} as { id: string; reference: string }
  const ed = {} as { id: string; reference: string }
  const inbox = { a: randomUUID(), b: randomUUID(), unsorted: randomUUID() }
  const staffMail = randomUUID()
  const interventions = {} as { a: string; b: string; group: string }
  const actions = {} as { a: string; b: string; theme: string; both: string; ombudsman: string }
  const mailOf = async (complaintId: string) =>
    (
      await t.database.db
        .selectFrom('mail_messages')
        .select('id')
        .where('complaint_id', '=', complaintId)
        .orderBy('created_at')
        .execute()
    ).map((m) => m.id)

  beforeAll(async () => {
    const actor = { id: officer.id, role: 'complaints_officer' as const }
    t.clock.set('2026-05-11T09:15:00Z')
    for (const [into, name, entityId] of [
      [di, 'Di Post', north],
      [ed, 'Ed Post', DEFAULT_ENTITY_ID],
    ] as const) {
      const { view } = await t.services.complaints.receive(
        {
          channel: 'letter',
          receivedAt: new Date('2026-05-11T09:00:00Z'),
          description: 'The fence is down',
          resident: { name, address: '1 Mill Lane\nLeeds', postcode: 'LS6 2AB' },
          entityId,
        },
        actor,
      )
      into.id = view.complaint.id
      into.reference = view.complaint.reference
      await t.services.complaints.acknowledge(view.complaint.id, actor, {
        handlerId: officer.id,
        definition: { issues: ['The fence'], outcomesSought: ['The fence mended'] },
      })
    }
    // Mail to a member of staff, about no complaint: the whole group's.
    await mailRepository(t.database.db).insertMessage({
      id: staffMail,
      kind: 'account_locked',
      toAddress: officer.email,
      subject: 'Your account was locked',
      textBody: 'Your account was locked',
      htmlBody: '<p>Your account was locked</p>',
      status: 'outbox',
      at: new Date('2026-05-11T09:20:00Z'),
    })
    let uid = 1
    for (const [id, subject, complaintId] of [
      [inbox.a, 'About Ada’s repair', a.id],
      [inbox.b, 'About Ben’s repair', b.id],
      [inbox.unsorted, 'Something new', undefined],
    ] as const)
      await emailInInbox(t.database.db, {
        id,
        uid: uid++,
        subject,
        at: new Date('2026-05-11T08:00:00Z'),
        ...(complaintId ? { joinedTo: { complaintId, by: officer.id } } : {}),
      })
    for (const [key, complaintId] of [
      ['a', a.reference],
      ['b', b.reference],
    ] as const) {
      const r = await officerApi('POST', '/api/v1/ombudsman-interventions', {
        kind: 'dispute_support',
        ombudsmanReference: `DS-${key}`,
        receivedOn: '2026-05-01',
        complaintId,
        description: 'Respond at stage 2',
        ownerId: officer.id,
        dueOn: '2026-05-08',
      })
      expect(r.status, JSON.stringify(r.body)).toBe(201)
      interventions[key] = r.body.id
    }
    const pcc = await officerApi('POST', '/api/v1/ombudsman-interventions', {
      kind: 'policy_recommendation',
      ombudsmanReference: 'PCC-9',
      receivedOn: '2026-05-01',
      provision: '5.8',
      description: 'Record conflicts of interest at assignment',
      ownerId: officer.id,
      dueOn: '2026-05-08',
    })
    expect(pcc.status, JSON.stringify(pcc.body)).toBe(201)
    interventions.group = pcc.body.id
    const raise = async (extra: {
      source: string
      complaintIds?: string[]
      detail?: string
      ombudsmanCaseId?: string
      directionId?: string
    }) => {
      const r = await officerApi('POST', '/api/v1/improvement-actions', {
        title: 'Repairs on time',
        description: 'Check repairs are booked when reported',
        ownerId: officer.id,
        director: 'Sam Okafor, Director of Property',
        dueOn: '2026-06-30',
        ...extra,
      })
      expect(r.status, JSON.stringify(r.body)).toBe(201)
      return r.body.id as string
    }
    actions.a = await raise({ source: 'complaint', complaintIds: [a.reference] })
    actions.b = await raise({ source: 'complaint', complaintIds: [b.reference] })
    actions.theme = await raise({ source: 'theme', detail: 'Repeat repair complaints' })
    actions.both = await raise({ source: 'complaint', complaintIds: [a.reference, b.reference] })
    // An action from the Ombudsman's order on A's case, naming no complaint: linked to A as raised.
    const determined = await officerApi('POST', `/api/v1/ombudsman-cases/${a.caseId}/determination`, {
      reportOn: '2026-05-01',
      elements: [{ element: 'Complaint handling', finding: 'maladministration' }],
    })
    expect(determined.status, JSON.stringify(determined.body)).toBe(200)
    const ordered = await officerApi('POST', `/api/v1/ombudsman-cases/${a.caseId}/directions`, {
      direction: 'order',
      kind: 'apology',
      description: 'Apologise',
      ownerId: officer.id,
    })
    expect(ordered.status, JSON.stringify(ordered.body)).toBe(200)
    actions.ombudsman = await raise({
      source: 'ombudsman_order',
      ombudsmanCaseId: a.caseId,
      directionId: ordered.body.directions[0].id,
    })
    t.clock.set('2026-05-12T09:00:00Z')
  })

  it('lists only its entity’s mail, post, emails, interventions and actions, downloads too', async () => {
    const mine = await signedIn(limited)
    const everyone = await signedIn(officer)
    const rows = async (s: FormSession, path: string) => {
      const r = await s.get(path)
      expect(r.statusCode, path).toBe(200)
      return r.body.trim().split('\r\n').length - 1
    }
    for (const [path, own, all] of [
      ['/mail/download.csv', 2, 5],
      ['/mail/download.csv?status=outbox', 2, 5],
      ['/inbox/download.csv?status=all', 1, 3],
      ['/inbox/download.csv', 0, 1],
      ['/improvements/download.csv?show=all', 3, 5],
    ] as const) {
      expect(await rows(mine, path), path).toBe(own)
      expect(await rows(everyone, path), path).toBe(all)
    }
    // The pages show the same rows: North's, and never another's, found by a search or not.
    const mail = (await mine.get('/mail')).body
    expect(mail).toContain(`Stage 1 acknowledgement: your complaint ${a.reference}`)
    expect(mail).not.toContain(`your complaint ${b.reference}`)
    expect(mail).not.toContain('Your account was locked')
    expect((await everyone.get('/mail')).body).toContain('Your account was locked')
    expect((await mine.get(`/mail?q=${b.reference}`)).body).not.toContain(`your complaint ${b.reference}<`)
    expect((await everyone.get(`/mail?q=${b.reference}`)).body).toContain(`your complaint ${b.reference}<`)

    const post = (await mine.get('/letters/print')).body
    expect(post).toContain(di.reference)
    expect(post).not.toContain(ed.reference)
    expect((await everyone.get('/letters/print')).body).toContain(ed.reference)
    const pdf = await pdfText((await mine.get('/letters/print/letters.pdf')).rawPayload)
    expect(pdf).toContain('Di Post')
    expect(pdf).not.toContain('Ed Post')
    expect(await pdfText((await everyone.get('/letters/print/letters.pdf')).rawPayload)).toContain('Ed Post')

    const emails = (await mine.get('/inbox?status=all')).body
    expect(emails).toContain('data-qa="inbox-limited"')
    expect(emails).toContain('Emails not yet sorted are handled by staff who cover the whole group')
    expect(emails).toContain('About Ada’s repair')
    expect(emails).not.toContain('About Ben’s repair')
    expect(emails).not.toContain('Something new')
    const allEmails = (await everyone.get('/inbox?status=all')).body
    expect(allEmails).not.toContain('data-qa="inbox-limited"')
    expect(allEmails).toContain('Something new')

    const orders = (await mine.get('/ombudsman-interventions')).body
    expect(orders).toContain('DS-a')
    expect(orders).not.toContain('DS-b')
    expect(orders).not.toContain('PCC-9')
    expect((await everyone.get('/ombudsman-interventions')).body).toContain('PCC-9')
    const own = await limitedApi('GET', '/api/v1/ombudsman-interventions')
    expect(own.body.items.map((i: { id: string }) => i.id)).toEqual([interventions.a])
    expect(own.body.total).toBe(1)
    expect((await officerApi('GET', '/api/v1/ombudsman-interventions')).body.total).toBe(3)

    const ids = (r: { body: { items: { id: string }[] } }) => r.body.items.map((i) => i.id).sort()
    expect(ids(await limitedApi('GET', '/api/v1/improvement-actions?show=all'))).toEqual(
      [actions.a, actions.both, actions.ombudsman].sort(),
    )
    expect(ids(await officerApi('GET', '/api/v1/improvement-actions?show=all'))).toEqual(
      [actions.a, actions.b, actions.theme, actions.both, actions.ombudsman].sort(),
    )
  })

  it('counts on the Today page only its entity’s letters to post and interventions overdue', async () => {
    const tile = (body: string, key: string) =>
      new RegExp(`data-qa="tile-${key}">\\s*<a[^>]*>\\s*<span[^>]*data-qa="value">(\\d+)<`).exec(body)?.[1]
    const mine = (await (await signedIn(limited)).get('/')).body
    const all = (await (await signedIn(officer)).get('/')).body
    // Di's letter; Di's and Ed's.
    expect(tile(mine, 'toPost')).toBe('1')
    expect(tile(all, 'toPost')).toBe('2')
    // Due 8 May, open on 12 May: A's; A's, B's and the landlord-wide one.
    expect(tile(mine, 'interventionsOverdue')).toBe('1')
    expect(tile(all, 'interventionsOverdue')).toBe('3')
  })

  it('is answered 404 for another entity’s letter, email, intervention or action, and for the group’s', async () => {
    const mine = await signedIn(limited)
    const everyone = await signedIn(officer)
    const [aMail] = await mailOf(a.id)
    const [bMail] = await mailOf(b.id)
    const theirs = [
      `/mail/${bMail}`,
      `/mail/${bMail}/attachment`,
      `/mail/${staffMail}`,
      `/inbox/${inbox.b}`,
      `/inbox/${inbox.unsorted}`,
      `/inbox/${inbox.unsorted}/email`,
      `/complaints/new?fromInbox=${inbox.unsorted}`,
      `/service-requests/new?fromInbox=${inbox.unsorted}`,
      `/ombudsman-interventions/${interventions.b}`,
      `/ombudsman-interventions/${interventions.group}`,
      `/improvements/${actions.b}`,
      `/improvements/${actions.theme}`,
      `/improvements/new?complaint=${b.id}`,
    ]
    for (const path of theirs) {
      expect((await mine.get(path)).statusCode, path).toBe(404)
      expect((await everyone.get(path)).statusCode, path).toBe(200)
    }
    for (const path of [
      `/mail/${aMail}`,
      `/mail/${aMail}/attachment`,
      `/inbox/${inbox.a}`,
      `/ombudsman-interventions/${interventions.a}`,
      `/improvements/${actions.a}`,
      `/improvements/${actions.both}`,
      `/improvements/${actions.ombudsman}`,
    ])
      expect((await mine.get(path)).statusCode, path).toBe(200)
    // Nothing is written to another's: a progress note on B's action is refused as if it did not exist.
    const note = await mine.post(`/improvements/${actions.b}/progress`, { note: 'Mine' })
    expect(note.statusCode).toBe(404)
    for (const path of [
      `/api/v1/ombudsman-interventions/${interventions.b}`,
      `/api/v1/ombudsman-interventions/${interventions.group}`,
      `/api/v1/improvement-actions/${actions.b}`,
      `/api/v1/improvement-actions/${actions.theme}`,
    ]) {
      expect((await limitedApi('GET', path)).status, path).toBe(404)
      expect((await officerApi('GET', path)).status, path).toBe(200)
    }
    expect((await limitedApi('GET', `/api/v1/improvement-actions/${actions.both}`)).status).toBe(200)
  })

  it('marks posted only its own entity’s letters', async () => {
    const mine = await signedIn(limited)
    const letters = await t.database.db
      .selectFrom('postal_letters')
      .select(['letter_id', 'complaint_id'])
      .where('complaint_id', 'in', [di.id, ed.id])
      .execute()
    expect(letters).toHaveLength(2)
    await mine.get('/letters/print')
    const marked = await mine.post('/letters/print/printed', { letterId: letters.map((l) => l.letter_id) })
    expect(marked.statusCode).toBe(303)
    expect(marked.headers.location).toBe('/letters/print?printed=1')
    const waiting = await t.services.mail.printQueue()
    expect(waiting.map((w) => w.complaintId)).toContain(ed.id)
    expect(waiting.map((w) => w.complaintId)).not.toContain(di.id)
  })

  it('finds no complaint of another entity when it names one for an action or an intervention', async () => {
    const action = (complaintIds: string[]) =>
      limitedApi('POST', '/api/v1/improvement-actions', {
        title: 'Repairs on time',
        description: 'Check repairs are booked when reported',
        source: 'complaint',
        complaintIds,
        ownerId: officer.id,
        director: 'Sam Okafor, Director of Property',
        dueOn: '2026-06-30',
      })
    const theirs = await action([b.reference])
    expect(theirs.status).toBe(422)
    expect(theirs.body.error.message).toContain(`There is no complaint ${b.reference}`)
    expect((await action([b.id])).status).toBe(422)
    expect((await action([a.reference])).status).toBe(201)
    // Linking another's complaint to its own action: as if there were none.
    const link = await limitedApi('POST', `/api/v1/improvement-actions/${actions.a}/complaints`, {
      complaintId: b.reference,
    })
    expect(link.status).toBe(422)
    const intervention = (complaintId: string) =>
      limitedApi('POST', '/api/v1/ombudsman-interventions', {
        kind: 'dispute_support',
        ombudsmanReference: 'DS-c',
        receivedOn: '2026-05-01',
        complaintId,
        description: 'Respond at stage 2',
        ownerId: officer.id,
        dueOn: '2026-05-20',
      })
    const other = await intervention(b.reference)
    expect(other.status).toBe(422)
    expect(other.body.error.details[0].field).toBe('complaintId')
    expect((await intervention(a.reference)).status).toBe(201)
  })
})
