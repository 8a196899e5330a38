import type { Readable } from 'node:stream'
import type { Kysely } from 'kysely'
import type { Clock } from '../../clock.js'
import { auditLogRepository } from '../../db/repositories/auditLog.js'
import { reportsRepository } from '../../db/repositories/reports.js'
import type { DB } from '../../db/schema.js'
import { type CalendarDate, londonDateOf } from '../../domain/calendar/calendarDate.js'
import type { Period } from '../../domain/reports/boardPack.js'
import type { FactFilter } from '../../domain/reports/factCounts.js'
import type { CalendarService } from '../calendar.js'
import { reportDocx } from '../documents/reportDocx.js'
import { reportPdfStream } from '../documents/reportPdf.js'
import { reportXlsxStream } from '../documents/reportXlsx.js'
import type { PolicyService } from '../policy.js'
import { boardPackContents } from './boardPackContents.js'
import { boardPackDocument } from './boardPackDocument.js'

/**
 * The board and MRC pack (Code 9.6, 9.7) for a period, beside the period before it: volumes by
 * stage, category, channel and tenure; outcomes; how each of the Code's clocks was met;
 * extensions, refusals, withdrawals and escalations.
 */
export function boardPackService(deps: {
  db: Kysely<DB>
  clock: Clock
  calendar: CalendarService
  policy: PolicyService
  landlordName: string
  /** Working days after which an action counts as recorded late (the landlord's tolerance). */
  lateRecordingDays?: number
}) {
  const { db, clock } = deps

  /** Code 9.6, 9.7: each pack taken for the board is recorded, so the self-assessment can show it. */
  async function produced(period: Period, format: 'pdf' | 'xlsx' | 'docx', by?: string) {
    await auditLogRepository(db).record({
      at: clock.now(),
      actorId: by ?? null,
      action: 'board_pack.produced',
      details: { from: period.from, to: period.to, format },
    })
  }

  const pack = boardPackContents(deps)

  return {
    pack,

    /** The complaints a figure of the pack counts, a page at a time, oldest first. */
    async complaintsBehind(
      period: { from: CalendarDate; to: CalendarDate },
      filter: FactFilter,
      page: number,
    ) {
      const found = await reportsRepository(db).complaintsBehind({
        ...filter,
        ...period,
        today: londonDateOf(clock.now()),
        limit: BEHIND_PAGE,
        offset: (page - 1) * BEHIND_PAGE,
      })
      return { rows: found.rows, total: found.total, pageSize: BEHIND_PAGE }
    },

    /** The pack as a document: the page, the PDF and the workbook are made from it. */
    async document(period: Period) {
      return boardPackDocument(await pack(period), deps.landlordName)
    },

    /** The pack as a workbook: each table a sheet, this period beside the one before, streamed. */
    async workbook(period: Period, by?: string): Promise<Readable> {
      const document = boardPackDocument(await pack(period), deps.landlordName)
      await produced(period, 'xlsx', by)
      return reportXlsxStream(document)
    },

    /** The pack as a Word document, for board papers edited before they go out. */
    async word(period: Period, by?: string): Promise<Buffer> {
      const file = await reportDocx(boardPackDocument(await pack(period), deps.landlordName))
      await produced(period, 'docx', by)
      return file
    },

    /** The pack as a PDF for board papers, streamed. */
    async pdf(period: Period, by?: string): Promise<Readable> {
      const file = reportPdfStream(boardPackDocument(await pack(period), deps.landlordName))
      await produced(period, 'pdf', by)
      return file
    },
  }
}

/** The complaints behind a figure, shown this many to a page. */
const BEHIND_PAGE = 100

export type BoardPackService = ReturnType<typeof boardPackService>
