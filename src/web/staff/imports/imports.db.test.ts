import ExcelJS from 'exceljs'
import { extractText, getDocumentProxy } from 'unpdf'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../../../test/app.js'
import { FormSession } from '../../../../test/browserlessSession.js'
import { importColumns } from '../../../domain/imports/columns.js'
import { csvRows } from '../../../domain/text/csv.js'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(async () => {
  await t.close()
})

const complaintCount = async () =>
  Number(
    (
      await t.database.db
        .selectFrom('complaints')
        .select((e) => e.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  )

/** A workbook as a spreadsheet saves it: real dates in the date columns. */
async function historyWorkbook(rows: (string | Date)[][]) {
  const wb = new ExcelJS.Workbook()
  const sheet = wb.addWorksheet('Complaints')
  sheet.addRow([
    'Legacy reference',
    'Received date',
    'Channel',
    'Resident name',
    'Handler',
    'Acknowledged date',
  ])
  for (const r of rows) sheet.addRow(r)
  return Buffer.from(await wb.xlsx.writeBuffer())
}

describe('the import pages', () => {
  it('offers the template as CSV and XLSX, with every column explained', async () => {
    const officer = await t.createStaff('complaints_officer')
    const browser = new FormSession(t.app)
    await browser.signIn(officer.email, officer.password)
    const page = await browser.get('/settings/import')
    expect(page.statusCode).toBe(200)
    for (const c of importColumns) expect(page.body).toContain(`<code>${c.key}</code>`)
    const csv = await browser.get('/settings/import/template.csv')
    expect(csv.headers['content-disposition']).toContain('complaint-history-template.csv')
    expect(csvRows(csv.body)[0]).toEqual(importColumns.map((c) => c.key))
    expect(csvRows(csv.body)).toHaveLength(2)
    const xlsx = await browser.get('/settings/import/template.xlsx')
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer)
    expect(wb.getWorksheet('Complaints')?.getRow(1).getCell(1).value).toBe('legacy_reference')
    expect(wb.getWorksheet('Complaints')?.getRow(2).getCell(2).value).toBe('2024-05-02')
    expect(wb.getWorksheet('Columns')?.getRow(3).getCell(3).value).toMatch(
      /^Required. The day the complaint was received/,
    )
  })

  it('is for administrators and complaints officers only', async () => {
    const handler = await t.createStaff('handler')
    const browser = new FormSession(t.app)
    await browser.signIn(handler.email, handler.password)
    expect((await browser.get('/settings/import')).statusCode).toBe(403)
  })

  it('uploads, shows the dry run, writes nothing until confirmed, then imports once', async () => {
    const admin = await t.createStaff('admin')
    await t.createStaff('handler', 'hal@example.org')
    const browser = new FormSession(t.app)
    await browser.signIn(admin.email, admin.password)
    await browser.get('/settings/import')
    const badHeader = await browser.postFile(
      '/settings/import',
      {},
      { name: 'old.csv', bytes: Buffer.from('ref,when\r\n') },
    )
    expect(badHeader.statusCode).toBe(422)
    expect(badHeader.body).toContain('“ref” is not a column of the import')
    const none = await browser.postFile('/settings/import', {}, { name: 'x.csv', bytes: Buffer.alloc(0) })
    expect(none.body).toContain('Select a CSV or XLSX file to import')

    const bytes = await historyWorkbook([
      [
        'OLD-1',
        new Date('2025-06-02T00:00:00Z'),
        'email',
        'Ann',
        'hal@example.org',
        new Date('2025-06-03T00:00:00Z'),
      ],
      ['OLD-2', '2025-06-04', 'phone', 'Bea', '', ''],
      ['OLD-3', '2025-06-04', 'phone', 'Cal', '', '2025-06-01'],
    ])
    const uploaded = await browser.postFile('/settings/import', {}, { name: 'history.xlsx', bytes })
    expect(uploaded.statusCode).toBe(303)
    const dryRun = await browser.get(String(uploaded.headers.location))
    expect(dryRun.body).toMatch(/Would create\s*<\/dt>\s*<dd class="govuk-summary-list__value">\s*2/)
    expect(dryRun.body).toContain('Code 6.2: the acknowledged date is before the complaint was received')
    expect(dryRun.body).toMatch(/<td[^>]*>4<\/td><td[^>]*>OLD-3<\/td>/)
    expect(dryRun.body).toContain('Nothing has been written yet')
    expect(await complaintCount()).toBe(0)

    const confirmed = await browser.post(`${uploaded.headers.location}/confirm`, {})
    expect(confirmed.statusCode).toBe(303)
    const done = await browser.get(String(confirmed.headers.location))
    expect(done.body).toContain('Imported: 2 complaints created.')
    expect(await complaintCount()).toBe(2)

    // The case page shows its legacy reference and the import in its history; the API the field.
    const id = (
      await t.database.db
        .selectFrom('complaints')
        .select('id')
        .where('legacy_reference', '=', 'OLD-1')
        .executeTakeFirstOrThrow()
    ).id
    const casePage = await browser.get(`/complaints/${id}`)
    expect(casePage.body).toContain('OLD-1 (imported: see the history)')
    expect(casePage.body).toContain('Imported from the earlier system')
    expect(casePage.body).toContain('From the file history.xlsx')
    // The whole case as one PDF carries both references and the import.
    const pdf = await browser.get(`/complaints/${id}/case.pdf`)
    const { text } = await extractText(await getDocumentProxy(new Uint8Array(pdf.rawPayload)), {
      mergePages: true,
    })
    expect(text).toContain('Reference in the earlier system OLD-1')
    expect(text).toContain('Imported from the earlier system')
    const token = await t.tokenFor('handler')
    const api = await t.app.inject({
      url: `/api/v1/complaints/${id}`,
      headers: { authorization: `Bearer ${token}` },
    })
    expect(api.json()).toMatchObject({ legacyReference: 'OLD-1', receivedOn: '2025-06-02', state: 'stage1' })

    // The same file again: already imported, nothing to confirm.
    await browser.get('/settings/import')
    const again = await browser.postFile('/settings/import', {}, { name: 'history.xlsx', bytes })
    const second = await browser.get(String(again.headers.location))
    expect(second.body).toMatch(/Already imported\s*<\/dt>\s*<dd class="govuk-summary-list__value">\s*2/)
    expect(second.body).not.toContain('Confirm and import')
    expect(await complaintCount()).toBe(2)
  })
})
