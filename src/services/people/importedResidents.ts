import { randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import { peopleRepository, type ResidentMatch } from '../../db/repositories/people.js'
import type { DB } from '../../db/schema.js'
import { londonDateOf } from '../../domain/calendar/calendarDate.js'
import type { Resident } from '../../domain/complaints/events.js'
import type { Tenure } from '../../domain/complaints/vocabulary.js'
import { foldPerson } from '../../domain/people/person.js'
import { residentRecordEvents, rowOf, tenancyOf } from './people.js'

type Tenancy = { tenure?: Tenure; entityId?: string }

/** Where an imported complaint's resident goes: a record found, or a new one. */
export type ImportedResident = { personId: string; tenancy: Tenancy; newRecord: boolean }

/**
 * The resident records of an import's complaints, in the file's order, by intake's own rule
 * (`matchQuery`: the same tenancy reference, else email, else name at postcode, the oldest record
 * first) as if each complaint were logged one after the other: a resident matched to a record
 * already here joins it, and takes its tenure and landlord entity; one matched to an earlier row
 * of the file (by a better way than any record here, or equally and no record here) joins that
 * row's record; otherwise the row makes a new record. Two statements for the whole file, not one a
 * row. Rows are placed in order; a row making a new record is given an empty tenancy, which the
 * caller sets to its complaint's tenure and entity before placing the next row, so that later
 * rows joining that record take them.
 */
export function importedResidents(db: Kysely<DB>) {
  const repo = peopleRepository(db)
  return {
    async match(residents: readonly Resident[]) {
      const [inPeople, inFile] = await Promise.all([
        repo.matchMany(residents, 'people'),
        repo.matchMany(residents, 'themselves'),
      ])
      const foundIds = [...new Set([...inPeople.values()].map((m) => m.id))]
      const events = await repo.eventsOfMany(foundIds)
      const placed: ImportedResident[] = []
      /** Row `i`'s place, after the rows before it. */
      return (i: number): ImportedResident => {
        const here = inPeople.get(i)
        const earlier = inFile.get(i)
        const row = earlier ? placed[Number(earlier.id)] : undefined
        let place: ImportedResident
        if (row && earlier && (!here || earlier.rank < here.rank)) place = { ...row, newRecord: false }
        else if (here) {
          const match: ResidentMatch = { found: { id: here.id, events: events.get(here.id) ?? [] } }
          place = { personId: here.id, tenancy: tenancyOf(match), newRecord: false }
        } else place = { personId: randomUUID(), tenancy: {}, newRecord: true }
        placed[i] = place
        return place
      }
    },

    /** The new records, numbered in the file's order, written in bulk. */
    async write(
      records: readonly { personId: string; resident: Resident; tenancy: Tenancy; complaintId: string }[],
      by: string,
      now: Date,
    ) {
      const numbers = await repo.referenceNumbers(records.length)
      await repo.insertMany(
        records.map((r, n) => {
          const data = residentRecordEvents({ newNumber: numbers[n] ?? 0 }, undefined, {
            resident: r.resident,
            complaintId: r.complaintId,
            tenancy: r.tenancy,
            now,
          })
          const events = data.map((d, seq) => ({ ...d, seq: seq + 1, at: now, by }))
          return {
            row: rowOf(foldPerson(r.personId, events), londonDateOf(now), now),
            events: data.map((d) => ({ data: d, at: now, by })),
          }
        }),
      )
    },
  }
}
