import { extractText, getDocumentProxy } from 'unpdf'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../../test/app.js'
import { FormSession } from '../../../test/browserlessSession.js'
import {
  answerEverything,
  firstError,
  follow,
  latestCode,
  png,
  postMultipart,
  send,
  staffResponds,
} from '../../../test/residents.js'
import { complaintsRepository } from '../../db/repositories/complaints.js'
import { CODE_TRIES } from '../../services/residents/tracking.js'

let t: TestApp
let handler: { id: string; role: 'handler' }
let reviewer: { id: string; role: 'handler' }
beforeAll(async () => {
  t = await createTestApp()
  handler = { id: (await t.createStaff('handler')).id, role: 'handler' }
  reviewer = { id: (await t.createStaff('handler')).id, role: 'handler' }
})
afterAll(async () => {
  await t?.close()
})

async function onlineComplaint(email: string, name = 'Grace Mensah') {
  const s = new FormSession(t.app)
  await answerEverything(s, { email, name })
  return send(t, s)
}

const codeMails = async (to: string) =>
  (
    await t.database.db
      .selectFrom('mail_messages')
      .select('id')
      .where('kind', '=', 'track_code')
      .where('to_address', '=', to)
      .execute()
  ).length

describe('following a complaint with a one-time code', () => {
  it('sends a code to the email on the complaint, and the code opens that complaint', async () => {
    const { reference, id } = await onlineComplaint('follow.me@example.org')
    const s = new FormSession(t.app)
    await s.get('/track')
    const asked = await s.post('/track', {
      reference: reference.toLowerCase(),
      email: ' Follow.Me@example.org ',
    })
    expect(asked.headers.location).toBe('/track/code')
    const code = await latestCode(t, 'Follow.Me@example.org')
    expect(code).toMatch(/^\d{6}$/)

    const page = await s.get('/track/code')
    expect(page.body).toContain('If the reference and email address match a complaint')
    const wrong = await s.post('/track/code', { code: code === '000000' ? '111111' : '000000' })
    expect(wrong.statusCode).toBe(422)
    expect(firstError(wrong.body)).toContain(`You have ${CODE_TRIES - 1} tries left`)
    const right = await s.post('/track/code', { code: code ?? '' })
    expect(right.headers.location).toBe(`/track/complaints/${id}`)

    const complaint = await s.get(`/track/complaints/${id}`)
    expect(complaint.statusCode).toBe(200)
    expect(complaint.body).toContain('We have received your complaint')
    // The next date they will hear from us: the acknowledgement, 5 working days from Monday 2 March.
    expect(complaint.body).toContain(
      'We will confirm we are looking into your complaint by <strong>Monday 9 March 2026</strong>',
    )
    // The code works once.
    expect((await s.post('/track/code', { code: code ?? '' })).statusCode).toBe(410)
    // Staff see a code only while it is stuck in the outbox (no mail server): once it is on its
    // way, the mail pages never show it.
    const codeMail = await t.database.db
      .selectFrom('mail_messages')
      .select('id')
      .where('kind', '=', 'track_code')
      .where('to_address', '=', 'Follow.Me@example.org')
      .executeTakeFirstOrThrow()
    expect((await t.services.mail.message(codeMail.id)).textBody).toContain(code)
    await t.database.db
      .updateTable('mail_messages')
      .set({ status: 'sent' })
      .where('id', '=', codeMail.id)
      .execute()
    const shown = await t.services.mail.message(codeMail.id)
    expect(shown.textBody).not.toContain(code)
    expect(shown.htmlBody).not.toContain(code)
    expect(shown.subject).not.toContain(code)
  })

  it('never says whether a reference exists, and no code opens a complaint that does not match', async () => {
    const { reference } = await onlineComplaint('owner@example.org')
    const pages: string[] = []
    for (const [ref, email] of [
      [reference, 'someone.else@example.org'],
      ['CMP-2026-999999', 'owner@example.org'],
      ['nonsense', 'owner@example.org'],
    ] as const) {
      const s = new FormSession(t.app)
      await s.get('/track')
      const res = await s.post('/track', { reference: ref, email })
      expect(res.headers.location).toBe('/track/code')
      const page = await s.get('/track/code')
      pages.push(page.body.replace(/name="_csrf" value="[^"]+"/, '').replace(/nonce="[^"]+"/g, ''))
      for (const guess of ['000000', '123456'])
        expect((await s.post('/track/code', { code: guess })).statusCode).toBe(422)
    }
    expect(new Set(pages).size).toBe(1)
    expect(await codeMails('someone.else@example.org')).toBe(0)
  })

  it('allows 5 tries and 15 minutes, then asks for a new code; codes are limited per email address', async () => {
    const { reference } = await onlineComplaint('careful@example.org')
    const s = new FormSession(t.app)
    await s.get('/track')
    await s.post('/track', { reference, email: 'careful@example.org' })
    await s.get('/track/code')
    const code = (await latestCode(t, 'careful@example.org')) ?? ''
    const wrong = code === '999999' ? '999998' : '999999'
    for (let i = 0; i < CODE_TRIES; i++)
      expect((await s.post('/track/code', { code: wrong })).statusCode).toBe(422)
    const exhausted = await s.post('/track/code', { code })
    expect(exhausted.statusCode).toBe(422)
    expect(firstError(exhausted.body)).toContain('no tries left')

    const later = new FormSession(t.app)
    await later.get('/track')
    await later.post('/track', { reference, email: 'careful@example.org' })
    await later.get('/track/code')
    const fresh = (await latestCode(t, 'careful@example.org')) ?? ''
    t.clock.advance(15 * 60_000 + 1000)
    const expired = await later.post('/track/code', { code: fresh })
    expect(expired.statusCode).toBe(410)
    expect(expired.body).toContain('has expired')

    // At most 5 codes an hour for one email address, whatever the reference.
    const spammer = new FormSession(t.app)
    let last = 0
    for (let i = 0; i < 5; i++) {
      await spammer.get('/track')
      last = (await spammer.post('/track', { reference, email: 'careful@example.org' })).statusCode
    }
    expect(last).toBe(429)
  })

  it('shows a resident only their own complaint: another’s id, letter or document is 404', async () => {
    const mine = await onlineComplaint('mine@example.org', 'Maya Own')
    const theirs = await onlineComplaint('theirs@example.org', 'Theo Other')
    await staffResponds(t, theirs.id, handler, 1)
    await t.services.complaints.attachDocument(theirs.id, handler, {
      filename: 'their-photo.png',
      bytes: png,
    })
    // A document staff attached to my complaint (a surveyor's report, say) is not shown back either.
    const staffOnMine = await t.services.complaints.attachDocument(mine.id, handler, {
      filename: 'survey.png',
      bytes: png,
    })
    const internal = staffOnMine.complaint.events.flatMap((e) =>
      e.type === 'complaint.document_attached' ? [e.documentId] : [],
    )[0]
    const theirLetter = (await t.services.complaints.letters(theirs.id))[0]?.id ?? ''
    const theirDocument = (await t.services.complaints.view(theirs.id, 'admin')).complaint.events.flatMap(
      (e) => (e.type === 'complaint.document_attached' ? [e.documentId] : []),
    )[0]
    const s = new FormSession(t.app)
    await follow(t, s, mine.reference, 'mine@example.org')
    expect((await s.get(`/track/complaints/${mine.id}`)).statusCode).toBe(200)
    for (const url of [
      `/track/complaints/${theirs.id}`,
      `/track/complaints/${theirs.id}/letters/${theirLetter}`,
      `/track/complaints/${theirs.id}/letters/${theirLetter}/pdf`,
      `/track/complaints/${mine.id}/letters/${theirLetter}`,
      `/track/complaints/${mine.id}/letters/${theirLetter}/pdf`,
      `/track/complaints/${theirs.id}/ask-for-stage-2`,
      `/track/complaints/${theirs.id}/survey`,
      `/track/complaints/not-a-uuid`,
      `/track/complaints/${theirs.id}/documents/${theirDocument}`,
      `/track/complaints/${mine.id}/documents/${theirDocument}`,
      `/track/complaints/${mine.id}/documents/${internal}`,
    ]) {
      const res = await s.get(url)
      expect(res.statusCode, url).toBe(404)
      expect(res.body).not.toContain('Theo Other')
    }
    await s.get(`/track/complaints/${mine.id}`)
    expect((await s.post(`/track/complaints/${theirs.id}/withdraw`, {})).statusCode).toBe(404)
    await s.get(`/track/complaints/${mine.id}`)
    expect((await s.post(`/track/complaints/${theirs.id}/ask-for-stage-2`, {})).statusCode).toBe(404)
    // Without a session, the pages send the resident to ask for a code.
    expect((await new FormSession(t.app).get(`/track/complaints/${mine.id}`)).headers.location).toBe('/track')
  })

  it('lets the resident read their letters, add information and a file, ask for stage 2 without a reason, and answer the survey', async () => {
    const { reference, id } = await onlineComplaint('journey@example.org', 'Jo Journey')
    await staffResponds(t, id, handler, 1)
    const s = new FormSession(t.app)
    await follow(t, s, reference, 'journey@example.org')
    const page = await s.get(`/track/complaints/${id}`)
    expect(page.body).toContain('We have sent you our response (stage 1)')
    expect(page.body).toContain('Treat the mould')
    expect(page.body).toContain('Stage 1 response')
    const letters = await t.services.complaints.letters(id)
    const response = letters.find((l) => l.kind === 'stage1_response')
    const html = await s.get(`/track/complaints/${id}/letters/${response?.id}`)
    expect(html.statusCode).toBe(200)
    expect(html.body).toContain('The roof repair was missed.')
    const pdf = await s.get(`/track/complaints/${id}/letters/${response?.id}/pdf`)
    expect(pdf.headers['content-type']).toBe('application/pdf')
    const { text } = await extractText(await getDocumentProxy(new Uint8Array(pdf.rawPayload)), {
      mergePages: true,
    })
    expect(text).toContain(reference)
    expect(text).toContain('The roof repair was missed.')

    // More information with a photo: one action, recorded as the resident's.
    const added = await postMultipart(
      t,
      s,
      `/track/complaints/${id}/information`,
      { information: 'The mould is back in the hall.' },
      { name: 'hall.png', bytes: png },
    )
    expect(added.headers.location).toBe(`/track/complaints/${id}?done=information`)
    const withFile = await s.get(`/track/complaints/${id}`)
    expect(withFile.body).toContain('hall.png')
    // The handler is told at once, by email, in the same transaction.
    const notice = await t.database.db
      .selectFrom('mail_messages')
      .select(['to_user_id', 'subject', 'text_body'])
      .where('complaint_id', '=', id)
      .where('kind', '=', 'resident_information')
      .execute()
    expect(notice).toEqual([
      expect.objectContaining({
        to_user_id: handler.id,
        subject: `New information from the resident: ${reference}`,
      }),
    ])
    expect(notice[0]?.text_body).toContain('The mould is back in the hall.')
    expect(notice[0]?.text_body).toContain('hall.png')
    const empty = await postMultipart(t, s, `/track/complaints/${id}/information`, { information: '' })
    expect(empty.statusCode).toBe(422)
    expect(firstError(empty.body)).toContain('Write the information you want to add')

    // Stage 2, with no reason given (Code 6.12), dated when it was sent.
    t.clock.advance(3 * 86_400_000)
    // A signed-in resident stays so for 2 hours; days later, they ask for a new code.
    expect((await s.get(`/track/complaints/${id}`)).headers.location).toBe('/track')
    await follow(t, s, reference, 'journey@example.org')
    const sentAt = t.clock.now()
    const ask = await s.get(`/track/complaints/${id}/ask-for-stage-2`)
    expect(ask.body).toContain('You do not have to tell us why')
    const asked = await s.post(`/track/complaints/${id}/ask-for-stage-2`, {})
    expect(asked.headers.location).toBe(`/track/complaints/${id}?done=escalated`)
    let v = await t.services.complaints.view(id, 'admin')
    expect(v.complaint.state).toBe('stage2_requested')
    expect(v.complaint.escalation).toMatchObject({ how: 'online', at: sentAt })
    expect(v.complaint.escalation?.residentReason).toBeUndefined()
    const escalation = v.complaint.events.find((e) => e.type === 'complaint.escalation_requested')
    expect(escalation).toMatchObject({ by: null, byResident: true })
    expect(v.complaint.events.filter((e) => e.byResident).map((e) => e.type)).toEqual([
      'complaint.received',
      'complaint.information_added',
      'complaint.document_attached',
      'complaint.escalation_requested',
    ])
    // The survey is not open before the final response.
    expect((await s.get(`/track/complaints/${id}/survey`)).statusCode).toBe(404)

    await staffResponds(t, id, reviewer, 2)
    const final = await s.get(`/track/complaints/${id}`)
    expect(final.body).toContain('We have sent you our final response (stage 2)')
    expect(final.body).toContain('data-qa="survey"')
    expect(final.body).not.toContain('data-qa="ask-stage-2"')
    const blank = await s.post(`/track/complaints/${id}/survey`, {})
    expect(blank.statusCode).toBe(422)
    expect(firstError(blank.body)).toContain('Choose how satisfied you are')
    const answered = await s.post(`/track/complaints/${id}/survey`, {
      satisfaction: 'fairly_dissatisfied',
      comment: 'It took too long.',
    })
    // Code 1.6: a dissatisfied answer is offered the route to complain about it.
    expect(answered.headers.location).toBe(`/track/complaints/${id}?done=survey_dissatisfied`)
    const thanked = await s.get(`/track/complaints/${id}?done=survey_dissatisfied`)
    expect(thanked.body).toContain('We are sorry you are not satisfied with how we handled your complaint')
    expect(thanked.body).toMatch(/href="\/make-a-complaint" data-qa="complain-about-handling"/)
    const stored = await t.database.db
      .selectFrom('satisfaction_responses')
      .selectAll()
      .where('complaint_id', '=', id)
      .execute()
    expect(stored).toEqual([
      expect.objectContaining({
        stage: 2,
        satisfaction: 'fairly_dissatisfied',
        comment: 'It took too long.',
      }),
    ])
    // Once per final response.
    expect((await s.get(`/track/complaints/${id}/survey`)).statusCode).toBe(404)
    // The handlers see it on the case.
    const staff = await t.createStaff('handler')
    const desk = new FormSession(t.app)
    await desk.signIn(staff.email, staff.password)
    expect((await desk.get(`/complaints/${id}`)).body).toContain('Fairly dissatisfied: “It took too long.”')
    v = await t.services.complaints.view(id, 'admin')
    expect(v.complaint.state).toBe('stage2_responded')
  })

  it('lets the resident withdraw, with a reason if they want to give one', async () => {
    const { reference, id } = await onlineComplaint('withdrawing@example.org')
    const s = new FormSession(t.app)
    await follow(t, s, reference, 'withdrawing@example.org')
    await s.get(`/track/complaints/${id}/withdraw`)
    const res = await s.post(`/track/complaints/${id}/withdraw`, { note: 'The repair is done.' })
    expect(res.headers.location).toBe(`/track/complaints/${id}?done=withdrawn`)
    const v = await t.services.complaints.view(id, 'admin')
    expect(v.complaint.withdrawal).toMatchObject({ how: 'online', note: 'The repair is done.' })
    expect((await s.get(`/track/complaints/${id}`)).body).toContain('Your complaint was withdrawn')
  })

  it('shows a representative without consent only where the complaint is, until the resident agrees (Code 1.3)', async () => {
    const s = new FormSession(t.app)
    await answerEverything(s, {
      email: 'rep.no.consent@example.org',
      representative: { name: 'Pat Helper', relationship: 'Neighbour', consentRoute: 'contact_resident' },
    })
    const { reference, id } = await send(t, s)
    await staffResponds(t, id, handler, 1)
    const rep = new FormSession(t.app)
    await follow(t, rep, reference, 'rep.no.consent@example.org')
    const limited = await rep.get(`/track/complaints/${id}`)
    expect(limited.body).toContain('data-qa="consent-needed"')
    expect(limited.body).not.toContain('data-qa="letters"')
    expect(limited.body).not.toContain('Treat the mould')
    expect(limited.body).not.toContain('data-qa="ask-stage-2"')
    const letter = (await t.services.complaints.letters(id))[0]?.id
    expect((await rep.get(`/track/complaints/${id}/letters/${letter}`)).statusCode).toBe(404)
    await rep.get(`/track/complaints/${id}`)
    expect((await rep.post(`/track/complaints/${id}/ask-for-stage-2`, {})).statusCode).toBe(404)

    await t.services.complaints.recordConsent(id, handler, { how: 'The resident phoned to agree' })
    const full = await rep.get(`/track/complaints/${id}`)
    expect(full.body).not.toContain('data-qa="consent-needed"')
    expect(full.body).toContain('data-qa="letters"')
    expect(full.body).toContain('data-qa="ask-stage-2"')
  })

  it('lets a representative add information only once the resident’s consent is recorded (Code 1.3)', async () => {
    const s = new FormSession(t.app)
    await answerEverything(s, {
      email: 'rep.adds@example.org',
      representative: { name: 'Pat Helper', relationship: 'Neighbour', consentRoute: 'contact_resident' },
    })
    const { reference, id } = await send(t, s)
    const rep = new FormSession(t.app)
    await follow(t, rep, reference, 'rep.adds@example.org')
    const page = await rep.get(`/track/complaints/${id}`)
    expect(page.body).toContain('data-qa="consent-needed"')
    expect(page.body).not.toContain('data-qa="send-information"')
    expect(page.body).toContain(
      'If you have their signed agreement, send it to us at complaints@test-homes.example',
    )
    const before = (await t.services.complaints.view(id, 'admin')).complaint.events.length
    const toldTheHandler = async () =>
      (
        await t.database.db
          .selectFrom('mail_messages')
          .select('id')
          .where('kind', '=', 'resident_information')
          .where('complaint_id', '=', id)
          .execute()
      ).length
    const refused = await postMultipart(
      t,
      rep,
      `/track/complaints/${id}/information`,
      { information: 'Her neighbour’s flat has mould too.' },
      { name: 'mould.png', bytes: png },
    )
    // As for every other page of the complaint's details: there is no such page for them.
    expect(refused.statusCode).toBe(404)
    const after = await t.services.complaints.view(id, 'admin')
    expect(after.complaint.events).toHaveLength(before)
    expect(await complaintsRepository(t.database.db).documents(id)).toEqual([])
    expect(await toldTheHandler()).toBe(0)
    await expect(
      t.services.tracking.addInformation({ complaintId: id, viewer: 'representative' }, id, {
        text: 'Straight to the service',
      }),
    ).rejects.toMatchObject({ status: 404 })

    await t.services.complaints.recordConsent(id, handler, { how: 'The resident signed the form' })
    await rep.get(`/track/complaints/${id}`)
    expect(rep.lastPage).toContain('data-qa="send-information"')
    const added = await postMultipart(
      t,
      rep,
      `/track/complaints/${id}/information`,
      { information: 'Her neighbour’s flat has mould too.' },
      { name: 'mould.png', bytes: png },
    )
    expect(added.headers.location).toBe(`/track/complaints/${id}?done=information`)
    const done = await t.services.complaints.view(id, 'admin')
    expect(done.complaint.events.map((e) => e.type)).toContain('complaint.information_added')
    expect((await complaintsRepository(t.database.db).documents(id)).map((d) => d.filename)).toEqual([
      'mould.png',
    ])
  })
})
