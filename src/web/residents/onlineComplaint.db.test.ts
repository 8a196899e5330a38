import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../../test/app.js'
import { FormSession } from '../../../test/browserlessSession.js'
import { multipart } from '../../../test/multipart.js'

/** A small real PNG (1×1), for a photo sent with a complaint. */
const png = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
)

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(async () => {
  await t?.close()
})

/** Posts a page of the form as a browser does, multipart when a file goes with it. */
async function postFile(
  s: FormSession,
  url: string,
  fields: Record<string, string>,
  file?: { name: string; bytes: Buffer },
) {
  const body = multipart({ _csrf: s.csrfToken(), ...fields }, file)
  const res = await t.app.inject({
    method: 'POST',
    url,
    headers: {
      cookie: [...s.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
      'content-type': body.contentType,
    },
    payload: body.payload,
  })
  for (const c of res.cookies) s.cookies.set(c.name, c.value)
  return res
}

/** Answers every question for a resident complaining about their own home. */
async function answerAsResident(s: FormSession, overrides: Record<string, Record<string, string>> = {}) {
  const step = async (slug: string, fields: Record<string, string>) => {
    await s.get(`/make-a-complaint/${slug}`)
    const res = await s.post(`/make-a-complaint/${slug}`, { ...fields, ...overrides[slug] })
    expect(
      res.statusCode,
      `${slug}: ${res.body.match(/govuk-error-message[^<]*<[^>]*>[^<]*<\/span>([^<]*)/)?.[1]}`,
    ).toBe(303)
    return res
  }
  await s.get('/make-a-complaint')
  const started = await s.post('/make-a-complaint/start', {})
  expect(started.headers.location).toBe('/make-a-complaint/who')
  await step('who', { who: 'resident' })
  await step('resident', {
    residentName: 'Grace Mensah',
    address: '4 Canal Row\nStoke-on-Trent',
    postcode: 'st4 7qb',
  })
  await step('contact', { email: 'grace.mensah@example.org', phone: '07700 900982' })
  await step('updates', { method: 'email', frequency: 'weekly' })
  await step('what-happened', { description: 'Black mould in the bedroom since the roof leak in January.' })
  await step('when', { 'occurred-day': '12', 'occurred-month': '1', 'occurred-year': '2026' })
  await step('outcome', { outcome: 'Fix the roof and treat the mould.' })
  await step('support', { needs: 'large_print' })
}

describe('the online complaint form (Code 3.1, 3.2)', () => {
  it('takes a complaint page by page, with an adjustment and a photo, and logs it once as channel web', async () => {
    const s = new FormSession(t.app)
    await answerAsResident(s)
    await s.get('/make-a-complaint/files')
    const added = await postFile(
      s,
      '/make-a-complaint/files',
      { action: 'upload' },
      { name: 'mould.png', bytes: png },
    )
    expect(added.statusCode).toBe(303)
    expect((await s.get('/make-a-complaint/files')).body).toContain('mould.png')
    expect((await s.post('/make-a-complaint/files', { action: 'continue' })).headers.location).toBe(
      '/make-a-complaint/check-answers',
    )
    const check = await s.get('/make-a-complaint/check-answers')
    expect(check.body).toContain('Grace Mensah')
    expect(check.body).toContain('Letters in large print')
    expect(check.body).toContain('mould.png')

    const token = s.csrfToken()
    const sent = await s.post('/make-a-complaint/check-answers', { _csrf: token }, { csrf: false })
    expect(sent.headers.location).toBe('/make-a-complaint/sent')
    const confirmation = await s.get('/make-a-complaint/sent')
    const reference = /data-qa="reference">([^<]+)</.exec(confirmation.body)?.[1]
    expect(reference).toMatch(/^CMP-2026-\d{6}$/)
    // Received Monday 2 March 2026: 5 working days to acknowledge.
    expect(confirmation.body).toContain('Monday 9 March 2026')

    // A second submit (a double click, or the back button and send again) logs nothing more.
    const again = await s.post('/make-a-complaint/check-answers', { _csrf: token }, { csrf: false })
    expect(again.headers.location).toBe('/make-a-complaint/sent')

    const id = await t.services.complaints.findIdByReference(reference ?? '')
    const v = await t.services.complaints.view(id ?? '', 'admin')
    expect(v.complaint.channel).toBe('web')
    expect(v.complaint.adjustments?.needs).toEqual(['large_print'])
    expect(v.complaint.resident.largePrint).toBe(true)
    expect(v.complaint.updatePreference).toEqual({ method: 'email', frequency: 'weekly' })
    expect(v.complaint.issueOccurredOn).toBe('2026-01-12')
    expect(v.complaint.events.map((e) => e.type)).toEqual([
      'complaint.received',
      'complaint.document_attached',
    ])
    expect(v.complaint.events.every((e) => e.byResident && e.by === null)).toBe(true)
    const list = await t.services.complaints.list({ search: reference })
    expect(list.items).toHaveLength(1)
  })
})
