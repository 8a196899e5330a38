import { unzipSync } from 'fflate'
import { extractText, getDocumentProxy } from 'unpdf'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../../../test/app.js'
import { FormSession } from '../../../../test/browserlessSession.js'
import { firstError, png } from '../../../../test/residents.js'

let t: TestApp
let officer: { id: string; email: string; password: string }
let complaintId: string

beforeAll(async () => {
  t = await createTestApp()
  officer = await t.createStaff('complaints_officer')
  await t.createStaff('senior_lead', 'senior.lead@test-homes.example')
  await t.createStaff('board', 'mrc@test-homes.example')
  t.clock.set('2026-03-02T09:15:00Z')
  const { view } = await t.services.complaints.receive(
    {
      channel: 'phone',
      receivedAt: new Date('2026-03-02T09:00:00Z'),
      description: 'Mould',
      resident: { name: 'Asha Patel' },
    },
    { id: officer.id, role: 'complaints_officer' },
  )
  complaintId = view.complaint.id
})
afterAll(async () => {
  await t?.close()
})

const date = (name: string, iso: string) => ({
  [`${name}-day`]: String(Number(iso.slice(8, 10))),
  [`${name}-month`]: String(Number(iso.slice(5, 7))),
  [`${name}-year`]: iso.slice(0, 4),
})

describe('an Ombudsman case, from the enquiry to the evidence of compliance', () => {
  it('is recorded through the pages, tells governance of severe maladministration, and shows what is owed', async () => {
    t.clock.set('2026-06-01T09:00:00Z')
    const s = new FormSession(t.app)
    await s.signIn(officer.email, officer.password)
    await s.get(`/complaints/${complaintId}/ombudsman/new`)
    const refused = await s.post(`/complaints/${complaintId}/ombudsman/new`, {
      kind: 'formal_investigation',
      ...date('receivedOn', '2099-01-01'),
    })
    expect(refused.statusCode).toBe(422)
    expect(refused.body).toContain('Enter the Ombudsman’s reference')
    expect(refused.body).toContain('cannot be in the future')
    const opened = await s.post(`/complaints/${complaintId}/ombudsman/new`, {
      ombudsmanReference: '202612345',
      kind: 'formal_investigation',
      ...date('receivedOn', '2026-05-01'),
    })
    expect(opened.statusCode).toBe(303)
    const caseUrl = String(opened.headers.location).split('?')[0] ?? ''
    const caseId = caseUrl.split('/').pop() ?? ''
    expect((await s.get(`/complaints/${complaintId}`)).body).toContain('Ombudsman case 202612345')

    // Evidence asked for on Friday 1 May: due 15 working days later (the 4 and 25 May bank holidays skipped).
    await s.get(`${caseUrl}/evidence-request`)
    await s.post(`${caseUrl}/evidence-request`, {
      what: 'The complaint file and repairs log',
      ...date('requestedOn', '2026-05-01'),
    })
    let v = await t.services.ombudsman.view(caseId)
    expect(v.case.evidenceRequests[0]?.dueOn).toBe('2026-05-26')
    // It is overdue on 1 June, and counted on the dashboard.
    expect(v.outstanding).toEqual([expect.objectContaining({ overdue: true, dueOn: '2026-05-26' })])
    const dashboard = await s.get('/')
    expect(dashboard.body).toMatch(/data-qa="tile-ombudsmanOverdue"[\s\S]*?data-qa="value">1</)

    const requestId = v.case.evidenceRequests[0]?.id
    await s.get(`${caseUrl}/evidence/${requestId}/sent`)
    await s.post(`${caseUrl}/evidence/${requestId}/sent`, {
      leftOut: 'A neighbour’s name and address',
      ...date('sentOn', '2026-05-20'),
    })

    await s.get(`${caseUrl}/determination`)
    const noElement = await s.post(`${caseUrl}/determination`, { ...date('reportOn', '2026-05-29') })
    expect(noElement.statusCode).toBe(422)
    expect(noElement.body).toContain('Record the finding on at least one element')
    await s.post(`${caseUrl}/determination`, {
      ...date('reportOn', '2026-05-29'),
      element0: 'Handling of the damp and mould repairs',
      finding0: 'severe_maladministration',
      element1: 'Complaint handling',
      finding1: 'maladministration',
    })
    const alerts = await t.database.db
      .selectFrom('mail_messages')
      .select(['to_address', 'subject'])
      .where('kind', '=', 'ombudsman_alert')
      .execute()
    expect(alerts.map((a) => a.to_address).sort()).toEqual([
      'mrc@test-homes.example',
      'senior.lead@test-homes.example',
    ])
    expect(alerts[0]?.subject).toContain('severe maladministration')

    await s.get(`${caseUrl}/direction`)
    const noAmount = await s.post(`${caseUrl}/direction`, {
      direction: 'order',
      kind: 'compensation',
      description: 'Pay £600 for distress and inconvenience',
      ownerId: officer.id,
    })
    expect(firstError(noAmount.body)).toContain('Give the compensation ordered')
    await s.post(`${caseUrl}/direction`, {
      direction: 'order',
      kind: 'compensation',
      description: 'Pay £600 for distress and inconvenience',
      amount: '600',
      ownerId: officer.id,
    })
    v = await t.services.ombudsman.view(caseId)
    // Orders: 4 weeks from the report unless a date is given.
    expect(v.case.directions[0]).toMatchObject({ amount: 600, dueOn: '2026-06-26', ownerId: officer.id })
    const page = await s.get(caseUrl)
    expect(page.body).toContain('Severe maladministration')
    expect(page.body).toContain('£600.00')

    const directionId = v.case.directions[0]?.id
    const form = await s.get(`${caseUrl}/directions/${directionId}/compliance`)
    expect(form.body).toContain('enctype="multipart/form-data"')
    const fields = { evidence: 'Payment record and letter to the resident', ...date('sentOn', '2026-06-01') }
    // A copy of the evidence is checked as any upload: a renamed file is refused, and nothing is recorded.
    const renamed = await s.postFile(`${caseUrl}/directions/${directionId}/compliance`, fields, {
      name: 'payment.pdf',
      bytes: Buffer.from('not a pdf at all'),
    })
    expect(renamed.statusCode).toBe(422)
    expect(renamed.body).toContain('href="#file"')
    expect((await t.services.ombudsman.view(caseId)).case.directions[0]?.complied).toBeUndefined()
    const pdf = Buffer.from('%PDF-1.4\nPayment of £600 made on 29 May 2026\n%%EOF\n')
    const sent = await s.postFile(`${caseUrl}/directions/${directionId}/compliance`, fields, {
      name: 'payment-record.pdf',
      bytes: pdf,
    })
    expect(sent.statusCode).toBe(303)
    v = await t.services.ombudsman.view(caseId)
    const copy = v.case.directions[0]?.complied?.document
    expect(copy?.filename).toBe('payment-record.pdf')
    // Kept with the complaint's documents, and linked from the case page.
    // In the complaint's history too, as any document attached to it.
    const history = (await t.services.complaints.view(v.case.complaintId, 'admin')).complaint.events
    expect(
      history
        .filter((e) => e.type === 'complaint.document_attached')
        .map((e) => 'filename' in e && e.filename),
    ).toContain('payment-record.pdf')
    const kept = await t.services.ombudsman.packDocuments(caseId)
    expect(kept.map((d) => d.filename)).toContain('payment-record.pdf')
    expect((await s.get(caseUrl)).body).toContain(`/documents/${copy?.id}`)
    const copyOpened = await s.get(`/complaints/${v.case.complaintId}/documents/${copy?.id}`)
    expect(copyOpened.statusCode).toBe(200)
    expect(copyOpened.body).toContain('Payment of £600')
    expect(v.outstanding).toEqual([])
    expect((await s.get('/ombudsman-cases')).body).toContain('Nothing is owed to the Ombudsman')
    // Determined and nothing owed: closed, and listed there with its determination.
    const closed = await s.get('/ombudsman-cases?show=closed')
    expect(closed.body).toMatch(/Closed \(1\)/)
    expect(closed.body).toMatch(new RegExp(`${v.case.ombudsmanReference}[\\s\\S]*?Report of`))
    expect((await s.get('/ombudsman-cases?show=open')).body).toContain('No Ombudsman case is open.')
    // The record is append-only.
    await expect(
      t.database.db
        .updateTable('ombudsman_case_events')
        .set({ type: 'x' })
        .where('case_id', '=', caseId)
        .execute(),
    ).rejects.toThrow()
  })

  it('makes the evidence pack: one ZIP with an index and chronology, the letters, the documents not left out, and the timescales', async () => {
    t.clock.set('2026-03-03T10:00:00Z')
    const handler = { id: officer.id, role: 'complaints_officer' as const }
    const { view } = await t.services.complaints.receive(
      {
        channel: 'phone',
        receivedAt: new Date('2026-03-03T09:00:00Z'),
        description: 'Leak',
        resident: { name: 'Ben Ade' },
      },
      handler,
    )
    const id = view.complaint.id
    await t.services.complaints.acknowledge(id, handler, {
      handlerId: officer.id,
      definition: { issues: ['The leak from the flat above'], outcomesSought: ['Stop the leak'] },
    })
    await t.services.complaints.attachDocument(id, handler, {
      filename: 'photo.png',
      bytes: png,
      description: 'The ceiling',
    })
    await t.services.complaints.attachDocument(id, handler, {
      filename: 'neighbour.png',
      bytes: png,
      description: 'The neighbour’s statement',
    })
    t.clock.set('2026-06-01T09:00:00Z')
    const oc = await t.services.ombudsman.open(id, handler, {
      ombudsmanReference: '202699999',
      kind: 'evidence_request',
      receivedOn: '2026-05-20',
    })
    const neighbour = (await t.services.ombudsman.packDocuments(oc.id)).find(
      (d) => d.filename === 'neighbour.png',
    )

    const s = new FormSession(t.app)
    await s.signIn(officer.email, officer.password)
    await s.get(`/ombudsman-cases/${oc.id}/evidence-pack`)
    const noReason = await s.post(`/ombudsman-cases/${oc.id}/evidence-pack`, {
      leaveOut: neighbour?.id ?? '',
    })
    expect(noReason.statusCode).toBe(422)
    expect(firstError(noReason.body)).toContain('Say why the documents are left out')
    const res = await s.post(`/ombudsman-cases/${oc.id}/evidence-pack`, {
      leaveOut: neighbour?.id ?? '',
      reason: 'A neighbour’s personal data',
    })
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toBe('application/zip')
    const zip = unzipSync(new Uint8Array(res.rawPayload))
    const paths = Object.keys(zip).sort()
    expect(paths).toEqual([
      'documents/02-photo.png',
      'index.pdf',
      'letters/01-acknowledgement.pdf',
      'policies/03-timescales-stage-1.pdf',
    ])
    const text = async (path: string) =>
      (await extractText(await getDocumentProxy(zip[path] as Uint8Array), { mergePages: true })).text
    const index = await text('index.pdf')
    expect(index).toContain('202699999')
    expect(index).toContain(view.complaint.reference)
    expect(index).toContain('Complaint received by phone')
    expect(index).toContain('Acknowledged, defined and logged at stage 1')
    // The complaint as defined: what it is about and what the resident wants.
    expect(index).toContain('Outcome sought: Stop the leak')
    expect(index).toContain('documents/02-photo.png')
    expect(index).toContain('neighbour.png')
    expect(index).toContain('A neighbour’s personal data')
    expect(await text('letters/01-acknowledgement.pdf')).toContain('The leak from the flat above')
    expect(await text('policies/03-timescales-stage-1.pdf')).toContain('Stage 1 acknowledgement: 5')
    expect(Buffer.from(zip['documents/02-photo.png'] as Uint8Array).equals(png)).toBe(true)
    // What was left out is kept on the case.
    const v = await t.services.ombudsman.view(oc.id)
    expect(v.case.packs).toEqual([
      expect.objectContaining({
        leftOut: [{ documentId: neighbour?.id, filename: 'neighbour.png' }],
        reason: 'A neighbour’s personal data',
      }),
    ])
  })

  it('puts what is owed to the Ombudsman in the daily prompts: orders for their owner, everything for the team', async () => {
    t.clock.set('2026-06-01T09:00:00Z')
    const officerActor = { id: officer.id, role: 'complaints_officer' as const }
    const handler = await t.createStaff('handler', 'order.owner@test-homes.example')
    const oc = await t.services.ombudsman.open(complaintId, officerActor, {
      ombudsmanReference: '202677777',
      kind: 'formal_investigation',
      receivedOn: '2026-05-01',
    })
    await t.services.ombudsman.requestEvidence(oc.id, officerActor, {
      what: 'The repairs log',
      requestedOn: '2026-05-28',
      dueOn: '2026-06-03',
    })
    await t.services.ombudsman.recordDetermination(oc.id, officerActor, {
      reportOn: '2026-05-29',
      elements: [{ element: 'Repairs', finding: 'service_failure' }],
    })
    await t.services.ombudsman.addDirection(oc.id, officerActor, {
      direction: 'order',
      kind: 'works',
      description: 'Inspect the roof',
      ownerId: handler.id,
      dueOn: '2026-06-02',
    })
    // The prompts go out at the set time (23:59 in these tests) on a working day.
    t.clock.set('2026-06-01T22:59:30Z')
    await t.jobs.runDue()
    const prompt = async (email: string) =>
      (
        await t.database.db
          .selectFrom('mail_messages')
          .select('text_body')
          .where('kind', '=', 'daily_prompt')
          .where('to_address', '=', email)
          .executeTakeFirst()
      )?.text_body ?? ''
    const owner = await prompt('order.owner@test-homes.example')
    expect(owner).toContain('Owed to the Housing Ombudsman, due soon or overdue (1)')
    expect(owner).toContain('Order: Inspect the roof, due Tue 2 Jun 2026')
    expect(owner).not.toContain('The repairs log')
    const team = await prompt(officer.email)
    expect(team).toContain('Evidence: The repairs log, due Wed 3 Jun 2026')
    expect(team).toContain('Order: Inspect the roof')
  })

  it('refuses to record anything for a role that does not handle complaints', async () => {
    const board = await t.createStaff('board')
    const s = new FormSession(t.app)
    await s.signIn(board.email, board.password)
    expect((await s.get(`/complaints/${complaintId}/ombudsman/new`)).statusCode).toBe(403)
  })
})
