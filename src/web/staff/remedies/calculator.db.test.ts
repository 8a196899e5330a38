import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { apiCaller } from '../../../../test/api.js'
import { createTestApp, type TestApp } from '../../../../test/app.js'
import { FormSession } from '../../../../test/browserlessSession.js'
import { firstError } from '../../../../test/residents.js'

let t: TestApp
let token: string
let officer: { id: string; email: string; password: string }
let lead: { id: string; email: string; password: string }
const api = apiCaller(
  () => t,
  () => token,
)

beforeAll(async () => {
  t = await createTestApp({ apiTokenDays: 3650 })
  officer = await t.createStaff('complaints_officer')
  lead = await t.createStaff('senior_lead')
  token = (await t.services.authentication.issueApiToken(officer.email, officer.password)).token
})
afterAll(async () => {
  await t?.close()
})

/** The calculator's GET form, as the browser sends it. */
const calculatorUrl = (fields: Record<string, string>) =>
  `/remedies/calculator?${new URLSearchParams({ calculate: '1', ...fields })}`
const dateFields = (name: string, date: string) => ({
  [`${name}-day`]: String(Number(date.slice(8, 10))),
  [`${name}-month`]: String(Number(date.slice(5, 7))),
  [`${name}-year`]: date.slice(0, 4),
})
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ')

describe('the remedy calculator (Code 7.4)', () => {
  it('works out the 2026 defined sums line by line, the total and the gap, from a GET form', async () => {
    t.clock.set('2026-04-20T10:00:00Z')
    const s = new FormSession(t.app)
    await s.signIn(officer.email, officer.password)
    const blank = await s.get('/remedies/calculator')
    expect(blank.statusCode).toBe(200)
    expect(blank.body).toContain('data-qa="calculator-form"')
    expect(blank.body).toContain('method="get"')
    expect(text(blank.body)).toContain(
      'Housing Ombudsman compensation guidance, published 3 February 2026, in force from 1 April 2026',
    )
    const page = await s.get(
      calculatorUrl({
        ...dateFields('on', '2026-04-20'),
        ...dateFields('lossOfHeating-from', '2026-04-03'),
        ...dateFields('lossOfHeating-to', '2026-04-10'),
        ...dateFields('lossOfPower-from', '2026-04-09'),
        ...dateFields('lossOfPower-to', '2026-04-10'),
        missedAppointments: '2',
        band: 'Minor failure',
        discretionary: '',
        offer: '175',
      }),
    )
    expect(page.statusCode).toBe(200)
    const words = text(page.body)
    // 8 × £15 + 2 × £10 + 2 × £15 + £50 = £220; the offer of £175 is £45 below it.
    expect(words).toContain(
      'Heating and hot water lost 3–10 April 2026: 8 days × £15 = £120 (Ombudsman 2026 guidance)',
    )
    expect(words).toContain('Power lost 9–10 April 2026: 2 days × £10 = £20 (Ombudsman 2026 guidance)')
    expect(words).toContain('2 missed appointments × £15 = £30 (Ombudsman 2026 guidance)')
    expect(words).toContain(
      'Time and trouble, distress and inconvenience: £50, the lowest figure of the “Minor failure” band (£50 to £100)',
    )
    expect(/data-qa="total"[^>]*>\s*<strong>([^<]+)</.exec(page.body)?.[1]).toBe('£220')
    expect(words).toContain('The offer of £175 is £45 below the guidance figure of £220')
    expect(words).toContain('Days are counted inclusive of the first and the last day')
  })

  it('uses the 2024 guidance for a response on 31 March 2026, which sets no daily sums', async () => {
    const s = new FormSession(t.app)
    await s.signIn(officer.email, officer.password)
    const page = await s.get(
      calculatorUrl({
        ...dateFields('on', '2026-03-31'),
        ...dateFields('lossOfHeating-from', '2026-03-03'),
        ...dateFields('lossOfHeating-to', '2026-03-10'),
      }),
    )
    const words = text(page.body)
    expect(words).toContain('Housing Ombudsman: guidance on remedies (April 2024)')
    expect(words).toContain(
      'Heating and hot water lost 3–10 March 2026: 8 days, but no rate for it is set (the Ombudsman 2024 guidance has none',
    )
  })

  it('shows what it could not read, and what the rules refuse, beside the fields', async () => {
    const s = new FormSession(t.app)
    await s.signIn(officer.email, officer.password)
    const unread = await s.get(
      calculatorUrl({ ...dateFields('lossOfPower-from', '2026-02-30'), missedAppointments: 'two' }),
    )
    expect(unread.statusCode).toBe(200)
    expect(firstError(unread.body)).toContain('Loss of power: the first day must be a real date')
    expect(unread.body).toContain('Missed appointments: enter a whole number, for example 2')
    const refused = await s.get(
      calculatorUrl({
        ...dateFields('on', '2026-04-20'),
        ...dateFields('lossOfHeating-from', '2026-04-10'),
        ...dateFields('lossOfHeating-to', '2026-04-03'),
        band: 'Minor failure',
        discretionary: '150',
      }),
    )
    expect(firstError(refused.body)).toContain(
      'Loss of heating and hot water: the last day must be on or after the first',
    )
    expect(text(refused.body)).toContain('Code 7.4: £150 is outside the “Minor failure” band (£50 to £100)')
    expect(refused.body).not.toContain('data-qa="calculation"')
  })

  it('for a complaint, checks against the guidance in force on its response’s date, with its offer', async () => {
    t.clock.set('2026-03-02T09:15:00Z')
    const created = await api('POST', '/api/v1/complaints', {
      channel: 'phone',
      receivedAt: '2026-03-02T09:00:00Z',
      description: 'No heating for a week',
      resident: { name: 'Ada Okafor', email: 'ada@example.org' },
    })
    const url = `/api/v1/complaints/${created.body.id}`
    await api('POST', `${url}/acknowledge`, {
      handlerId: officer.id,
      definition: { issues: ['Heating'], outcomesSought: ['Heating fixed'] },
    })
    // Not yet responded: today's guidance. (A session lasts hours: sign in after the clock moves.)
    t.clock.set('2026-04-02T10:00:00Z')
    const s = new FormSession(t.app)
    await s.signIn(officer.email, officer.password)
    // The response form links to it, with the defined sums in force and their source beside.
    const form = await s.get(`/complaints/${created.body.id}/respond`)
    expect(form.body).toContain(`href="/remedies/calculator?complaint=${created.body.id}"`)
    expect(text(form.body)).toContain(
      'Defined sums (Code 7.4): Housing Ombudsman: compensation guidance (April 2026)',
    )
    const beforePage = await s.get(`/remedies/calculator?complaint=${created.body.id}`)
    expect(beforePage.statusCode, beforePage.body.slice(0, 500)).toBe(200)
    const before = text(beforePage.body)
    expect(before).toContain('today, 2 April 2026: the stage is not yet responded to')
    expect(before).toContain('Housing Ombudsman: compensation guidance (April 2026)')
    t.clock.set('2026-03-30T10:00:00Z')
    const responded = await api('POST', `${url}/responses`, {
      decision: 'upheld',
      reasons: 'The heating was left broken.',
      remedies: [{ type: 'financial', amount: 80, description: 'For the week without heating' }],
    })
    expect(responded.status).toBe(200)
    t.clock.set('2026-04-20T10:00:00Z')
    await s.signIn(officer.email, officer.password)
    const page = await s.get(`/remedies/calculator?complaint=${created.body.id}`)
    const words = text(page.body)
    expect(words).toContain('the date of the stage 1 response, 30 March 2026')
    expect(words).toContain('Housing Ombudsman: guidance on remedies (April 2024)')
    expect(page.body).toMatch(/id="offer"[^>]*value="80"|value="80"[^>]*id="offer"/)
    expect(
      (await s.get('/remedies/calculator?complaint=00000000-0000-4000-8000-000000000000')).statusCode,
    ).toBe(404)
  })
})

describe('the landlord’s own compensation rates (Code 7.4)', () => {
  it('are added by a senior lead as dated versions, kept, and used by the calculator when higher', async () => {
    t.clock.set('2026-04-20T10:00:00Z')
    const s = new FormSession(t.app)
    await s.signIn(lead.email, lead.password)
    const empty = await s.get('/settings/compensation-rates')
    expect(empty.body).toContain('data-qa="no-rates"')
    const bad = await s.post('/settings/compensation-rates', {
      source: '',
      ...dateFields('effectiveFrom', '2026-05-01'),
      lossOfHeating: 'twenty',
    })
    expect(bad.statusCode).toBe(200)
    expect(firstError(bad.body)).toContain('Enter the rate in pounds, for example 20 or 12.50')
    const refused = await s.post('/settings/compensation-rates', {
      source: '',
      ...dateFields('effectiveFrom', '2026-05-01'),
      lossOfHeating: '20',
    })
    expect(firstError(refused.body)).toContain('Code 7.4: say where the rates come from')
    for (const [from, heating] of [
      ['2026-05-01', '20'],
      ['2026-09-01', '25'],
    ] as const) {
      const added = await s.post('/settings/compensation-rates', {
        source: `Compensation policy, Board ${from}`,
        ...dateFields('effectiveFrom', from),
        lossOfHeating: heating,
        missedAppointment: '10',
      })
      expect(added.statusCode, firstError(added.body)).toBe(303)
    }
    // Seen on 10 May: the May version is in force, September's is kept for its date.
    t.clock.set('2026-05-10T10:00:00Z')
    await s.signIn(lead.email, lead.password)
    const page = text((await s.get('/settings/compensation-rates')).body)
    expect(page).toContain('From 1 September 2026 Source: Compensation policy, Board 2026-09-01')
    expect(page).toContain('From 1 May 2026 In force')
    expect(page).toContain('£20 a day')

    // The calculator on 4 May: ours for heating (£20 over £15), the Ombudsman's for appointments (£15 over £10).
    const calc = text(
      (
        await s.get(
          calculatorUrl({
            ...dateFields('on', '2026-05-04'),
            ...dateFields('lossOfHeating-from', '2026-05-01'),
            ...dateFields('lossOfHeating-to', '2026-05-03'),
            missedAppointments: '1',
          }),
        )
      ).body,
    )
    expect(calc).toContain(
      'Heating and hot water lost 1–3 May 2026: 3 days × £20 = £60 (our policy from 1 May 2026; Ombudsman 2026 guidance sets £15)',
    )
    expect(calc).toContain(
      '1 missed appointment × £15 = £15 (Ombudsman 2026 guidance; our policy from 1 May 2026 sets £10)',
    )
    expect(calc).toContain('Below the Ombudsman’s rate')

    // A complaints officer sees them but may not set them.
    const o = new FormSession(t.app)
    await o.signIn(officer.email, officer.password)
    expect((await o.get('/settings/compensation-rates')).body).not.toContain('data-qa="rates-form"')
    const forbidden = await o.post('/settings/compensation-rates', {
      source: 'x',
      ...dateFields('effectiveFrom', '2026-05-01'),
      lossOfHeating: '30',
    })
    expect(forbidden.statusCode).toBe(403)
  })
})

describe('the remedy guidance API', () => {
  it('gives the rule set in force on a day, works out a calculation, and keeps the landlord’s rates', async () => {
    const on31 = await api('GET', '/api/v1/remedy-guidance?on=2026-03-31')
    expect(on31.status).toBe(200)
    expect(on31.body.ombudsman.id).toBe('hos-2024')
    expect(on31.body.ombudsman.rates).toEqual({})
    const on1 = await api('GET', '/api/v1/remedy-guidance?on=2026-04-01')
    expect(on1.body.ombudsman).toMatchObject({
      id: 'hos-2026',
      source:
        'Housing Ombudsman compensation guidance, published 3 February 2026, in force from 1 April 2026',
      rates: { lossOfHeating: 15, heatingOrHotWater: 8, lossOfPower: 10, missedAppointment: 15 },
    })
    expect((await api('GET', '/api/v1/remedy-guidance?on=2026-02-30')).status).toBe(400)

    const calc = await api('POST', '/api/v1/remedy-guidance/calculation', {
      on: '2026-04-10',
      losses: [{ kind: 'heatingOrHotWater', from: '2026-04-01', to: '2026-04-05' }],
      missedAppointments: 1,
      band: 'Adverse effect',
      discretionaryAmount: 150,
      offer: 200,
    })
    expect(calc.status).toBe(200)
    // 5 × £8 + £15 + £150 = £205: the offer of £200 is £5 below.
    expect(calc.body.lines.map((l: { amount: number }) => l.amount)).toEqual([40, 15, 150])
    expect(calc.body.total).toBe(205)
    expect(calc.body.gap).toEqual({
      amount: -5,
      words: 'The offer of £200 is £5 below the guidance figure of £205',
    })
    const refused = await api('POST', '/api/v1/remedy-guidance/calculation', {
      on: '2026-04-10',
      losses: [{ kind: 'lossOfPower', from: '2026-04-05', to: '2026-04-01' }],
    })
    expect(refused.status).toBe(422)
    expect(refused.body.error.details).toEqual([
      { field: 'lossOfPower.to', message: 'Loss of power: the last day must be on or after the first' },
    ])

    const leadToken = await t.tokenFor('senior_lead')
    const add = (bearer: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/compensation-rates',
        headers: { authorization: `Bearer ${bearer}` },
        payload: { source: 'Policy v5', effectiveFrom: '2026-10-01', rates: { lossOfPower: 12 } },
      })
    expect((await add(token)).statusCode).toBe(403)
    const added = await add(leadToken)
    expect(added.statusCode, added.body).toBe(201)
    const list = await api('GET', '/api/v1/compensation-rates')
    expect(list.body.items.map((i: { source: string }) => i.source)[0]).toBe('Policy v5')
    // A version is kept as it was added: never changed or removed in place.
    await expect(
      t.database.db.updateTable('landlord_compensation_rates').set({ source: 'Changed' }).execute(),
    ).rejects.toThrow()
    await expect(t.database.db.deleteFrom('landlord_compensation_rates').execute()).rejects.toThrow()

    const doc = (await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json() as {
      paths: Record<string, unknown>
    }
    for (const path of [
      '/api/v1/remedy-guidance',
      '/api/v1/remedy-guidance/calculation',
      '/api/v1/compensation-rates',
    ])
      expect(Object.keys(doc.paths)).toContain(path)
  })
})
