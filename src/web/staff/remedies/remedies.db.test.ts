import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { apiCaller } from '../../../../test/api.js'
import { createTestApp, type TestApp } from '../../../../test/app.js'
import { FormSession } from '../../../../test/browserlessSession.js'
import { firstError } from '../../../../test/residents.js'
import { countRemediesOwedOnce } from '../../../services/remedies/upgrade.js'

let t: TestApp
let token: string
let officer: { id: string; email: string; password: string }
const api = apiCaller(
  () => t,
  () => token,
)

beforeAll(async () => {
  t = await createTestApp({ apiTokenDays: 3650 })
  officer = await t.createStaff('complaints_officer')
  token = (await t.services.authentication.issueApiToken(officer.email, officer.password)).token
})
afterAll(async () => {
  await t?.close()
})

/** A complaint acknowledged on Monday 2 March 2026, ready for its stage 1 response. */
async function acknowledged(name: string) {
  t.clock.set('2026-03-02T09:15:00Z')
  const created = await api('POST', '/api/v1/complaints', {
    channel: 'phone',
    receivedAt: '2026-03-02T09:00:00Z',
    description: 'The boiler failed three times',
    resident: { name, email: `${name.split(' ')[0]?.toLowerCase()}@example.org` },
  })
  const url = `/api/v1/complaints/${created.body.id}`
  expect(
    (
      await api('POST', `${url}/acknowledge`, {
        handlerId: officer.id,
        definition: { issues: ['Boiler repairs'], outcomesSought: ['A working boiler'] },
      })
    ).status,
  ).toBe(200)
  return { id: created.body.id as string, url }
}

describe('remedies followed through (Code 7.1–7.4)', () => {
  it('offers compensation broken down, records the answer and the payment, and only then closes', async () => {
    const { id, url } = await acknowledged('Bola Adeyemi')
    t.clock.set('2026-03-09T10:00:00Z')
    const remedies = (breakdown: Record<string, number>) => [
      { type: 'apology' },
      { type: 'financial', amount: 250, description: 'For the failed repairs', breakdown },
      { type: 'record_amended', description: 'Correct the repairs history' },
    ]
    const wrongSum = await api('POST', `${url}/responses`, {
      decision: 'upheld',
      reasons: 'Three visits failed to fix the boiler.',
      remedies: remedies({ timeAndTrouble: 100, distressAndInconvenience: 100 }),
    })
    expect(wrongSum.status).toBe(422)
    expect(wrongSum.body.error.details[0]).toMatchObject({ field: 'remedies.1.breakdown', provision: '7.2' })
    expect(wrongSum.body.error.message).toContain('add up to £200.00, not the £250.00 offered')

    const responded = await api('POST', `${url}/responses`, {
      decision: 'upheld',
      reasons: 'Three visits failed to fix the boiler.',
      remedies: remedies({ timeAndTrouble: 100, distressAndInconvenience: 120, financialLoss: 30 }),
    })
    expect(responded.status).toBe(200)
    expect(responded.body.responses[0].remedies[1].breakdown).toEqual({
      timeAndTrouble: 100,
      distressAndInconvenience: 120,
      financialLoss: 30,
    })
    // The apology is given in the letter; the payment and the record are owed, 20 working days on.
    expect(
      responded.body.remedies.map((r: { id: string; status: string; dueOn: string }) => [
        r.id,
        r.status,
        r.dueOn,
      ]),
    ).toEqual([
      ['1-1', 'done', '2026-04-08'],
      ['1-2', 'offered', '2026-04-08'],
      ['1-3', 'offered', '2026-04-08'],
    ])
    const letters = await api('GET', `${url}/letters`)
    const letter = letters.body.items.find((l: { kind: string }) => l.kind === 'stage1_response').text
    expect(letter).toContain(
      'A financial remedy of £250.00: For the failed repairs. This is made up of £30.00 for financial loss, £100.00 for time and trouble, £120.00 for distress and inconvenience.',
    )

    // Unpaid and undone remedies are outstanding actions: on the register and in the queue counts.
    expect(
      (await t.services.complaints.view(id, 'admin')).remedies.filter((r) => r.outstanding),
    ).toHaveLength(2)
    const register = await api('GET', '/api/v1/remedies')
    expect(
      register.body.items
        .filter((i: { complaintId: string }) => i.complaintId === id)
        .map((i: { remedyId: string }) => i.remedyId),
    ).toEqual(['1-2', '1-3'])
    expect(register.body.totals.owedMoney).toBeGreaterThanOrEqual(250)

    t.clock.set('2026-03-12T10:00:00Z')
    const declined = await api('POST', `${url}/remedies/1-2/answer`, {
      answer: 'declined',
      note: 'Wants more',
    })
    expect(declined.status).toBe(200)
    const payDeclined = await api('POST', `${url}/remedies/1-2/completion`, {})
    expect(payDeclined.status).toBe(409)
    expect(payDeclined.body.error.message).toContain('declined this remedy')
    const answerApology = await api('POST', `${url}/remedies/1-1/answer`, { answer: 'accepted' })
    expect(answerApology.status).toBe(409)
    expect(answerApology.body.error.message).toContain('given in the response letter itself')
    expect((await api('POST', `${url}/remedies/1-2/answer`, { answer: 'accepted' })).status).toBe(200)

    const offsetWithoutAgreement = await api('POST', `${url}/remedies/1-2/completion`, {
      offsetAgainstArrears: 50,
    })
    expect(offsetWithoutAgreement.status).toBe(422)
    expect(offsetWithoutAgreement.body.error.details[0]).toMatchObject({
      field: 'residentAgreedOffset',
      provision: '7.4',
    })
    const tooMuch = await api('POST', `${url}/remedies/1-2/completion`, {
      offsetAgainstArrears: 300,
      residentAgreedOffset: true,
    })
    expect(tooMuch.body.error.message).toContain('cannot be more than the £250.00 offered')
    const noEvidence = await api('POST', `${url}/remedies/1-3/completion`, {})
    expect(noEvidence.status).toBe(422)
    expect(noEvidence.body.error.details[0]).toMatchObject({ field: 'note', provision: '7.3' })

    const closeEarly = await api('POST', `${url}/closure`, {})
    expect(closeEarly.status).toBe(422)
    expect(closeEarly.body.error.message).toMatch(
      /^Code 7\.3: .*a financial remedy \(remedy 1-2\); amending a record/,
    )

    const paid = await api('POST', `${url}/remedies/1-2/completion`, {
      offsetAgainstArrears: 50,
      residentAgreedOffset: true,
    })
    expect(paid.status).toBe(200)
    expect(paid.body.remedies[1]).toMatchObject({
      status: 'done',
      done: { on: '2026-03-12', offsetAgainstArrears: 50, withTheResponse: false },
    })
    expect(
      (await api('POST', `${url}/remedies/1-3/completion`, { note: 'Repairs history corrected' })).status,
    ).toBe(200)
    expect((await api('POST', `${url}/remedies/1-3/completion`, { note: 'Again' })).status).toBe(409)
    expect((await api('POST', `${url}/closure`, {})).body.state).toBe('closed')

    const all = await api('GET', '/api/v1/remedies?show=all')
    const mine = all.body.items.filter((i: { complaintId: string }) => i.complaintId === id)
    expect(mine.map((i: { status: string }) => i.status)).toEqual(['done', 'done', 'done'])
    expect(all.body.totals.offsetMoney).toBe(50)
    expect(
      (await api('GET', '/api/v1/remedies')).body.items.some(
        (i: { complaintId: string }) => i.complaintId === id,
      ),
    ).toBe(false)
  })

  it('works through the pages: the guidance beside the form, the answer, the payment and the register', async () => {
    const { id } = await acknowledged('Cerys Lloyd')
    t.clock.set('2026-03-09T10:00:00Z')
    const s = new FormSession(t.app)
    await s.signIn(officer.email, officer.password)
    const form = await s.get(`/complaints/${id}/respond`)
    expect(form.body).toContain(
      'Compensation guidance (Code 7.4): Housing Ombudsman: guidance on financial redress',
    )
    const issueField = /name="(issue-[^"]+)"/.exec(form.body)?.[1] as string
    const typed = {
      [issueField]: 'upheld',
      decision: 'upheld',
      reasons: 'The boiler was left broken for a fortnight in winter.',
      remedies: ['apology', 'financial'],
      amount: '450',
      'part-timeAndTrouble': '150',
      'part-distressAndInconvenience': '250',
      'part-financialLoss': '50',
      'remedy-financial': 'For the fortnight without heating',
    }
    // Checking the figure shows where the discretionary part sits, and saves nothing.
    const checked = await s.post(`/complaints/${id}/respond`, { ...typed, check: 'band' })
    expect(checked.statusCode).toBe(200)
    expect(checked.body).toContain('£400.00 is in the “Adverse effect” band (£100.00 to £600.00)')
    expect((await t.services.complaints.view(id, 'admin')).complaint.state).toBe('stage1')
    const wrong = await s.post(`/complaints/${id}/respond`, { ...typed, 'part-financialLoss': '60' })
    expect(wrong.statusCode).toBe(422)
    expect(firstError(wrong.body)).toContain('Code 7.2')
    const sent = await s.postWithLetter(`/complaints/${id}/respond`, typed)
    expect(sent.statusCode, firstError(sent.body)).toBe(303)

    const page = await s.get(`/complaints/${id}`)
    expect(page.body).toMatch(
      /data-qa="remedy-1-2"[\s\S]*?Distress and inconvenience: £250\.00[\s\S]*?Offered/,
    )
    expect(page.body).toMatch(/data-qa="remedy-1-1"[\s\S]*?In the response letter/)

    t.clock.set('2026-03-09T15:00:00Z')
    await s.get(`/complaints/${id}/answer-remedy`)
    const answered = await s.post(`/complaints/${id}/answer-remedy`, { remedyId: '1-2', answer: 'accepted' })
    expect(answered.statusCode, firstError(answered.body)).toBe(303)
    await s.get(`/complaints/${id}/complete-remedy`)
    const noAgreement = await s.post(`/complaints/${id}/complete-remedy`, {
      remedyId: '1-2',
      offsetAgainstArrears: '£100',
    })
    expect(noAgreement.statusCode).toBe(422)
    expect(firstError(noAgreement.body)).toContain('only with the resident’s agreement')
    const paid = await s.post(`/complaints/${id}/complete-remedy`, {
      remedyId: '1-2',
      offsetAgainstArrears: '£100',
      residentAgreedOffset: 'yes',
    })
    expect(paid.statusCode, firstError(paid.body)).toBe(303)
    const after = await s.get(`/complaints/${id}`)
    expect(after.body).toMatch(/data-qa="remedy-1-2"[\s\S]*?Paid[\s\S]*?£100\.00 set against arrears/)
    expect(after.body).toContain('A remedy offered at stage 1 paid')

    const register = await s.get('/remedies?show=all')
    expect(register.body).toMatch(/Cerys Lloyd[\s\S]*?A financial remedy[\s\S]*?£450\.00[\s\S]*?Done/)
  })

  it('replaces a stage 1 remedy at stage 2 through the form: marked replaced, not declined, and only the new one owed', async () => {
    const { id, url } = await acknowledged('Dara Quinn')
    t.clock.set('2026-03-09T10:00:00Z')
    const first = await api('POST', `${url}/responses`, {
      decision: 'upheld',
      reasons: 'The boiler repairs were late.',
      remedies: [{ type: 'financial', amount: 50, description: 'For the late repairs' }],
    })
    expect(first.status).toBe(200)
    expect((await api('POST', `${url}/escalations`, {})).status).toBe(200)
    const reviewer = await t.createStaff('senior_lead')
    const reviewerToken = (await t.services.authentication.issueApiToken(reviewer.email, reviewer.password))
      .token
    const definition = { issues: ['Boiler repairs'], outcomesSought: ['A working boiler'] }
    expect(
      (await api('POST', `${url}/acknowledge`, { handlerId: reviewer.id, definition }, reviewerToken)).status,
    ).toBe(200)
    const s = new FormSession(t.app)
    await s.signIn(reviewer.email, reviewer.password)
    const form = await s.get(`/complaints/${id}/respond`)
    expect(form.body).toContain('Stage 1: A financial remedy of £50.00 (For the late repairs)')
    const issueId = /name="issue-([0-9a-f-]{36})"/.exec(form.body)?.[1] as string
    const fields = {
      version: /name="version" value="(\d+)"/.exec(form.body)?.[1] as string,
      decision: 'upheld',
      [`issue-${issueId}`]: 'upheld',
      reasons: 'Six weeks without heating were worth more than £50.',
      involved: 'Sam Green, repairs manager',
      remedies: 'financial',
      amount: '200',
      'remedy-financial': 'For six weeks without heating',
      'replaces-financial': '1-1',
    }
    const noWhy = await s.post(`/complaints/${id}/respond`, fields)
    expect(noWhy.statusCode).toBe(422)
    expect(firstError(noWhy.body)).toContain('say why it replaces the stage 1 remedy')
    const sent = await s.postWithLetter(`/complaints/${id}/respond`, {
      ...fields,
      'replacesWhy-financial': 'The stage 1 offer did not reflect six weeks without heating',
    })
    expect(sent.statusCode, firstError(sent.body)).toBe(303)
    const owed = (await api('GET', url)).body.remedies as {
      id: string
      status: string
      outstanding: boolean
    }[]
    expect(owed.map((r) => [r.id, r.status, r.outstanding])).toEqual([
      ['1-1', 'superseded', false],
      ['2-1', 'offered', true],
    ])
    const page = await s.get(`/complaints/${id}`)
    expect(page.body).toMatch(/data-qa="remedy-1-1"[\s\S]*?Replaced at stage 2/)
    const [letter] = (await t.services.complaints.letters(id)).filter((l) => l.kind === 'stage2_response')
    expect(letter?.text).toContain('This replaces a financial remedy of £50.00, which we offered at stage 1.')
  })

  it('keeps dated sets of compensation bands, checked, with the newest in force from its date', async () => {
    const s = new FormSession(t.app)
    await s.signIn(officer.email, officer.password)
    const page = await s.get('/settings/compensation')
    expect(page.body).toContain('£1,000.00 and above')
    expect(page.body).toContain('Housing Ombudsman Service, Guidance on remedies')
    const overlapping = await s.post('/settings/compensation', {
      title: 'Our policy 2026',
      source: 'Board, 1 March 2026',
      effectiveFrom: '2026-03-01',
      'band-0-label': 'Low',
      'band-0-min': '0',
      'band-0-max': '200',
      'band-0-description': 'Small failings',
      'band-1-label': 'High',
      'band-1-min': '150',
      'band-1-description': 'Everything else',
    })
    expect(overlapping.statusCode).toBe(200)
    expect(firstError(overlapping.body)).toContain('Band 2: it starts at £150.00, inside band 1')
    const added = await s.post('/settings/compensation', {
      title: 'Our policy 2026',
      source: 'Board, 1 March 2026',
      effectiveFrom: '2026-03-01',
      'band-0-label': 'Low',
      'band-0-min': '0',
      'band-0-max': '200',
      'band-0-description': 'Small failings',
      'band-1-label': 'High',
      'band-1-min': '200',
      'band-1-description': 'Everything else',
    })
    expect(added.statusCode, firstError(added.body)).toBe(303)
    const guidance = await api('GET', '/api/v1/compensation-guidance')
    expect(guidance.body.items.map((g: { title: string; inForce: boolean }) => [g.title, g.inForce])).toEqual(
      [
        ['Our policy 2026', true],
        ['Housing Ombudsman: guidance on financial redress', false],
      ],
    )
    const placed = await t.services.remedies.place(200, undefined)
    expect(placed.placed?.summary).toBe(
      '£200.00 is in the “Low” band (£0.00 to £200.00) and the “High” band (£200.00 and above) of Our policy 2026',
    )
    // Before its date, the earlier set is the one in force.
    expect((await t.services.remedies.place(200, undefined, '2026-02-01')).set?.title).toBe(
      'Housing Ombudsman: guidance on financial redress',
    )
    const board = await t.tokenFor('board')
    const refused = await t.app.inject({
      method: 'POST',
      url: '/api/v1/compensation-guidance',
      headers: { authorization: `Bearer ${board}` },
      payload: {
        title: 'x',
        source: 'y',
        effectiveFrom: '2026-03-01',
        bands: [{ min: 0, label: 'a', description: 'b' }],
      },
    })
    expect(refused.statusCode).toBe(403)
  })

  it('counts remedies offered before they were tracked as owed, once, and lets them be followed through even if closed', async () => {
    const { id, url } = await acknowledged('Fola Legacy')
    t.clock.set('2026-03-09T10:00:00Z')
    await api('POST', `${url}/responses`, {
      decision: 'upheld',
      reasons: 'The repair was late.',
      remedies: [{ type: 'financial', amount: 75, description: 'For the delay' }],
    })
    // As a complaint answered and closed before this release left it: counted as nothing owed.
    await t.database.db
      .insertInto('complaint_events')
      .values({
        complaint_id: id,
        seq: (await t.services.complaints.view(id, 'admin')).complaint.version + 1,
        type: 'complaint.closed',
        at: new Date('2026-03-09T11:00:00Z'),
        recorded_at: new Date('2026-03-09T11:00:00Z'),
        actor_id: officer.id,
        by_resident: false,
        data: JSON.stringify({}),
      })
      .execute()
    await t.database.db
      .updateTable('complaints')
      .set((eb) => ({
        state: 'closed',
        open_actions: 0,
        next_action_due_on: null,
        version: eb('version', '+', 1),
      }))
      .where('id', '=', id)
      .execute()
    await t.database.db.insertInto('data_upgrades').values({ name: 'remedies_outstanding' }).execute()
    expect(
      (await api('GET', '/api/v1/remedies')).body.items.some(
        (i: { complaintId: string }) => i.complaintId === id,
      ),
    ).toBe(false)

    expect(
      await countRemediesOwedOnce({ db: t.database.db, clock: t.clock, calendar: t.services.calendar }),
    ).toBeGreaterThan(0)
    const row = await t.database.db
      .selectFrom('complaints')
      .select(['open_actions', 'next_action_due_on'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow()
    expect(row).toEqual({ open_actions: 1, next_action_due_on: '2026-04-08' })
    expect(
      (await api('GET', '/api/v1/remedies')).body.items.find(
        (i: { complaintId: string }) => i.complaintId === id,
      ),
    ).toMatchObject({ remedyId: '1-1', status: 'offered' })
    // Once only: the marker is gone.
    expect(
      await countRemediesOwedOnce({ db: t.database.db, clock: t.clock, calendar: t.services.calendar }),
    ).toBe(0)

    t.clock.set('2026-03-20T10:00:00Z')
    const paid = await api('POST', `${url}/remedies/1-1/completion`, { note: 'Paid by cheque' })
    expect(paid.status, JSON.stringify(paid.body)).toBe(200)
    expect(paid.body.state).toBe('closed')
    expect(
      (await api('GET', '/api/v1/remedies')).body.items.some(
        (i: { complaintId: string }) => i.complaintId === id,
      ),
    ).toBe(false)
  })
})
