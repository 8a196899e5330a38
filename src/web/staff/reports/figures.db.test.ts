import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { apiCaller } from '../../../../test/api.js'
import { createTestApp, type TestApp } from '../../../../test/app.js'
import { FormSession } from '../../../../test/browserlessSession.js'
import { loggedComplaint } from '../../../../test/cases.js'
import type { ReportBlock } from '../../../domain/reports/reportDocument.js'

/**
 * Figures a landlord can publish: one small year, built as the team would have
 * recorded it, with deadlines met on time, met late, still overdue, never met, stopped,
 * extended and recorded late. Every report gives the answer worked out by hand here.
 *
 * March 2026 has no bank holidays. Every complaint is received on Monday 2 March, so its
 * stage 1 acknowledgement is due Monday 9 March (5 working days); acknowledged on Tuesday 3
 * March, its stage 1 response is due Tuesday 17 March (10). The figures are read on Tuesday
 * 31 March, the last day of the reporting year 2025/26.
 */
let t: TestApp
let officer: { id: string; email: string; password: string }
let officerToken: string
let board: { id: string; email: string; password: string }
const refs: Record<string, string> = {}

const at = (day: string, time = '10:00') => new Date(`${day}T${time}:00Z`)

beforeAll(async () => {
  t = await createTestApp({ lateRecordingDays: 2 })
  officer = await t.createStaff('complaints_officer')
  board = await t.createStaff('board')
  officerToken = (await t.services.authentication.issueApiToken(officer.email, officer.password)).token
  const actor = { id: officer.id, role: 'complaints_officer' as const }
  const c = t.services.complaints
  /** Recorded as it happened: the clock stands at the moment of each action. */
  const live = async <T>(day: string, run: (when: Date) => Promise<T>) => {
    t.clock.set(at(day))
    return run(at(day))
  }
  const receive = (name: string) =>
    live('2026-03-02', async () => {
      const id = await loggedComplaint(t, actor, {
        name,
        receivedAt: '2026-03-02T09:15:00Z',
        tenure: 'lcra',
      })
      refs[name] = id
      return id
    })
  const definition = { issues: ['The repair'], outcomesSought: ['Put it right'] }
  const ack = (id: string, when: Date, late?: string) =>
    c.acknowledge(id, actor, {
      acknowledgedAt: when,
      definition,
      ...(late ? { recordedLateReason: late } : {}),
    })
  const respond = (id: string, when: Date, extra: object = {}) =>
    c.respond(id, actor, { respondedAt: when, decision: 'not_upheld', reasons: 'Our reasons.', ...extra })

  // A: acknowledged Wed 4; its response was posted Fri 13 but recorded only on Wed 18 (3
  // working days later), with the letter actually sent attached.
  const a = await receive('A')
  await live('2026-03-04', (w) => ack(a, w))
  t.clock.set(at('2026-03-18'))
  const letter = await c.attachDocument(a, actor, {
    filename: 'response-as-posted.pdf',
    bytes: Buffer.from('%PDF-1.4\nA response\n%%EOF\n'),
  })
  const sent = letter.complaint.events.at(-1)
  await respond(a, at('2026-03-13'), {
    recordedLateReason: 'Posted by the area office; the copy reached us on the 18th',
    sentLetterDocumentId: sent?.type === 'complaint.document_attached' ? sent.documentId : '',
  })
  // B: never acknowledged.
  await receive('B')
  // C: acknowledged late on Wed 11; response due Wed 25, extended by 2 on Fri 20 to Fri 27,
  // sent Thu 26: in time only thanks to the extension.
  const cc = await receive('C')
  await live('2026-03-11', (w) => ack(cc, w))
  await live('2026-03-20', (w) =>
    c.extend(cc, actor, { workingDays: 2, reason: 'Waiting for the damp survey', extendedAt: w }),
  )
  await live('2026-03-26', (w) => respond(cc, w))
  // D: withdrawn Wed 4, before its acknowledgement fell due.
  const d = await receive('D')
  await live('2026-03-04', (w) => c.withdraw(d, actor, { how: 'By phone', withdrawnAt: w }))
  // E: acknowledged Tue 3; withdrawn Fri 27, after its response fell due (Tue 17).
  const e = await receive('E')
  await live('2026-03-03', (w) => ack(e, w))
  await live('2026-03-27', (w) => c.withdraw(e, actor, { how: 'By phone', withdrawnAt: w }))
  // F: acknowledged Tue 3 but recorded on Mon 9 (4 working days later); answered late on Fri
  // 20 (due Tue 17); closed Mon 23.
  const f = await receive('F')
  t.clock.set(at('2026-03-09'))
  await ack(f, at('2026-03-03'), 'The handler was off sick; the letter went on the 3rd')
  await live('2026-03-20', (w) => respond(f, w))
  await live('2026-03-23', (w) => c.close(f, actor, { closedAt: w }))
  // G: refused Tue 3, before acknowledgement.
  const g = await receive('G')
  await live('2026-03-03', (w) =>
    c.refuse(g, actor, { reason: 'legal_proceedings', explanation: 'Before the court.', refusedAt: w }),
  )
  // H: acknowledged Tue 3; its response (due Tue 17) is never sent. On Thu 19 a handler tries
  // to record an extension "agreed on Mon 16": refused, and H stays overdue.
  const h = await receive('H')
  await live('2026-03-03', (w) => ack(h, w))
  refs.backDated = await live('2026-03-19', () =>
    c.extend(h, actor, { workingDays: 5, reason: 'Survey', extendedAt: at('2026-03-16') }).then(
      () => 'accepted',
      (error: Error) => error.message,
    ),
  )
  t.clock.set(at('2026-03-31'))
})
afterAll(async () => {
  await t?.close()
})

const ack62 =
  '66.7% in time (4 of 6 that fell due); 1 late, 1 still overdue; 2 stopped by withdrawal or refusal before falling due (left out of the share); of which recorded more than 2 working days later: 1'
const respond63 =
  '40% in time (2 of 5 that fell due); 1 late, 1 still overdue, 1 never met; 1 in time only thanks to an extension (20% in time without extensions); of which recorded more than 2 working days later: 1'

describe('every figure counts every deadline that fell due', () => {
  it('refused the back-dated extension after the deadline had passed', () => {
    expect(refs.backDated).toMatch(/^Code 6\.4: an extension must be agreed before the deadline it moves/)
  })

  it('self-assessment: the measures of 6.2 and 6.3', async () => {
    const api = apiCaller(
      () => t,
      () => officerToken,
    )
    const res = await api('GET', '/api/v1/self-assessments/2025')
    expect(res.status).toBe(200)
    const measure = (id: string) =>
      res.body.provisions.find((p: { id: string }) => p.id === id).measures[0] as {
        value: string
        concern?: string
      }
    // 6.2: A, E, F, H on time; C late; B overdue; D and G stopped. F was recorded late.
    expect(measure('6.2')).toEqual({
      label: 'Stage 1 acknowledgements due in the year, and the share made in time',
      value: ack62,
      concern: '2 of 6 not in time in the year',
    })
    // 6.3: A on time (recorded late); C on time thanks to its extension; F late; E never met
    // (withdrawn after it fell due); H overdue.
    expect(measure('6.3')).toMatchObject({
      value: respond63,
      concern: '3 of 5 not in time in the year',
    })
  })

  it('board pack: the month, clock by clock', async () => {
    const p = await t.services.boardPack.pack({ from: '2026-03-01', to: '2026-03-31', label: 'March 2026' })
    expect(p.now.timeliness[0]).toMatchObject({
      key: 'acknowledgement',
      onTime: 4,
      late: 1,
      overdue: 1,
      notMet: 0,
      stopped: 2,
      fellDue: 6,
      recordedLate: 1,
      percentInTime: 66.7,
    })
    expect(p.now.timeliness[1]).toMatchObject({
      key: 'stage1Response',
      onTime: 2,
      onTimeByExtension: 1,
      late: 1,
      overdue: 1,
      notMet: 1,
      fellDue: 5,
      recordedLate: 1,
      percentInTime: 40,
      percentInTimeWithoutExtensions: 20,
    })
    const s = new FormSession(t.app)
    await s.signIn(officer.email, officer.password)
    const page = await s.get('/reports/board?period=2026-03')
    const linked = '(<span[^>]*>[^<]*</span></a>)?</th><td[^>]*>'
    expect(page.body).toMatch(new RegExp(`Stage 1 response: not met, still overdue${linked}1<`))
    expect(page.body).toMatch(/Stage 1 response: % in time without extensions<\/th><td[^>]*>20%</)
    expect(page.body).toMatch(
      /Acknowledge, define and log \(stage 1\): of which recorded more than 2 working days later<\/th><td[^>]*>1</,
    )
  })

  it('annual report: the sentence and the table say the same, and it is a draft until the year ends', async () => {
    const v = await t.services.annualReport.view(2025)
    const text = v.document.blocks.map((b: ReportBlock) => (b.kind === 'paragraph' ? b.text : '')).join('\n')
    expect(text).toContain(
      'Acknowledgements: 66.7% were made in time (4 of 6 that fell due; 1 late, 1 still overdue at the time of writing). Stage 1 responses: 40% were sent in time (2 of 5 that fell due; 1 late, 1 still overdue at the time of writing, 1 never met).',
    )
    expect(text).toContain('2 deadlines were stopped by a withdrawal or refusal before falling due')
    expect(text).toContain(
      'Of the deadlines that fell due, 2 rest on a date recorded more than 2 working days after it happened',
    )
    expect(text).not.toMatch(/not worked out/)
    expect(v.yearEnded).toBe(false)

    const boardActor = { id: board.id, role: 'board' as const }
    const officerActor = { id: officer.id, role: 'complaints_officer' as const }
    await t.services.annualReport.setResponse(2025, 'The board has reviewed the year.', officerActor)
    await expect(t.services.annualReport.approve(2025, boardActor)).rejects.toThrow(
      /Code 8\.1: the 2025\/26 report covers the year to Tuesday 31 March 2026, which has not ended/,
    )
    await expect(t.services.annualReport.publish(2025, officerActor)).rejects.toThrow(/has not ended/)
    t.clock.set('2026-04-01T09:00:00Z')
    try {
      await t.services.annualReport.approve(2025, boardActor)
      expect((await t.services.annualReport.publish(2025, officerActor)).version).toBe(1)
      // Code 8.1(a): published without the year's approved self-assessment, it is not yet "yes".
      const api = apiCaller(
        () => t,
        () => officerToken,
      )
      const sa = await api('GET', '/api/v1/self-assessments/2025')
      expect(sa.body.provisions.find((x: { id: string }) => x.id === '8.1').measures[0]).toMatchObject({
        value: 'published without the self-assessment (1 version)',
        concern: 'the published report does not include the year’s approved self-assessment (Code 8.1(a))',
      })
    } finally {
      t.clock.set(at('2026-03-31'))
    }
  })

  it('CH02: against the Code’s timescales, with and without extensions, and recorded late', async () => {
    const api = apiCaller(
      () => t,
      () => officerToken,
    )
    const tsm = await api('GET', '/api/v1/reports/tsm?year=2025')
    // Responses in the year: A (owed 18 March, sent 13: within; recorded late), C (acknowledged
    // late, so counted from 9 March: owed 23 March, + 2 extension = 25 March; sent 26: outside),
    // F (owed 17 March, sent 20: outside). Received: all but G, refused before acknowledgement.
    expect(tsm.body.lcra).toMatchObject({
      stage1Received: 7,
      stage1Responses: 3,
      stage1ResponsesWithinTimescale: 1,
      stage1ResponsesWithinTimescaleWithoutExtension: 1,
      stage1ResponsesRecordedLate: 1,
      ch02Stage1: 33.3,
    })
  })

  it('opens the TSM and annual report pages on the latest year with complaints in it', async () => {
    // On 31 March 2026 the year just ended is 2024/25, which has no complaints; 2025/26 has.
    const s = new FormSession(t.app)
    await s.signIn(officer.email, officer.password)
    expect((await s.get('/reports/tsm')).body).toContain('1 April 2025 to 31 March 2026')
    expect((await s.get('/reports/annual')).body).toMatch(/2025\/26/)
  })

  it('dashboard: this month’s deadlines, by the same rule', async () => {
    const s = new FormSession(t.app)
    await s.signIn(officer.email, officer.password)
    const page = await s.get('/')
    const row = /data-qa="timeliness-acknowledgement">([\s\S]*?)<\/tr>/.exec(page.body)?.[1] ?? ''
    const cells = [...row.matchAll(/<td[^>]*>([^<]*)<\/td>/g)].map((m) => m[1])
    // Fell due, in time, late, not met, share.
    expect(cells).toEqual(['6', '4', '1', '1', '66.7%'])
  })
})
