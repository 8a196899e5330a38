import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../../../../test/app.js'
import { regularBankHolidays } from '../../../../domain/calendar/bankHolidays.js'

let t: TestApp
let admin: string
let handler: string
beforeAll(async () => {
  t = await createTestApp()
  admin = await t.tokenFor('admin')
  handler = await t.tokenFor('handler')
})
afterAll(async () => {
  await t.close()
})

const get = (url: string, token = handler) =>
  t.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } })
const send = (method: 'POST' | 'PUT' | 'DELETE', url: string, body: unknown, token = admin) =>
  t.app.inject({
    method,
    url,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
  })

/** A gov.uk-format file for 2028: the regular holidays plus a one-off, as gov.uk would publish it. */
function file2028(extra: { title: string; date: string }[] = []) {
  const events = [
    ...regularBankHolidays(2028).map((h) => ({
      title: h.title,
      date: h.date,
      notes: h.substitute ? 'Substitute day' : '',
      bunting: true,
    })),
    ...extra.map((e) => ({ ...e, notes: '', bunting: true })),
  ]
  return {
    'england-and-wales': { division: 'england-and-wales', events },
    scotland: { division: 'scotland', events: [] },
  }
}

describe('GET /api/v1/working-days/add', () => {
  it('counts from day 0, skipping weekends and bank holidays, and explains itself', async () => {
    const res = await get('/api/v1/working-days/add?from=2026-12-18&days=5')
    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({
      date: '2026-12-29',
      explanation:
        'from Fri 18 Dec 2026; 5 working days, skipping Sat 19–Sun 20, Fri 25 (Christmas Day), Sat 26–Sun 27, Mon 28 (Boxing Day, substitute) → Tue 29 Dec 2026',
    })
    expect((await get('/api/v1/working-days/add?from=2026-03-07&days=0')).json().date).toBe('2026-03-07')
    expect((await get('/api/v1/working-days/add?from=2026-03-07&days=1')).json().date).toBe('2026-03-09')
  })

  it('refuses a bad date or count with 400, and a date outside the calendar with 422', async () => {
    const bad = await get('/api/v1/working-days/add?from=2026-02-30&days=5')
    expect(bad.statusCode).toBe(400)
    expect(bad.json().error.details[0]).toMatchObject({
      field: 'from',
      message: 'must be a real date written YYYY-MM-DD',
    })
    expect((await get('/api/v1/working-days/add?from=2026-02-03&days=-1')).statusCode).toBe(400)
    expect((await get('/api/v1/working-days/add?from=2026-02-03')).statusCode).toBe(400)
    const outside = await get('/api/v1/working-days/add?from=1999-01-01&days=1')
    expect(outside.statusCode).toBe(422)
    expect(outside.json().error.message).toMatch(/outside the calendar the service keeps/)
  })

  it('needs credentials', async () => {
    expect((await t.app.inject('/api/v1/working-days/add?from=2026-12-18&days=5')).statusCode).toBe(401)
  })

  it('tells whether a day is a working day and counts between dates', async () => {
    expect((await get('/api/v1/working-days/2026-12-28')).json()).toEqual({
      date: '2026-12-28',
      workingDay: false,
      reason: 'bank_holiday',
      title: 'Boxing Day',
      nextWorkingDay: '2026-12-29',
    })
    expect((await get('/api/v1/working-days/between?from=2026-12-18&to=2026-12-29')).json()).toEqual({
      workingDays: 5,
    })
  })
})

describe('bank holidays', () => {
  it('lists official and provisional holidays, with the source and when it was loaded', async () => {
    const res = await get('/api/v1/calendar/bank-holidays')
    expect(res.statusCode).toBe(200)
    const body = res.json()
    expect(body.source).toBe('gov.uk bank-holidays.json, shipped with the service')
    expect(body.updatedAt).toEqual(expect.any(String))
    expect(body.items).toContainEqual({
      date: '2022-09-19',
      title: 'Bank Holiday for the State Funeral of Queen Elizabeth II',
      provisional: false,
      substitute: false,
    })
    expect(body.items).toContainEqual({
      date: '2028-12-25',
      title: 'Christmas Day',
      provisional: true,
      substitute: false,
    })
  })

  it('only an administrator may load a file', async () => {
    expect((await send('POST', '/api/v1/calendar/bank-holidays', file2028(), handler)).statusCode).toBe(403)
    expect(
      (
        await send(
          'POST',
          '/api/v1/calendar/bank-holidays',
          file2028(),
          await t.tokenFor('complaints_officer'),
        )
      ).statusCode,
    ).toBe(403)
  })

  it('refuses a malformed file with the reasons, changing nothing', async () => {
    const before = (await get('/api/v1/calendar/bank-holidays')).json()
    for (const bad of [
      { foo: 1 },
      { 'england-and-wales': { division: 'england-and-wales', events: [{ title: 'x', date: 'soon' }] } },
    ]) {
      const res = await send('POST', '/api/v1/calendar/bank-holidays', bad)
      expect(res.statusCode).toBe(422)
      expect(res.json().error.message).toMatch(/^The bank holiday file was not loaded: /)
    }
    const notJson = await t.app.inject({
      method: 'POST',
      url: '/api/v1/calendar/bank-holidays',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      payload: '{"england-and-wales": [',
    })
    expect(notJson.statusCode).toBe(400)
    expect((await get('/api/v1/calendar/bank-holidays')).json()).toEqual(before)
  })

  it('a newer file makes provisional years official, adds a one-off holiday, and moves the dates that depend on it', async () => {
    const before = await get('/api/v1/working-days/add?from=2028-06-01&days=5')
    expect(before.json().date).toBe('2028-06-08')

    const res = await send(
      'POST',
      '/api/v1/calendar/bank-holidays',
      file2028([{ title: 'Bank holiday for a royal occasion', date: '2028-06-05' }]),
    )
    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({
      years: [2028],
      previouslyProvisionalYears: [2028],
      added: [{ date: '2028-06-05', title: 'Bank holiday for a royal occasion', provisional: false }],
      removed: [],
    })

    const after = await get('/api/v1/working-days/add?from=2028-06-01&days=5')
    expect(after.json().date).toBe('2028-06-09')
    expect(after.json().explanation).toContain('Mon 5 (Bank holiday for a royal occasion)')
    const list = (await get('/api/v1/calendar/bank-holidays')).json()
    expect(
      list.items
        .filter((h: { date: string }) => h.date.startsWith('2028'))
        .every((h: { provisional: boolean }) => !h.provisional),
    ).toBe(true)
    expect(list.source).toBe('gov.uk bank-holidays.json, loaded through the API')
    // The years the file did not cover are kept.
    expect(list.items).toContainEqual(
      expect.objectContaining({ date: '2022-06-03', title: 'Platinum Jubilee bank holiday' }),
    )
  })
})

describe('closure days', () => {
  it('an administrator declares and removes a closure day; dates move each time', async () => {
    expect((await get('/api/v1/working-days/add?from=2026-12-23&days=1')).json().date).toBe('2026-12-24')
    const added = await send('POST', '/api/v1/calendar/closure-days', {
      date: '2026-12-24',
      title: 'Christmas shutdown',
    })
    expect(added.statusCode).toBe(201)
    const moved = (await get('/api/v1/working-days/add?from=2026-12-23&days=1')).json()
    expect(moved.date).toBe('2026-12-29')
    expect(moved.explanation).toContain('Thu 24 (closure: Christmas shutdown)')
    expect((await get('/api/v1/calendar/closure-days')).json().items).toEqual([
      { date: '2026-12-24', title: 'Christmas shutdown' },
    ])
    const noReason = await send('DELETE', '/api/v1/calendar/closure-days/2026-12-24', undefined)
    expect(noReason.statusCode).toBe(422)
    expect(noReason.json().error.details).toEqual([
      { field: 'reason', message: 'Say why the closure day is being removed' },
    ])
    expect(
      (
        await send('DELETE', '/api/v1/calendar/closure-days/2026-12-24', {
          reason: 'Office opening after all',
        })
      ).statusCode,
    ).toBe(204)
    expect((await get('/api/v1/working-days/add?from=2026-12-23&days=1')).json().date).toBe('2026-12-24')
    const audit = await t.database.db
      .selectFrom('audit_log')
      .select(['action', 'details', 'actor_id'])
      .where('action', 'like', 'calendar.closure%')
      .execute()
    expect(audit.map((a) => a.action)).toEqual(['calendar.closure_day_added', 'calendar.closure_day_removed'])
    expect(audit[1]?.details).toMatchObject({ date: '2026-12-24', reason: 'Office opening after all' })
    expect(audit[1]?.actor_id).toBeTruthy()
  })

  it('extends the Code’s clocks only when the landlord turns it on, and never counts closures for Awaab’s Law', async () => {
    expect((await get('/api/v1/calendar/code-clocks')).json()).toEqual({ closureDaysExtendCodeClocks: false })
    expect(
      (await send('PUT', '/api/v1/calendar/code-clocks', { closureDaysExtendCodeClocks: true }, handler))
        .statusCode,
    ).toBe(403)
    expect(
      (await send('PUT', '/api/v1/calendar/code-clocks', { closureDaysExtendCodeClocks: 'yes' })).statusCode,
    ).toBe(400)
    const on = await send('PUT', '/api/v1/calendar/code-clocks', { closureDaysExtendCodeClocks: true })
    expect(on.json()).toEqual({ closureDaysExtendCodeClocks: true })
    const off = await send('PUT', '/api/v1/calendar/code-clocks', { closureDaysExtendCodeClocks: false })
    expect(off.json()).toEqual({ closureDaysExtendCodeClocks: false })
    const audit = await t.database.db
      .selectFrom('audit_log')
      .select(['details'])
      .where('action', '=', 'calendar.closures_extend_code_clocks_changed')
      .orderBy('id')
      .execute()
    expect(audit.map((a) => a.details)).toEqual([{ on: true }, { on: false }])
  })

  it('cannot rewrite the past: no closure day is added or removed for today or a date that has passed', async () => {
    // The test clock is Monday 2 March 2026.
    for (const date of ['2026-02-27', '2026-03-02']) {
      const past = await send('POST', '/api/v1/calendar/closure-days', { date, title: 'Snow day' })
      expect(past.statusCode).toBe(422)
      expect(past.json().error.message).toMatch(/only be added for a date after today/)
    }
    expect(
      (await send('POST', '/api/v1/calendar/closure-days', { date: '2026-03-03', title: 'Snow day' }))
        .statusCode,
    ).toBe(201)
    t.clock.set('2026-03-04T09:00:00Z')
    try {
      const removePast = await send(
        'DELETE',
        '/api/v1/calendar/closure-days/2026-03-03?reason=mistake',
        undefined,
      )
      expect(removePast.statusCode).toBe(422)
      expect(removePast.json().error.message).toMatch(/has passed, and changing it would rewrite deadlines/)
      expect((await get('/api/v1/calendar/closure-days')).json().items).toContainEqual({
        date: '2026-03-03',
        title: 'Snow day',
      })
    } finally {
      t.clock.set('2026-03-02T09:15:00Z')
    }
  })

  it('refuses a closure day that is already not a working day, a duplicate, and a handler', async () => {
    const weekend = await send('POST', '/api/v1/calendar/closure-days', {
      date: '2026-12-26',
      title: 'Saturday',
    })
    expect(weekend.statusCode).toBe(422)
    expect(weekend.json().error.message).toContain('is not a working day already')
    expect(
      (await send('POST', '/api/v1/calendar/closure-days', { date: '2026-12-31', title: 'x' }, handler))
        .statusCode,
    ).toBe(403)
    expect(
      (await send('DELETE', '/api/v1/calendar/closure-days/2026-12-31?reason=tidying', undefined)).statusCode,
    ).toBe(404)
  })
})
