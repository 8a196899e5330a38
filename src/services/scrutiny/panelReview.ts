import type { Kysely } from 'kysely'
import { panelCommentsRepository } from '../../db/repositories/panelComments.js'
import type { DB } from '../../db/schema.js'
import type { ReportBlock } from '../../domain/reports/reportDocument.js'
import { foldPanelComment, type PanelComment, panelReviewBlocks } from '../../domain/scrutiny/panelComment.js'

/** The most comments a year's review prints. */
const YEAR_LIMIT = 1000

/**
 * A reporting year's comments and challenges from the residents' panel (Code 9.3), with their
 * answers; `asAt` (an approval) leaves out what was said or answered after it, so a document
 * approved reads as it was approved.
 */
export async function panelCommentsOfYear(
  db: Kysely<DB>,
  year: number,
  asAt?: Date,
): Promise<PanelComment[]> {
  const rows = await panelCommentsRepository(db).list({ year, limit: YEAR_LIMIT })
  return rows.flatMap(({ id, events }) => {
    const kept = asAt ? events.filter((e) => e.at <= asAt) : events
    return kept.length ? [foldPanelComment(id, kept)] : []
  })
}

/** The panel's review of the year, as the self-assessment and the annual report print it. */
export async function panelReview(db: Kysely<DB>, year: number, asAt?: Date): Promise<ReportBlock[]> {
  return panelReviewBlocks(await panelCommentsOfYear(db, year, asAt), year)
}
