import ExcelJS from 'exceljs'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../../test/app.js'
import { dailyPromptTo, loggedComplaint } from '../../../test/cases.js'
import { png } from '../../../test/residents.js'
import type { StaffRole } from '../../domain/staff/roles.js'

let t: TestApp
let officer: { id: string; role: StaffRole }
let owner: { id: string; email: string }
let complaintId: string
const ids: Record<string, string> = {}

/*
 * A small dataset worked by hand. Today is Monday 1 June 2026; the complaint came in on 2 March.
 *   A  Dispute Support on the complaint: in 10 April, due 24 April, complied 20 April (on time)
 *   B  CHFO, not progressed, on the complaint: in 15 April, due 29 April, complied 6 May (late)
 *   C  CHFO, information late: in 1 May, due 15 May, open (overdue)
 *   D  Policy check recommendation on 5.8: in 5 May, due 31 July, open (not yet due)
 *   E  Failure notice: in 1 March, due 20 March, open (overdue since 21 March)
 * April to June 2026: received A–D (4); complied on time 1 (A), late 1 (B); open C, D, E (3),
 * of which overdue C and E (2). January to March 2026: received E (1); open and overdue E (1).
 */
beforeAll(async () => {
  t = await createTestApp()
  const o = await t.createStaff('complaints_officer')
  officer = { id: o.id, role: 'complaints_officer' }
  const h = await t.createStaff('handler', 'intervention.owner@test-homes.example')
  owner = { id: h.id, email: h.email }
  t.clock.set('2026-03-02T09:15:00Z')
  complaintId = await loggedComplaint(t, officer, { name: 'Asha Patel', receivedAt: '2026-03-02T09:00:00Z' })
  t.clock.set('2026-06-01T09:00:00Z')
  const record = async (key: string, input: Record<string, string>) => {
    const i = await t.services.interventions.record(officer, {
      ombudsmanReference: `2026-${key}`,
      description: `Intervention ${key}`,
      ownerId: owner.id,
      ...input,
    })
    ids[key] = i.id
  }
  await record('A', { kind: 'dispute_support', complaintId, receivedOn: '2026-04-10', dueOn: '2026-04-24' })
  await record('B', {
    kind: 'failure_order',
    failureType: 'not_progressed',
    complaintId,
    receivedOn: '2026-04-15',
    dueOn: '2026-04-29',
  })
  await record('C', {
    kind: 'failure_order',
    failureType: 'information_late',
    receivedOn: '2026-05-01',
    dueOn: '2026-05-15',
  })
  await record('D', {
    kind: 'policy_recommendation',
    provision: '5.8',
    receivedOn: '2026-05-05',
    dueOn: '2026-07-31',
  })
  await record('E', { kind: 'failure_notice', receivedOn: '2026-03-01', dueOn: '2026-03-20' })
  await t.services.interventions.comply(ids.A ?? '', officer, {
    compliedOn: '2026-04-20',
    evidence: 'Stage 2 response sent',
  })
  await t.services.interventions.comply(ids.B ?? '', officer, {
    compliedOn: '2026-05-06',
    evidence: 'Stage 1 response issued',
    file: { filename: 'response.png', bytes: png },
  })
})
afterAll(async () => {
  await t?.close()
})

describe('the Ombudsman’s interventions, recorded and complied with', () => {
  it('keeps each as events, with late compliance recorded as late and a copy of the evidence', async () => {
    const a = await t.services.interventions.view(ids.A ?? '')
    expect(a.status).toBe('complied')
    expect(a.complaintReference).toMatch(/^[A-Z]/)
    const b = await t.services.interventions.view(ids.B ?? '')
    expect(b.status).toBe('complied_late')
    expect(b.intervention.complied).toMatchObject({ on: '2026-05-06', late: true })
    const doc = b.intervention.complied?.document
    expect(doc?.filename).toBe('response.png')
    const file = await t.services.interventions.document(ids.B ?? '', doc?.id ?? '')
    expect(file.contentType).toBe('image/png')
    expect(Buffer.from(file.content).equals(png)).toBe(true)
    expect((await t.services.interventions.view(ids.C ?? '')).status).toBe('overdue')
    expect((await t.services.interventions.view(ids.D ?? '')).due).toBe(
      'Due 31 July 2026: the date to comply by that the Ombudsman gave in its policy compliance check recommendation of 5 May 2026',
    )
    await expect(
      t.database.db.updateTable('ombudsman_intervention_events').set({ type: 'x' }).execute(),
    ).rejects.toThrow(/append-only/)
  })

  it('refuses what breaks a rule, a file that is not what it says, and a change to a version moved on', async () => {
    await expect(
      t.services.interventions.record(officer, {
        kind: 'policy_recommendation',
        provision: '4.9',
        ombudsmanReference: 'X',
        receivedOn: '2026-05-01',
        description: 'x',
        ownerId: owner.id,
        dueOn: '2026-06-01',
      }),
    ).rejects.toMatchObject({ status: 422, message: expect.stringContaining('no provision 4.9') })
    await expect(
      t.services.interventions.comply(ids.C ?? '', officer, {
        compliedOn: '2026-05-20',
        evidence: 'x',
        file: { filename: 'evil.pdf', bytes: png },
      }),
    ).rejects.toMatchObject({ status: 422 })
    await expect(
      t.services.interventions.comply(ids.C ?? '', officer, {
        compliedOn: '2026-05-20',
        evidence: 'x',
        expectedVersion: 7,
      }),
    ).rejects.toMatchObject({ status: 409 })
    await expect(
      t.services.interventions.comply(ids.A ?? '', officer, { compliedOn: '2026-05-20', evidence: 'again' }),
    ).rejects.toMatchObject({ status: 409 })
    await expect(
      t.services.interventions.record({ id: officer.id, role: 'board' }, {}),
    ).rejects.toMatchObject({ status: 403 })
    expect((await t.services.interventions.view(ids.C ?? '')).intervention.version).toBe(1)
  })

  it('raises an improvement action through the improvement service, and keeps the link', async () => {
    const action = await t.services.interventions.raiseImprovement(ids.B ?? '', officer, {
      title: 'Progress every stage 2 request',
      description: 'A weekly check of stage 2 requests waiting',
      ownerId: owner.id,
      director: 'Director of Housing',
      dueOn: '2026-07-01',
    })
    const v = await t.services.improvement.view(action.id)
    expect(v.action.origin).toEqual({
      kind: 'recommendation',
      detail: 'The Housing Ombudsman: Complaint Handling Failure Order: a complaint not progressed, 2026-B',
    })
    expect(v.action.complaintIds).toEqual([complaintId])
    expect((await t.services.interventions.view(ids.B ?? '')).intervention.improvements).toEqual([
      { actionId: action.id, title: 'Progress every stage 2 request' },
    ])
  })

  it('lists by kind and state, newest first', async () => {
    const open = await t.services.interventions.list({ state: 'open' })
    expect(open.items.map((r) => r.ombudsmanReference)).toEqual(['2026-D', '2026-C', '2026-E'])
    expect(open.items.map((r) => r.status)).toEqual(['open', 'overdue', 'overdue'])
    const orders = await t.services.interventions.list({ kind: 'failure_order' })
    expect(orders.total).toBe(2)
    expect(orders.items.map((r) => r.status)).toEqual(['overdue', 'complied_late'])
  })
})

describe('what the interventions feed', () => {
  it('counts those past their date on the dashboard, and prompts their owner', async () => {
    expect(await t.services.interventions.overdueCount()).toBe(2)
    t.clock.set('2026-06-01T22:59:30Z')
    await t.jobs.runDue()
    const prompt = await dailyPromptTo(t, owner.email)
    expect(prompt).toContain('Owed to the Housing Ombudsman, due soon or overdue')
    expect(prompt).toContain(
      'Complaint Handling Failure Order: information not given to the ombudsman on time: comply (overdue)',
    )
    expect(prompt).toContain('Complaint handling failure notice: comply (overdue)')
    expect(prompt).not.toContain('Policy compliance check recommendation')
    t.clock.set('2026-06-01T09:00:00Z')
  })

  it('gives the board pack its figures by kind, this quarter beside the one before, in the workbook too', async () => {
    const period = { from: '2026-04-01', to: '2026-06-30', label: 'April to June 2026' }
    const p = await t.services.boardPack.pack(period)
    const row = (key: string) => {
      const r = p.interventions.rows.find((x) => x.key === key)
      return r && [r.received, r.compliedOnTime, r.compliedLate, r.open, r.openOverdue]
    }
    expect(p.interventions.asAt).toBe('2026-06-01')
    expect(row('dispute_support')).toEqual([1, 1, 0, 0, 0])
    expect(row('failure_order:not_progressed')).toEqual([1, 0, 1, 0, 0])
    expect(row('failure_order:information_late')).toEqual([1, 0, 0, 1, 1])
    expect(row('failure_notice')).toEqual([0, 0, 0, 1, 1])
    expect(row('policy_recommendation')).toEqual([1, 0, 0, 1, 0])
    expect(p.interventions.total).toEqual({
      received: 4,
      compliedOnTime: 1,
      compliedLate: 1,
      open: 3,
      openOverdue: 2,
    })
    expect(p.interventionsBefore.total).toEqual({
      received: 1,
      compliedOnTime: 0,
      compliedLate: 0,
      open: 1,
      openOverdue: 1,
    })
    const wb = new ExcelJS.Workbook()
    const chunks: Buffer[] = []
    for await (const c of await t.services.boardPack.workbook(period)) chunks.push(Buffer.from(c))
    await wb.xlsx.load(new Uint8Array(Buffer.concat(chunks)).buffer as ArrayBuffer)
    const sheet = wb.getWorksheet('Interventions')
    expect(sheet?.getRow(1).getCell(1).value).toBe('The Housing Ombudsman’s interventions, by kind')
    const rows = (sheet?.getSheetValues() ?? []).map((r) => (Array.isArray(r) ? r.slice(1) : r))
    expect(rows).toContainEqual(['Dispute Support instruction', 1, 1, 0, 0, 0, 0])
    expect(rows).toContainEqual(['All interventions', 4, 1, 1, 3, 2, 1])
  })

  it('reports them under Code 8.1(c) in the annual report', async () => {
    const v = await t.services.annualReport.view(2026)
    const text = JSON.stringify(v.document.blocks)
    expect(text).toContain(
      'The Ombudsman also intervened 4 times in the year outside its investigations (Dispute Support, failure orders, failure notices and policy compliance check recommendations). We complied with 1 on time and 1 late; at the year’s end 3 were open, 2 of them past the date to comply by.',
    )
    expect(text).toContain('The Ombudsman’s interventions and our compliance with them (Code 8.1(c))')
  })

  it('shows the recommendation beside provision 5.8 in the year’s self-assessment, as a concern', async () => {
    // Beside the service's own figure for 5.8 (conflicts of interest declared), the Ombudsman's finding.
    const findings = (m: Record<string, { label: string }[]>) =>
      (m['5.8'] ?? []).filter((x) => x.label.startsWith('Policy compliance check'))
    const m = await t.services.selfAssessment.measures(2026)
    expect(findings(m)).toEqual([
      expect.objectContaining({
        label: 'Policy compliance check recommendation 2026-D (5 May 2026)',
        value: 'Open, due 31 July 2026',
        concern: expect.stringContaining('the Housing Ombudsman found against this provision (2026-D)'),
      }),
    ])
    expect(findings(await t.services.selfAssessment.measures(2025))).toEqual([])
    const n = await sql<{ n: string }>`select count(*) as n from ombudsman_interventions`.execute(
      t.database.db,
    )
    expect(Number(n.rows[0]?.n)).toBe(5)
  })
})
