import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../../../test/app.js'
import { FormSession } from '../../../../test/browserlessSession.js'
import { complaintsRepository } from '../../../db/repositories/complaints.js'
import { foldComplaint } from '../../../domain/complaints/complaint.js'
import { factsKey, reportFacts } from '../../../domain/reports/facts.js'
import { bootstrapStaff } from '../../../services/bootstrap.js'
import { seedDemoComplaints } from '../../../services/demoComplaints.js'

type Person = { id: string; email: string; password: string }
let t: TestApp
let officer: Person
let handler: { id: string; role: 'handler' }
/** A withdrawn complaint with a document, an email address and letters, last active in 2019. */
let old: { id: string; reference: string; personId: string }
/** Closed in 2019, with an Ombudsman case still open on it. */
let withOmbudsman: { id: string; reference: string }
/** Closed in 2019, kept by a legal hold. */
let onHold: { id: string; reference: string }
/** Withdrawn exactly six years before today (due), and the day after (not yet). */
let onCutoff: string
let dayAfterCutoff: string
/**
 * Service requests closed in 2019: one with nothing else; one a complaint withdrawn in 2019 is
 * about (it goes with that complaint); one a complaint still open is about (kept).
 */
let requestDone: { id: string; reference: string }
let requestComplainedOf: { id: string; reference: string }
let requestStillComplained: { id: string; reference: string }
/** Logged in 2019 and still open. */
let requestOpen: { id: string; reference: string }

const TODAY = '2026-11-24T12:00:00Z'
const closedStates = ['closed', 'not_accepted', 'withdrawn']
const signedIn = async (who: Person) => {
  const s = new FormSession(t.app)
  await s.signIn(who.email, who.password)
  return s
}
const row = (id: string) =>
  t.database.db.selectFrom('complaints').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
const withdrawnOn = async (at: string, name: string, email?: string) => {
  t.clock.set(at)
  const { view } = await t.services.complaints.receive(
    {
      channel: 'phone',
      receivedAt: new Date(at),
      description: `${name} says the boiler failed again`,
      resident: { name, ...(email ? { email } : {}) },
    },
    handler,
  )
  if (email)
    await t.services.complaints.acknowledge(view.complaint.id, handler, {
      handlerId: handler.id,
      definition: { issues: [`${name}'s boiler`], outcomesSought: ['A working boiler'] },
    })
  await t.services.complaints.withdraw(view.complaint.id, handler, {
    how: 'phone',
    note: `${name} says it is fixed now`,
  })
  return view.complaint
}
/** Everything about a complaint a resident might ask for, as text, to look for their details in. */
const everythingAbout = async (id: string) => {
  const db = t.database.db
  const [events, letters, mail, person] = await Promise.all([
    db.selectFrom('complaint_events').select('data').where('complaint_id', '=', id).execute(),
    db.selectFrom('letters').select('text').where('complaint_id', '=', id).execute(),
    db
      .selectFrom('mail_messages')
      .select(['to_address', 'subject', 'text_body', 'html_body'])
      .where('complaint_id', '=', id)
      .execute(),
    db
      .selectFrom('people')
      .innerJoin('complaints', 'complaints.person_id', 'people.id')
      .select(['people.name', 'people.email', 'people.search_text'])
      .where('complaints.id', '=', id)
      .execute(),
  ])
  return JSON.stringify({ events, letters, mail, person, row: await row(id) })
}

beforeAll(async () => {
  t = await createTestApp()
  t.clock.set('2019-06-03T12:00:00Z')
  await bootstrapStaff({ db: t.database.db, clock: t.clock }, { demoData: true })
  officer = await t.createStaff('complaints_officer')
  handler = { id: (await t.createStaff('handler')).id, role: 'handler' }
  await seedDemoComplaints(t.services, await t.services.staffAccounts.list(), t.clock, 40)

  const o = await withdrawnOn('2019-06-04T10:00:00Z', 'Bartholomew Quince', 'bart.quince@example.org')
  await t.services.complaints.attachDocument(o.id, handler, {
    filename: 'damp-photo-notes.txt',
    bytes: new TextEncoder().encode('Photo notes from Bartholomew Quince: mould behind the wardrobe.'),
    description: 'Notes from Mr Quince',
  })
  old = { id: o.id, reference: o.reference, personId: (await row(o.id)).person_id as string }
  const closed = async (name: string) => withdrawnOn('2019-06-05T10:00:00Z', name)
  withOmbudsman = await closed('Cordelia Ombury')
  t.clock.set('2019-09-02T10:00:00Z')
  await t.services.ombudsman.open(
    withOmbudsman.id,
    { id: officer.id, role: 'complaints_officer' },
    {
      ombudsmanReference: '201912345',
      kind: 'evidence_request',
      receivedOn: '2019-09-02',
    },
  )
  onHold = await closed('Desmond Holdsworth')
  const staff = { id: officer.id, role: 'complaints_officer' as const }
  const request = async (name: string, summary: string) =>
    t.services.serviceRequests.log(
      {
        kind: 'repair',
        summary,
        resident: { name, email: `${name.split(' ')[0]?.toLowerCase()}@example.org` },
      },
      staff,
      'staff',
    )
  t.clock.set('2019-09-03T10:00:00Z')
  requestDone = await request('Gwendolyn Tapworth', 'Dripping kitchen tap at Gwendolyn Tapworth’s flat')
  await t.services.serviceRequests.surveyComment(requestDone.id, staff, {
    comment: 'Plumber was lovely',
    score: 5,
  })
  await t.services.serviceRequests.close(requestDone.id, staff, 'Tap washer replaced for Mrs Tapworth')
  requestComplainedOf = await request('Horace Gutterby', 'Blocked gutter above Horace Gutterby’s door')
  const gutter = await t.services.serviceRequests.complain(requestComplainedOf.id, staff, {
    channel: 'phone',
    description: 'Mr Gutterby says nobody came for the gutter',
  })
  await t.services.complaints.withdraw(gutter.complaint.id, handler, {
    how: 'phone',
    note: 'Mr Gutterby says the gutter is clear now',
  })
  await t.services.serviceRequests.close(requestComplainedOf.id, staff, 'Gutter cleared')
  requestStillComplained = await request('Juniper Waitwell', 'Broken window at Juniper Waitwell’s flat')
  await t.services.serviceRequests.complain(requestStillComplained.id, staff, {
    channel: 'phone',
    description: 'Ms Waitwell says the window was never mended',
  })
  await t.services.serviceRequests.close(requestStillComplained.id, staff, 'Window glazed')
  requestOpen = await request('Imelda Stillwaiting', 'Fence panel down at Imelda Stillwaiting’s garden')
  onCutoff = (await withdrawnOn('2020-11-24T15:00:00Z', 'Edith Cutoff')).reference
  dayAfterCutoff = (await withdrawnOn('2020-11-25T09:00:00Z', 'Felix Later')).reference
  t.clock.set(TODAY)
}, 180_000)
afterAll(async () => {
  await t.close()
})

describe('the retention policy', () => {
  it('shows in a dry run what would be anonymised and what is kept, and why, changing nothing', async () => {
    const before = await everythingAbout(old.id)
    const s = await signedIn(officer)
    const page = await s.get('/data-protection/retention')
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('kept for <strong>6 years</strong> after their last activity')
    expect(page.body).toContain(
      'complaints last active on or before Tuesday 24 November 2020 are past retention',
    )
    const due = page.body.slice(page.body.indexOf('data-qa="due"'), page.body.indexOf('data-qa="held"'))
    const held = page.body.slice(page.body.indexOf('data-qa="held"'), page.body.indexOf('id="holds"'))
    expect(due).toContain(old.reference)
    expect(due).toContain(onCutoff)
    expect(due).not.toContain(dayAfterCutoff)
    expect(due).not.toContain(withOmbudsman.reference)
    expect(held).toContain(withOmbudsman.reference)
    expect(held).toContain('An Ombudsman case on it is still open')

    // Every complaint that ended before the cutoff (none has had activity since) is either due or held.
    const dry = await t.services.retention.dryRun('operator')
    const closedBefore = await t.database.db
      .selectFrom('complaints')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('state', 'in', closedStates)
      .where('closed_at', '<', new Date('2020-11-25T00:00:00Z'))
      .executeTakeFirstOrThrow()
    expect(dry.dueTotal + dry.heldTotal).toBe(closedBefore.n)
    expect(dry.dueTotal).toBeGreaterThan(5)

    // Closed service requests too, kept while a complaint about them is kept; open ones are not listed.
    expect(dry.requests.due.map((r) => r.reference)).toEqual([requestDone.reference])
    expect(dry.requests).toMatchObject({ dueTotal: 1, keptTotal: 2 })
    const requests = page.body.slice(
      page.body.indexOf('data-qa="requests-due"'),
      page.body.indexOf('id="holds"'),
    )
    expect(requests).toContain(requestDone.reference)
    expect(requests).not.toContain(requestComplainedOf.reference)
    expect(requests).not.toContain(requestOpen.reference)
    expect(page.body).toContain('2 past retention are kept while a complaint about them is kept')
    expect(await everythingAbout(old.id)).toBe(before)
  })

  it('places a legal hold, explaining what is wrong with a hold it cannot place', async () => {
    const s = await signedIn(officer)
    const empty = await s.post('/data-protection/retention/holds', {
      reference: onHold.reference,
      reason: '',
    })
    expect(empty.statusCode).toBe(422)
    expect(empty.body).toContain('Say why the complaint must be kept')
    const unknown = await s.post('/data-protection/retention/holds', {
      reference: 'CMP-1999-000001',
      reason: 'Disrepair claim issued',
    })
    expect(unknown.statusCode).toBe(422)
    expect(unknown.body).toContain('No case has the reference CMP-1999-000001')
    const placed = await s.post('/data-protection/retention/holds', {
      reference: onHold.reference.toLowerCase(),
      reason: 'Disrepair claim issued in the county court',
    })
    expect(placed.statusCode).toBe(303)
    const again = await s.post('/data-protection/retention/holds', {
      reference: onHold.reference,
      reason: 'A second hold',
    })
    expect(again.body).toContain(`${onHold.reference} already has a legal hold`)
    const page = await s.get('/data-protection/retention')
    expect(page.body).toContain('Legal hold: Disrepair claim issued in the county court')

    const handlerSession = await signedIn(await t.createStaff('handler'))
    expect((await handlerSession.get('/data-protection/retention')).statusCode).toBe(403)
  })

  it('anonymises at night what is past retention, keeping every count, and records each', async () => {
    const db = t.database.db
    const calendar = await t.services.calendar.current()
    const policyOf = await t.services.policy.lookup()
    const due = (await t.services.retention.dryRun('operator')).due
    const factsBefore = new Map<string, string>()
    const stateBefore = new Map<string, string>()
    for (const c of due) {
      const folded = foldComplaint(c.id, await complaintsRepository(db).events(c.id))
      factsBefore.set(c.id, factsKey(reportFacts(folded, policyOf, calendar, '2026-11-24')))
      stateBefore.set(c.id, folded.state)
    }
    const storedFacts = await db
      .selectFrom('report_facts')
      .selectAll()
      .orderBy(['complaint_id', 'kind', 'on_date'])
      .execute()
    expect(await everythingAbout(old.id)).toContain('Bartholomew Quince')

    // The nightly run, at the housekeeping time.
    t.clock.set('2026-11-24T23:58:30Z')
    await t.jobs.runDue()

    const text = await everythingAbout(old.id)
    for (const personal of ['Bartholomew', 'Quince', 'bart.quince@example.org', 'boiler', 'fixed now'])
      expect(text).not.toContain(personal)
    expect((await row(old.id)).resident_name).toBe('Anonymised resident')
    expect((await row(old.id)).anonymised_at).toBeInstanceOf(Date)
    const letters = await db.selectFrom('letters').select('text').where('complaint_id', '=', old.id).execute()
    expect(letters.length).toBeGreaterThan(0)
    for (const l of letters)
      expect(l.text).toContain('removed on 2026-11-24 under the landlord’s retention policy')
    expect(
      await db.selectFrom('documents').select('id').where('complaint_id', '=', old.id).execute(),
    ).toEqual([])
    const person = await db
      .selectFrom('people')
      .selectAll()
      .where('id', '=', old.personId)
      .executeTakeFirstOrThrow()
    expect(person).toMatchObject({ name: 'Anonymised resident', email: null })

    // The history still folds into the same states and the same report facts.
    for (const c of due) {
      const folded = foldComplaint(c.id, await complaintsRepository(db).events(c.id))
      expect(folded.state).toBe(stateBefore.get(c.id))
      expect(factsKey(reportFacts(folded, policyOf, calendar, '2026-11-24'))).toBe(factsBefore.get(c.id))
    }
    expect(
      await db.selectFrom('report_facts').selectAll().orderBy(['complaint_id', 'kind', 'on_date']).execute(),
    ).toEqual(storedFacts)

    // Held and recent complaints are untouched.
    expect(await everythingAbout(withOmbudsman.id)).toContain('Cordelia Ombury')
    expect(await everythingAbout(onHold.id)).toContain('Desmond Holdsworth')
    const later = await db
      .selectFrom('complaints')
      .select('resident_name')
      .where('reference', '=', dayAfterCutoff)
      .executeTakeFirstOrThrow()
    expect(later.resident_name).toBe('Felix Later')

    // Every anonymisation is recorded, with what went.
    const records = await db.selectFrom('retention_anonymisations').selectAll().execute()
    expect(records.map((r) => r.reference).sort()).toEqual(due.map((c) => c.reference).sort())
    const record = records.find((r) => r.complaint_id === old.id)
    expect(record).toMatchObject({ retention_years: 6, by_user_id: null, person_anonymised: true })
    expect(record?.removed).toMatchObject({ documents: 1, letters: letters.length })

    // The case page still opens, and the page lists the anonymisation.
    const s = await signedIn(officer)
    const casePage = await s.get(`/complaints/${old.id}`)
    expect(casePage.statusCode).toBe(200)
    expect(casePage.body).toContain('Anonymised resident')
    const page = await s.get('/data-protection/retention')
    expect(page.body).toContain(old.reference)
    expect(page.body).toContain('1 documents removed')

    // History is still append-only outside anonymisation, and running again changes nothing.
    await expect(
      db.updateTable('complaint_events').set({ type: 'x' }).where('complaint_id', '=', old.id).execute(),
    ).rejects.toThrow(/append-only/)
    await expect(db.updateTable('letters').set({ text: 'x' }).execute()).rejects.toThrow(/append-only/)
    expect(await t.services.retention.run('job')).toEqual({
      anonymised: 0,
      held: 2,
      serviceRequests: 0,
      undecidedEmails: 0,
    })
  })

  it('anonymises closed service requests past retention once no complaint about them is kept', async () => {
    // The nightly run above anonymised the request with nothing else, and the one whose only
    // complaint it anonymised in the same run; the one a complaint still open is about is kept.
    const db = t.database.db
    const requestText = async (id: string) =>
      JSON.stringify({
        row: await db
          .selectFrom('service_requests')
          .selectAll()
          .where('id', '=', id)
          .executeTakeFirstOrThrow(),
        events: await db
          .selectFrom('service_request_events')
          .select('data')
          .where('request_id', '=', id)
          .execute(),
      })
    const done = await requestText(requestDone.id)
    for (const personal of ['Gwendolyn', 'Tapworth', 'gwendolyn@example.org', 'lovely', 'washer'])
      expect(done).not.toContain(personal)
    expect(done).toContain('"resident_name":"Anonymised resident"')
    expect(done).toContain(requestDone.reference)
    expect(await requestText(requestComplainedOf.id)).not.toContain('Gutterby')
    expect(await requestText(requestStillComplained.id)).toContain('Juniper Waitwell')
    expect(await requestText(requestOpen.id)).toContain('Imelda Stillwaiting')

    // Each recorded; the request still opens and folds (its link to the complaint kept), and
    // nothing more can be added to it.
    const records = await db.selectFrom('retention_request_anonymisations').selectAll().execute()
    expect(records.map((r) => r.reference).sort()).toEqual(
      [requestDone.reference, requestComplainedOf.reference].sort(),
    )
    expect(records.find((r) => r.request_id === requestDone.id)).toMatchObject({
      retention_years: 6,
      by_user_id: null,
      events: 3,
    })
    const folded = await t.services.serviceRequests.view(requestComplainedOf.id)
    expect(folded.status).toBe('closed')
    expect(folded.complaints).toHaveLength(1)
    const staff = { id: officer.id, role: 'complaints_officer' as const }
    await expect(
      t.services.serviceRequests.surveyComment(requestDone.id, staff, {
        comment: 'Another comment',
        score: 2,
      }),
    ).rejects.toThrow(`${requestDone.reference} was anonymised under the retention policy`)
    await expect(
      db
        .updateTable('service_request_events')
        .set({ type: 'x' })
        .where('request_id', '=', requestDone.id)
        .execute(),
    ).rejects.toThrow(/append-only/)

    const s = await signedIn(officer)
    const page = await s.get('/data-protection/retention')
    const anonymised = page.body.slice(page.body.indexOf('data-qa="requests-anonymised"'))
    expect(anonymised).toContain(requestDone.reference)
    expect(anonymised).toContain('The resident’s name, the summary and 3 events redacted')
    expect(page.body).toContain('1 past retention is kept while a complaint about it is kept')
    expect((await s.get(`/service-requests/${requestDone.id}`)).statusCode).toBe(200)
  })

  it('anonymises a held complaint once its hold is released', async () => {
    const s = await signedIn(officer)
    const hold = await t.database.db
      .selectFrom('retention_holds')
      .select('id')
      .where('complaint_id', '=', onHold.id)
      .executeTakeFirstOrThrow()
    const noReason = await s.post(`/data-protection/retention/holds/${hold.id}/release`, { reason: '' })
    expect(noReason.statusCode).toBe(422)
    expect(noReason.body).toContain('Say why the hold is released')
    const released = await s.post(`/data-protection/retention/holds/${hold.id}/release`, {
      reason: 'The claim was settled',
    })
    expect(released.statusCode).toBe(303)
    expect(await t.services.retention.run('job')).toEqual({
      anonymised: 1,
      held: 1,
      serviceRequests: 0,
      undecidedEmails: 0,
    })
    expect((await row(onHold.id)).resident_name).toBe('Anonymised resident')
  })
})
