import type { Kysely } from 'kysely'
import type { Clock } from '../../clock.js'
import { hazardsRepository } from '../../db/repositories/hazards.js'
import { remediesRepository } from '../../db/repositories/remedies.js'
import type { DB } from '../../db/schema.js'
import type { CalendarService } from '../calendar.js'
import { refreshHazard } from './hazards.js'

const UPGRADE = 'hazard_clocks_statutory'

/**
 * Once, on hazards recorded before Awaab's Law's clocks counted the Regulations' working days
 * and kept a duty fallen due under an earlier assessment: every hazard's row and clocks are
 * worked out again from its events, so the queues and the board pack read what the hazard page
 * shows. Safe on several instances at once: each writes the same answer, from the events.
 */
export async function refreshHazardClocksOnce(deps: {
  db: Kysely<DB>
  clock: Clock
  calendar: CalendarService
}) {
  const upgrades = remediesRepository(deps.db)
  if (!(await upgrades.upgradePending(UPGRADE))) return 0
  const calendar = await deps.calendar.statutory()
  const ids = await hazardsRepository(deps.db).allIds()
  for (const id of ids)
    await deps.db.transaction().execute((trx) => refreshHazard(trx, id, calendar, deps.clock.now()))
  await upgrades.upgradeDone(UPGRADE)
  return ids.length
}
