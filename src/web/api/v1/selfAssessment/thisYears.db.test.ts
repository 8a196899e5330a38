import { extractText, getDocumentProxy } from 'unpdf'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { apiCaller } from '../../../../../test/api.js'
import { createTestApp, type TestApp } from '../../../../../test/app.js'
import { loggedComplaint } from '../../../../../test/cases.js'
import { selfAssessmentsRepository } from '../../../../db/repositories/selfAssessments.js'
import { codeProvisions } from '../../../../domain/selfAssessment/code2024.js'
import { foldAssessment } from '../../../../domain/selfAssessment/selfAssessment.js'

/**
 * "The self-assessment is this year's": answers carried over from last year are
 * reviewed, provision by provision, by a named person before the assessment is completed or
 * approved; a "yes" that this year's figures contradict needs the action being taken and its
 * timescale before approval; the PDF prints the figures beside the answer, and the action.
 */
let t: TestApp
let token: string
let boardToken: string
const api = apiCaller(
  () => t,
  () => token,
)
type Measure = { label: string; value: string; concern?: string }
type Provision = {
  id: string
  measures: Measure[]
  review: { status: string; by: string | null; at: string | null } | null
  explanation: { action: string; timescale: string } | null
}

const pdfOf = async (id: string) => {
  const pdf = await t.services.selfAssessment.document(id, 'pdf')
  const proxy = await getDocumentProxy(new Uint8Array(pdf.content as Buffer))
  const { text } = await extractText(proxy, { mergePages: true })
  // Each run of text the PDF draws on one line, to tell words kept together from words split.
  const lines: string[] = []
  for (let n = 1; n <= proxy.numPages; n++)
    for (const item of (await (await proxy.getPage(n)).getTextContent()).items)
      if ('str' in item) lines.push(item.str)
  return { flat: text.replace(/\s+/g, ' '), lines }
}

beforeAll(async () => {
  t = await createTestApp({ apiTokenDays: 3650 })
  const password = 'correct horse battery staple 29'
  const officer = await t.services.staffAccounts.create(
    { email: 'priya@example.org', name: 'Priya Shah', role: 'complaints_officer', password },
    null,
  )
  token = (await t.services.authentication.issueApiToken(officer.email, password)).token
  boardToken = await t.tokenFor('board')
  // 2025/26: one complaint acknowledged late, so 6.2's figure contradicts an answer of "yes".
  const actor = { id: officer.id, role: 'complaints_officer' as const }
  t.clock.set('2025-06-02T09:30:00Z')
  const late = await loggedComplaint(t, actor, { name: 'Late', receivedAt: '2025-06-02T09:00:00Z' })
  // Recorded as it happens: 10 working days after it was received.
  t.clock.set('2025-06-16T10:00:00Z')
  await t.services.complaints.acknowledge(late, actor, {
    handlerId: officer.id,
    definition: { issues: ['The repair'], outcomesSought: ['Fix it'] },
  })
  t.clock.set('2026-04-20T09:00:00Z')
})
afterAll(async () => {
  await t?.close()
})

const answer = (id: string, provision: string, body: object) =>
  api('PUT', `/api/v1/self-assessments/${id}/provisions/${provision}`, body)
const contradicted = async (year: number) =>
  ((await api('GET', `/api/v1/self-assessments/${year}`)).body.provisions as Provision[]).filter((p) =>
    p.measures.some((m) => m.concern),
  )

describe('the published self-assessment', () => {
  it('keeps “Not assessed” together on one line of its column', async () => {
    const started = await api('POST', '/api/v1/self-assessments', { year: 2030 })
    expect(started.body.answered).toBe(0)
    const { lines } = await pdfOf(started.body.id)
    expect(lines.filter((l) => l.trim() === 'Not assessed')).toHaveLength(72)
    expect(lines.some((l) => /^(Not|assessed|Not assess|sessed)$/.test(l.trim()))).toBe(false)
  })
})

describe('a "yes" the year’s figures contradict (Code 8.1, the Ombudsman’s form)', () => {
  it('needs the action being taken and its timescale before approval, and the PDF prints both beside the figure', async () => {
    const started = await api('POST', '/api/v1/self-assessments', { year: 2025 })
    expect(started.status).toBe(201)
    const id = started.body.id as string

    for (const p of codeProvisions)
      expect((await answer(id, p.id, { comply: 'yes', evidence: `Policy for ${p.id}` })).status).toBe(200)
    expect((await api('POST', `/api/v1/self-assessments/${id}/completion`)).status).toBe(200)

    const against = await contradicted(2025)
    const ids = against.map((p) => p.id)
    expect(ids).toContain('6.2')
    const refused = await api('POST', `/api/v1/self-assessments/${id}/approval`, undefined, boardToken)
    expect(refused.status).toBe(422)
    expect(refused.body.error.message).toContain(
      `give the action being taken and its timescale before approving: ${ids.length} provisions without`,
    )
    expect(refused.body.error.message).toContain(
      `6.2: ${against
        .find((p) => p.id === '6.2')
        ?.measures.flatMap((m) => m.concern ?? [])
        .join('; ')}`,
    )
    expect(refused.body.error.details.map((d: { provision: string }) => d.provision)).toEqual(ids)

    // Half an explanation is refused, naming what is missing.
    const half = await answer(id, '6.2', {
      comply: 'yes',
      evidence: 'Policy for 6.2',
      explanation: { action: 'A daily check of complaints not yet acknowledged', timescale: ' ' },
    })
    expect(half.status).toBe(422)
    expect(half.body.error.message).toContain('Provision 6.2: give the timescale of the action being taken')

    for (const p of against)
      expect(
        (
          await answer(id, p.id, {
            comply: 'yes',
            evidence: `Policy for ${p.id}`,
            explanation:
              p.id === '6.2'
                ? { action: 'A daily check of complaints not yet acknowledged', timescale: 'By 30 June 2026' }
                : { action: `Putting ${p.id} right`, timescale: 'By 31 March 2027' },
          })
        ).status,
      ).toBe(200)
    // Changing answers re-opens the assessment: completed again, then approved.
    expect((await api('POST', `/api/v1/self-assessments/${id}/approval`, undefined, boardToken)).status).toBe(
      409,
    )
    expect((await api('POST', `/api/v1/self-assessments/${id}/completion`)).status).toBe(200)
    const approved = await api('POST', `/api/v1/self-assessments/${id}/approval`, undefined, boardToken)
    expect(approved.status).toBe(200)
    const read = await api('GET', '/api/v1/self-assessments/2025')
    expect(read.body.provisions.find((p: Provision) => p.id === '6.2').explanation).toEqual({
      action: 'A daily check of complaints not yet acknowledged',
      timescale: 'By 30 June 2026',
    })

    const { flat, lines } = await pdfOf(id)
    expect(flat).toContain('Code provision Code requirement Comply Records for the year Evidence Commentary')
    // The year's figure beside the answer, with what it says against "yes".
    const figure = against.find((p) => p.id === '6.2')?.measures[0] as Measure
    expect(figure.concern).toBeTruthy()
    expect(flat).toContain(`Yes ${figure.label}: ${figure.value}. ${figure.concern}. Policy for 6.2`)
    // Each of its words whole on a line: the column is wide enough for the longest.
    const bare = (text: string) =>
      text
        .trim()
        .split(/\s+/)
        .map((w) => w.replace(/[.,;:]+$/, ''))
    const words = new Set(lines.flatMap(bare))
    for (const word of bare(`${figure.label} ${figure.value}`)) expect(words).toContain(word)
    expect(flat).toContain(
      'Action being taken: A daily check of complaints not yet acknowledged Timescale: By 30 June 2026',
    )
  })
})

describe('an assessment carried over from last year (Code 8.1: this year’s)', () => {
  it('cannot be completed or approved until a named person has reviewed every provision, then can', async () => {
    // Last year's, answered (with an action and timescale where its figures said otherwise).
    const last = (await api('POST', '/api/v1/self-assessments', { year: 2027 })).body.id as string
    const lastYears = new Set((await contradicted(2027)).map((p) => p.id))
    expect(lastYears.size).toBeGreaterThan(0)
    for (const p of codeProvisions)
      expect(
        (
          await answer(last, p.id, {
            comply: 'yes',
            evidence: `Policy for ${p.id}`,
            ...(lastYears.has(p.id)
              ? { explanation: { action: 'Last year’s plan', timescale: 'By then' } }
              : {}),
          })
        ).status,
      ).toBe(200)
    const started = await api('POST', '/api/v1/self-assessments', { year: 2028 })
    expect(started.status).toBe(201)
    expect(started.body).toMatchObject({ answered: 72 })
    const id = started.body.id as string
    const early = await api('POST', `/api/v1/self-assessments/${id}/completion`)
    expect(early.status).toBe(422)
    expect(early.body.error.message).toContain(
      'Review every provision carried over from the earlier assessment before completing it: 72 still to review (1.2, 1.3, 1.4,',
    )
    expect(early.body.error.message).toContain('9.7, 9.8). Confirm each one unchanged, or change its answer')

    const year = async () =>
      (await api('GET', '/api/v1/self-assessments/2028')).body.provisions as Provision[]
    const before = await year()
    expect(before.every((p) => p.review?.status === 'to_review')).toBe(true)
    // Last year's action answered last year's figures: it is not carried over.
    expect(before.every((p) => p.explanation === null)).toBe(true)

    // Confirmed unchanged, or changed: either reviews it, in the person's name.
    const confirmed = await api('POST', `/api/v1/self-assessments/${id}/provisions/6.2/review`)
    expect(confirmed.status).toBe(200)
    expect(confirmed.body.toReview).toHaveLength(71)
    const again = await api('POST', `/api/v1/self-assessments/${id}/provisions/6.2/review`)
    expect(again.status).toBe(409)
    expect(again.body.error.message).toContain('Provision 6.2 has already been reviewed')
    expect(
      (await api('POST', `/api/v1/self-assessments/${id}/provisions/6.2/review`, undefined, boardToken))
        .status,
    ).toBe(403)
    const changed = await answer(id, '7.1', {
      comply: 'partly',
      evidence: 'Remedies policy',
      commentary: 'Two responses offered no remedy.',
    })
    expect(changed.body.toReview).toHaveLength(70)
    const reviews = Object.fromEntries((await year()).map((p) => [p.id, p.review]))
    expect(reviews['6.2']).toEqual({ status: 'confirmed', by: 'Priya Shah', at: '2026-04-20T09:00:00.000Z' })
    expect(reviews['7.1']).toMatchObject({ status: 'changed', by: 'Priya Shah' })
    expect(reviews['1.2']).toEqual({ status: 'to_review', by: null, at: null })

    // Two people confirming at once: one waits for the other, or is asked to look again; never a 500.
    const together = await Promise.all(
      ['1.2', '1.3'].map((p) => api('POST', `/api/v1/self-assessments/${id}/provisions/${p}/review`)),
    )
    for (const r of together) expect([200, 409]).toContain(r.status)
    for (const p of await year())
      if (p.review?.status === 'to_review' && p.id !== '9.8')
        expect((await api('POST', `/api/v1/self-assessments/${id}/provisions/${p.id}/review`)).status).toBe(
          200,
        )
    const oneLeft = await api('POST', `/api/v1/self-assessments/${id}/completion`)
    expect(oneLeft.status).toBe(422)
    expect(oneLeft.body.error.message).toContain('before completing it: 1 still to review (9.8)')
    expect(oneLeft.body.error.details).toEqual([
      {
        field: 'review',
        provision: '9.8',
        message: 'Provision 9.8: carried over from the earlier assessment, still to review',
      },
    ])

    // An assessment completed before reviews were asked for is not approved either.
    const repo = selfAssessmentsRepository(t.database.db)
    const version = (await repo.events(id)).length
    await repo.append(id, version, [
      { data: { type: 'assessment.completed', byName: 'Priya Shah' }, at: t.clock.now(), by: null },
    ])
    await repo.update(foldAssessment(id, await repo.events(id)), version, t.clock.now())
    const unreviewed = await api('POST', `/api/v1/self-assessments/${id}/approval`, undefined, boardToken)
    expect(unreviewed.status).toBe(422)
    expect(unreviewed.body.error.message).toContain('before approving it: 1 still to review (9.8)')

    expect((await api('POST', `/api/v1/self-assessments/${id}/provisions/9.8/review`)).status).toBe(200)
    expect((await api('POST', `/api/v1/self-assessments/${id}/completion`)).status).toBe(200)
    // Reviewed, the year's contradicted answers still need this year's action and timescale.
    const against = await contradicted(2028)
    expect(against.map((p) => p.id)).toContain('8.1')
    const noAction = await api('POST', `/api/v1/self-assessments/${id}/approval`, undefined, boardToken)
    expect(noAction.status).toBe(422)
    expect(noAction.body.error.message).toContain('8.1: ')
    for (const p of against)
      expect(
        (
          await answer(id, p.id, {
            comply: 'yes',
            evidence: `Policy for ${p.id}`,
            explanation: { action: `This year’s plan for ${p.id}`, timescale: 'By 31 March 2027' },
          })
        ).status,
      ).toBe(200)
    expect((await api('POST', `/api/v1/self-assessments/${id}/completion`)).status).toBe(200)
    const approved = await api('POST', `/api/v1/self-assessments/${id}/approval`, undefined, boardToken)
    expect(approved.status).toBe(200)
    expect(approved.body).toMatchObject({ status: 'approved', toReview: [] })

    // Each review is in the assessment's history for good: who, when, confirmed or changed.
    const history = await repo.events(id)
    const reviewed = history.filter((e) => e.type === 'assessment.reviewed')
    expect(reviewed).toHaveLength(71)
    expect(reviewed[0]).toMatchObject({ provision: '6.2', byName: 'Priya Shah', by: expect.any(String) })
    expect(history.find((e) => e.type === 'assessment.answered' && !e.carried)).toMatchObject({
      provision: '7.1',
      reviewedBy: 'Priya Shah',
    })
    await expect(t.database.db.deleteFrom('self_assessment_events').execute()).rejects.toThrow()
  })
})
