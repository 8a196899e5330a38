import type { Kysely } from 'kysely'
import type { Clock } from '../../clock.js'
import { complaintsRepository } from '../../db/repositories/complaints.js'
import { insertFactsQuery, reportsRepository } from '../../db/repositories/reports.js'
import type { DB } from '../../db/schema.js'
import { type CalendarDate, londonDateOf } from '../../domain/calendar/calendarDate.js'
import type { WorkingDayCalendar } from '../../domain/calendar/workingDayCalendar.js'
import { type Complaint, foldComplaint } from '../../domain/complaints/complaint.js'
import type { PolicyValues } from '../../domain/policy/timescales.js'
import { factsKey, reportFacts } from '../../domain/reports/facts.js'
import type { CalendarService } from '../calendar.js'
import type { PolicyService } from '../policy.js'

type Rules = {
  policyOf: (version: number) => PolicyValues
  calendar: WorkingDayCalendar
  today: CalendarDate
}

/** A new complaint's report facts, as queries to write with it (`writeTogether`). */
export function newComplaintFacts(db: Kysely<DB>, complaint: Complaint, r: Rules) {
  return insertFactsQuery(db, complaint, reportFacts(complaint, r.policyOf, r.calendar, r.today))
}

/**
 * Inside the transaction that records a change to a complaint: its report facts are rewritten
 * when the change alters them (a response, a tenure, a closure), and left alone when it does
 * not (a note, a document), so most actions cost nothing more.
 */
export async function keepReportFactsCurrent(trx: Kysely<DB>, before: Complaint, after: Complaint, r: Rules) {
  const facts = reportFacts(after, r.policyOf, r.calendar, r.today)
  if (factsKey(reportFacts(before, r.policyOf, r.calendar, r.today)) === factsKey(facts)) return
  await reportsRepository(trx).replaceFacts(after.id, facts)
}

const UPGRADE = 'report_facts'
/** Complaints whose facts a data upgrade works out again in one transaction. */
const UPGRADE_BATCH = 500

/**
 * Once, on complaints recorded before the reports read facts: each complaint's facts are worked
 * out from its events, holding the complaint's row as any action on it does. Several instances
 * starting together, or an action at the same moment, each leave the facts its events make.
 */
export async function deriveReportFactsOnce(deps: {
  db: Kysely<DB>
  clock: Clock
  calendar: CalendarService
  policy: PolicyService
}) {
  const derived = await deriveFacts(deps)
  // Every fact rewritten (the upgrade above): the day counts are counted afresh. Otherwise facts
  // written in bulk (a data load) leave their counts' changes to fold in once, at start-up,
  // rather than in the first report someone opens.
  if (derived) await reportsRepository(deps.db).recountFactCounts()
  else await reportsRepository(deps.db).foldFactCounts()
  return derived
}

async function deriveFacts(deps: {
  db: Kysely<DB>
  clock: Clock
  calendar: CalendarService
  policy: PolicyService
}) {
  const pending = await deps.db
    .selectFrom('data_upgrades')
    .select('name')
    .where('name', '=', UPGRADE)
    .executeTakeFirst()
  if (!pending) return 0
  const rules = {
    calendar: await deps.calendar.current(),
    policyOf: await deps.policy.lookup(),
    today: londonDateOf(deps.clock.now()),
  }
  // A batch of complaints at a time, each batch holding its complaints' rows as every action on
  // one does, so the facts written match their events.
  let derived = 0
  for (let after: string | null = null; ; ) {
    const ids = await deps.db.transaction().execute(async (trx) => {
      const ids = await reportsRepository(trx).lockComplaintsAfter(after, UPGRADE_BATCH)
      const histories = await complaintsRepository(trx).eventsOf(ids)
      await reportsRepository(trx).replaceFactsOf(
        ids.map((id) => ({
          complaintId: id,
          facts: reportFacts(
            foldComplaint(id, histories.get(id) ?? []),
            rules.policyOf,
            rules.calendar,
            rules.today,
          ),
        })),
      )
      return ids
    })
    derived += ids.length
    after = ids.at(-1) ?? null
    if (ids.length < UPGRADE_BATCH) break
  }
  await deps.db.deleteFrom('data_upgrades').where('name', '=', UPGRADE).execute()
  return derived
}
