import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../../../test/app.js'
import { FormSession } from '../../../../test/browserlessSession.js'

/** Letter wording the landlord edits, previewed against a real case; letterhead; reissue. */
let t: TestApp
let officer: { id: string; email: string; password: string }
let browser: FormSession

beforeAll(async () => {
  t = await createTestApp({ sessionHours: 24 * 100 })
  officer = await t.createStaff('complaints_officer')
  browser = new FormSession(t.app)
  await browser.signIn(officer.email, officer.password)
})
afterAll(async () => {
  await t.close()
})

const acknowledge = (id: string, issues = ['Leak']) =>
  t.services.complaints.acknowledge(
    id,
    { id: officer.id, role: 'complaints_officer' },
    {
      handlerId: officer.id,
      definition: { issues, outcomesSought: ['Fix it'] },
    },
  )

async function logged(name: string) {
  const { view } = await t.services.complaints.receive(
    {
      channel: 'phone',
      receivedAt: new Date('2026-03-02T09:00:00Z'),
      description: 'Leak',
      resident: { name },
    },
    { id: officer.id, role: 'complaints_officer' },
  )
  return view.complaint
}

describe('letter wording', () => {
  it('is edited with a preview against a real case, showing the Code’s checklist and how it reads', async () => {
    const c = await logged('Preview Person')
    await t.services.complaints.acknowledge(
      c.id,
      { id: officer.id, role: 'complaints_officer' },
      {
        handlerId: officer.id,
        definition: { issues: ['Leak through the ceiling'], outcomesSought: ['Fix the roof'] },
      },
    )
    expect((await browser.get('/settings/letters')).statusCode).toBe(200)
    const editor = await browser.get('/settings/letters/acknowledgement')
    expect(editor.statusCode).toBe(200)
    expect(editor.body).toContain('The service’s standard wording is in use.')
    const preview = await browser.post('/settings/letters/acknowledgement', {
      intent: 'preview',
      opening: `Thank you for telling us. ${officer.email.split('@')[0]} Test complaints_officer will not be named here.`,
      closing: 'Call us on 0300 123 4567 if you have any questions.',
      reference: c.reference,
    })
    expect(preview.statusCode).toBe(200)
    expect(preview.body).toContain(`Preview for ${c.reference}`)
    expect(preview.body).toContain('Leak through the ceiling')
    expect(preview.body).toContain('Call us on 0300 123 4567')
    expect(preview.body).not.toContain('>Missing<')
    expect(preview.body).toContain('Included')
    expect(preview.body).toContain('data-qa="reading-ease"')
    const named = await browser.post('/settings/letters/acknowledgement', {
      intent: 'preview',
      opening: 'Your case is with Test complaints_officer 1 now.',
      closing: '',
      reference: c.reference,
    })
    expect(named.body).toContain('data-qa="staff-names"')
    const missingCase = await browser.post('/settings/letters/acknowledgement', {
      intent: 'preview',
      opening: '',
      closing: '',
      reference: 'CMP-1999-000001',
    })
    expect(missingCase.statusCode).toBe(422)
    expect(missingCase.body).toContain('There is no complaint CMP-1999-000001')
  })

  it('is saved as a new version that every letter from then on is written with', async () => {
    const saved = await browser.post('/settings/letters/acknowledgement', {
      intent: 'save',
      opening: 'Thank you for taking the time to tell us what went wrong.',
      closing: 'You can call us on 0300 123 4567, Monday to Friday.',
    })
    expect(saved.statusCode).toBe(303)
    expect(saved.headers.location).toBe('/settings/letters/acknowledgement?saved=1')
    await browser.get('/settings/letters')
    const settings = await browser.post('/settings/letters/settings', {
      address: '1 High Street\nStoke-on-Trent\nST1 1AA',
      signature: 'The Resident Relations Team',
    })
    expect(settings.statusCode).toBe(303)
    const c = await logged('Templated Person')
    await acknowledge(c.id)
    const [letter] = await t.services.complaints.letters(c.id)
    expect(letter?.text).toContain('Test Homes\n1 High Street\nStoke-on-Trent\nST1 1AA\n')
    expect(letter?.text).toContain('Thank you for taking the time to tell us what went wrong.')
    expect(letter?.text).toContain(
      'You can call us on 0300 123 4567, Monday to Friday.\n\nYours sincerely,\n\nThe Resident Relations Team\nTest Homes',
    )
    // Letters come from the role, not the person.
    expect(letter?.text).not.toContain('Test complaints_officer')
    expect(letter?.text).toContain('A complaint handler will look into your complaint.')
    const row = await t.database.db
      .selectFrom('letters')
      .select('template_version')
      .where('id', '=', letter?.id as string)
      .executeTakeFirst()
    expect(row?.template_version).toBe(1)
  })

  it('is for complaints officers and administrators only', async () => {
    const handler = await t.createStaff('handler')
    const other = new FormSession(t.app)
    await other.signIn(handler.email, handler.password)
    expect((await other.get('/settings/letters')).statusCode).toBe(403)
    expect((await browser.get('/settings/letters/no-such-letter')).statusCode).toBe(404)
  })
})

describe('reissuing a letter', () => {
  it('writes a new letter that says which one it replaces, and leaves the first unchanged', async () => {
    const c = await logged('Reissue Person')
    await acknowledge(c.id)
    const [first] = await t.services.complaints.letters(c.id)
    const page = await browser.get(`/complaints/${c.id}/letters/${first?.id}`)
    expect(page.body).toContain('data-qa="reissue"')
    expect(page.body).toContain('Reading ease ')
    expect(page.body).toContain('Included: The complaint definition (Code 5.6)')
    const version = /name="version" value="(\d+)"/.exec(page.body)?.[1] as string
    t.clock.set('2026-03-04T10:00:00Z')
    const res = await browser.post(`/complaints/${c.id}/letters/${first?.id}/reissue`, { version })
    expect(res.statusCode).toBe(303)
    const letters = await t.services.complaints.letters(c.id)
    expect(letters).toHaveLength(2)
    expect(letters[0]?.text).toBe(first?.text)
    expect(letters[1]).toMatchObject({ kind: 'acknowledgement', reissueOf: first?.id })
    expect(letters[1]?.text).toContain('This letter replaces our letter of Monday 2 March 2026')
    expect((await browser.get(`/complaints/${c.id}`)).body).toContain(
      'Stage 1 acknowledgement letter reissued',
    )
  })
})

describe('the letterhead logo', () => {
  const png = Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
    'base64',
  )
  const upload = async (file: { name: string; bytes: Buffer }) => {
    await browser.get('/settings/letters')
    return browser.postFile('/settings/letters/logo', {}, file, 'logo')
  }

  it('takes a PNG or JPEG, refuses anything else, and puts it at the top of letters’ PDFs with alternative text', async () => {
    const refused = await upload({ name: 'logo.png', bytes: Buffer.from('not an image at all') })
    expect(refused.statusCode).toBe(422)
    expect(refused.body).toContain('Choose a PNG or JPEG image')
    const ok = await upload({ name: 'logo.png', bytes: png })
    expect(ok.statusCode).toBe(303)
    expect((await browser.get('/settings/letters')).body).toContain(
      'Your logo is at the top of every letter’s PDF',
    )
    const c = await logged('Logo Person')
    await acknowledge(c.id)
    const [letter] = await t.services.complaints.letters(c.id)
    const { pdf } = await t.services.mail.letterPdf(c.id, letter?.id as string)
    const raw = pdf.toString('latin1')
    expect(raw).toContain('/Subtype /Image')
    expect(raw).toContain('/Alt (Test Homes logo)')
  })
})
