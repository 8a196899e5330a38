import { extractText, getDocumentProxy } from 'unpdf'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { apiCaller } from '../../../test/api.js'
import { createTestApp, type TestApp } from '../../../test/app.js'
import { FormSession } from '../../../test/browserlessSession.js'
import { testDatabaseKind } from '../../../test/db.js'

/** Code 6.6, 6.17, 7.3: promised actions have an owner, are chased, and the resident is told. */
let t: TestApp
let officer: { id: string; email: string; password: string; token: string }
let owner: { id: string; email: string; password: string }

beforeAll(async () => {
  t = await createTestApp({
    apiTokenDays: 3650,
    sessionHours: 24 * 100,
    dailyPromptTime: { hour: 7, minute: 30 },
  })
  const s = await t.createStaff('complaints_officer')
  officer = { ...s, token: (await t.services.authentication.issueApiToken(s.email, s.password)).token }
  owner = await t.createStaff('handler', 'action.owner@test-homes.example')
})
afterAll(async () => {
  await t.close()
})

const call = apiCaller(
  () => t,
  () => officer.token,
)

async function answeredWithAction() {
  t.clock.set('2026-03-02T09:15:00Z')
  const c = (
    await call('POST', '/api/v1/complaints', {
      channel: 'phone',
      receivedAt: '2026-03-02T09:00:00Z',
      description: 'Broken fan',
      resident: { name: 'Ada Action' },
    })
  ).body
  const url = `/api/v1/complaints/${c.id}`
  await call('POST', `${url}/acknowledge`, {
    definition: { issues: ['Extractor fan broken'], outcomesSought: ['Fix it'] },
  })
  t.clock.set('2026-03-04T10:00:00Z')
  const responded = await call('POST', `${url}/responses`, {
    decision: 'upheld',
    reasons: 'The fan should have been fixed.',
    remedies: [{ type: 'apology' }],
    outstandingActions: [
      { description: 'Replace the extractor fan', dueOn: '2026-03-18', ownerId: owner.id },
    ],
  })
  expect(responded.status).toBe(200)
  return { c, url, actionId: responded.body.outstandingActions[0].id as string }
}

describe(`outstanding actions (${testDatabaseKind})`, () => {
  it('has an owner, defaulting to whoever responds; an unknown owner is refused', async () => {
    const { url } = await answeredWithAction()
    expect((await call('GET', url)).body.outstandingActions[0]).toMatchObject({
      ownerId: owner.id,
      dueOn: '2026-03-18',
    })
    const c = (
      await call('POST', '/api/v1/complaints', {
        channel: 'phone',
        receivedAt: '2026-03-04T09:00:00Z',
        description: 'x',
        resident: { name: 'Nobody Owns' },
      })
    ).body
    await call('POST', `/api/v1/complaints/${c.id}/acknowledge`, {
      definition: { issues: ['x'], outcomesSought: ['y'] },
    })
    const action = { description: 'Visit', dueOn: '2026-03-20' }
    const unknown = await call('POST', `/api/v1/complaints/${c.id}/responses`, {
      decision: 'not_upheld',
      reasons: 'r',
      outstandingActions: [{ ...action, ownerId: '00000000-0000-4000-8000-000000000000' }],
    })
    expect(unknown.status).toBe(422)
    const byDefault = await call('POST', `/api/v1/complaints/${c.id}/responses`, {
      decision: 'not_upheld',
      reasons: 'r',
      outstandingActions: [action],
    })
    expect(byDefault.body.outstandingActions[0].ownerId).toBe(officer.id)
  })

  it('when it slips, moves openly: a later date, a reason, and a letter to the resident', async () => {
    const { c, url, actionId } = await answeredWithAction()
    t.clock.set('2026-03-16T10:00:00Z')
    const earlier = await call('POST', `${url}/outstanding-actions/${actionId}/reschedule`, {
      dueOn: '2026-03-17',
      reason: 'x',
    })
    expect(earlier.status).toBe(422)
    expect(earlier.body.error.details[0]).toMatchObject({ field: 'dueOn', provision: '7.3' })
    const moved = await call('POST', `${url}/outstanding-actions/${actionId}/reschedule`, {
      dueOn: '2026-03-27',
      reason: 'The replacement fan is on back order.',
    })
    expect(moved.status).toBe(200)
    expect(moved.body.outstandingActions[0]).toMatchObject({
      dueOn: '2026-03-27',
      originalDueOn: '2026-03-18',
    })
    const letter = (await call('GET', `${url}/letters`)).body.items.at(-1)
    expect(letter.kind).toBe('action_update')
    expect(letter.text).toContain('  - Replace the extractor fan')
    expect(letter.text).toContain(
      'We said this would be done by Wednesday 18 March 2026. We are sorry, but it will now be done by Friday 27 March 2026.',
    )
    expect(letter.text).toContain('Why it is later:\nThe replacement fan is on back order.')
    const page = await (async () => {
      const b = new FormSession(t.app)
      await b.signIn(officer.email, officer.password)
      return b.get(`/complaints/${c.id}`)
    })()
    expect(page.body).toContain('Moved from 18 March 2026: The replacement fan is on back order.')
  })

  it('when done, the resident is told', async () => {
    const { url, actionId } = await answeredWithAction()
    t.clock.set('2026-03-10T10:00:00Z')
    const done = await call('POST', `${url}/outstanding-actions/${actionId}/completion`, {
      note: 'A new fan was fitted on Tuesday.',
    })
    expect(done.status).toBe(200)
    const letter = (await call('GET', `${url}/letters`)).body.items.at(-1)
    expect(letter.kind).toBe('action_update')
    expect(letter.text).toContain('This is now done, as of Tuesday 10 March 2026.')
    expect(letter.text).toContain('A new fan was fitted on Tuesday.')
  })

  it('is in the final response while still open, though it was promised at stage 1 (Code 6.19 f)', async () => {
    const { c, url } = await answeredWithAction()
    t.clock.set('2026-03-06T10:00:00Z')
    expect((await call('POST', `${url}/escalations`, {})).status).toBe(200)
    const reviewer = await t.createStaff('handler', 'stage2.reviewer@test-homes.example')
    const token = (await t.services.authentication.issueApiToken(reviewer.email, reviewer.password)).token
    const definition = { issues: ['Extractor fan broken'], outcomesSought: ['Fix it'] }
    expect(
      (await call('POST', `${url}/acknowledge`, { handlerId: reviewer.id, definition }, token)).status,
    ).toBe(200)
    t.clock.set('2026-03-12T10:00:00Z')
    const final = await call(
      'POST',
      `${url}/responses`,
      {
        decision: 'upheld',
        reasons: 'The fan should have been fixed sooner.',
        remedies: [{ type: 'apology' }],
        outstandingActions: [{ description: 'Check the fan works after a month', dueOn: '2026-04-13' }],
      },
      token,
    )
    expect(final.status).toBe(200)
    const letter = (await call('GET', `${url}/letters`)).body.items.at(-1)
    expect(letter.kind).toBe('stage2_response')
    const { pdf } = await t.services.mail.letterPdf(c.id, letter.id)
    const { text } = await extractText(await getDocumentProxy(new Uint8Array(pdf)), { mergePages: true })
    const flat = text.replace(/\s+/g, ' ')
    const actions = flat.slice(flat.indexOf('Actions still to be completed, and when:'))
    expect(actions).toContain(
      'Replace the extractor fan, by Wednesday 18 March 2026 (promised in our stage 1 response)',
    )
    expect(actions).toContain('Check the fan works after a month, by Monday 13 April 2026')
  })

  it('is in its owner’s daily prompt when due soon or late', async () => {
    await answeredWithAction()
    t.clock.set('2026-03-13T08:00:00Z')
    await t.jobs.runDue()
    const prompts = (await t.services.mail.messages('outbox')).items.filter(
      (m) =>
        m.kind === 'daily_prompt' &&
        m.toAddress === owner.email &&
        m.subject.includes('Friday 13 March 2026'),
    )
    expect(prompts).toHaveLength(1)
    const text = (await t.services.mail.message(prompts[0]?.id as string)).textBody
    expect(text).toContain('Outstanding actions you promised, due soon or late (Code 7.3)')
    expect(text).toContain('Replace the extractor fan, due Wed 18 Mar 2026')
  })

  it('has a form on the case page to move a date', async () => {
    const { c } = await answeredWithAction()
    const browser = new FormSession(t.app)
    await browser.signIn(officer.email, officer.password)
    const form = await browser.get(`/complaints/${c.id}/reschedule-action`)
    expect(form.statusCode).toBe(200)
    const version = /name="version" value="(\d+)"/.exec(form.body)?.[1] as string
    const missing = await browser.post(`/complaints/${c.id}/reschedule-action`, { version })
    expect(missing.statusCode).toBe(422)
    expect(missing.body).toContain('Choose the action that will be late')
  })
})
