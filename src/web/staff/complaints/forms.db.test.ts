import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../../../test/app.js'
import { FormSession } from '../../../../test/browserlessSession.js'
import { letterHtml } from '../../../domain/letters/layout.js'
import type { Actor } from '../../../services/complaints.js'

let t: TestApp
let handler: Actor & { email: string; password: string }
let other: Actor

beforeAll(async () => {
  t = await createTestApp({ sessionHours: 24 * 100 })
  const h = await t.createStaff('handler')
  handler = { id: h.id, role: 'handler', email: h.email, password: h.password }
  other = { id: (await t.createStaff('handler')).id, role: 'handler' }
})
afterAll(async () => {
  await t.close()
})

const definition = { issues: ['Leak'], outcomesSought: ['Fix it'] }

/** A complaint brought to the state each form needs, through the services. */
async function complaintFor(
  state: 'received' | 'stage1' | 'stage1_responded' | 'stage2_requested' | 'with_action',
) {
  const { view } = await t.services.complaints.receive(
    {
      channel: 'phone',
      receivedAt: new Date('2026-03-02T09:00:00Z'),
      description: 'Leak',
      resident: { name: 'Forms Test' },
    },
    handler,
  )
  const id = view.complaint.id
  if (state === 'received') return id
  await t.services.complaints.acknowledge(id, handler, { handlerId: handler.id, definition })
  if (state === 'stage1') return id
  await t.services.complaints.respond(id, handler, {
    decision: 'upheld',
    reasons: 'r',
    remedies: [{ type: 'apology' }],
    outstandingActions: state === 'with_action' ? [{ description: 'Fix the pipe', dueOn: '2026-04-01' }] : [],
  })
  if (state === 'stage1_responded' || state === 'with_action') return id
  await t.services.complaints.requestEscalation(id, handler, {})
  return id
}

const forms = [
  { path: 'acknowledge', state: 'received', required: 'Choose who will handle the complaint' },
  { path: 'contact', state: 'received', required: 'Say whether the resident contacted you' },
  { path: 'note', state: 'received', required: 'Write the note' },
  { path: 'issue', state: 'received', required: 'Describe the new issue' },
  { path: 'withdraw', state: 'received', required: 'Say how the resident told you' },
  {
    path: 'refuse',
    state: 'received',
    required: 'Code 2.2: a complaint may be refused only on one of the grounds',
  },
  { path: 'extend', state: 'stage1', required: 'An extension must be a whole number of working days' },
  { path: 'respond', state: 'stage1', required: 'Choose the decision on the complaint overall' },
  { path: 'escalate', state: 'stage1_responded', required: undefined },
  { path: 'close', state: 'stage1_responded', required: undefined },
  { path: 'complete-action', state: 'with_action', required: 'Choose the action that is complete' },
  { path: 'acknowledge', state: 'stage2_requested', required: 'Choose who will handle the complaint' },
] as const

async function signedIn(email: string, password: string) {
  const browser = new FormSession(t.app)
  await browser.signIn(email, password)
  return browser
}

describe('every action form', () => {
  it.each(forms)(
    '$path (from $state): shows the form, needs CSRF, explains what is missing, and is refused to the board',
    async ({ path, state, required }) => {
      t.clock.set('2026-03-02T10:00:00Z')
      const id = await complaintFor(state)
      t.clock.set('2026-03-03T10:00:00Z')
      const browser = await signedIn(handler.email, handler.password)
      const form = await browser.get(`/complaints/${id}/${path}`)
      expect(form.statusCode).toBe(200)
      expect(form.body).toContain('name="version"')

      const version = /name="version" value="(\d+)"/.exec(form.body)?.[1] as string
      const noCsrf = await browser.post(`/complaints/${id}/${path}`, { version }, { csrf: false })
      expect(noCsrf.statusCode).toBe(403)

      await browser.get(`/complaints/${id}/${path}`)
      if (required) {
        const empty = await browser.post(`/complaints/${id}/${path}`, { version })
        expect(empty.statusCode).toBe(422)
        expect(empty.body).toContain('govuk-error-summary')
        expect(empty.body).toContain(required)
      } else {
        const done = await browser.post(`/complaints/${id}/${path}`, { version })
        expect(done.statusCode).toBe(303)
      }
      expect((await t.services.complaints.view(id, 'admin')).complaint.version).toBe(
        Number(version) + (required ? 0 : 1),
      )

      const board = await t.createStaff('board')
      const boardBrowser = await signedIn(board.email, board.password)
      // The board sees reports only: not the case, let alone its actions.
      expect((await boardBrowser.get(`/complaints/${id}/${path}`)).statusCode).toBe(403)
      expect((await boardBrowser.get(`/complaints/${id}`)).statusCode).toBe(403)
    },
  )

  it('shows every broken rule at once, in the domain’s words, beside its field', async () => {
    t.clock.set('2026-03-02T10:00:00Z')
    const id = await complaintFor('stage1')
    const browser = await signedIn(handler.email, handler.password)
    await browser.get(`/complaints/${id}/respond`)
    const res = await browser.post(`/complaints/${id}/respond`, {
      version: '3',
      remedies: 'financial',
      'action-0-description': '',
      'action-0-due-day': '1',
      'action-0-due-month': '4',
      'action-0-due-year': '2026',
    })
    expect(res.statusCode).toBe(422)
    for (const message of [
      'Choose the decision on the complaint overall',
      'Code 6.7: give clear reasons for the decision',
      'Code 6.7: give a decision on “Leak”',
      'a financial remedy needs its amount',
      'say what the financial remedy is for',
      'Outstanding action 1: describe what will be done',
    ]) {
      expect(res.body).toContain(message)
    }
    expect(res.body).toContain('href="#amount"')
    expect(res.body).toContain('href="#action-0-description"')
  })

  it('says so, instead of saving, when the form no longer fits the complaint', async () => {
    const id = await complaintFor('received')
    const browser = await signedIn(handler.email, handler.password)
    const res = await browser.get(`/complaints/${id}/respond`)
    expect(res.statusCode).toBe(409)
    expect(res.body).toContain('A response is given once at each stage')
  })

  it('shows a stale form as a conflict, keeping what was typed', async () => {
    t.clock.set('2026-03-02T10:00:00Z')
    const id = await complaintFor('received')
    const browser = await signedIn(handler.email, handler.password)
    await browser.get(`/complaints/${id}/note`)
    await t.services.complaints.addNote(id, other, { text: 'Someone else got there first' })
    const res = await browser.post(`/complaints/${id}/note`, { version: '1', text: 'My note' })
    expect(res.statusCode).toBe(409)
    expect(res.body).toContain('Someone else changed this complaint')
    expect(res.body).toContain('My note')
  })

  it('shows the letter before it is sent, and sends exactly the letter that was shown', async () => {
    const id = await complaintFor('received')
    const browser = new FormSession(t.app)
    await browser.signIn(handler.email, handler.password)
    const form = await browser.get(`/complaints/${id}/acknowledge`)
    const fields = {
      version: /name="version" value="(\d+)"/.exec(form.body)?.[1] as string,
      handlerId: handler.id,
      conflictAnswer: 'none',
      issues: 'The kitchen ceiling leaks',
      outcomesSought: 'Repair the roof',
    }
    const shown = await browser.post(`/complaints/${id}/acknowledge`, fields)
    expect(shown.statusCode).toBe(200)
    const preview = /data-qa="letter-preview">([\s\S]*?)<\/section>/.exec(shown.body)?.[1] ?? ''
    expect(preview).toContain('The kitchen ceiling leaks')
    // Shown, not recorded.
    expect((await t.services.complaints.view(id, 'admin')).complaint.state).toBe('received')
    expect(await t.services.complaints.letters(id)).toEqual([])
    // Changed after it was shown: nothing is recorded, and the new letter is shown with a warning.
    const checksum = /name="letterChecksum" value="([^"]+)"/.exec(shown.body)?.[1] as string
    const changed = await browser.post(`/complaints/${id}/acknowledge`, {
      ...fields,
      issues: 'The bathroom ceiling leaks',
      intent: 'send',
      letterChecksum: checksum,
    })
    expect(changed.statusCode).toBe(200)
    expect(changed.body).toContain('data-qa="letter-changed"')
    expect(changed.body).toContain('The bathroom ceiling leaks')
    expect((await t.services.complaints.view(id, 'admin')).complaint.state).toBe('received')
    // Sent as shown: the letter issued is the letter previewed, word for word.
    const sent = await browser.post(`/complaints/${id}/acknowledge`, {
      ...fields,
      intent: 'send',
      letterChecksum: checksum,
    })
    expect(sent.statusCode).toBe(303)
    const [letter] = await t.services.complaints.letters(id)
    expect(letter?.kind).toBe('acknowledgement')
    expect(letterHtml(letter?.text ?? '')).toBe(preview)
  })

  it('logs a complaint from the form, warning about a resident with one already open', async () => {
    t.clock.set('2026-03-02T10:00:00Z')
    await complaintFor('received')
    const browser = await signedIn(handler.email, handler.password)
    await browser.get('/complaints/new')
    const fields = {
      channel: 'letter',
      'received-day': '2',
      'received-month': '3',
      'received-year': '2026',
      receivedTime: '09:30',
      residentName: 'Forms Test',
      description: 'The same leak again',
    }
    const empty = await browser.post('/complaints/new', { channel: 'letter' })
    expect(empty.statusCode).toBe(422)
    expect(empty.body).toContain('Enter the resident’s name')
    const warned = await browser.post('/complaints/new', fields)
    expect(warned.statusCode).toBe(409)
    expect(warned.body).toContain('This resident already has an open complaint')
    const logged = await browser.post('/complaints/new', { ...fields, confirmDuplicate: 'yes' })
    expect(logged.statusCode).toBe(303)
    const page = await browser.get(logged.headers.location as string)
    expect(page.body).toContain('logged')
    expect(page.body).toContain('2 Mar 2026, 09:30')
    const repNoConsent = await browser.post('/complaints/new', {
      ...fields,
      residentName: 'Someone Else',
      hasRepresentative: 'yes',
      representativeName: 'Cllr Jones',
    })
    // Code 1.3: without consent the complaint is still logged, and the case says consent is needed.
    expect(repNoConsent.statusCode).toBe(303)
    const repCase = await browser.get(repNoConsent.headers.location as string)
    expect(repCase.body).toContain('data-qa="consent-needed"')
    expect(repCase.body).toContain('Consent needed (Code 1.3): Cllr Jones made this complaint')
    expect(repCase.body).toContain('2 Mar 2026, 09:30')
  })

  it('asks on the phone what the online form asks: how to keep in touch, and the support needed', async () => {
    t.clock.set('2026-03-02T10:00:00Z')
    const browser = await signedIn(handler.email, handler.password)
    const form = await browser.get('/complaints/new')
    expect(form.body).toContain('How would they like us to keep them updated?')
    const fields = {
      channel: 'phone',
      'received-day': '2',
      'received-month': '3',
      'received-year': '2026',
      receivedTime: '09:30',
      residentName: 'Phone Intake',
      description: 'The lift has been broken for a month',
      updateMethod: 'phone',
      updateFrequency: 'weekly',
      needs: ['another_language', 'large_print'],
    }
    const noLanguage = await browser.post('/complaints/new', fields)
    expect(noLanguage.statusCode).toBe(422)
    // Staff see the rule's provision; the error sits by the language field.
    expect(noLanguage.body).toContain('href="#language"')
    expect(noLanguage.body).toContain('Code 3.2: say which language you would like information in')
    const logged = await browser.post('/complaints/new', { ...fields, language: 'Polish' })
    expect(logged.statusCode).toBe(303)
    const id = /\/complaints\/([0-9a-f-]{36})/.exec(logged.headers.location as string)?.[1] as string
    const c = (await t.services.complaints.view(id, 'admin')).complaint
    expect(c.adjustments).toEqual({ needs: ['another_language', 'large_print'], language: 'Polish' })
    expect(c.updatePreference).toEqual({ method: 'phone', frequency: 'weekly' })
    // Large print asked for: letters come in large print.
    expect(c.resident.largePrint).toBe(true)
  })

  it('takes a phone complaint on in one tick, with a vulnerability kept on the resident record only', async () => {
    t.clock.set('2026-03-02T10:00:00Z')
    const browser = await signedIn(handler.email, handler.password)
    const form = await browser.get('/complaints/new')
    expect(form.body).toContain('Assign it to me')
    expect(form.body).toContain('The resident told us about a vulnerability or disability')
    // A handler may take it on themselves, but not give it to someone else.
    expect(form.body).not.toContain('Or give it to')
    const fields = {
      channel: 'phone',
      'received-day': '2',
      'received-month': '3',
      'received-year': '2026',
      receivedTime: '09:40',
      residentName: 'Vulnerable Intake',
      description: 'No heating since Friday',
      assignToMe: 'yes',
      vulnerabilityDisclosed: 'yes',
      vulnerabilityKind: 'long_term_illness',
    }
    // Every problem at once: the details of what was disclosed are missing, and, given to a
    // handler as it is logged, whether that handler has a conflict of interest (Code 5.8).
    const missing = await browser.post('/complaints/new', fields)
    expect(missing.statusCode).toBe(422)
    expect(missing.body).toContain('href="#vulnerabilityDetails"')
    expect(missing.body).toContain('href="#conflictAnswer"')
    expect(missing.body).toContain(
      'Code 5.8: say whether the handler has any actual or perceived conflict of interest with this complaint',
    )
    const logged = await browser.post('/complaints/new', {
      ...fields,
      vulnerabilityDetails: 'COPD: cold makes it worse; call before visiting',
      conflictAnswer: 'none',
    })
    expect(logged.statusCode).toBe(303)
    const id = /\/complaints\/([0-9a-f-]{36})/.exec(logged.headers.location as string)?.[1] as string
    const c = (await t.services.complaints.view(id, 'admin')).complaint
    // Taken on by the person logging it, recorded in the complaint's history as an assignment.
    expect(c.stages[1].handlerId).toBe(handler.id)
    expect(c.events.map((e) => e.type)).toEqual(['complaint.received', 'complaint.assigned'])
    expect(c.events[1]).toMatchObject({ conflictOfInterest: { declared: 'none' } })
    expect(c.stages[1].conflictOfInterest).toEqual({ declared: 'none' })
    // The disclosure is on the resident's record, and nowhere in the complaint's events.
    expect(JSON.stringify(c.events)).not.toContain('COPD')
    const record = await t.services.people.vulnerabilities(c.personId as string, handler, 'test')
    expect(record.vulnerabilities.map((v) => [v.kind, v.details])).toEqual([
      ['long_term_illness', 'COPD: cold makes it worse; call before visiting'],
    ])
    // The acknowledgement form offers the person who took it on.
    const ack = await browser.get(`/complaints/${id}/acknowledge`)
    expect(ack.body).toMatch(new RegExp(`<option value="${handler.id}" selected`))

    // A handler cannot give a complaint to someone else by sending the field anyway.
    const given = await browser.post('/complaints/new', {
      ...fields,
      residentName: 'Given Away',
      assignToMe: '',
      handlerId: other.id,
      vulnerabilityDisclosed: '',
    })
    expect(given.statusCode).toBe(422)
    expect(given.body).toContain(
      'Only a complaints officer, senior lead or administrator may give a complaint to someone else',
    )
  })

  it('lets a complaints officer give a new complaint to a handler, themselves offered first', async () => {
    t.clock.set('2026-03-02T10:00:00Z')
    const officer = await t.createStaff('complaints_officer')
    const browser = await signedIn(officer.email, officer.password)
    const form = await browser.get('/complaints/new')
    const options = [...form.body.matchAll(/<option value="([0-9a-f-]{36})"/g)].map((m) => m[1])
    expect(options[0]).toBe(officer.id)
    expect(options).toContain(handler.id)
    const logged = await browser.post('/complaints/new', {
      channel: 'phone',
      'received-day': '2',
      'received-month': '3',
      'received-year': '2026',
      residentName: 'Given To Handler',
      description: 'Repairs not done',
      handlerId: handler.id,
      conflictAnswer: 'conflict',
      conflict: 'The handler’s partner works in the repairs team',
      howHandled: 'A manager from another team reviews the response',
    })
    expect(logged.statusCode).toBe(303)
    const id = /\/complaints\/([0-9a-f-]{36})/.exec(logged.headers.location as string)?.[1] as string
    const given = (await t.services.complaints.view(id, 'admin')).complaint
    expect(given.stages[1].handlerId).toBe(handler.id)
    expect(given.stages[1].conflictOfInterest).toEqual({
      declared: 'conflict',
      conflict: 'The handler’s partner works in the repairs team',
      howHandled: 'A manager from another team reviews the response',
    })
  })

  it('keeps the queues and the dashboard to people who may see them', async () => {
    const browser = new FormSession(t.app)
    expect((await browser.get('/complaints')).statusCode).toBe(303)
    const board = await t.createStaff('board')
    const boardBrowser = await signedIn(board.email, board.password)
    // The board sees the dashboard's figures and the reports, not the queues or the cases.
    const home = await boardBrowser.get('/')
    expect(home.statusCode).toBe(200)
    expect(home.body).not.toContain('href="/complaints')
    expect((await boardBrowser.get('/complaints?view=team')).statusCode).toBe(403)
    expect((await boardBrowser.get('/complaints/new')).statusCode).toBe(403)
    expect((await boardBrowser.get('/remedies')).statusCode).toBe(403)
    expect((await boardBrowser.get('/ombudsman-cases')).statusCode).toBe(403)
    expect((await boardBrowser.get('/reports')).statusCode).toBe(200)
  })
})
