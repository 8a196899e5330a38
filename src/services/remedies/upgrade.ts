import type { Kysely } from 'kysely'
import type { Clock } from '../../clock.js'
import { complaintsRepository } from '../../db/repositories/complaints.js'
import { remediesRepository } from '../../db/repositories/remedies.js'
import type { DB } from '../../db/schema.js'
import { londonDateOf } from '../../domain/calendar/calendarDate.js'
import { foldComplaint } from '../../domain/complaints/complaint.js'
import { owedOnComplaint, remediesOf } from '../../domain/remedies/followThrough.js'
import type { CalendarService } from '../calendar.js'

const UPGRADE = 'remedies_outstanding'

/**
 * Once, on data from before remedies were followed through: each complaint whose response
 * offered something beyond the letter counts its unfinished remedies as outstanding actions, as
 * every complaint does from now on. Safe to run on several instances at once: each writes the
 * same answer, worked out from the events.
 */
export async function countRemediesOwedOnce(deps: {
  db: Kysely<DB>
  clock: Clock
  calendar: CalendarService
}) {
  const repo = remediesRepository(deps.db)
  if (!(await repo.upgradePending(UPGRADE))) return 0
  const calendar = await deps.calendar.current()
  const today = londonDateOf(deps.clock.now())
  const ids = await repo.complaintsWithRemediesToFollow()
  for (const id of ids) {
    const c = foldComplaint(id, await complaintsRepository(deps.db).events(id))
    const owed = owedOnComplaint(c, remediesOf(c, calendar, today))
    await repo.setOpenActions(id, owed.openActions, owed.nextActionDueOn)
  }
  await repo.upgradeDone(UPGRADE)
  return ids.length
}
