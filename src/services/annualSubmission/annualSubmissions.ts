import type { Kysely } from 'kysely'
import type { Clock } from '../../clock.js'
import { annualReportsRepository } from '../../db/repositories/annualReports.js'
import { ombudsmanSubmissionsRepository } from '../../db/repositories/ombudsmanSubmissions.js'
import { reportsRepository } from '../../db/repositories/reports.js'
import { selfAssessmentsRepository } from '../../db/repositories/selfAssessments.js'
import { usersRepository } from '../../db/repositories/users.js'
import type { DB } from '../../db/schema.js'
import { type SubmissionDeadline, submissionDeadline } from '../../domain/annualSubmission/deadline.js'
import {
  decideSubmission,
  foldSubmissions,
  isPublishedAddress,
  latestSubmission,
  type PublishedDocument,
  type SubmissionHistory,
  type SubmissionInput,
  submissionAnswers,
  submissionRows,
  submissionState,
} from '../../domain/annualSubmission/submission.js'
import { reportingYear } from '../../domain/reports/reportingYear.js'
import { foldAssessment, type SelfAssessment } from '../../domain/selfAssessment/selfAssessment.js'
import { csvText } from '../../domain/text/csv.js'
import { notFound } from '../../errors.js'
import { changeHistory } from '../changeHistory.js'
import { bytesOf } from '../documents/streamBytes.js'
import { addRow, xlsxStream } from '../documents/xlsxStream.js'
import { mayDo, reportingYearAsked, type Staff } from '../governanceRecords.js'

/**
 * The Housing Ombudsman's annual submission (Code 8.1, 8.2): prepared from the approved
 * self-assessment, the homes recorded for the year and the four published documents; recorded
 * as sent, for good; exported as the Ombudsman's form asks; and asked for again when the
 * self-assessment is revised after it.
 */
export function annualSubmissionService(deps: {
  db: Kysely<DB>
  clock: Clock
  landlordName: string
  /** Where residents reach the service: its own public pages are suggested as the published documents. */
  publicUrl?: string
}) {
  const { db, clock } = deps
  const repo = ombudsmanSubmissionsRepository(db)

  const history = async (year: number): Promise<SubmissionHistory> =>
    foldSubmissions(year, await repo.events(year))

  const assessment = async (id: string) => foldAssessment(id, await selfAssessmentsRepository(db).events(id))

  /**
   * The self-assessment to submit: the year's latest approved (a re-assessment approved after the
   * annual one revises it); with none approved, the annual one as it stands, to say why not.
   */
  async function toSubmit(year: number): Promise<SelfAssessment | undefined> {
    const approved = await Promise.all((await repo.approvedAssessmentIds(year)).map(assessment))
    const latest = approved
      .filter((a) => a.approved)
      .sort((a, b) => (a.approved?.at.getTime() ?? 0) - (b.approved?.at.getTime() ?? 0))
      .at(-1)
    if (latest) return latest
    const annual = await selfAssessmentsRepository(db).annualFor(year)
    return annual ? assessment(annual.id) : undefined
  }

  /**
   * The service's own public pages for the four documents, suggested for a year's first
   * submission when the service is reached over https: the complaints policy page, and the
   * approved annual self-assessment, the annual report and its response once published here.
   */
  async function ownPages(
    year: number,
    approvedAnnual: boolean,
  ): Promise<Partial<Record<PublishedDocument, string>>> {
    const site = deps.publicUrl?.replace(/\/+$/, '')
    if (!site || !isPublishedAddress(site)) return {}
    const published = (await annualReportsRepository(db).publishedYears()).some((y) => y.year === year)
    return {
      complaintsPolicy: `${site}/complaints-policy`,
      ...(approvedAnnual ? { selfAssessment: `${site}/annual-report/${year}/self-assessment` } : {}),
      ...(published
        ? {
            annualReport: `${site}/annual-report/${year}`,
            governingBodyResponse: `${site}/annual-report/${year}/response`,
          }
        : {}),
    }
  }

  const homesAt = async (year: number) => {
    const h = await reportsRepository(db).homes(year)
    return h ? h.lcra + h.lcho : null
  }

  return {
    /**
     * A year's submission as it stands: the answers to submit, the homes and the deadline they
     * give, every submission recorded, whether one is due again, and what the form starts from
     * (the latest submission's details, or the year before's, or the service's own).
     */
    async forYear(yearAsked: unknown) {
      const year = reportingYearAsked(yearAsked)
      const [h, a, homes, before] = await Promise.all([
        history(year),
        toSubmit(year),
        homesAt(year),
        history(year - 1),
      ])
      const approved = a?.approved ? a : undefined
      const last = latestSubmission(h) ?? latestSubmission(before)
      const financialYearEnd = latestSubmission(h)?.financialYearEnd ?? reportingYear(year).to
      let deadline: SubmissionDeadline | undefined
      if (homes !== null) deadline = submissionDeadline({ year, homes, financialYearEnd })
      return {
        year,
        assessment: a,
        approved,
        answers: approved ? submissionAnswers(approved) : [],
        homes,
        deadline,
        history: h,
        state: submissionState(
          h,
          approved?.approved
            ? { id: approved.id, trigger: approved.trigger, approvedAt: approved.approved.at }
            : undefined,
        ),
        defaults: {
          name: last?.organisation.name ?? deps.landlordName,
          registeredProviderNumber: last?.organisation.registeredProviderNumber ?? '',
          ombudsmanLandlordId: last?.organisation.ombudsmanLandlordId ?? '',
          financialYearEnd,
          links: latestSubmission(h)?.links ?? (await ownPages(year, approved?.trigger === 'annual')),
        },
      }
    },

    /** Records a submission as sent, in the actor's name; refused unless everything it needs is there. */
    async record(yearAsked: unknown, input: SubmissionInput, actor: Staff, expectedVersion?: number) {
      mayDo(actor, 'manageReports', 'record the annual submission to the Ombudsman')
      const year = reportingYearAsked(yearAsked)
      const byName = (await usersRepository(db).findById(actor.id))?.name ?? 'a member of staff'
      return changeHistory(db, {
        record: 'annual submission',
        id: String(year),
        ...(expectedVersion !== undefined ? { expectedVersion } : {}),
        load: () => history(year),
        decide: async () =>
          decideSubmission(input, {
            year,
            assessment: await toSubmit(year),
            homes: await homesAt(year),
            byName,
          }),
        write: async (trx, before, data) => {
          const now = clock.now()
          const r = ombudsmanSubmissionsRepository(trx)
          await r.append(year, before.version, [{ data, at: now, by: actor.id }])
          await r.saveLatest({ year, version: before.version + 1, assessmentId: data.assessment.id, at: now })
          return foldSubmissions(year, await r.events(year))
        },
      })
    },

    /** The latest submission recorded for the year, as CSV or a workbook, as the Ombudsman's form asks. */
    async export(yearAsked: unknown, format: 'csv' | 'xlsx') {
      const year = reportingYearAsked(yearAsked)
      const last = latestSubmission(await history(year))
      if (!last) throw notFound('Nothing has been submitted to the Ombudsman for this year yet')
      const { about, head, provisions } = submissionRows(last, last)
      if (format === 'csv')
        return { year, content: Buffer.from(csvText([...about, [], head, ...provisions])) }
      const content = await bytesOf(
        xlsxStream(
          { title: about[0]?.join(' '), creator: last.organisation.name, created: last.at },
          async (wb) => {
            const ws = wb.addWorksheet('Submission')
            ws.columns = [{ width: 40 }, { width: 30 }, { width: 80 }, { width: 22 }, { width: 60 }]
            for (const r of about)
              addRow(
                ws,
                r.map((c) => c ?? ''),
              )
            addRow(ws, [])
            addRow(ws, head, true)
            for (const r of provisions)
              addRow(
                ws,
                r.map((c) => c ?? ''),
              )
            ws.commit()
          },
        ),
      )
      return { year, content }
    },

    /** The years whose submission must be made again: the self-assessment was revised after it. */
    resubmissionsDue: () => repo.resubmissionsDue(),
  }
}

export type AnnualSubmissionService = ReturnType<typeof annualSubmissionService>
