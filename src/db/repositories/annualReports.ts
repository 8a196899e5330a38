import type { Kysely } from 'kysely'
import type { AnnualReportEvent, AnnualReportEventData } from '../../domain/reports/annualReport.js'
import type { DB } from '../schema.js'
import { eventStream } from './eventStreams.js'

/** The annual complaints report for each year: its events, and every version published. */
export function annualReportsRepository(db: Kysely<DB>) {
  const stream = eventStream<AnnualReportEventData>(db, 'annual_report_events')
  return {
    events: (year: number): Promise<AnnualReportEvent[]> => stream.read(String(year)),
    append: (
      year: number,
      afterSeq: number,
      events: { data: AnnualReportEventData; at: Date; by: string | null }[],
    ) => stream.append(String(year), afterSeq, events),

    async insertVersion(v: {
      year: number
      version: number
      at: Date
      by: string
      title: string
      html: string
      pdf: Buffer
      docx: Buffer
    }) {
      await db
        .insertInto('annual_report_versions')
        .values({
          year: v.year,
          version: v.version,
          published_at: v.at,
          published_by: v.by,
          title: v.title,
          html: v.html,
          pdf: v.pdf,
          docx: v.docx,
        })
        .execute()
    },

    async versions(year: number) {
      return db
        .selectFrom('annual_report_versions')
        .select(['year', 'version', 'published_at as publishedAt', 'title'])
        .where('year', '=', year)
        .orderBy('version', 'desc')
        .execute()
    },

    async versionFile(year: number, version: number, format: 'html' | 'pdf' | 'docx') {
      const row = await db
        .selectFrom('annual_report_versions')
        .select(['title', format])
        .where('year', '=', year)
        .where('version', '=', version)
        .executeTakeFirst()
      return row
        ? { title: row.title, content: (row as Record<string, unknown>)[format] as string | Uint8Array }
        : undefined
    },

    /** The latest version published for each year, newest year first: what the website shows. */
    async publishedYears() {
      return db
        .selectFrom('annual_report_versions')
        .select(({ fn }) => ['year', fn.max('version').as('version')])
        .groupBy('year')
        .orderBy('year', 'desc')
        .execute()
    },
  }
}
