import type { Kysely } from 'kysely'
import type { DB } from '../db/schema.js'
import { VersionConflictError } from '../db/versioned.js'
import { refused } from '../errors.js'

/** How many times a change that names no version is decided again when others keep landing first. */
const UNVERSIONED_ATTEMPTS = 50

/** One change to a record kept as a history of events (a complaint, a hazard, a resident record). */
export type HistoryChange<R extends { version: number } | undefined, D, T> = {
  /** What the record is called when someone else changed it first: "complaint", "hazard". */
  record: string
  id: string
  /**
   * The version the person saw: if the record has moved on since, nothing is written and the
   * answer is 409. None for an append that fits the record whatever it now is (a note, a
   * document): when another write lands first, it is decided again on the record as it is then.
   */
  expectedVersion?: number
  /** The record as it stands (undefined for one being created). */
  load: () => Promise<R>
  /** The domain's decision on the record as loaded; a refusal ends the change with nothing written. */
  decide: (before: R) => D | Promise<D>
  /** Appends the events at the version loaded, updates the current-state row and side effects. */
  write: (trx: Kysely<DB>, before: R, decided: D) => Promise<T>
  /**
   * The transaction the write runs in, when something else must be written with it (by default,
   * one of its own). `work` must run inside it.
   */
  transaction?: (before: R, work: (trx: Kysely<DB>) => Promise<T>) => Promise<T>
}

/** Unversioned changes to one record from this instance, taking turns: the tail of each record's queue. */
const turns = new Map<string, Promise<unknown>>()

/** Runs `work` after the changes to `key` already waiting here, so they do not race one another. */
async function inTurn<T>(key: string, work: () => Promise<T>): Promise<T> {
  const before = turns.get(key) ?? Promise.resolve()
  const mine = before.then(work, work)
  const tail = mine.catch(() => undefined)
  turns.set(key, tail)
  try {
    return await mine
  } finally {
    if (turns.get(key) === tail) turns.delete(key)
  }
}

/**
 * The one way a record kept as a history of events changes: load it, let the domain decide,
 * then append the events with the version check and update the current-state row and its side
 * effects in one transaction. A refusal, or someone else's change landing first, becomes the
 * service's answer (`asAppError`) with nothing written.
 *
 * Changes that name no version are re-applied when they contend: on this instance they take
 * turns (two hundred notes sent at once are all kept, in the order they arrived), and a clash
 * with another instance's write is decided again on the record as it then is.
 */
export async function changeHistory<R extends { version: number } | undefined, D, T>(
  db: Kysely<DB>,
  change: HistoryChange<R, D, T>,
): Promise<T> {
  const once = async () => {
    const before = await change.load()
    if (change.expectedVersion !== undefined && change.expectedVersion !== (before?.version ?? 0))
      throw new VersionConflictError()
    const decided = await change.decide(before)
    const work = (trx: Kysely<DB>) => change.write(trx, before, decided)
    return change.transaction ? change.transaction(before, work) : db.transaction().execute(work)
  }
  try {
    if (change.expectedVersion !== undefined) return await once()
    return await inTurn(`${change.record}:${change.id}`, async () => {
      for (let attempt = 1; ; attempt++) {
        try {
          return await once()
        } catch (error) {
          if (!(error instanceof VersionConflictError) || attempt >= UNVERSIONED_ATTEMPTS) throw error
          await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * attempt))
        }
      }
    })
  } catch (error) {
    refused(error, change.record)
  }
}
