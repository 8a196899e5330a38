import { randomUUID } from 'node:crypto'
import ExcelJS from 'exceljs'
import type { Kysely } from 'kysely'
import type { Clock } from '../../clock.js'
import { complaintImportsRepository, type ImportedComplaint } from '../../db/repositories/complaintImports.js'
import { complaintsRepository } from '../../db/repositories/complaints.js'
import { entitiesRepository } from '../../db/repositories/entities.js'
import { reportsRepository } from '../../db/repositories/reports.js'
import { rulesRepository } from '../../db/repositories/rules.js'
import { usersRepository } from '../../db/repositories/users.js'
import type { DB } from '../../db/schema.js'
import { londonDateOf, yearOf } from '../../domain/calendar/calendarDate.js'
import { complaintDeadlines, residentUpdateDue } from '../../domain/complaints/deadlines.js'
import type { Resident } from '../../domain/complaints/events.js'
import { formatReference } from '../../domain/complaints/intake.js'
import { stateLabels } from '../../domain/complaints/vocabulary.js'
import { entityNamedIn } from '../../domain/entities/entity.js'
import { isUuid } from '../../domain/ids.js'
import { checkHeader, type ImportCells, type ImportColumn } from '../../domain/imports/columns.js'
import {
  calendarDateOf,
  type ImportContext,
  replayImportedHistory,
  ruleBroken,
} from '../../domain/imports/history.js'
import { remediesOf } from '../../domain/remedies/followThrough.js'
import { reportFacts } from '../../domain/reports/facts.js'
import { WorkflowError } from '../../domain/rules.js'
import { can, mayHandleComplaints, type StaffRole } from '../../domain/staff/roles.js'
import { csvRows } from '../../domain/text/csv.js'
import { plural } from '../../domain/text/plural.js'
import { conflict, forbidden, invalidInput, notFound, refused } from '../../errors.js'
import type { CalendarService } from '../calendar.js'
import { eventData, projectionOf } from '../complaints/casework.js'
import { importedResidents } from '../people/importedResidents.js'
import type { PolicyService } from '../policy.js'

/** The largest file taken, and the most rows: a landlord's history in one go, or in a few files. */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024
export const MAX_IMPORT_ROWS = 50_000

export type ImportFile = { fileName: string; bytes: Uint8Array }
export type Importer = { id: string; role: StaffRole }

/** What a dry run found, row by row (row 1 is the header, so the first complaint is row 2). */
export type ImportReport = {
  fileName: string
  rows: number
  wouldCreate: { row: number; legacyReference: string; receivedOn: string; state: string }[]
  alreadyImported: { row: number; legacyReference: string }[]
  refused: { row: number; legacyReference: string; rule: string }[]
}

type Row = { row: number; cells: ImportCells }

/** The rows of a CSV or XLSX file by column; a header that is not the import's refuses the file. */
export async function readImportFile(file: ImportFile): Promise<Row[]> {
  if (file.bytes.length > MAX_IMPORT_BYTES)
    throw invalidInput(
      `The file is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB; split it into smaller files`,
      [{ field: 'file', message: 'The file is too large' }],
    )
  const table = file.fileName.toLowerCase().endsWith('.xlsx')
    ? await xlsxTable(file.bytes)
    : csvTable(file.bytes)
  const [header, ...rows] = table
  if (!header)
    throw invalidInput('The file is empty: it needs the header row and a row for each complaint', [
      { field: 'file', message: 'The file is empty' },
    ])
  if (rows.length > MAX_IMPORT_ROWS)
    throw invalidInput(`The file has ${rows.length} rows; import at most ${MAX_IMPORT_ROWS} at a time`, [
      { field: 'file', message: 'Too many rows' },
    ])
  let columns: (ImportColumn | undefined)[]
  try {
    columns = checkHeader(header)
  } catch (error) {
    if (error instanceof WorkflowError)
      throw invalidInput(error.message, [{ field: 'file', message: error.message }])
    throw error
  }
  return rows.map((cells, i) => ({
    row: i + 2,
    cells: Object.fromEntries(
      columns.flatMap((column, c) => (column && cells[c]?.trim() ? [[column, cells[c]?.trim()]] : [])),
    ),
  }))
}

function csvTable(bytes: Uint8Array): string[][] {
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes)
  if (text.includes('\u0000'))
    throw invalidInput('The file is not a CSV or XLSX file', [
      { field: 'file', message: 'Choose a CSV or XLSX file' },
    ])
  return csvRows(text)
}

async function xlsxTable(bytes: Uint8Array): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook()
  try {
    await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer)
  } catch {
    throw invalidInput('The file could not be read as an XLSX workbook', [
      { field: 'file', message: 'Choose a CSV or XLSX file' },
    ])
  }
  const sheet = workbook.worksheets[0]
  if (!sheet) return []
  const table: string[][] = []
  sheet.eachRow({ includeEmpty: false }, (row) => {
    const cells: string[] = []
    for (let c = 1; c <= row.cellCount; c++) cells.push(cellText(row.getCell(c).value))
    if (cells.some((x) => x.trim())) table.push(cells)
  })
  return table
}

/** A spreadsheet cell as text: a date as its day (Excel keeps days as midnight UTC). */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return ''
  if (value instanceof Date) return value.toISOString().slice(0, 10)
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('')
    if ('text' in value) return String(value.text)
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue)
    return ''
  }
  return String(value)
}

/**
 * Importing a landlord's complaint history: a file checked (the dry run, stored and shown), then
 * written only when someone confirms it. Each row is replayed through the complaint's own
 * decisions with its original dates; the legacy reference makes a second import change nothing.
 */
export function complaintImportsService(deps: {
  db: Kysely<DB>
  clock: Clock
  calendar: CalendarService
  policy: PolicyService
  /** The installation's name: the default landlord entity's, unless it has its own. */
  landlordName: string
}) {
  const { db, clock } = deps

  const mayImport = (actor: Importer) => {
    if (!can(actor.role, 'importHistory'))
      throw forbidden('Your role does not allow importing complaint histories')
  }

  /** What a row is replayed against: the staff, the landlord's lists and the rules in force. */
  async function contextFor(actor: Importer, fileName: string, importId: string, trx: Kysely<DB> = db) {
    const stamp = await rulesRepository(trx).stamp()
    const [calendar, policy, users, categories, grounds, entities] = await Promise.all([
      deps.calendar.atRevision(stamp.calendarRevision),
      deps.policy.atVersion(stamp.policyVersion),
      usersRepository(trx).list(),
      complaintsRepository(trx).categories(),
      complaintsRepository(trx).exclusionGrounds(),
      entitiesRepository(trx).list(),
    ])
    const staff = new Map(
      users
        .filter((u) => !u.disabledAt && mayHandleComplaints(u.role))
        .map((u) => [u.email.toLowerCase(), { id: u.id, role: u.role }]),
    )
    const now = clock.now()
    return {
      now,
      today: londonDateOf(now),
      importer: actor,
      fileName,
      importId,
      complaintId: '',
      reference: '',
      staffByEmail: (email: string) => staff.get(email),
      categories,
      grounds: grounds.filter((g) => g.active),
      calendar,
      policyOf: policy.of,
      policyVersionOn: (date: string) => policy.inForceOn(date).version,
      newId: randomUUID,
      entityNamed: (text: string) => entityNamedIn(entities, text, deps.landlordName)?.id,
    } satisfies ImportContext
  }

  /**
   * Every row checked, in order: a legacy reference given twice in the file is refused at its
   * second row; one already here is "already imported"; the rest are replayed. `made` is called
   * with each row that would be created.
   */
  async function check(
    rows: readonly Row[],
    fileName: string,
    ctx: ImportContext,
    trx: Kysely<DB>,
    made?: (row: Row, complaint: ReturnType<typeof replayImportedHistory>) => void,
  ): Promise<ImportReport> {
    const report: ImportReport = {
      fileName,
      rows: rows.length,
      wouldCreate: [],
      alreadyImported: [],
      refused: [],
    }
    const already = await complaintImportsRepository(trx).alreadyImported(
      rows.flatMap((r) => (r.cells.legacy_reference ? [r.cells.legacy_reference] : [])),
    )
    const seen = new Map<string, number>()
    for (const r of rows) {
      const legacyReference = r.cells.legacy_reference ?? ''
      const earlier = seen.get(legacyReference)
      if (legacyReference && earlier !== undefined) {
        report.refused.push({
          row: r.row,
          legacyReference,
          rule: `Duplicate legacy reference: row ${earlier} has the same one`,
        })
        continue
      }
      if (legacyReference) seen.set(legacyReference, r.row)
      if (already.has(legacyReference)) {
        report.alreadyImported.push({ row: r.row, legacyReference })
        continue
      }
      try {
        const replayed = replayImportedHistory(r.cells, {
          ...ctx,
          complaintId: randomUUID(),
          reference: 'CMP-NEW',
        })
        report.wouldCreate.push({
          row: r.row,
          legacyReference,
          receivedOn: replayed.complaint.receivedOn,
          state: stateLabels[replayed.complaint.state],
        })
        made?.(r, replayed)
      } catch (error) {
        report.refused.push({ row: r.row, legacyReference, rule: ruleBroken(error) })
      }
    }
    return report
  }

  /**
   * Writes every row that would be created, in one transaction: all of the file or none of it.
   * Under the import lock the legacy references are read again, so a file confirmed twice, or
   * two files sharing rows, create each complaint once.
   */
  async function write(rows: readonly Row[], fileName: string, importId: string, actor: Importer) {
    const created = await db.transaction().execute(async (trx) => {
      const repo = complaintImportsRepository(trx)
      await repo.lock()
      const ctx = await contextFor(actor, fileName, importId, trx)
      const good: Row[] = []
      await check(rows, fileName, ctx, trx, (row) => good.push(row))
      const numbers = await repo.complaintNumbers(good.length)
      // Each resident joins their record by intake's rule, or a new one is made (issue 34).
      const residents = importedResidents(trx)
      const placeOf = await residents.match(good.map((r) => residentOf(r.cells)))
      const newRecords: Parameters<typeof residents.write>[0][number][] = []
      const complaints: ImportedComplaint[] = good.map((r, i) => {
        const receivedOn = calendarDateOf(r.cells.received_date ?? '') ?? ctx.today
        const complaintId = randomUUID()
        const place = placeOf(i)
        const { complaint, events } = replayImportedHistory(r.cells, {
          ...ctx,
          complaintId,
          // The reference's year is the year it was received, as if logged here then.
          reference: formatReference(yearOf(receivedOn), numbers[i] ?? 0),
          resident: { personId: place.personId, tenancy: place.tenancy },
        })
        if (place.newRecord) {
          // A new record keeps the tenancy its first complaint gave, for the rows that join it.
          place.tenancy = {
            ...(complaint.tenure ? { tenure: complaint.tenure } : {}),
            ...(complaint.entityId ? { entityId: complaint.entityId } : {}),
          }
          newRecords.push({
            personId: place.personId,
            resident: complaint.resident,
            tenancy: place.tenancy,
            complaintId,
          })
        }
        const deadlines = complaintDeadlines(complaint, ctx.policyOf, ctx.calendar, ctx.today)
        return {
          row: projectionOf(
            complaint,
            deadlines,
            ctx.now,
            residentUpdateDue(complaint, ctx.calendar, ctx.today),
            remediesOf(complaint, ctx.calendar, ctx.today),
          ),
          legacyReference: complaint.legacyReference ?? '',
          events: events.map((e) => ({ data: eventData(e), at: e.at, recordedAt: e.recordedAt, by: e.by })),
          facts: reportFacts(complaint, ctx.policyOf, ctx.calendar, ctx.today),
        }
      })
      await residents.write(newRecords, actor.id, ctx.now)
      await repo.write(complaints)
      await repo.markConfirmed(importId, actor.id, ctx.now, complaints.length)
      return complaints.length
    })
    // Facts written in bulk: their day counts are folded in now, not in the first report read.
    await reportsRepository(db).foldFactCounts()
    return created
  }

  return {
    /** The dry run on its own: what the file would do, nothing stored (the CLI without --confirm). */
    async dryRun(file: ImportFile, actor: Importer): Promise<ImportReport> {
      mayImport(actor)
      const rows = await readImportFile(file)
      return check(rows, file.fileName, await contextFor(actor, file.fileName, randomUUID()), db)
    },

    /** The dry run, stored to be shown and confirmed: nothing is written to the complaints. */
    async upload(file: ImportFile, actor: Importer): Promise<string> {
      mayImport(actor)
      const rows = await readImportFile(file)
      const id = randomUUID()
      const report = await check(rows, file.fileName, await contextFor(actor, file.fileName, id), db)
      await complaintImportsRepository(db).insert({
        id,
        fileName: file.fileName,
        uploadedBy: actor.id,
        uploadedAt: clock.now(),
        cells: rows,
        report,
      })
      return id
    },

    async find(id: string) {
      const found = isUuid(id) ? await complaintImportsRepository(db).find(id) : undefined
      if (!found) throw notFound('There is no such import')
      return { ...found, report: found.report as ImportReport }
    },

    recent: () => complaintImportsRepository(db).recent(20),

    /** Writes a stored dry run's new complaints, once; returns how many were created. */
    async confirm(id: string, actor: Importer): Promise<number> {
      mayImport(actor)
      const found = isUuid(id) ? await complaintImportsRepository(db).find(id) : undefined
      if (!found) throw notFound('There is no such import')
      if (found.confirmedAt) throw conflict('This import was confirmed already')
      try {
        return await write(found.cells as Row[], found.fileName, id, actor)
      } catch (error) {
        refused(error, 'import')
      }
    },

    /** The CLI's --confirm: checked, stored and written in one go; the report is of the check. */
    async importNow(file: ImportFile, actor: Importer): Promise<{ report: ImportReport; created: number }> {
      const id = await this.upload(file, actor)
      const created = await this.confirm(id, actor)
      return { report: (await this.find(id)).report, created }
    },
  }
}

/** The resident a row names, as intake matches them to a record. */
function residentOf(cells: ImportCells): Resident {
  return {
    name: cells.resident_name?.trim() ?? '',
    ...(cells.resident_email?.trim() ? { email: cells.resident_email.trim() } : {}),
    ...(cells.resident_phone?.trim() ? { phone: cells.resident_phone.trim() } : {}),
    ...(cells.resident_address?.trim() ? { address: cells.resident_address.trim() } : {}),
    ...(cells.resident_postcode?.trim() ? { postcode: cells.resident_postcode.trim() } : {}),
  }
}

/** The dry run's report as lines of text: each refused row, then the counts. */
export function importReportLines(report: ImportReport): string[] {
  return [
    ...report.refused.map(
      (r) => `Row ${r.row}\t${r.legacyReference || '(no legacy reference)'}\trefused: ${r.rule}`,
    ),
    `${report.fileName}: ${plural(report.rows, 'row')}. Would create ${report.wouldCreate.length}; already imported ${report.alreadyImported.length}; refused ${report.refused.length}.`,
  ]
}

export type ComplaintImportsService = ReturnType<typeof complaintImportsService>
