import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../../../test/app.js'
import { FormSession } from '../../../../test/browserlessSession.js'
import { loggedComplaint } from '../../../../test/cases.js'
import { multipart } from '../../../../test/multipart.js'

let t: TestApp
let officer: { id: string; email: string; password: string }

beforeAll(async () => {
  t = await createTestApp()
  officer = await t.createStaff('complaints_officer')
  const actor = { id: officer.id, role: 'complaints_officer' as const }
  // Each step is recorded as it happens.
  t.clock.set('2025-06-02T09:00:00Z')
  const late = await loggedComplaint(t, actor, { name: 'Late', receivedAt: '2025-06-02T09:00:00Z' })
  t.clock.set('2025-06-16T10:00:00Z')
  await t.services.complaints.acknowledge(late, actor, {
    acknowledgedAt: new Date('2025-06-16T10:00:00Z'),
    handlerId: officer.id,
    definition: { issues: ['The repair'], outcomesSought: ['Fix it'] },
  })
  t.clock.set('2026-04-20T09:00:00Z')
})
afterAll(async () => {
  await t?.close()
})

describe('the self-assessment pages (Code 8.1–8.4)', () => {
  it('starts an assessment, answers a section beside the records, and shows where they disagree', async () => {
    const s = new FormSession(t.app)
    await s.signIn(officer.email, officer.password)
    expect((await s.get('/self-assessment')).statusCode).toBe(200)
    const noWhy = await s.post('/self-assessment', { year: '2025', trigger: 'restructure', note: '' })
    expect(noWhy.statusCode).toBe(422)
    expect(noWhy.body).toContain('Code 8.3: say what changed')
    // A year no database column holds is refused by the rule, before anything is looked up.
    for (const year of ['1e300', '-99999999999'] as const) {
      const huge = await s.post('/self-assessment', { year, trigger: 'restructure', note: 'A new structure' })
      expect(huge.statusCode).toBe(422)
      expect(huge.body).toContain('Give the year the assessment is for, from 2024')
    }
    const started = await s.post('/self-assessment', { year: '2025', trigger: 'annual' })
    expect(started.statusCode).toBe(303)
    const overviewUrl = started.headers.location as string
    expect((await s.post('/self-assessment', { year: '2025', trigger: 'annual' })).body).toContain(
      'has already been started',
    )

    const six = await s.get(`${overviewUrl}/section/6`)
    expect(six.statusCode).toBe(200)
    expect(six.body).toContain('within five working days of the complaint being received')
    expect(six.body).toContain('0% in time (0 of 1 that fell due); 1 late')
    expect(six.body).toContain('1 of 1 not in time in the year')
    // Not yet answered, the evidence starts from what the service does and what the records show.
    expect(six.body).toContain(
      'The complaints service works out the acknowledgement date for every complaint from the working-day calendar',
    )
    expect(six.body).toContain(
      'Stage 1 acknowledgements due in the year, and the share made in time: 0% in time (0 of 1 that fell due); 1 late.',
    )

    const missing = await s.post(`${overviewUrl}/section/6`, {
      provision: '6.2',
      comply: 'yes',
      evidence: '',
    })
    expect(missing.statusCode).toBe(422)
    expect(missing.body).toContain('href="#p6_2-evidence"')
    expect(missing.body).toContain('Provision 6.2: give the evidence that you comply')
    const saved = await s.post(`${overviewUrl}/section/6`, {
      provision: '6.2',
      comply: 'yes',
      evidence: 'Complaints policy 7.1',
      links: 'https://example.org/policy\n',
    })
    expect(saved.statusCode).toBe(303)
    const after = await s.get(saved.headers.location as string)
    expect(after.body).toContain('Provision 6.2 saved.')
    expect(after.body).toContain('Records disagree')

    // Where it falls short, the improvement action that will put it right.
    const action = await t.services.improvement.raise(
      {
        title: 'Acknowledge within five days',
        description: 'A daily check of complaints not yet acknowledged.',
        source: 'recommendation',
        detail: 'Our own self-assessment',
        ownerId: officer.id,
        director: 'Director of Housing',
        dueOn: '2026-06-30',
      },
      { id: officer.id, role: 'complaints_officer' },
    )
    const unknown = await s.post(`${overviewUrl}/section/6`, {
      provision: '6.3',
      comply: 'partly',
      evidence: 'Policy',
      commentary: 'Mostly on time.',
      actionId: '00000000-0000-4000-8000-000000000000',
    })
    expect(unknown.statusCode).toBe(422)
    expect(unknown.body).toContain('There is no such improvement action')
    expect(
      (
        await s.post(`${overviewUrl}/section/6`, {
          provision: '6.3',
          comply: 'partly',
          evidence: 'Policy',
          commentary: 'Mostly on time.',
          actionId: action.id,
        })
      ).statusCode,
    ).toBe(303)

    // Documents uploaded as evidence, kept with the assessment and served as downloads.
    await s.get(`${overviewUrl}/section/6`)
    const upload = async (file?: { name: string; bytes: Buffer }) => {
      const body = multipart({ _csrf: s.csrfToken(), provision: '6.2' }, file)
      return t.app.inject({
        method: 'POST',
        url: `${overviewUrl}/section/6/evidence`,
        headers: {
          cookie: [...s.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
          'content-type': body.contentType,
        },
        payload: body.payload,
      })
    }
    const disguised = await upload({ name: 'minutes.pdf', bytes: Buffer.from('not a pdf at all') })
    expect(disguised.statusCode).toBe(422)
    expect(disguised.body).toContain('is not really a PDF')
    const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(500, 32)])
    expect((await upload({ name: 'Acknowledgement audit.pdf', bytes: pdf })).statusCode).toBe(303)
    const withDoc = await s.get(`${overviewUrl}/section/6`)
    const link = /href="(\/self-assessment\/[^"]+\/evidence\/[0-9a-f-]{36})">Acknowledgement audit.pdf</.exec(
      withDoc.body,
    )?.[1]
    expect(link).toBeDefined()
    const served = await s.get(link as string)
    expect(served.headers['content-type']).toBe('application/pdf')
    expect(served.rawPayload.equals(pdf)).toBe(true)

    const overview = await s.get(overviewUrl)
    expect(overview.body).toMatch(/6\. Complaint stages<\/a><\/th>\s*<td[^>]*>2 of 20<\/td>/)
    const early = await s.post(`${overviewUrl}/complete`, {})
    expect(early.statusCode).toBe(409)
    expect(early.body).toContain('70 still to answer')

    // The board reads it, and does not answer it.
    const board = await t.createStaff('board')
    const b = new FormSession(t.app)
    await b.signIn(board.email, board.password)
    const read = await b.get(`${overviewUrl}/section/6`)
    expect(read.statusCode).toBe(200)
    expect(read.body).not.toContain('data-qa="answer-p6_2"')
    expect(read.body).toContain(`href="/improvements/${action.id}">Acknowledge within five days</a>`)
    expect((await b.post(`${overviewUrl}/section/6`, { provision: '6.2', comply: 'no' })).statusCode).toBe(
      403,
    )
    const handler = await t.createStaff('handler')
    const h = new FormSession(t.app)
    await h.signIn(handler.email, handler.password)
    expect((await h.get('/self-assessment')).statusCode).toBe(403)
  })
})
