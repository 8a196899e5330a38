import { pino } from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp, testConfig } from '../../../test/app.js'
import { FormSession } from '../../../test/browserlessSession.js'
import { answer, answerEverything, firstError, png, postMultipart, send } from '../../../test/residents.js'
import { complaintsRepository } from '../../db/repositories/complaints.js'
import { createServices } from '../../services/index.js'
import { residentLimits } from '../../services/residents/rateLimits.js'
import { hashToken } from '../../services/tokens.js'
import { buildApp } from '../app.js'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(async () => {
  await t?.close()
})

const complaintCount = async () =>
  Number(
    (
      await t.database.db
        .selectFrom('complaints')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  )

describe('the online complaint form (Code 3.1, 3.2)', () => {
  it('takes a complaint page by page, with an adjustment and a photo, and logs it once as channel web', async () => {
    const s = new FormSession(t.app)
    await answerEverything(s)
    await s.get('/make-a-complaint/files?change=1')
    const added = await postMultipart(
      t,
      s,
      '/make-a-complaint/files',
      { action: 'upload' },
      { name: 'mould.png', bytes: png },
    )
    expect(added.headers.location).toBe('/make-a-complaint/files')
    expect((await s.get('/make-a-complaint/files')).body).toContain('mould.png')
    expect((await s.post('/make-a-complaint/files', { action: 'continue' })).headers.location).toBe(
      '/make-a-complaint/check-answers',
    )
    const check = await s.get('/make-a-complaint/check-answers')
    expect(check.body).toContain('Grace Mensah')
    expect(check.body).toContain('Letters in large print')
    expect(check.body).toContain('mould.png')
    // The help on every page says what happens next, from the timescales in force.
    expect(check.body).toContain('by <strong>Monday 9 March 2026</strong>')
    expect(check.body).toContain('0300 111 3000')

    const token = s.csrfToken()
    const sent = await s.post('/make-a-complaint/check-answers', { _csrf: token }, { csrf: false })
    expect(sent.headers.location).toBe('/make-a-complaint/sent')
    const confirmation = await s.get('/make-a-complaint/sent')
    const reference = /data-qa="reference">([^<]+)</.exec(confirmation.body)?.[1]
    expect(reference).toMatch(/^CMP-2026-\d{6}$/)
    // Received Monday 2 March 2026: 5 working days to acknowledge.
    expect(confirmation.body).toContain('Monday 9 March 2026')

    // The same form sent again (a double click, or back and send) logs nothing more.
    const before = await complaintCount()
    const again = await s.post('/make-a-complaint/check-answers', { _csrf: token }, { csrf: false })
    expect(again.headers.location).toBe('/make-a-complaint/sent')
    expect(await complaintCount()).toBe(before)

    const id = await t.services.complaints.findIdByReference(reference ?? '')
    const v = await t.services.complaints.view(id ?? '', 'admin')
    expect(v.complaint.channel).toBe('web')
    // Once sent, the answers and files are the complaint's: the draft keeps neither.
    const draft = await t.services.onlineComplaints.draft(s.cookies.get('complaint_draft'))
    expect(draft).toMatchObject({ answers: {}, files: [], complaintId: id })
    expect(v.complaint.adjustments?.needs).toEqual(['large_print'])
    expect(v.complaint.resident.largePrint).toBe(true)
    expect(v.complaint.updatePreference).toEqual({ method: 'email', frequency: 'weekly' })
    expect(v.complaint.issueOccurredOn).toBe('2026-01-12')
    expect(v.complaint.resident.postcode).toBe('ST4 7QB')
    expect(v.complaint.events.map((e) => e.type)).toEqual([
      'complaint.received',
      'complaint.document_attached',
    ])
    expect(v.complaint.events.every((e) => e.byResident && e.by === null)).toBe(true)
    // It arrives in the staff queue, with the adjustment in front of the handler.
    const list = await t.services.complaints.list({ search: reference })
    expect(list.items).toEqual([expect.objectContaining({ reference, channel: 'web', state: 'received' })])
    const staff = await t.createStaff('handler')
    const desk = new FormSession(t.app)
    await desk.signIn(staff.email, staff.password)
    const casePage = await desk.get(`/complaints/${id}`)
    expect(casePage.body).toContain('data-qa="adjustments">Letters in large print')
    expect(casePage.body).toContain('By email, every week')
    expect(casePage.body).toContain('The resident, online')
    // …and the acknowledgement offers to update as often as the resident asked (weekly: 5 working days).
    expect((await desk.get(`/complaints/${id}/acknowledge`)).body).toMatch(
      /name="updateIntervalDays"[^>]*value="5"/,
    )
    // A receipt went to the resident (into the outbox: these tests have no mail server).
    const receipt = await t.database.db
      .selectFrom('mail_messages')
      .select(['to_address', 'subject', 'text_body'])
      .where('complaint_id', '=', id ?? '')
      .where('kind', '=', 'online_receipt')
      .execute()
    expect(receipt).toEqual([
      expect.objectContaining({
        to_address: 'grace.mensah@example.org',
        subject: `We have received your complaint ${reference}`,
      }),
    ])
    expect(receipt[0]?.text_body).toContain('Monday 9 March 2026')
  })

  it('says what is wrong on each page, naming the rule, and saves nothing from a page with an error', async () => {
    const s = new FormSession(t.app)
    await s.get('/make-a-complaint')
    await s.post('/make-a-complaint/start', {})
    const cases: [string, Record<string, string | string[]>, string][] = [
      ['who', {}, 'Select whether the complaint is about your own home'],
      ['resident', { residentName: 'A', address: '1 Road', postcode: 'nowhere' }, 'Enter a real postcode'],
      ['contact', { email: 'not an email' }, 'Enter an email address in the correct format'],
      ['updates', { method: 'email', frequency: 'weekly' }, 'give your email address'],
      ['what-happened', { description: '   ' }, 'Tell us what happened'],
      [
        'when',
        { 'occurred-day': '1', 'occurred-month': '1', 'occurred-year': '2099' },
        'must be today or in the past',
      ],
      [
        'when',
        { 'occurred-day': '31', 'occurred-month': '2', 'occurred-year': '2026' },
        'must be a real date',
      ],
      [
        'when',
        {
          'occurred-day': '10',
          'occurred-month': '2',
          'occurred-year': '2026',
          'aware-day': '1',
          'aware-month': '2',
          'aware-year': '2026',
        },
        'cannot be before the date it happened',
      ],
      ['outcome', {}, 'Tell us what you would like us to do'],
      ['support', {}, 'Select the support you need'],
      ['support', { needs: ['none', 'bsl'] }, 'not both'],
      ['support', { needs: 'another_language' }, 'Say which language'],
      ['support', { needs: 'call_at_set_times' }, 'Say when it suits you'],
    ]
    for (const [slug, fields, message] of cases) {
      await s.get(`/make-a-complaint/${slug}`)
      const res = await s.post(`/make-a-complaint/${slug}`, fields)
      expect(res.statusCode, slug).toBe(422)
      expect(res.body).toContain('There is a problem')
      expect(res.body).toContain('<title>Error: ')
      expect(firstError(res.body)).toContain(message)
    }
    const draft = await t.services.onlineComplaints.draft(s.cookies.get('complaint_draft'))
    expect(draft?.answers).toEqual({})
    // A file that is not what it says it is, checked as staff uploads are.
    await s.get('/make-a-complaint/files')
    const fake = await postMultipart(
      t,
      s,
      '/make-a-complaint/files',
      { action: 'upload' },
      { name: 'photo.jpg', bytes: Buffer.from('not a photo') },
    )
    expect(fake.statusCode).toBe(422)
    expect(firstError(fake.body)).toContain('not really a JPEG')
    // Sending before every question is answered goes to the first unanswered one.
    expect((await s.get('/make-a-complaint/check-answers')).headers.location).toBe('/make-a-complaint/who')
  })

  it('takes a complaint from a representative with the resident’s consent, by a tick or a signed letter (Code 1.3)', async () => {
    const ticked = new FormSession(t.app)
    await answerEverything(ticked, {
      email: 'daughter@example.org',
      representative: {
        name: 'Ama Mensah',
        relationship: 'Daughter',
        consentRoute: 'resident_agrees',
        residentAgrees: true,
      },
    })
    const a = await send(t, ticked)
    const viewA = await t.services.complaints.view(a.id, 'admin')
    expect(viewA.complaint.representative).toMatchObject({
      name: 'Ama Mensah',
      relationship: 'Daughter',
      email: 'daughter@example.org',
      consent: { given: true, how: 'the resident ticked to agree on the online form' },
    })
    expect(viewA.complaint.resident.email).toBeUndefined()

    // Consent by upload: the page asks for the file, and the file goes on the case.
    const uploaded = new FormSession(t.app)
    await answerEverything(uploaded, {
      email: 'advocate@example.org',
      representative: { name: 'Sam Advocate', relationship: 'Advocate', consentRoute: 'upload' },
    })
    // Going to check the answers sends them to upload the resident's letter first.
    expect((await uploaded.get('/make-a-complaint/check-answers')).headers.location).toBe(
      '/make-a-complaint/consent-upload',
    )
    await uploaded.get('/make-a-complaint/consent-upload')
    const noFile = await postMultipart(t, uploaded, '/make-a-complaint/consent-upload', {})
    expect(noFile.statusCode).toBe(422)
    // Residents get plain words: no provision numbers.
    expect(firstError(noFile.body)).toContain('Select the resident’s signed letter or form')
    expect(noFile.body).not.toMatch(/Code \d/)
    const withFile = await postMultipart(
      t,
      uploaded,
      '/make-a-complaint/consent-upload',
      {},
      { name: 'consent.png', bytes: png },
    )
    expect(withFile.headers.location).toBe('/make-a-complaint/check-answers')
    const b = await send(t, uploaded)
    const viewB = await t.services.complaints.view(b.id, 'admin')
    expect(viewB.complaint.representative?.consent).toMatchObject({
      given: true,
      how: 'signed consent uploaded online (consent.png)',
    })
    const docs = viewB.complaint.events.filter((e) => e.type === 'complaint.document_attached')
    expect(docs).toEqual([
      expect.objectContaining({ filename: 'consent.png', description: expect.stringContaining('consent') }),
    ])
  })

  it('takes a complaint from a representative without consent yet: logged, and the landlord contacts the resident (Code 1.3)', async () => {
    const s = new FormSession(t.app)
    await answerEverything(s, {
      email: 'councillor@example.org',
      representative: {
        name: 'Cllr Jones',
        relationship: 'Ward councillor',
        consentRoute: 'contact_resident',
      },
    })
    await s.get('/make-a-complaint/check-answers')
    await s.post('/make-a-complaint/check-answers', {})
    const sent = await s.get('/make-a-complaint/sent')
    expect(sent.body).toContain('data-qa="consent-needed"')
    const reference = /data-qa="reference">([^<]+)</.exec(sent.body)?.[1] ?? ''
    const id = (await t.services.complaints.findIdByReference(reference)) ?? ''
    const v = await t.services.complaints.view(id, 'admin')
    expect(v.complaint.representative?.consent.given).toBe(false)
    expect(v.complaint.state).toBe('received')
  })

  it('keeps the answers through a server restart and the back button: they live in the database', async () => {
    const s = new FormSession(t.app)
    await s.get('/make-a-complaint')
    await s.post('/make-a-complaint/start', {})
    await answer(s, 'who', { who: 'resident' })
    await answer(s, 'resident', { residentName: 'Grace Mensah', address: '4 Canal Row', postcode: 'ST4 7QB' })

    // Another instance of the service (as after a restart), over the same database.
    const services = createServices({ db: t.database.db, clock: t.clock, config: testConfig })
    const restarted = await buildApp({
      config: testConfig,
      database: t.database,
      services,
      clock: t.clock,
      metrics: t.metrics,
      cookieSecret: 'a test cookie secret that is long enough',
      logger: pino({ level: 'silent' }),
    })
    await restarted.ready()
    try {
      const after = new FormSession(restarted)
      for (const [k, v] of s.cookies) after.cookies.set(k, v)
      const start = await after.get('/make-a-complaint')
      expect(start.body).toContain('href="/make-a-complaint/contact"')
      // Back to an earlier page: the answer is there.
      const back = await after.get('/make-a-complaint/resident')
      expect(back.body).toContain('value="Grace Mensah"')
      expect(back.body).toContain('href="/make-a-complaint/who"')
    } finally {
      await restarted.close()
    }
  })

  it('logs one complaint when the same answers are sent twice at the same moment', async () => {
    const s = new FormSession(t.app)
    await answerEverything(s, { email: 'twice@example.org' })
    await s.get('/make-a-complaint/check-answers')
    const before = await complaintCount()
    const token = s.csrfToken()
    const results = await Promise.all(
      [1, 2, 3].map(() => s.post('/make-a-complaint/check-answers', { _csrf: token }, { csrf: false })),
    )
    expect(results.map((r) => r.headers.location)).toEqual(Array(3).fill('/make-a-complaint/sent'))
    expect(await complaintCount()).toBe(before + 1)
  })

  it('turns away spam without a CAPTCHA: the hidden field, and a limit per address', async () => {
    const s = new FormSession(t.app)
    await answerEverything(s, { email: 'bot@example.org' })
    await s.get('/make-a-complaint/check-answers')
    const before = await complaintCount()
    const bot = await s.post('/make-a-complaint/check-answers', { faxNumber: '0123456789' })
    expect(bot.statusCode).toBe(422)
    expect(await complaintCount()).toBe(before)

    // The address has already sent as many as the limit allows this hour.
    const { max } = residentLimits.complaintsPerAddress
    await t.database.db
      .insertInto('rate_limit_hits')
      .values(
        Array.from({ length: max }, () => ({
          bucket: 'complaintsPerAddress',
          key_hash: hashToken('127.0.0.1'),
          at: t.clock.now(),
        })),
      )
      .execute()
    await s.get('/make-a-complaint/check-answers')
    const limited = await s.post('/make-a-complaint/check-answers', {})
    expect(limited.statusCode).toBe(429)
    expect(limited.body).toContain('try again in an hour')
    expect(await complaintCount()).toBe(before)
    // An hour later it goes through.
    t.clock.advance(61 * 60_000)
    await s.get('/make-a-complaint/check-answers')
    expect((await s.post('/make-a-complaint/check-answers', {})).headers.location).toBe(
      '/make-a-complaint/sent',
    )
    expect(await complaintCount()).toBe(before + 1)
  })
})

describe('keeping no more than is needed (UK GDPR storage limitation)', () => {
  it('deletes online complaints never sent 30 days after they were last touched, once a day for the cluster', async () => {
    t.clock.set('2026-04-01T09:00:00Z')
    const abandoned = new FormSession(t.app)
    await abandoned.get('/make-a-complaint')
    await abandoned.post('/make-a-complaint/start', {})
    await answer(abandoned, 'who', { who: 'resident' })
    const sentOne = new FormSession(t.app)
    await answerEverything(sentOne, { email: 'kept@example.org' })
    const { id } = await send(t, sentOne)

    // 29 days on, at the housekeeping time (23:58 in these tests): still kept.
    t.clock.set('2026-04-30T22:59:00Z')
    await t.jobs.runDue()
    expect(await t.services.onlineComplaints.draft(abandoned.cookies.get('complaint_draft'))).toBeDefined()
    // 31 days on: gone, and the form starts afresh; the complaint that was sent is untouched.
    t.clock.set('2026-05-02T22:59:00Z')
    await t.jobs.runDue()
    expect(await t.services.onlineComplaints.draft(abandoned.cookies.get('complaint_draft'))).toBeUndefined()
    expect((await abandoned.get('/make-a-complaint/who')).headers.location).toBe('/make-a-complaint')
    const kept = await t.services.complaints.view(id, 'admin')
    expect(kept.complaint.description).toContain('Black mould')
  })
})

describe('the published complaints policy (Code 3.3, 3.4)', () => {
  it('is made from the timescales in force, the grounds switched on and the routes configured', async () => {
    const admin = await t.createStaff('admin')
    const before = await t.app.inject({ url: '/complaints-policy' })
    expect(before.statusCode).toBe(200)
    expect(before.body).toContain('0300 555 0123')
    expect(before.body).toContain('complaints@test-homes.example')
    expect(before.body).toContain('Housing Ombudsman Service')
    // Issue 34: with one landlord, the policy names no group of landlords.
    expect(before.body).not.toContain('Who this policy covers')
    expect(before.body).toContain('British Sign Language')
    const grounds = await complaintsRepository(t.database.db).exclusionGrounds()
    const ground = grounds.find((g) => g.active)
    expect(before.body).toContain(ground?.label)

    // A faster acknowledgement and one ground switched off: the page says so at once.
    await t.services.policy.change({ acknowledgeDays: 3 }, admin.id)
    await t.services.lists.setExclusionGroundActive(ground?.code ?? '', false, admin.id)
    const after = await t.app.inject({ url: '/complaints-policy' })
    expect(after.body).toMatch(/acknowledge your complaint, after we receive it<\/th>\s*<td[^>]*>3</)
    expect(after.body).not.toContain(`<li>${ground?.label}`)
  })

  it('states no maximum the Code does not set, and that longer extensions need a good reason (Code 3.4, 5.9, 6.4, 6.15)', async () => {
    const page = (await t.app.inject({ url: '/complaints-policy' })).body
    const text = page.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ')
    // Code 5.9 sets no interval: the page gives ours and says it is agreed with the resident.
    expect(text).toMatch(
      /We update you at least every \(unless we agree another interval with you\) \d+ Not set by the Code/,
    )
    expect(text).not.toMatch(/We update you at least every[^.]*? \d+ 20 /)
    // Extensions: the most without a good reason, and beyond it only with one, explained.
    expect(text).toContain('Stage 1: the most we extend it without a good reason (we tell you why)')
    expect(text).not.toContain('the longest we extend it, if we must')
    expect(text).toMatch(
      /We extend a stage 1 response by more than \d+ working days, or a stage 2 response by more than \d+, only when there is a good reason, and we explain that reason to you \(Code 6\.4, 6\.15\)/,
    )
    expect(text).toContain('we agree with you how often we update you (Code 5.9)')
  })
})
