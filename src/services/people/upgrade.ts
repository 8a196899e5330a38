import type { Kysely } from 'kysely'
import { complaintsRepository } from '../../db/repositories/complaints.js'
import { remediesRepository } from '../../db/repositories/remedies.js'
import type { DB } from '../../db/schema.js'
import { foldComplaint } from '../../domain/complaints/complaint.js'
import { addressKeyOf } from '../../domain/people/person.js'
import { personForComplaint } from './people.js'

const UPGRADE = 'resident_records'

/**
 * Once, on data from before resident records: every complaint joins its resident's record,
 * oldest first, as every complaint logged from now on does, so each case shows who the resident
 * is. Each complaint is linked in its own transaction with its row locked, so instances running
 * this at once never link one twice.
 */
export async function linkResidentRecordsOnce(deps: { db: Kysely<DB> }): Promise<number> {
  const upgrades = remediesRepository(deps.db)
  if (!(await upgrades.upgradePending(UPGRADE))) return 0
  let linked = 0
  for (;;) {
    const batch = await complaintsRepository(deps.db).withoutResidentRecord(500)
    if (!batch.length) break
    for (const id of batch)
      await deps.db.transaction().execute(async (trx) => {
        const repo = complaintsRepository(trx)
        if (!(await repo.lockIfWithoutResidentRecord(id))) return
        const c = foldComplaint(id, await repo.events(id))
        const { personId } = await personForComplaint(trx, {
          resident: c.resident,
          adjustments: c.adjustments,
          complaintId: id,
          by: null,
          now: c.receivedAt,
        })
        await repo.linkResidentRecord(id, personId, addressKeyOf(c.resident))
        linked++
      })
  }
  await upgrades.upgradeDone(UPGRADE)
  return linked
}
