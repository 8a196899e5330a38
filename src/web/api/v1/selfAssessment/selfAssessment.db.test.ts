import { unzipSync } from 'fflate'
import { extractText, getDocumentProxy } from 'unpdf'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { apiCaller } from '../../../../../test/api.js'
import { createTestApp, type TestApp } from '../../../../../test/app.js'
import { loggedComplaint } from '../../../../../test/cases.js'
import { codeProvisions } from '../../../../domain/selfAssessment/code2024.js'

let t: TestApp
let token: string
let boardToken: string
const api = apiCaller(
  () => t,
  () => token,
)

beforeAll(async () => {
  t = await createTestApp({ apiTokenDays: 3650 })
  const officer = await t.createStaff('complaints_officer')
  token = (await t.services.authentication.issueApiToken(officer.email, officer.password)).token
  boardToken = await t.tokenFor('board')
  const actor = { id: officer.id, role: 'complaints_officer' as const }
  const definition = { issues: ['The repair'], outcomesSought: ['Fix it'] }
  // 2025/26: one acknowledged late and upheld, one on time and partly upheld; both put right.
  // Each step is recorded as it happens.
  t.clock.set('2025-06-02T09:00:00Z')
  const late = await loggedComplaint(t, actor, { name: 'Late', receivedAt: '2025-06-02T09:00:00Z' })
  t.clock.set('2025-06-16T10:00:00Z')
  await t.services.complaints.acknowledge(late, actor, {
    acknowledgedAt: new Date('2025-06-16T10:00:00Z'),
    handlerId: officer.id,
    definition,
  })
  t.clock.set('2025-06-18T10:00:00Z')
  await t.services.complaints.updateResident(late, actor, {
    method: 'phone',
    summary: 'Told them the survey is booked.',
    updatedAt: new Date('2025-06-18T10:00:00Z'),
  })
  t.clock.set('2025-06-20T10:00:00Z')
  await t.services.complaints.respond(late, actor, {
    respondedAt: new Date('2025-06-20T10:00:00Z'),
    decision: 'upheld',
    reasons: 'We were late.',
    remedies: [{ type: 'apology' }],
  })
  t.clock.set('2025-06-09T09:00:00Z')
  const bare = await loggedComplaint(t, actor, { name: 'Bare', receivedAt: '2025-06-09T09:00:00Z' })
  t.clock.set('2025-06-10T10:00:00Z')
  await t.services.complaints.acknowledge(bare, actor, {
    acknowledgedAt: new Date('2025-06-10T10:00:00Z'),
    handlerId: officer.id,
    definition,
  })
  t.clock.set('2025-06-17T10:00:00Z')
  await t.services.complaints.respond(bare, actor, {
    respondedAt: new Date('2025-06-17T10:00:00Z'),
    decision: 'partly_upheld',
    reasons: 'Partly right.',
    remedies: [{ type: 'explanation' }],
  })
  // Answered 14 working days after acknowledgement with no update in between (Code 5.9).
  t.clock.set('2025-09-01T09:00:00Z')
  const slow = await loggedComplaint(t, actor, { name: 'Slow', receivedAt: '2025-09-01T09:00:00Z' })
  t.clock.set('2025-09-02T10:00:00Z')
  await t.services.complaints.acknowledge(slow, actor, {
    acknowledgedAt: new Date('2025-09-02T10:00:00Z'),
    handlerId: officer.id,
    definition,
  })
  t.clock.set('2025-09-22T10:00:00Z')
  await t.services.complaints.respond(slow, actor, {
    respondedAt: new Date('2025-09-22T10:00:00Z'),
    decision: 'not_upheld',
    reasons: 'We found no fault.',
  })
  t.clock.set('2026-04-20T09:00:00Z')
})
afterAll(async () => {
  await t?.close()
})

describe('the self-assessment against the Code (api-v1 "Self-assessment", Code 8.1–8.4)', () => {
  it('returns all 72 provisions in order, with the measures the records give, before and after answering', async () => {
    const empty = await api('GET', '/api/v1/self-assessments/2025')
    expect(empty.status).toBe(200)
    expect(empty.body.status).toBe('not_started')
    expect(empty.body.provisions.map((p: { id: string }) => p.id)).toEqual(codeProvisions.map((p) => p.id))
    expect(empty.body.provisions).toHaveLength(72)
    const p = (body: { provisions: { id: string }[] }, id: string) =>
      body.provisions.find((x) => x.id === id) as unknown as {
        comply: boolean | null
        section: number
        measures: { label: string; value: string; concern?: string }[]
      }
    expect(p(empty.body, '6.2')).toMatchObject({
      comply: null,
      section: 6,
      measures: [
        { value: '66.7% in time (2 of 3 that fell due); 1 late', concern: '1 of 3 not in time in the year' },
      ],
    })
    expect(p(empty.body, '7.1').measures[0]).toMatchObject({ value: '100% (2 of 2)' })
    expect(p(empty.body, '7.1').measures[0]?.concern).toBeUndefined()
    expect(p(empty.body, '6.13').measures[0]).toMatchObject({ value: '0' })
    expect(p(empty.body, '6.13').measures[0]?.concern).toBeUndefined()
    expect(p(empty.body, '8.1').measures[0]).toMatchObject({ value: 'not yet' })
    expect(p(empty.body, '9.6').measures[0]).toMatchObject({ value: '0' })
    expect(p(empty.body, '5.9').measures[0]).toMatchObject({
      value: '50% (1 of 2)',
      concern: '1 update late or missed',
    })
    // A board pack taken for the board in the year is on the record (9.6, 9.7).
    t.clock.set('2026-03-16T09:00:00Z')
    const quarter = { from: '2025-10-01', to: '2025-12-31', label: 'Q3' } as const
    await t.services.boardPack.pdf(quarter, undefined)
    t.clock.set('2026-04-20T09:00:00Z')
    const withPack = await api('GET', '/api/v1/self-assessments/2025')
    expect(p(withPack.body, '9.7').measures[0]).toMatchObject({ value: '1' })
    expect(p(withPack.body, '9.7').measures[0]?.concern).toBeUndefined()

    const started = await api('POST', '/api/v1/self-assessments', { year: 2025 })
    expect(started.status).toBe(201)
    const id = started.body.id
    expect((await api('POST', '/api/v1/self-assessments', { year: 2025 })).status).toBe(409)
    const reassess = await api('POST', '/api/v1/self-assessments', { year: 2025, trigger: 'merger' })
    expect(reassess.status).toBe(422)
    expect(reassess.body.error.message).toContain('Code 8.3')

    // Every answer keeps to the rules, naming the provision it is about.
    const answer = (provision: string, body: object, as = token) =>
      api('PUT', `/api/v1/self-assessments/${id}/provisions/${provision}`, body, as)
    const noWhy = await answer('6.13', { comply: 'no', evidence: '' })
    expect(noWhy.status).toBe(422)
    expect(noWhy.body.error.message).toContain('Provision 6.13: explain why you do not fully comply')
    expect((await answer('10.1', { comply: 'yes', evidence: 'x' })).status).toBe(422)
    const badLink = await answer('3.4', { comply: 'yes', evidence: 'Policy', links: ['our website'] })
    expect(badLink.status).toBe(422)
    expect(badLink.body.error.message).toContain('is not a web address')
    expect((await answer('6.2', { comply: 'yes', evidence: 'Our policy 4.1' }, boardToken)).status).toBe(403)
    expect((await answer('6.2', { comply: 'yes', evidence: 'Our policy 4.1' })).status).toBe(200)

    // Answered "complies" while the records say one was late: flagged on the assessment.
    const view = await t.services.selfAssessment.view(id)
    const six = view.sections.find((s) => s.number === 6)?.provisions.find((x) => x.id === '6.2')
    expect(six).toMatchObject({ flagged: true, answer: { comply: 'yes', evidence: 'Our policy 4.1' } })
    const read = await api('GET', '/api/v1/self-assessments/2025', undefined, boardToken)
    expect(read.body.status).toBe('draft')
    expect(p(read.body, '6.2').comply).toBe(true)

    // Completed once every provision is answered; then approved by the governing body, for good.
    const early = await api('POST', `/api/v1/self-assessments/${id}/completion`)
    expect(early.status).toBe(422)
    expect(early.body.error.message).toContain('71 still to answer')
    // A "yes" the year's figures contradict is approved with the action being taken and its timescale.
    const contradicted = new Set(
      (read.body.provisions as { id: string; measures: { concern?: string }[] }[])
        .filter((x) => x.measures.some((m) => m.concern))
        .map((x) => x.id),
    )
    expect(contradicted).toContain('6.2')
    for (const provision of codeProvisions)
      expect(
        (
          await answer(
            provision.id,
            provision.id === '7.1'
              ? {
                  comply: 'partly',
                  evidence: 'Remedies policy',
                  commentary: 'One partly upheld response offered no remedy.',
                }
              : {
                  comply: 'yes',
                  evidence: provision.id === '6.2' ? 'Our policy 4.1' : `Policy for ${provision.id}`,
                  links: ['https://example.org/complaints-policy'],
                  ...(contradicted.has(provision.id)
                    ? {
                        explanation: {
                          action: 'A weekly check by the team leader',
                          timescale: 'By June 2026',
                        },
                      }
                    : {}),
                },
          )
        ).status,
      ).toBe(200)
    expect((await api('POST', `/api/v1/self-assessments/${id}/approval`, undefined, boardToken)).status).toBe(
      409,
    )
    const done = await api('POST', `/api/v1/self-assessments/${id}/completion`)
    expect(done.status).toBe(200)
    expect(done.body.completed.by).toBeTruthy()
    expect((await api('POST', `/api/v1/self-assessments/${id}/approval`)).status).toBe(403)
    const approved = await api('POST', `/api/v1/self-assessments/${id}/approval`, undefined, boardToken)
    expect(approved.status).toBe(200)
    expect(approved.body.status).toBe('approved')
    const after = await answer('6.2', { comply: 'no', commentary: 'Changed our mind' })
    expect(after.status).toBe(409)
    expect(after.body.error.message).toContain('Code 8.3')
    expect((await api('GET', '/api/v1/self-assessments/2025')).body.status).toBe('approved')
    await expect(t.database.db.deleteFrom('self_assessment_events').execute()).rejects.toThrow()

    // Published in the Ombudsman's table layout: PDF, Word and a page anyone can read; and it is
    // part (a) of the annual report.
    const pdf = await t.services.selfAssessment.document(id, 'pdf')
    const { text } = await extractText(await getDocumentProxy(new Uint8Array(pdf.content as Buffer)), {
      mergePages: true,
    })
    const flat = text.replace(/\s+/g, ' ')
    for (const words of [
      'Complaint Handling Code self-assessment 2025/26',
      'Self-assessment reviewed and approved by',
      'Section 6: Complaint stages',
      'Code provision Code requirement Comply Records for the year Evidence Commentary and explanation',
      'One partly upheld response offered no remedy.',
    ])
      expect(flat).toContain(words)
    expect(flat).not.toContain('draft')
    const word = new TextDecoder()
      .decode(
        unzipSync(new Uint8Array((await t.services.selfAssessment.document(id, 'docx')).content as Buffer))[
          'word/document.xml'
        ],
      )
      .replace(/<[^>]+>/g, ' ')
    expect(word).toContain('The person considering the complaint at stage 2 must not be the same person')
    const page = await t.app.inject({ method: 'GET', url: '/annual-report/2025/self-assessment' })
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain(
      '<caption>Section 9: Scrutiny and oversight: continuous learning and improvement</caption>',
    )
    expect(
      (await t.app.inject({ method: 'GET', url: '/annual-report/2024/self-assessment' })).statusCode,
    ).toBe(404)
    const annual = await t.services.annualReport.view(2025)
    const partA = annual.document.blocks.map((b) => (b.kind === 'paragraph' ? b.text : '')).join(' ')
    expect(partA).toContain(
      'We assessed ourselves against all 72 provisions of the Code. We comply with 71, partly with 1 and not with 0.',
    )

    // A re-assessment after a merger, and next year's annual one, start from these answers to review.
    const merger = await api('POST', '/api/v1/self-assessments', {
      year: 2025,
      trigger: 'merger',
      note: 'We merged with Riverside Homes in March 2026',
    })
    expect(merger.status).toBe(201)
    expect(merger.body.answered).toBe(72)
    const next = await api('POST', '/api/v1/self-assessments', { year: 2026 })
    expect(next.body).toMatchObject({ status: 'draft', answered: 72 })
    expect(next.body.toReview).toHaveLength(72)
    const reviewed = await api('PUT', `/api/v1/self-assessments/${next.body.id}/provisions/6.2`, {
      comply: 'partly',
      evidence: 'Our policy 4.1',
      commentary: 'Some acknowledgements were late; see the improvement action.',
    })
    expect(reviewed.body.toReview).toHaveLength(71)
  })
})
