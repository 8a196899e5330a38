import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../../../test/app.js'
import { FormSession } from '../../../../test/browserlessSession.js'

let t: TestApp
let browser: FormSession
let complaintId: string
let token: string

beforeAll(async () => {
  t = await createTestApp()
  const s = await t.createStaff('handler')
  browser = new FormSession(t.app)
  await browser.signIn(s.email, s.password)
  token = (await t.services.authentication.issueApiToken(s.email, s.password)).token
  const { view } = await t.services.complaints.receive(
    {
      channel: 'email',
      receivedAt: new Date('2026-03-02T09:00:00Z'),
      description: 'Mould',
      resident: { name: 'Doc Test' },
    },
    { id: s.id, role: 'handler' },
  )
  complaintId = view.complaint.id
})
afterAll(async () => {
  await t.close()
})

const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(2000, 32)])

function multipart(fields: Record<string, string>, file?: { name: string; content: Buffer }) {
  const boundary = '----doc-test'
  const chunks: Buffer[] = []
  for (const [k, v] of Object.entries(fields))
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`))
  if (file) {
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
      ),
      file.content,
      Buffer.from('\r\n'),
    )
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`))
  return { payload: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` }
}

async function upload(fields: Record<string, string>, file?: { name: string; content: Buffer }) {
  const body = multipart(fields, file)
  return t.app.inject({
    method: 'POST',
    url: `/complaints/${complaintId}/document`,
    headers: {
      cookie: [...browser.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
      'content-type': body.contentType,
    },
    payload: body.payload,
  })
}

describe('documents on a complaint', () => {
  it('attaches a PDF through the page, lists it, and serves it as a sandboxed download', async () => {
    const form = await browser.get(`/complaints/${complaintId}/document`)
    expect(form.statusCode).toBe(200)
    const res = await upload(
      { _csrf: browser.csrfToken(), version: '1', description: 'Damp survey' },
      { name: 'Damp survey – Flat 3.pdf', content: pdf },
    )
    expect(res.statusCode).toBe(303)
    const page = await browser.get(`/complaints/${complaintId}`)
    expect(page.body).toContain('Damp survey – Flat 3.pdf')
    const href = /href="(\/complaints\/[^"]+\/documents\/[^"]+)"/.exec(page.body)?.[1] as string
    const download = await browser.get(href)
    expect(download.statusCode).toBe(200)
    expect(download.headers['content-type']).toBe('application/pdf')
    expect(download.headers['content-disposition']).toMatch(
      /^attachment; filename="Damp survey _ Flat 3.pdf"; filename\*=UTF-8''/,
    )
    expect(download.headers['content-security-policy']).toBe("default-src 'none'; sandbox")
    expect(download.rawPayload.equals(pdf)).toBe(true)
    const view = await t.services.complaints.view(complaintId, 'admin')
    expect(view.complaint.events.at(-1)).toMatchObject({
      type: 'complaint.document_attached',
      filename: 'Damp survey – Flat 3.pdf',
      size: pdf.length,
    })
  })

  it('refuses a program renamed as a PDF, an unknown type, an empty upload and a missing CSRF token', async () => {
    await browser.get(`/complaints/${complaintId}/document`)
    const exe = await upload(
      { _csrf: browser.csrfToken() },
      { name: 'invoice.pdf', content: Buffer.from('MZ\x90\x00 program') },
    )
    expect(exe.statusCode).toBe(422)
    expect(exe.body).toContain('is not really a PDF')
    await browser.get(`/complaints/${complaintId}/document`)
    const script = await upload(
      { _csrf: browser.csrfToken() },
      { name: 'run.js', content: Buffer.from('alert(1)') },
    )
    expect(script.statusCode).toBe(422)
    expect(script.body).toContain('The selected file must be one of')
    await browser.get(`/complaints/${complaintId}/document`)
    const none = await upload({ _csrf: browser.csrfToken() })
    expect(none.statusCode).toBe(422)
    expect(none.body).toContain('Select a file to attach')
    const forged = await upload({}, { name: 'a.pdf', content: pdf })
    expect(forged.statusCode).toBe(403)
    expect((await t.services.complaints.documents(complaintId)).length).toBe(1)
  })

  it('is attached and read back through the API too', async () => {
    const body = multipart(
      { description: 'Photo of the ceiling' },
      {
        name: 'ceiling.png',
        content: Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47]), Buffer.alloc(100)]),
      },
    )
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/complaints/${complaintId}/documents`,
      headers: { authorization: `Bearer ${token}`, 'content-type': body.contentType },
      payload: body.payload,
    })
    expect(res.statusCode).toBe(200)
    const list = await t.app.inject({
      method: 'GET',
      url: `/api/v1/complaints/${complaintId}/documents`,
      headers: { authorization: `Bearer ${token}` },
    })
    expect(list.json().items.map((d: { filename: string }) => d.filename)).toEqual([
      'Damp survey – Flat 3.pdf',
      'ceiling.png',
    ])
    const id = list.json().items[1].id
    const file = await t.app.inject({
      method: 'GET',
      url: `/api/v1/complaints/${complaintId}/documents/${id}`,
      headers: { authorization: `Bearer ${token}` },
    })
    expect(file.headers['content-type']).toBe('image/png')
  })

  it('can never be changed or removed in the database', async () => {
    await expect(sql`update documents set filename = 'x'`.execute(t.database.db)).rejects.toThrow(
      /append-only/,
    )
    await expect(sql`delete from documents`.execute(t.database.db)).rejects.toThrow(/append-only/)
  })
})
