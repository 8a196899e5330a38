import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../../../test/app.js'
import { FormSession } from '../../../../test/browserlessSession.js'
import { regularBankHolidays } from '../../../domain/calendar/bankHolidays.js'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(async () => {
  await t.close()
})

async function signedIn(role: Parameters<TestApp['createStaff']>[0]) {
  const s = await t.createStaff(role)
  const browser = new FormSession(t.app)
  await browser.signIn(s.email, s.password)
  return browser
}

function multipart(fields: Record<string, string>, file?: { name: string; content: string }) {
  const boundary = '----complaints-test-boundary'
  const parts = Object.entries(fields).map(
    ([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`,
  )
  if (file) {
    parts.push(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: application/json\r\n\r\n${file.content}\r\n`,
    )
  }
  return {
    body: `${parts.join('')}--${boundary}--\r\n`,
    contentType: `multipart/form-data; boundary=${boundary}`,
  }
}

describe('the working days page', () => {
  it('works out a date with its explanation, without JavaScript (a GET form)', async () => {
    const browser = await signedIn('handler')
    const res = await browser.get('/settings/working-days?from-day=18&from-month=12&from-year=2026&days=5')
    expect(res.statusCode).toBe(200)
    expect(res.body).toContain('29 December 2026')
    expect(res.body).toContain(
      'from Fri 18 Dec 2026; 5 working days, skipping Sat 19–Sun 20, Fri 25 (Christmas Day), Sat 26–Sun 27, Mon 28 (Boxing Day, substitute) → Tue 29 Dec 2026',
    )
    const bad = await browser.get('/settings/working-days?from-day=31&from-month=2&from-year=2026&days=x')
    expect(bad.statusCode).toBe(422)
    expect(bad.body).toContain('The start date must be a real date')
    expect(bad.body).toContain('Enter the number of working days')
  })

  it('lists the year’s bank holidays with their status and source; a handler sees no admin forms', async () => {
    const browser = await signedIn('handler')
    const res = await browser.get('/settings/working-days?year=2022')
    expect(res.body).toContain('Platinum Jubilee bank holiday')
    expect(res.body).toContain('Official')
    expect(res.body).toContain('gov.uk bank-holidays.json, shipped with the service')
    expect(res.body).not.toContain('Load bank holidays')
    expect((await browser.get('/settings/working-days?year=2030')).body).toContain('Provisional')
  })

  it('lets an administrator upload a gov.uk file, and refuses a bad one on the page', async () => {
    const browser = await signedIn('admin')
    await browser.get('/settings/working-days')
    const events = regularBankHolidays(2031).map((h) => ({
      title: h.title,
      date: h.date,
      notes: h.substitute ? 'Substitute day' : '',
    }))
    const good = multipart(
      { _csrf: browser.csrfToken() },
      {
        name: 'bank-holidays.json',
        content: JSON.stringify({ 'england-and-wales': { division: 'england-and-wales', events } }),
      },
    )
    const cookie = [...browser.cookies].map(([k, v]) => `${k}=${v}`).join('; ')
    const res = await t.app.inject({
      method: 'POST',
      url: '/settings/working-days/bank-holidays',
      headers: { cookie, 'content-type': good.contentType },
      payload: good.body,
    })
    expect(res.statusCode).toBe(303)
    expect(res.headers.location).toBe('/settings/working-days?imported=2031')
    expect((await browser.get('/settings/working-days?year=2031')).body).not.toContain('Provisional')

    const bad = multipart({ _csrf: browser.csrfToken() }, { name: 'x.json', content: '{"nope": true}' })
    const refused = await t.app.inject({
      method: 'POST',
      url: '/settings/working-days/bank-holidays',
      headers: { cookie, 'content-type': bad.contentType },
      payload: bad.body,
    })
    expect(refused.statusCode).toBe(422)
    expect(refused.body).toContain('The bank holiday file was not loaded')

    const noCsrf = multipart({}, { name: 'x.json', content: '{}' })
    const forged = await t.app.inject({
      method: 'POST',
      url: '/settings/working-days/bank-holidays',
      headers: { cookie, 'content-type': noCsrf.contentType },
      payload: noCsrf.body,
    })
    expect(forged.statusCode).toBe(403)
  })

  it('lets an administrator add and remove closure days, and refuses a handler', async () => {
    const admin = await signedIn('admin')
    await admin.get('/settings/working-days')
    const missing = await admin.post('/settings/working-days/closure-days', {
      'closure-day': '',
      'closure-month': '',
      'closure-year': '',
      title: '',
    })
    expect(missing.statusCode).toBe(422)
    expect(missing.body).toContain('Enter the closure date')
    const added = await admin.post('/settings/working-days/closure-days', {
      'closure-day': '24',
      'closure-month': '12',
      'closure-year': '2026',
      title: 'Christmas shutdown',
    })
    expect(added.headers.location).toBe('/settings/working-days?closureAdded=2026-12-24')
    const page = await admin.get('/settings/working-days?from-day=23&from-month=12&from-year=2026&days=1')
    expect(page.body).toContain('Thu 24 (closure: Christmas shutdown)')
    expect((await admin.get('/settings/working-days')).body).toContain(
      'href="/settings/working-days/closure-days/2026-12-24/remove"',
    )
    const confirm = await admin.get('/settings/working-days/closure-days/2026-12-24/remove')
    expect(confirm.statusCode).toBe(200)
    expect(confirm.body).toContain('Why is it being removed?')
    const noReason = await admin.post('/settings/working-days/closure-days/2026-12-24/remove', { reason: '' })
    expect(noReason.statusCode).toBe(422)
    expect(noReason.body).toContain('Say why the closure day is being removed')
    const removed = await admin.post('/settings/working-days/closure-days/2026-12-24/remove', {
      reason: 'The office will open after all',
    })
    expect(removed.statusCode).toBe(303)
    const past = await admin.post('/settings/working-days/closure-days', {
      'closure-day': '27',
      'closure-month': '2',
      'closure-year': '2026',
      title: 'Snow day',
    })
    expect(past.statusCode).toBe(422)
    expect(past.body).toContain('A closure day can only be added for a date after today')

    const handler = await signedIn('handler')
    await handler.get('/settings/working-days')
    const refused = await handler.post('/settings/working-days/closure-days', {
      'closure-day': '24',
      'closure-month': '12',
      'closure-year': '2026',
      title: 'x',
    })
    expect(refused.statusCode).toBe(403)
  })
})

describe('the timescales page', () => {
  it('shows the policy in force with the Code maxima', async () => {
    const browser = await signedIn('board')
    const res = await browser.get('/settings/policy')
    expect(res.statusCode).toBe(200)
    expect(res.body).toContain('In force today: version 1')
    expect(res.body).toContain('10 (Code 6.3)')
    expect(res.body).not.toContain('Save new version')
  })

  it('refuses a timescale longer than the Code, naming the provision, and saves a faster one', async () => {
    const browser = await signedIn('complaints_officer')
    await browser.get('/settings/policy')
    const base = {
      acknowledgeDays: '5',
      stage1ResponseDays: '12',
      stage1MaxExtensionDays: '10',
      stage2AcknowledgeDays: '5',
      stage2ResponseDays: '20',
      stage2MaxExtensionDays: '20',
      'target-0-name': 'First contact',
      'target-0-days': '2',
      'target-0-from': 'received',
      'target-1-name': '',
      'target-1-days': '',
      'effectiveFrom-day': '2',
      'effectiveFrom-month': '3',
      'effectiveFrom-year': '2026',
    }
    const refused = await browser.post('/settings/policy', base)
    expect(refused.statusCode).toBe(422)
    expect(refused.body).toContain(
      'Code 6.3: the stage 1 response is due within 10 working days of the acknowledgement',
    )
    expect(refused.body).toContain('value="12"')
    const saved = await browser.post('/settings/policy', { ...base, stage1ResponseDays: '8' })
    expect(saved.statusCode).toBe(303)
    const page = await browser.get(saved.headers.location as string)
    expect(page.body).toContain('Version 2 of the timescales is saved.')
    expect(page.body).toContain('Internal target: First contact')
    expect((await t.services.policy.current()).stage1ResponseDays).toBe(8)
  })
})
