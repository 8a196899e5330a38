import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../../../test/app.js'
import { FormSession } from '../../../../test/browserlessSession.js'
import { loggedComplaint } from '../../../../test/cases.js'
import { residentPortalRepository } from '../../../db/repositories/residentPortal.js'

let t: TestApp
let officer: { id: string; email: string; password: string }

beforeAll(async () => {
  t = await createTestApp()
  officer = await t.createStaff('complaints_officer')
  const actor = { id: officer.id, role: 'complaints_officer' as const }
  const definition = { issues: ['The issue'], outcomesSought: ['Put it right'] }
  const ack = (id: string, day: string) =>
    t.services.complaints.acknowledge(id, actor, {
      acknowledgedAt: new Date(`${day}T10:00:00Z`),
      handlerId: officer.id,
      definition,
    })
  const respond = (id: string, day: string, decision: 'upheld' | 'partly_upheld' | 'not_upheld') =>
    t.services.complaints.respond(id, actor, {
      respondedAt: new Date(`${day}T10:00:00Z`),
      decision,
      reasons: 'Our reasons.',
      remedies: decision === 'not_upheld' ? [] : [{ type: 'apology' }],
    })
  t.clock.set('2025-07-15T09:00:00Z')
  // W, in the quarter before: acknowledged on time, partly upheld.
  const w = await loggedComplaint(t, actor, {
    name: 'W',
    receivedAt: '2025-03-20T09:00:00Z',
    categories: ['repairs'],
  })
  await ack(w, '2025-03-21')
  await respond(w, '2025-03-27', 'partly_upheld')
  // X: on time throughout, upheld.
  const x = await loggedComplaint(t, actor, {
    name: 'X',
    receivedAt: '2025-04-07T09:00:00Z',
    categories: ['repairs'],
    tenure: 'lcra',
  })
  await ack(x, '2025-04-09')
  await t.services.complaints.respond(x, actor, {
    respondedAt: new Date('2025-04-17T10:00:00Z'),
    decision: 'upheld',
    reasons: 'Our reasons.',
    remedies: [
      { type: 'apology' },
      { type: 'financial', amount: 150, description: 'For the time and trouble of the delay' },
    ],
  })
  await t.services.complaints.completeRemedy(x, actor, {
    remedyId: '1-2',
    note: 'Paid by bank transfer',
    offsetAgainstArrears: 50,
    residentAgreedOffset: true,
    completedAt: new Date('2025-05-01T10:00:00Z'),
  })
  // Y: acknowledged late (due 9 May, the 5 May bank holiday skipped), answered on time, escalated.
  const y = await loggedComplaint(t, actor, {
    name: 'Y',
    receivedAt: '2025-05-01T09:00:00Z',
    categories: ['damp_and_mould'],
    tenure: 'lcho',
  })
  await ack(y, '2025-05-12')
  await respond(y, '2025-05-20', 'not_upheld')
  await t.services.complaints.requestEscalation(y, actor, { requestedAt: new Date('2025-06-02T10:00:00Z') })
  // The Ombudsman on W: severe maladministration found in the quarter, an order overdue at its end.
  const oc = await t.services.ombudsman.open(w, actor, {
    ombudsmanReference: '202511111',
    kind: 'formal_investigation',
    receivedOn: '2025-05-02',
  })
  t.clock.set('2025-06-20T09:00:00Z')
  await t.services.ombudsman.recordDetermination(oc.id, actor, {
    reportOn: '2025-06-20',
    elements: [
      { element: 'Repairs', finding: 'severe_maladministration' },
      { element: 'Complaint handling', finding: 'service_failure' },
    ],
  })
  await t.services.ombudsman.addDirection(oc.id, actor, {
    direction: 'order',
    kind: 'apology',
    description: 'Apologise in writing',
    ownerId: officer.id,
    dueOn: '2025-06-27',
  })
  // An improvement raised and completed in the quarter.
  const improvement = await t.services.improvement.raise(
    {
      title: 'Call back within a day',
      description: 'Handlers call residents back within a working day.',
      source: 'theme',
      detail: 'Residents not called back',
      ownerId: officer.id,
      director: 'Director of Housing',
      dueOn: '2025-09-30',
    },
    actor,
  )
  await t.services.improvement.complete(improvement.id, actor, {
    evidence: 'The new call-back procedure, in force from 20 June 2025',
    completedOn: '2025-06-20',
  })
  t.clock.set('2025-07-15T09:00:00Z')
  // Z: refused.
  const z = await loggedComplaint(t, actor, {
    name: 'Z',
    receivedAt: '2025-06-10T09:00:00Z',
    categories: ['repairs'],
  })
  // Refused on the day, as it happened: a refusal recorded only after the acknowledgement fell due
  // would leave that deadline missed, not stopped.
  t.clock.set('2025-06-11T10:00:00Z')
  await t.services.complaints.refuse(z, actor, {
    reason: 'legal_proceedings',
    explanation: 'The matter is before the court.',
  })
  t.clock.set('2025-07-15T09:00:00Z')
  // X's resident answered the satisfaction survey in the quarter.
  await residentPortalRepository(t.database.db).insertSurvey({
    complaintId: x,
    stage: 1,
    satisfaction: 'fairly_satisfied',
    at: new Date('2025-05-05T10:00:00Z'),
  })
})
afterAll(async () => {
  await t?.close()
})

describe('the board and MRC pack (Code 9.6, 9.7)', () => {
  it('counts a known quarter beside the one before, by the Code’s clocks', async () => {
    const { periodOf } = await import('../../../domain/reports/boardPack.js')
    const period = periodOf({ period: '2025-Q1' })
    expect(period).toEqual({
      from: '2025-04-01',
      to: '2025-06-30',
      label: 'Quarter 1 of 2025/26 (April to June 2025)',
    })
    const p = await t.services.boardPack.pack(period as NonNullable<typeof period>)
    expect(p.now).toMatchObject({
      stage1Received: 3,
      stage2Received: 1,
      withdrawn: 0,
      escalationRate: 50,
      extensions: 0,
      byCategory: [
        { key: 'repairs', count: 2 },
        { key: 'damp_and_mould', count: 1 },
      ],
      byTenure: [
        { key: 'lcho', count: 1 },
        { key: 'lcra', count: 1 },
        { key: 'not_recorded', count: 1 },
      ],
      refusals: [{ key: 'legal_proceedings', count: 1 }],
    })
    const outcome = (o: { stage: number; decision: string; count: number }[], d: string) =>
      o.find((x) => x.stage === 1 && x.decision === d)?.count
    expect([outcome(p.now.outcomes, 'upheld'), outcome(p.now.outcomes, 'not_upheld')]).toEqual([1, 1])
    // Each deadline in the quarter it fell due (worked out with the 18, 21 April and 5, 26 May
    // bank holidays): X's acknowledgement (due 14 April) on time, Y's (due 9 May) late, Z's
    // (due 17 June) stopped by its refusal on 11 June. Responses: W's (due 4 April, sent 27
    // March), X's (due 25 April) and Y's (due 27 May) on time. Y's stage 2 acknowledgement fell
    // due on 9 June and was never made: still overdue on 15 July.
    expect(p.now.timeliness.slice(0, 3)).toEqual([
      expect.objectContaining({
        key: 'acknowledgement',
        onTime: 1,
        late: 1,
        overdue: 0,
        stopped: 1,
        fellDue: 2,
        percentInTime: 50,
      }),
      expect.objectContaining({ key: 'stage1Response', onTime: 3, late: 0, fellDue: 3, percentInTime: 100 }),
      expect.objectContaining({
        key: 'stage2Acknowledgement',
        onTime: 0,
        overdue: 1,
        fellDue: 1,
        percentInTime: 0,
      }),
    ])
    expect(p.now.remedies).toEqual({
      offered: [
        { key: 'apology', count: 1 },
        { key: 'financial', count: 1 },
      ],
      compensationOffered: 150,
      done: 2,
      compensationPaid: 150,
      setAgainstArrears: 50,
    })
    expect(p.ombudsman).toMatchObject({
      asAt: '2025-06-30',
      received: [{ label: 'Formal investigation', count: 1 }],
      determinations: 1,
      severeMaladministration: 1,
      ordersMade: 1,
      owed: 1,
      overdue: 1,
    })
    expect(p.improvement).toMatchObject({ raised: 1, open: 0, overdue: 0 })
    expect(p.improvement.completed.map((a) => a.title)).toEqual(['Call back within a day'])
    expect(p.satisfaction.now).toMatchObject({ answers: 1, percentSatisfied: 100 })
    // The quarter before: January to March, not the same number of days back.
    expect(p.before.period).toEqual({
      from: '2025-01-01',
      to: '2025-03-31',
      label: 'the previous period (1 January 2025 to 31 March 2025)',
    })
    // W's acknowledgement fell due on 27 March: in the quarter before.
    expect(p.before.timeliness[0]).toMatchObject({ key: 'acknowledgement', onTime: 1, fellDue: 1 })
    expect(p.before).toMatchObject({ stage1Received: 1, escalationRate: 0 })
    expect(outcome(p.before.outcomes, 'partly_upheld')).toBe(1)
  })

  it('shows the pack as a page with charts and tables, downloads it as a workbook, and is for the report roles', async () => {
    const s = new FormSession(t.app)
    await s.signIn(officer.email, officer.password)
    const page = await s.get('/reports/board?period=2025-Q1')
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('Board and MRC pack: Quarter 1 of 2025/26 (April to June 2025)')
    expect(page.body).toMatch(
      /Stage 1 complaints received[^<]*(<span[^>]*>[^<]*<\/span><\/a>)?<\/th><td[^>]*>3<\/td><td[^>]*>1</,
    )
    expect(page.body).toContain('<svg')
    expect(page.body).toMatch(/Acknowledge, define and log \(stage 1\): % in time<\/th><td[^>]*>50%</)
    // Every count opens to the complaints behind it.
    expect(page.body).toContain(
      'href="/reports/board/complaints?from=2025-04-01&amp;to=2025-06-30&amp;kind=received"',
    )
    const received = await s.get('/reports/board/complaints?from=2025-04-01&to=2025-06-30&kind=received')
    expect(received.statusCode).toBe(200)
    expect(received.body).toContain('3 complaints.')
    expect(received.body.match(/href="\/complaints\/[0-9a-f-]{36}"/g)).toHaveLength(3)
    const lateAcks = await s.get(
      '/reports/board/complaints?from=2025-04-01&to=2025-06-30&kind=clock&key=acknowledgement&result=late',
    )
    expect(lateAcks.body).toContain('1 complaint.')
    expect(lateAcks.body).toContain('The Code’s deadlines that fell due: acknowledgement: met late')
    const overdue = await s.get(
      '/reports/board/complaints?from=2025-04-01&to=2025-06-30&kind=clock&key=stage2Acknowledgement&result=overdue',
    )
    expect(overdue.body).toContain('1 complaint.')
    const bad = await s.get('/reports/board?from=2025-06-01&to=2025-05-01')
    expect(bad.statusCode).toBe(422)
    expect(bad.body).toContain('give two dates as YYYY-MM-DD')

    const xlsx = await s.get('/reports/board.xlsx?period=2025-Q1')
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(new Uint8Array(xlsx.rawPayload).buffer as ArrayBuffer)
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      'Volumes',
      'By category',
      'By channel',
      'By tenure',
      'Outcomes',
      'Timeliness',
      'Extensions and refusals',
      'Remedies',
      'Letter audits',
      'Hazards',
      'Ombudsman',
      'Interventions',
      'Improvements',
      'Satisfaction',
    ])
    const volumes = wb.getWorksheet('Volumes')
    expect(volumes?.getRow(1).getCell(1).value).toBe('Complaints received, closed and escalated')
    expect((volumes?.getRow(3).values as unknown[] | undefined)?.slice(1)).toEqual([
      'Stage 1 complaints received',
      3,
      1,
    ])

    // The PDF for board papers: real text, every part of the pack.
    const pdf = await s.get('/reports/board.pdf?period=2025-Q1')
    expect(pdf.headers['content-type']).toBe('application/pdf')
    const { extractText, getDocumentProxy } = await import('unpdf')
    const { text } = await extractText(await getDocumentProxy(new Uint8Array(pdf.rawPayload)), {
      mergePages: true,
    })
    const flat = text.replace(/\s+/g, ' ')
    for (const words of [
      'Board and MRC pack: Quarter 1 of 2025/26 (April to June 2025)',
      'Stage 1 complaints received',
      'Remedies and compensation',
      '£150.00',
      'Findings of severe maladministration',
      'Call back within a day',
      'Satisfied (very or fairly)',
    ])
      expect(flat).toContain(words)

    const board = await t.createStaff('board')
    const b = new FormSession(t.app)
    await b.signIn(board.email, board.password)
    expect((await b.get('/reports/board?period=2025-Q1')).statusCode).toBe(200)
    // The board sees which complaints a figure counts, but not the cases themselves.
    const boardList = await b.get('/reports/board/complaints?from=2025-04-01&to=2025-06-30&kind=received')
    expect(boardList.body).toContain('3 complaints.')
    expect(boardList.body).not.toMatch(/href="\/complaints\//)
    const handler = await t.createStaff('handler')
    const h = new FormSession(t.app)
    await h.signIn(handler.email, handler.password)
    expect((await h.get('/reports/board')).statusCode).toBe(403)
  })
})

describe('the facts the reports count', () => {
  it('are what each complaint’s history says, in SQL as in memory, and are worked out again for older data', async () => {
    const { complaintsRepository } = await import('../../../db/repositories/complaints.js')
    const { reportsRepository } = await import('../../../db/repositories/reports.js')
    const { foldComplaint } = await import('../../../domain/complaints/complaint.js')
    const { reportFacts } = await import('../../../domain/reports/facts.js')
    const { countFacts } = await import('../../../domain/reports/factCounts.js')
    const { deriveReportFactsOnce } = await import('../../../services/reports/facts.js')
    const db = t.database.db
    const calendar = await t.services.calendar.current()
    const policyOf = await t.services.policy.lookup()
    const ids = (await db.selectFrom('complaints').select('id').execute()).map((r) => r.id)
    const facts = []
    for (const id of ids)
      facts.push(
        ...reportFacts(
          foldComplaint(id, await complaintsRepository(db).events(id)),
          policyOf,
          calendar,
          '2025-07-15',
        ),
      )
    const year = { from: '2024-04-01', to: '2026-03-31' }
    const order = (
      c: { kind: string; key: string; tenure: string | null; counted: boolean; within: boolean | null }[],
    ) => c.map((x) => JSON.stringify(x)).sort()
    const inSql = await reportsRepository(db).factCounts(year.from, year.to, '2025-07-15')
    expect(order(inSql)).toEqual(order(countFacts(facts, year, '2025-07-15')))

    // Data from before this release has no facts: they are worked out once, at start-up.
    const before = await t.services.boardPack.pack({ ...year, label: 'two years' })
    await db.deleteFrom('report_facts').execute()
    await db.insertInto('data_upgrades').values({ name: 'report_facts' }).execute()
    expect((await t.services.boardPack.pack({ ...year, label: 'two years' })).now.stage1Received).toBe(0)
    const derive = () =>
      deriveReportFactsOnce({ db, clock: t.clock, calendar: t.services.calendar, policy: t.services.policy })
    // (The day counts are counted afresh from the facts: the figures below are read from them.)
    expect(await derive()).toBe(ids.length)
    expect(await derive()).toBe(0)
    expect((await t.services.boardPack.pack({ ...year, label: 'two years' })).now).toEqual(before.now)

    // The pack's count of complaints received agrees with the case list for the same dates.
    const listed = await t.services.complaints.list({ receivedFrom: '2025-04-01', receivedTo: '2025-06-30' })
    expect(listed.total).toBe(3)
  })
})
