import type { Kysely } from 'kysely'
import type { Clock } from '../../clock.js'
import { residentPortalRepository } from '../../db/repositories/residentPortal.js'
import type { DB } from '../../db/schema.js'
import { tooManyRequests } from '../../errors.js'
import { hashToken } from '../tokens.js'

/**
 * Limits on what anyone may do without signing in, counted in the database so that every
 * instance shares them. No CAPTCHA: those shut out disabled people (WCAG 2.2, 3.3.8).
 */
export const residentLimits = {
  /** Online complaints sent from one address. */
  complaintsPerAddress: { max: 10, minutes: 60 },
  /** Codes asked for, from one address and for one email address. */
  codesPerAddress: { max: 20, minutes: 60 },
  codesPerEmail: { max: 5, minutes: 60 },
  /** Files added to forms from one address. */
  uploadsPerAddress: { max: 60, minutes: 60 },
} as const

export type LimitName = keyof typeof residentLimits

export function rateLimiter(deps: { db: Kysely<DB>; clock: Clock }) {
  return {
    /** Counts one more, and refuses with 429 (saying when to try again) once over the limit. */
    async take(name: LimitName, key: string, message: string): Promise<void> {
      const limit = residentLimits[name]
      const now = deps.clock.now()
      const since = new Date(now.getTime() - limit.minutes * 60_000)
      const count = await residentPortalRepository(deps.db).hit(
        name,
        hashToken(key.toLowerCase()),
        now,
        since,
      )
      if (count > limit.max) throw tooManyRequests(`${message} Please try again in an hour, or phone us.`)
    },
  }
}

export type RateLimiter = ReturnType<typeof rateLimiter>
