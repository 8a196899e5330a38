import { expect } from 'vitest'
import type { TestApp } from './app.js'
import type { FormSession } from './browserlessSession.js'
import { multipart } from './multipart.js'

/** A small real PNG (1×1), for a photo sent with a complaint. */
export const png = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
)

/** Posts a form as a browser does when it has a file input: multipart, with the CSRF token. */
export async function postMultipart(
  t: TestApp,
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
  if (String(res.headers['content-type'] ?? '').startsWith('text/html')) s.lastPage = res.body
  return res
}

/** The first error message on a page, for assertions that name what went wrong. */
export const firstError = (html: string) =>
  /govuk-error-message">\s*<span class="govuk-visually-hidden">Error:<\/span>([^<]*)</.exec(html)?.[1]?.trim()

/** Answers one page of the online form; it must move on (303). */
export async function answer(s: FormSession, slug: string, fields: Record<string, string>) {
  await s.get(`/make-a-complaint/${slug}`)
  const res = await s.post(`/make-a-complaint/${slug}`, fields)
  expect(res.statusCode, `${slug}: ${firstError(res.body)}`).toBe(303)
  return res
}

/** Starts the form and answers every question, for the resident or for a representative. */
export async function answerEverything(
  s: FormSession,
  options: {
    representative?: { name: string; relationship: string; consentRoute: string; residentAgrees?: boolean }
    email?: string
    name?: string
  } = {},
) {
  await s.get('/make-a-complaint')
  const started = await s.post('/make-a-complaint/start', {})
  expect(started.headers.location).toBe('/make-a-complaint/who')
  const rep = options.representative
  await answer(s, 'who', { who: rep ? 'representative' : 'resident' })
  if (rep) await answer(s, 'about-you', { representativeName: rep.name, relationship: rep.relationship })
  await answer(s, 'resident', {
    residentName: options.name ?? 'Grace Mensah',
    address: '4 Canal Row\nStoke-on-Trent',
    postcode: 'st4 7qb',
  })
  if (rep) await answer(s, 'consent', { consentRoute: rep.consentRoute })
  if (rep?.residentAgrees) await answer(s, 'consent-agree', { residentAgrees: 'yes' })
  await answer(s, 'contact', { email: options.email ?? 'grace.mensah@example.org', phone: '07700 900982' })
  await answer(s, 'updates', { method: 'email', frequency: 'weekly' })
  await answer(s, 'what-happened', {
    description: 'Black mould in the bedroom since the roof leak in January.',
  })
  await answer(s, 'when', { 'occurred-day': '12', 'occurred-month': '1', 'occurred-year': '2026' })
  await answer(s, 'outcome', { outcome: 'Fix the roof and treat the mould.' })
  await answer(s, 'support', { needs: 'large_print' })
  await answer(s, 'files', { action: 'continue' })
}

/** Sends the answers from the check-answers page; returns the reference and complaint id. */
export async function send(t: TestApp, s: FormSession): Promise<{ reference: string; id: string }> {
  await s.get('/make-a-complaint/check-answers')
  const sent = await s.post('/make-a-complaint/check-answers', {})
  expect(sent.headers.location, firstError(sent.body)).toBe('/make-a-complaint/sent')
  const page = await s.get('/make-a-complaint/sent')
  const reference = /data-qa="reference">([^<]+)</.exec(page.body)?.[1] ?? ''
  const id = (await t.services.complaints.findIdByReference(reference)) ?? ''
  return { reference, id }
}

/** The one-time code in the latest code email to the address (from the outbox). */
export async function latestCode(t: TestApp, email: string): Promise<string | undefined> {
  const m = await t.database.db
    .selectFrom('mail_messages')
    .select('text_body')
    .where('kind', '=', 'track_code')
    .where('to_address', '=', email)
    .orderBy('created_at', 'desc')
    .executeTakeFirst()
  return m && /is (\d{6})/.exec(m.text_body)?.[1]
}

/** Signs the session in to follow the complaint: reference and email, then the emailed code. */
export async function follow(t: TestApp, s: FormSession, reference: string, email: string) {
  await s.get('/track')
  const asked = await s.post('/track', { reference, email })
  expect(asked.headers.location).toBe('/track/code')
  await s.get('/track/code')
  const code = await latestCode(t, email)
  const res = await s.post('/track/code', { code: code ?? '' })
  expect(res.statusCode, firstError(res.body)).toBe(303)
  return res
}

/** Staff acknowledge and give the stage's response (upheld, with an apology and one promised action). */
export async function staffResponds(
  t: TestApp,
  id: string,
  handler: { id: string; role: 'handler' },
  stage: 1 | 2,
) {
  await t.services.complaints.acknowledge(id, handler, {
    handlerId: handler.id,
    definition: { issues: ['Black mould in the bedroom'], outcomesSought: ['Treat the mould'] },
  })
  await t.services.complaints.respond(id, handler, {
    decision: 'upheld',
    reasons: 'The roof repair was missed.',
    remedies: [{ type: 'apology' }],
    outstandingActions: stage === 1 ? [{ description: 'Treat the mould', dueOn: '2026-06-30' }] : [],
  })
}
