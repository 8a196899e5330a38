import { randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { Clock } from '../../clock.js'
import { annualReportsRepository } from '../../db/repositories/annualReports.js'
import { complaintsRepository } from '../../db/repositories/complaints.js'
import { entitiesRepository } from '../../db/repositories/entities.js'
import { usersRepository } from '../../db/repositories/users.js'
import type { DB } from '../../db/schema.js'
import { londonDateOf } from '../../domain/calendar/calendarDate.js'
import { reportLandlordName } from '../../domain/entities/entity.js'
import {
  type AnnualReport,
  type AnnualReportEventData,
  annualStatus,
  decideApproval,
  decideCommentary,
  decidePublication,
  decidePublish,
  decideResponse,
  foldAnnualReport,
  yearEnded,
} from '../../domain/reports/annualReport.js'
import { yearPeriod } from '../../domain/reports/boardPack.js'
import type { ReportDocument } from '../../domain/reports/reportDocument.js'
import { notFound } from '../../errors.js'
import { changeHistory } from '../changeHistory.js'
import { reportDocx } from '../documents/reportDocx.js'
import { reportHtml } from '../documents/reportHtml.js'
import { reportPdf } from '../documents/reportPdf.js'
import { entityAsked } from '../entities/entities.js'
import { mayDo, reportingYearAsked, type Staff } from '../governanceRecords.js'
import { panelReview } from '../scrutiny/panelReview.js'
import { assessmentSummary } from '../selfAssessment/document.js'
import type { SelfAssessmentService } from '../selfAssessment/selfAssessments.js'
import { annualReportDocument, governingBodyResponseDocument } from './annualReportDocument.js'
import type { BoardPackService } from './boardPack.js'
import type { TsmService } from './tsm.js'

/** A report document as the file asked for: HTML, PDF or Word. */
async function rendered(document: Parameters<typeof reportHtml>[0], format: 'html' | 'pdf' | 'docx') {
  return format === 'html'
    ? reportHtml(document)
    : format === 'pdf'
      ? reportPdf(document)
      : reportDocx(document)
}

/**
 * Code 8.1, 8.2: the annual complaints performance and service improvement report for a
 * financial year: drafted from the records, commentary on each part, the governing body's
 * response and approval, and published versions that never change.
 */
export function annualReportService(deps: {
  db: Kysely<DB>
  clock: Clock
  landlordName: string
  tsm: TsmService
  boardPack: BoardPackService
  selfAssessment: SelfAssessmentService
}) {
  const { db, clock } = deps
  const repo = annualReportsRepository(db)

  /**
   * Issue 34: whom the report is for, as it names them: one landlord entity asked for by id (a
   * clear refusal for one there is not, never another's figures), or with none the group.
   */
  async function landlordOf(entityId?: string) {
    await entityAsked(db, entityId)
    return reportLandlordName(await entitiesRepository(db).list(), deps.landlordName, entityId)
  }

  async function load(year: number) {
    reportingYearAsked(year)
    return foldAnnualReport(year, await repo.events(year))
  }

  /**
   * The report drafted from today's records and what has been entered on it, with the year's
   * approved self-assessment it carries (if any). The year's facts are counted once: the board
   * pack's figures and the TSM are both made from that one count. With `entityId`, one landlord
   * entity's draft: its complaints' figures and TSM over its own homes (issue 34).
   */
  async function draft(report: AnnualReport, approval?: { name: string; on: string }, entityId?: string) {
    const period = yearPeriod(report.year)
    const [pack, grounds, assessment, panel, landlordName] = await Promise.all([
      deps.boardPack.pack(period, entityId),
      complaintsRepository(db).exclusionGrounds(),
      deps.selfAssessment.approvedAnnual(report.year),
      panelReview(db, report.year),
      landlordOf(entityId),
    ])
    const tsm = await deps.tsm.tsm(report.year, pack.counts.now, entityId)
    const document: ReportDocument = annualReportDocument({
      year: report.year,
      landlordName,
      pack,
      tsm,
      groundLabel: (code) => {
        const label = grounds.find((g) => g.code === code)?.label ?? code.replace(/_/g, ' ')
        return `${label.charAt(0).toUpperCase()}${label.slice(1)}`
      },
      report,
      ...(assessment ? { selfAssessment: assessmentSummary(assessment) } : {}),
      panelReview: panel,
      ...(approval ? { approval } : {}),
    })
    return { document, assessment, landlordName }
  }

  /** One change to the year's report (`changeHistory`); `alsoWrite` writes anything kept with it. */
  function record<D extends AnnualReportEventData>(
    year: number,
    actor: Staff,
    decide: (r: AnnualReport) => D | Promise<D>,
    alsoWrite?: (trx: Kysely<DB>, data: D, now: Date) => Promise<void>,
  ) {
    return changeHistory(db, {
      record: 'annual report',
      id: String(year),
      load: () => load(year),
      decide,
      write: async (trx, report, data) => {
        const now = clock.now()
        const r = annualReportsRepository(trx)
        await r.append(year, report.version, [{ data, at: now, by: actor.id }])
        await alsoWrite?.(trx, data, now)
        return foldAnnualReport(year, await r.events(year))
      },
    })
  }

  return {
    /**
     * The report as it stands: its parts drafted from the records now, its status and versions.
     * With `entityId`, that landlord entity's draft; approval and publication are the group's.
     */
    async view(year: number, entityId?: string) {
      const report = await load(year)
      const [drafted, versions] = await Promise.all([draft(report, undefined, entityId), repo.versions(year)])
      return {
        report,
        status: annualStatus(report),
        /** Code 8.1: until the year ends the report is a draft, to preview, not approve. */
        yearEnded: yearEnded(year, londonDateOf(clock.now())),
        /** Code 8.2: the governing body's response, its own document beside the report. */
        responseDocument: governingBodyResponseDocument(year, deps.landlordName, {
          text: report.response ?? 'The governing body’s response is still to be written.',
          ...(report.approval
            ? { approvedBy: report.approval.name, approvedOn: londonDateOf(report.approval.at) }
            : {}),
        }),
        document: drafted.document,
        /** Whom this draft is for, as the document names them (issue 34). */
        landlordName: drafted.landlordName,
        approved: report.approval?.document as ReportDocument | undefined,
        versions,
      }
    },

    setCommentary(year: number, section: string, text: string | undefined, actor: Staff) {
      mayDo(actor, 'manageReports', 'write the annual report')
      return record(year, actor, () => decideCommentary(section, text))
    },

    addPublication(
      year: number,
      input: { title?: string; url?: string; note?: string; part?: string },
      actor: Staff,
    ) {
      mayDo(actor, 'manageReports', 'write the annual report')
      return record(year, actor, () => decidePublication(input, randomUUID()))
    },

    removePublication(year: number, publicationId: string, actor: Staff) {
      mayDo(actor, 'manageReports', 'write the annual report')
      return record(year, actor, (r) => {
        if (!r.publications.some((p) => p.id === publicationId))
          throw notFound('There is no such publication on the report')
        return { type: 'annual.publication_removed', publicationId }
      })
    },

    setResponse(year: number, text: string | undefined, actor: Staff) {
      mayDo(actor, 'respondToReports', 'enter the governing body’s response')
      return record(year, actor, () => decideResponse(text))
    },

    /** Issue 34: a draft of the report as a file, the group's or one landlord entity's. */
    async draftFile(year: number, format: 'html' | 'pdf' | 'docx', entityId?: string) {
      const { document } = await draft(await load(year), undefined, entityId)
      return { title: document.title, content: await rendered(document, format) }
    },

    /** Code 8.2: the governing body (or its MRC) approves the report exactly as it reads now. */
    approve(year: number, actor: Staff) {
      mayDo(actor, 'approveReports', 'approve the annual report for the governing body')
      return record(year, actor, async (r) => {
        const user = await usersRepository(db).findById(actor.id)
        const name = user?.name ?? 'the governing body'
        // Code 8.1(a): the report as approved, and whether it carries the year's approved self-assessment.
        const { document, assessment } = await draft(r, { name, on: londonDateOf(clock.now()) })
        return decideApproval(r, name, document, londonDateOf(clock.now()), Boolean(assessment))
      })
    },

    /** Publishes the approved report as a new version: HTML, PDF and Word, kept as they are for good. */
    async publish(year: number, actor: Staff, reason?: string) {
      mayDo(actor, 'manageReports', 'publish the annual report')
      // The documents are made from the report as decided, and kept with the event that publishes them.
      let files: { title: string; html: string; pdf: Buffer; docx: Buffer } | undefined
      let version = 0
      await record(
        year,
        actor,
        async (report) => {
          const data = decidePublish(report, reason, londonDateOf(clock.now()))
          if (data.type !== 'annual.published') throw new Error('unexpected decision')
          const document = report.approval?.document as ReportDocument
          const titled = {
            ...document,
            title: `${document.title}${data.version > 1 ? ` (version ${data.version})` : ''}`,
          }
          if (data.correcting)
            titled.blocks = [
              ...titled.blocks,
              {
                kind: 'paragraph',
                text: `This is version ${data.version}. It corrects version ${data.correcting}: ${data.reason}`,
              },
            ]
          const [pdf, docx] = await Promise.all([reportPdf(titled), reportDocx(titled)])
          files = { title: titled.title, html: reportHtml(titled), pdf, docx }
          version = data.version
          return data
        },
        async (trx, data, now) => {
          if (data.type !== 'annual.published' || !files) return
          await annualReportsRepository(trx).insertVersion({
            year,
            version: data.version,
            at: now,
            by: actor.id,
            ...files,
          })
        },
      )
      return { version }
    },

    async file(year: number, version: number, format: 'html' | 'pdf' | 'docx') {
      reportingYearAsked(year)
      const f = Number.isInteger(version) ? await repo.versionFile(year, version, format) : undefined
      if (!f) throw notFound('There is no such published version of the annual report')
      return f
    },

    /** Code 8.2: the governing body's response as published beside a version of the report. */
    async responseFile(year: number, version: number, format: 'html' | 'pdf' | 'docx') {
      const report = await load(year)
      const published = report.published.find((p) => p.version === version)
      if (!published?.response)
        throw notFound('There is no governing body’s response published with that version of the report')
      const document = governingBodyResponseDocument(year, deps.landlordName, published.response)
      return { title: document.title, content: await rendered(document, format) }
    },

    /** What the landlord's website shows: the latest version of each year's published report. */
    publishedYears: () => repo.publishedYears(),
  }
}

export type AnnualReportService = ReturnType<typeof annualReportService>
