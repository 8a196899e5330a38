import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../../../test/app.js'
import { FormSession } from '../../../../test/browserlessSession.js'

let t: TestApp
let handler: { id: string; email: string; password: string }
let officer: { id: string; email: string; password: string }

beforeAll(async () => {
  t = await createTestApp()
  handler = await t.createStaff('handler')
  officer = await t.createStaff('complaints_officer')
})
afterAll(async () => {
  await t.close()
})

const signedIn = async (who: { email: string; password: string }) => {
  const s = new FormSession(t.app)
  await s.signIn(who.email, who.password)
  return s
}

/** A complaint acknowledged and answered at stage 1 in November 2026 by the handler: two letters. */
async function answered(name: string) {
  const actor = { id: handler.id, role: 'handler' as const }
  t.clock.set('2026-11-02T10:00:00Z')
  const { view } = await t.services.complaints.receive(
    {
      channel: 'phone',
      receivedAt: new Date('2026-11-02T09:00:00Z'),
      description: 'Leak',
      resident: { name },
    },
    actor,
  )
  const id = view.complaint.id
  t.clock.set('2026-11-03T10:00:00Z')
  await t.services.complaints.acknowledge(id, actor, {
    handlerId: handler.id,
    definition: { issues: ['Leak'], outcomesSought: ['Fix it'] },
  })
  t.clock.set('2026-11-10T10:00:00Z')
  await t.services.complaints.respond(id, actor, {
    decision: 'upheld',
    reasons: 'We were slow',
    remedies: [{ type: 'apology' }],
  })
  return id
}

describe('letter audits', () => {
  it('samples letters, scores one against the Code’s checklist, and shows the handler the feedback', async () => {
    await answered('Audit One')
    await answered('Audit Two')
    t.clock.set('2026-12-01T10:00:00Z')
    const lead = await signedIn(officer)

    // Sampling: November's stage 1 responses by this handler, latest first.
    const sampled = await lead.get(
      `/letter-audits?sample=1&month=2026-11&handler=${handler.id}&kind=stage1_response&count=5&order=latest`,
    )
    expect(sampled.statusCode).toBe(200)
    const letters = [...sampled.body.matchAll(/href="\/letter-audits\/letters\/([0-9a-f-]{36})"/g)].map(
      (m) => m[1],
    )
    expect(letters).toHaveLength(2)
    // A bad count is refused, in words.
    const bad = await lead.get('/letter-audits?sample=1&month=2026-11&count=500')
    expect(bad.statusCode).toBe(422)
    expect(bad.body).toContain('Sample from 1 to 50 letters at a time')

    // The audit form shows the letter and the items for a stage 1 response: 6.9 (a)–(f) and quality.
    const letterId = letters[0] as string
    const form = await lead.get(`/letter-audits/letters/${letterId}`)
    expect(form.body).toContain('We were slow')
    expect(form.body).toContain('Code 6.9(e)')
    expect(form.body).not.toContain('Code 6.5')
    const items = [...form.body.matchAll(/name="answer-([a-z0-9_-]+)"/g)].map((m) => m[1])
    const ids = [...new Set(items)]
    expect(ids).toHaveLength(11)

    // Every item answered, a comment where it fell short, feedback for the handler.
    const answers = Object.fromEntries(ids.map((id) => [`answer-${id}`, 'yes']))
    const missing = await lead.post(`/letter-audits/letters/${letterId}`, {
      ...answers,
      'answer-plain-english': 'partly',
      summary: '',
    })
    expect(missing.statusCode).toBe(422)
    expect(missing.body).toContain('href="#comment-plain-english"')
    expect(missing.body).toContain('href="#summary"')
    const recorded = await lead.post(`/letter-audits/letters/${letterId}`, {
      ...answers,
      'answer-plain-english': 'partly',
      'answer-stage1_response-6': 'no',
      'comment-plain-english': 'Two long sentences in the reasons',
      'comment-stage1_response-6': 'The repair date is not given',
      summary: 'Clear decision; give the date for every action.',
    })
    expect(recorded.statusCode).toBe(303)
    const auditUrl = recorded.headers.location as string
    expect(auditUrl).toMatch(/^\/letter-audits\/[0-9a-f-]{36}\?done=recorded$/)
    // 9 yes, 1 partly, 1 no: (18 + 1 + 0) / 22 = 86.4%, shown as 86%.
    const shown = await lead.get(auditUrl)
    expect(shown.body).toMatch(/data-qa="score">86%/)
    // Audited once: the letter is no longer sampled, and a second audit is refused.
    const again = await lead.get(
      `/letter-audits?sample=1&month=2026-11&handler=${handler.id}&kind=stage1_response`,
    )
    expect(again.body).not.toContain(letterId)
    const twice = await lead.post(`/letter-audits/letters/${letterId}`, {
      ...answers,
      summary: 'Again',
    })
    expect(twice.statusCode).toBe(409)

    // The handler sees the feedback on their own letter, marked new until opened.
    const own = await signedIn(handler)
    const mine = await own.get('/letter-audits')
    expect(mine.body).toContain('1 audit you have not read yet')
    expect(mine.body).not.toContain('Sample letters')
    expect((await own.get('/')).body).toContain('Letter audits of your letters to read')
    const read = await own.get(auditUrl.split('?')[0] as string)
    expect(read.statusCode).toBe(200)
    expect(read.body).toContain('The repair date is not given')
    expect((await own.get('/letter-audits')).body).not.toContain('you have not read yet')
    expect((await own.get('/')).body).not.toContain('Letter audits of your letters to read')
    // A handler may not audit, nor sample.
    expect((await own.get(`/letter-audits/letters/${letters[1]}`)).statusCode).toBe(403)

    // The figures: one letter, 86%, sent in November.
    const figures = await t.services.letterAudits.figures('2026-04-01', '2027-03-31')
    expect(figures).toMatchObject({
      audited: 1,
      averageScore: 86,
      byMonth: [{ month: '2026-11', audited: 1, averageScore: 86 }],
    })
    // The board pack for October to December 2026 carries it, beside the quarter before.
    const pack = await t.services.boardPack.pack({ from: '2026-10-01', to: '2026-12-31', label: 'Q3' })
    expect(pack.letterAudits.now).toMatchObject({ audited: 1, averageScore: 86 })
    expect(pack.letterAudits.before.audited).toBe(0)
    const board = await lead.get('/reports/board?from=2026-10-01&to=2026-12-31')
    expect(board.body).toContain('Letters audited and their average score')
    expect(board.body).toContain('November 2026')
    // Met in full on none of one: the part-met plain English, and the missing action date.
    expect(figures.byItem.slice(0, 2).map((i) => [i.itemId, i.met, i.applied])).toEqual([
      ['plain-english', 0, 1],
      ['stage1_response-6', 0, 1],
    ])
  })

  it('keeps the landlord’s own checklist as versions, audits keeping theirs', async () => {
    const lead = await signedIn(officer)
    const page = await lead.get('/letter-audits/checklist')
    expect(page.body).toContain('Version 1')
    const body: Record<string, string | string[]> = {
      id: ['tone', ''],
      text: ['Tone: warm and respectful', 'Names the handler and how to reach them'],
      provision: ['', ''],
      kind: ['', ''],
    }
    const saved = await lead.post('/letter-audits/checklist', body)
    expect(saved.statusCode).toBe(303)
    const current = await t.services.letterAudits.checklist()
    expect(current.version).toBe(2)
    expect(current.items.map((i) => i.text)).toEqual([
      'Tone: warm and respectful',
      'Names the handler and how to reach them',
    ])
    // A provision that is not one is refused, naming the row.
    const wrong = await lead.post('/letter-audits/checklist', { ...body, provision: ['six', ''] })
    expect(wrong.statusCode).toBe(422)
    expect(wrong.body).toContain('for example, 6.9')
  })
})
