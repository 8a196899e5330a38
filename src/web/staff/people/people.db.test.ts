import { extractText, getDocumentProxy } from 'unpdf'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../../../test/app.js'
import { FormSession } from '../../../../test/browserlessSession.js'
import { linkResidentRecordsOnce } from '../../../services/people/upgrade.js'

type Person = { id: string; email: string; password: string }
let t: TestApp
let handler: Person
let officer: Person
let admin: Person
let board: Person
let first: { id: string; personId: string }

const date = (name: string, iso: string) => ({
  [`${name}-day`]: String(Number(iso.slice(8, 10))),
  [`${name}-month`]: String(Number(iso.slice(5, 7))),
  [`${name}-year`]: iso.slice(0, 4),
})
const signedIn = async (who: Person) => {
  const s = new FormSession(t.app)
  await s.signIn(who.email, who.password)
  return s
}
const pdfText = async (content: Buffer) =>
  (await extractText(await getDocumentProxy(new Uint8Array(content)), { mergePages: true })).text

beforeAll(async () => {
  t = await createTestApp()
  handler = await t.createStaff('handler')
  officer = await t.createStaff('complaints_officer')
  admin = await t.createStaff('admin')
  board = await t.createStaff('board')
  t.clock.set('2026-03-02T09:15:00Z')
  const { view } = await t.services.complaints.receive(
    {
      channel: 'phone',
      receivedAt: new Date('2026-03-02T09:00:00Z'),
      description: 'The repair to my kitchen ceiling was not done',
      resident: { name: 'Grace Obi', email: 'grace@example.org', address: '4 Elm Row', postcode: 'le1 4aa' },
      categories: ['repairs'],
      adjustments: { needs: ['large_print'] },
    },
    { id: handler.id, role: 'handler' },
  )
  first = { id: view.complaint.id, personId: view.complaint.personId as string }
})
afterAll(async () => {
  await t?.close()
})

describe('the resident record shared by complaints', () => {
  it('is made when a complaint is logged, and a later complaint from the same email joins it', async () => {
    expect(first.personId).toBeTruthy()
    const { view } = await t.services.complaints.receive(
      {
        channel: 'email',
        receivedAt: new Date('2026-03-02T09:10:00Z'),
        description: 'Nobody called me back',
        resident: { name: 'Grace Obi', email: 'GRACE@example.org' },
        categories: ['repairs'],
      },
      { id: handler.id, role: 'handler' },
    )
    expect(view.complaint.personId).toBe(first.personId)
    const s = await signedIn(handler)
    const page = await s.get(`/residents/${first.personId}`)
    expect(page.statusCode).toBe(200)
    expect(page.body).toMatch(/data-qa="person-complaints"[\s\S]*CMP-2026-\d{6}[\s\S]*CMP-2026-\d{6}/)
    // The adjustment asked for with the complaint is agreed on the record, reviewed within 12 months (Code 5.10).
    expect(page.body).toMatch(/data-qa="adjustments"[\s\S]*Letters in large print[\s\S]*2 March 2027/)
    const caseView = await s.get(`/complaints/${first.id}`)
    expect(caseView.body).toMatch(/data-qa="resident-summary"[\s\S]*RES-\d{6}/)
    expect(caseView.body).toMatch(/data-qa="resident-adjustments"[\s\S]*Letters in large print/)
  })

  it('shows vulnerabilities only to the roles that need them, and logs every view', async () => {
    const s = await signedIn(handler)
    const refused = await s.post(`/residents/${first.personId}/vulnerability`, {
      ...date('disclosedOn', '2026-03-02'),
    })
    expect(refused.statusCode).toBe(422)
    expect(refused.body).toContain('Choose what was disclosed')
    const page = await s.get(`/residents/${first.personId}`)
    const version =
      /name="version" value="(\d+)"/.exec(
        (await s.get(`/residents/${first.personId}/vulnerability`)).body,
      )?.[1] ?? ''
    const saved = await s.post(`/residents/${first.personId}/vulnerability`, {
      version,
      kind: 'mental_health',
      details: 'Severe anxiety: prefers email, no unannounced calls',
      ...date('disclosedOn', '2026-03-02'),
    })
    expect(saved.statusCode).toBe(303)
    expect(page.statusCode).toBe(200)
    // The record and the case say how many, never what.
    const record = await s.get(`/residents/${first.personId}`)
    expect(record.body).toContain('1 disclosed')
    expect(record.body).not.toContain('Severe anxiety')
    expect(record.body).toContain('Shown on the vulnerabilities page')
    const caseView = await s.get(`/complaints/${first.id}`)
    expect(caseView.body).not.toContain('Severe anxiety')
    expect(caseView.body).toContain('data-qa="view-vulnerabilities"')

    const before = await t.database.db
      .selectFrom('access_log')
      .selectAll()
      .where('kind', '=', 'vulnerabilities')
      .execute()
    const shown = await s.get(`/residents/${first.personId}/vulnerabilities`)
    expect(shown.statusCode).toBe(200)
    expect(shown.body).toContain('Severe anxiety')
    const o = await signedIn(officer)
    expect((await o.get(`/residents/${first.personId}/vulnerabilities`)).statusCode).toBe(200)
    const after = await t.database.db
      .selectFrom('access_log')
      .selectAll()
      .where('kind', '=', 'vulnerabilities')
      .orderBy('id')
      .execute()
    expect(after.length - before.length).toBe(2)
    expect(after.slice(-2).map((a) => a.staff_id)).toEqual([handler.id, officer.id])
    expect(after.at(-1)?.person_id).toBe(first.personId)
    // The page lists who looked.
    expect((await o.get(`/residents/${first.personId}/vulnerabilities`)).body).toMatch(
      /data-qa="access-log"[\s\S]*anxiety|data-qa="access-log"/,
    )

    // An administrator runs the system but does not deal with residents; the board sees reports only.
    const a = await signedIn(admin)
    expect((await a.get(`/residents/${first.personId}/vulnerabilities`)).statusCode).toBe(403)
    expect((await a.get(`/complaints/${first.id}`)).body).not.toContain('data-qa="view-vulnerabilities"')
    const b = await signedIn(board)
    expect((await b.get(`/residents/${first.personId}/vulnerabilities`)).statusCode).toBe(403)
    expect((await b.get(`/residents/${first.personId}`)).statusCode).toBe(403)
    await expect(
      t.services.people.vulnerabilities(first.personId, { id: admin.id, role: 'admin' }, 'curious'),
    ).rejects.toMatchObject({ status: 403 })
    // Refused views are not logged as views.
    expect(
      (
        await t.database.db
          .selectFrom('access_log')
          .selectAll()
          .where('kind', '=', 'vulnerabilities')
          .execute()
      ).length,
    ).toBe(after.length + 1)
    // The log cannot be rewritten.
    await expect(t.database.db.deleteFrom('access_log').execute()).rejects.toThrow()
  })

  it('restricts contact only with every part the Code asks for, warns before contact, and ends itself', async () => {
    const s = await signedIn(handler)
    expect((await s.get(`/residents/${first.personId}/restriction`)).statusCode).toBe(403)
    const o = await signedIn(officer)
    const missing = await o.post(`/residents/${first.personId}/restriction`, {
      ...date('startsOn', '2026-03-02'),
      ...date('reviewOn', '2026-12-01'),
      ...date('endsOn', '2027-06-01'),
    })
    expect(missing.statusCode).toBe(422)
    expect(missing.body).toContain('Code 5.14: describe the behaviour')
    expect(missing.body).toContain(
      'Code 5.15: record how the landlord’s obligations under the Equality Act 2010 were considered',
    )
    expect(missing.body).toContain('Code 5.15: review it within 6 months, by 2 September 2026')
    expect(missing.body).toContain('end it by 2 March 2027')
    const saved = await o.post(`/residents/${first.personId}/restriction`, {
      behaviour: 'Abusive phone calls to the repairs team on 12 occasions in February',
      evidence: 'Call recordings 3–24 February; incident reports IR-22, IR-23',
      scope: ['written_only'],
      restriction: 'Contact us by email or letter only; we will reply in writing',
      equalityConsideration: 'Considered her anxiety: writing suits her stated preference',
      ...date('startsOn', '2026-03-02'),
      ...date('reviewOn', '2026-06-01'),
      ...date('endsOn', '2026-08-31'),
    })
    expect(saved.statusCode).toBe(303)
    const record = await o.get(`/residents/${first.personId}`)
    expect(record.body).toContain('data-qa="restriction-in-force"')
    const letterHref = /href="([^"]+letter\.pdf)"/.exec(record.body)?.[1] as string
    const pdf = await o.get(letterHref)
    expect(pdf.headers['content-type']).toBe('application/pdf')
    const text = await pdfText(pdf.rawPayload)
    expect(text).toContain('Abusive phone calls')
    expect(text).toContain('31 August 2026')
    expect(text).toMatch(/Housing\s+Ombudsman/)

    // The case warns, and recording a phone contact is refused until confirmed.
    const caseView = await s.get(`/complaints/${first.id}`)
    expect(caseView.body).toContain('data-qa="case-restriction"')
    const form = await s.get(`/complaints/${first.id}/contact`)
    expect(form.body).toContain('data-qa="restriction-warning"')
    const version = /name="version" value="(\d+)"/.exec(form.body)?.[1] ?? ''
    const phone = { direction: 'outgoing', method: 'phone', summary: 'Rang about the repair', version }
    const warned = await s.post(`/complaints/${first.id}/contact`, phone)
    expect(warned.statusCode).toBe(422)
    expect(warned.body).toContain('Code 5.14: Contact in writing only')
    expect(
      (await s.post(`/complaints/${first.id}/contact`, { ...phone, confirmRestriction: 'yes' })).statusCode,
    ).toBe(303)
    // An email is within the restriction: no warning needed.
    const v2 =
      /name="version" value="(\d+)"/.exec((await s.get(`/complaints/${first.id}/contact`)).body)?.[1] ?? ''
    expect(
      (
        await s.post(`/complaints/${first.id}/contact`, {
          direction: 'outgoing',
          method: 'email',
          summary: 'Emailed',
          version: v2,
        })
      ).statusCode,
    ).toBe(303)

    // After its end date it has ended itself: no warning, and the record says so.
    t.clock.set('2026-09-01T09:00:00Z')
    const later = await signedIn(handler)
    expect((await later.get(`/complaints/${first.id}`)).body).not.toContain('data-qa="case-restriction"')
    expect((await later.get(`/residents/${first.personId}`)).body).toContain('Ended itself')
    t.clock.set('2026-03-02T09:30:00Z')
  })

  it('reminds about reviews due, and records a review with the next date', async () => {
    t.clock.set('2026-05-25T09:00:00Z')
    const s = await signedIn(handler)
    const list = await s.get('/residents')
    expect(list.body).toMatch(/data-qa="reviews-due"[\s\S]*Grace Obi[\s\S]*1 June 2026/)
    // The team leaders' daily prompt reminds them, within 3 working days of the review.
    t.clock.set('2026-05-28T22:59:30Z')
    await t.jobs.runDue()
    t.clock.set('2026-05-25T09:00:00Z')
    const prompt = await t.database.db
      .selectFrom('mail_messages')
      .select('text_body')
      .where('kind', '=', 'daily_prompt')
      .where('to_address', '=', officer.email)
      .executeTakeFirst()
    expect(prompt?.text_body).toContain('Adjustments and restrictions due for review (Code 5.10, 5.15) (1)')
    expect(prompt?.text_body).toContain('Restriction on contact to review')
    expect(prompt?.text_body).toContain(`/residents/${first.personId}`)
    const record = await s.get(`/residents/${first.personId}`)
    const reviewHref = /href="(\/residents\/[^"]+\/review\/restriction\/[^"]+)"/.exec(
      record.body,
    )?.[1] as string
    const form = await s.get(reviewHref)
    const version = /name="version" value="(\d+)"/.exec(form.body)?.[1] ?? ''
    const late = await s.post(reviewHref, {
      version,
      note: 'Calls stopped',
      ...date('nextReviewOn', '2026-09-30'),
    })
    expect(late.statusCode).toBe(422)
    expect(late.body).toContain('The restriction ends on 31 August 2026')
    expect(
      (
        await s.post(reviewHref, {
          version,
          note: 'Calls stopped; keep for now',
          ...date('nextReviewOn', '2026-07-31'),
        })
      ).statusCode,
    ).toBe(303)
    expect((await s.get('/residents')).body).not.toMatch(/data-qa="reviews-due"[\s\S]*Grace Obi/)
    t.clock.set('2026-03-02T09:30:00Z')
  })

  it('merges a duplicate, moving its complaints and keeping both histories', async () => {
    const { view } = await t.services.complaints.receive(
      {
        channel: 'letter',
        receivedAt: new Date('2026-03-02T09:20:00Z'),
        description: 'Still waiting',
        resident: { name: 'Grace Obi-Jones', postcode: 'LE1 4AA' },
        categories: ['repairs'],
      },
      { id: handler.id, role: 'handler' },
    )
    const duplicate = view.complaint.personId as string
    expect(duplicate).not.toBe(first.personId)
    const dupRef = (
      await t.database.db
        .selectFrom('people')
        .select('reference')
        .where('id', '=', duplicate)
        .executeTakeFirstOrThrow()
    ).reference
    const s = await signedIn(handler)
    const self = await s.post(`/residents/${first.personId}/merge`, {
      duplicate: (
        await t.database.db
          .selectFrom('people')
          .select('reference')
          .where('id', '=', first.personId)
          .executeTakeFirstOrThrow()
      ).reference,
    })
    expect(self.statusCode).toBe(422)
    expect(self.body).toContain('cannot be merged into itself')
    expect(
      (await s.post(`/residents/${first.personId}/merge`, { duplicate: dupRef.toLowerCase() })).statusCode,
    ).toBe(303)
    const kept = await s.get(`/residents/${first.personId}`)
    expect(kept.body).toContain(`Merged with duplicate record ${dupRef}`)
    expect(kept.body).toContain(view.complaint.reference)
    const gone = await s.get(`/residents/${duplicate}`)
    expect(gone.body).toContain('data-qa="merged-into"')
    // The complaint logged against the duplicate now shows the record it was merged into.
    expect((await s.get(`/complaints/${view.complaint.id}`)).body).toMatch(
      /data-qa="resident-record">RES-\d{6}/,
    )
    const again = await s.post(`/residents/${first.personId}/merge`, { duplicate: dupRef })
    expect(again.body).toContain('was already merged')
    // Code 5.10 in the self-assessment: adjustments not reviewed by their date are a concern.
    t.clock.set('2027-03-05T10:00:00Z')
    expect((await t.services.selfAssessment.measures(2026))['5.10']?.[0]).toMatchObject({
      value: '1; 1 overdue',
      concern: '1 resident’s adjustments not reviewed by their review date',
    })
    t.clock.set('2026-03-02T09:40:00Z')
  })
})

describe('complaints logged before resident records', () => {
  it('join their resident’s record once, at start-up', async () => {
    const db = t.database.db
    await db.updateTable('complaints').set({ person_id: null }).where('id', '=', first.id).execute()
    await db.insertInto('data_upgrades').values({ name: 'resident_records' }).execute()
    expect(await linkResidentRecordsOnce({ db })).toBe(1)
    const row = await db
      .selectFrom('complaints')
      .select('person_id')
      .where('id', '=', first.id)
      .executeTakeFirstOrThrow()
    expect(row.person_id).toBe(first.personId)
    // Done once: nothing pending, nothing more to link.
    expect(await linkResidentRecordsOnce({ db })).toBe(0)
  })
})

describe('letters in the way the resident’s record asks', () => {
  it('go by post in large print when the record says so, though the complaint did not', async () => {
    t.clock.set('2026-03-02T10:00:00Z')
    const { view } = await t.services.complaints.receive(
      {
        channel: 'email',
        receivedAt: new Date('2026-03-02T09:55:00Z'),
        description: 'Bins not collected',
        resident: { name: 'Ravi Shah', email: 'ravi@example.org' },
        categories: ['repairs'],
      },
      { id: handler.id, role: 'handler' },
    )
    const personId = view.complaint.personId as string
    const s = await signedIn(handler)
    const form = await s.get(`/residents/${personId}/details`)
    expect(form.body).toContain('ravi@example.org')
    const saved = await s.post(`/residents/${personId}/details`, {
      version: /name="version" value="(\d+)"/.exec(form.body)?.[1] ?? '',
      name: 'Ravi Shah',
      email: 'ravi@example.org',
      method: 'letter',
      format: 'large_print',
      interpreterLanguage: 'Gujarati',
    })
    expect(saved.statusCode).toBe(303)
    await t.services.complaints.acknowledge(
      view.complaint.id,
      { id: handler.id, role: 'handler' },
      { definition: { issues: ['Bins not collected'], outcomesSought: ['Collect them'] } },
    )
    const posted = await t.database.db
      .selectFrom('postal_letters')
      .select(['reason', 'large_print'])
      .where('complaint_id', '=', view.complaint.id)
      .execute()
    expect(posted).toEqual([{ reason: 'post_only', large_print: true }])
    expect((await s.get(`/complaints/${view.complaint.id}`)).body).toContain('interpreter: Gujarati')
  })
})

describe('triage at intake (Code 6.1)', () => {
  it('suggests a priority with its reasons, offers the hazard, and the handler confirms or changes it', async () => {
    t.clock.set('2026-03-02T09:30:00Z')
    const { view } = await t.services.complaints.receive(
      {
        channel: 'phone',
        receivedAt: new Date('2026-03-02T09:25:00Z'),
        description: 'There is a smell of gas in the kitchen and black mould in the bedroom',
        resident: { name: 'Grace Obi', email: 'grace@example.org' },
        categories: ['repairs'],
      },
      { id: handler.id, role: 'handler' },
    )
    const c = view.complaint
    expect(c.triage.suggested?.priority).toBe('urgent')
    expect(c.triage.suggested?.hazard).toBe('emergency')
    // Earlier complaints from this resident (three, with the merged one) and her vulnerability count too.
    const flags = c.triage.suggested?.flags.map((f) => f.flag)
    expect(flags).toEqual(
      expect.arrayContaining([
        'Safety risk',
        'Damp and mould',
        'Vulnerability disclosed',
        'Repeat complainant',
      ]),
    )
    const row = await t.database.db
      .selectFrom('complaints')
      .select(['priority', 'priority_rank', 'priority_confirmed'])
      .where('id', '=', c.id)
      .executeTakeFirstOrThrow()
    expect(row).toEqual({ priority: 'urgent', priority_rank: 0, priority_confirmed: false })

    const s = await signedIn(handler)
    const page = await s.get(`/complaints/${c.id}`)
    expect(page.body).toMatch(/data-qa="triage-priority">\s*Urgent, suggested/)
    expect(page.body).toContain('“smell of gas”')
    expect(page.body).toContain('earlier complaints from this resident in the last 12 months')
    expect(page.body).toContain('data-qa="hazard-suggested"')
    const offered = await s.get(`/complaints/${c.id}/hazards/new?kind=emergency`)
    expect(offered.body).toMatch(/value="emergency" checked/)
    // Changing the suggestion needs a reason (Code 6.1).
    const form = await s.get(`/complaints/${c.id}/triage`)
    const version = /name="version" value="(\d+)"/.exec(form.body)?.[1] ?? ''
    const noReason = await s.post(`/complaints/${c.id}/triage`, {
      version,
      priority: 'high',
      flags: ['Damp and mould'],
    })
    expect(noReason.statusCode).toBe(422)
    expect(noReason.body).toContain('Code 6.1: say why the priority or flags differ from those suggested')
    const changed = await s.post(`/complaints/${c.id}/triage`, {
      version,
      priority: 'high',
      flags: ['Damp and mould', 'Vulnerability disclosed'],
      reason: 'Gas engineer attended at once: no leak found',
    })
    expect(changed.statusCode).toBe(303)
    const after = await s.get(`/complaints/${c.id}`)
    expect(after.body).toMatch(/data-qa="triage-priority">\s*High, confirmed by/)
    expect(after.body).toContain('Gas engineer attended at once')
    expect(after.body).toContain('(removed by the handler)')
    const confirmed = await t.database.db
      .selectFrom('complaints')
      .select(['priority', 'priority_confirmed'])
      .where('id', '=', c.id)
      .executeTakeFirstOrThrow()
    expect(confirmed).toEqual({ priority: 'high', priority_confirmed: true })
    // The queue sorts and filters by priority.
    const queue = await s.get('/complaints?view=team&priority=high&sort=priority')
    expect(queue.statusCode).toBe(200)
    expect(queue.body).toContain(c.reference)
    expect((await s.get('/complaints?view=team&priority=urgent')).body).not.toContain(c.reference)
  })

  it('runs on the landlord’s rules, which are data changed on a settings page, each version kept', async () => {
    const o = await signedIn(officer)
    const page = await o.get('/settings/triage')
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('Damp and mould')
    const version = /name="version" value="(\d+)"/.exec(page.body)?.[1] ?? ''
    const bad = await o.post('/settings/triage/rules/new', {
      version,
      id: 'pests',
      flag: 'Pests',
      priority: 'high',
      words: 'x',
    })
    expect(bad.statusCode).toBe(422)
    expect(bad.body).toContain('“x” is too short to match safely')
    const added = await o.post('/settings/triage/rules/new', {
      version,
      id: 'pests',
      flag: 'Pests',
      priority: 'high',
      words: 'rats\nmice\ncockroach*',
    })
    expect(added.statusCode).toBe(303)
    const { view } = await t.services.complaints.receive(
      {
        channel: 'phone',
        receivedAt: new Date('2026-03-02T09:28:00Z'),
        description: 'Cockroaches in the communal bins',
        resident: { name: 'Tom Reid' },
        categories: ['repairs'],
      },
      { id: handler.id, role: 'handler' },
    )
    expect(view.complaint.triage.suggested).toMatchObject({
      priority: 'high',
      rulesVersion: 1,
      flags: [{ flag: 'Pests', reasons: ['Mentions “Cockroaches”'] }],
    })
    // Tried on words without logging anything; a stale save is refused.
    const trial = await o.post('/settings/triage/try', { text: 'Mice in the kitchen' })
    expect(trial.body).toMatch(/data-qa="trial-result"[\s\S]*High priority[\s\S]*Pests: Mentions “Mice”/)
    const stale = await o.post('/settings/triage/rules/new', {
      version,
      id: 'noise',
      flag: 'Noise',
      priority: 'normal',
      words: 'noise',
    })
    expect(stale.statusCode).toBe(409)
    expect(await t.database.db.selectFrom('triage_rule_sets').select('version').execute()).toEqual([
      { version: 1 },
    ])
    const h = await signedIn(handler)
    expect((await h.get('/settings/triage')).statusCode).toBe(403)
  })
})
