import { type Kysely, sql } from 'kysely'
import { isUuid } from '../../domain/ids.js'
import type { StaffRole } from '../../domain/staff/roles.js'
import { prepared } from '../prepared.js'
import type { DB } from '../schema.js'

export type UserRow = {
  id: string
  email: string
  name: string
  role: StaffRole
  passwordHash: string
  failedSignInAttempts: number
  lockedUntil: Date | null
  passwordChangedAt: Date
  disabledAt: Date | null
  createdAt: Date
  /** The landlord entity the account is limited to; null: the whole group. */
  entityId: string | null
}

const columns = [
  'id',
  'email',
  'name',
  'role',
  'password_hash',
  'failed_sign_in_attempts',
  'locked_until',
  'password_changed_at',
  'disabled_at',
  'created_at',
  'entity_id',
] as const

type Raw = {
  id: string
  email: string
  name: string
  role: string
  password_hash: string
  failed_sign_in_attempts: number
  locked_until: Date | null
  password_changed_at: Date
  disabled_at: Date | null
  created_at: Date
  entity_id: string | null
}

const toUser = (r: Raw): UserRow => ({
  id: r.id,
  email: r.email,
  name: r.name,
  role: r.role as StaffRole,
  passwordHash: r.password_hash,
  failedSignInAttempts: r.failed_sign_in_attempts,
  lockedUntil: r.locked_until,
  passwordChangedAt: r.password_changed_at,
  disabledAt: r.disabled_at,
  createdAt: r.created_at,
  entityId: r.entity_id,
})

export function usersRepository(db: Kysely<DB>) {
  return {
    async count(): Promise<number> {
      const row = await db.selectFrom('users').select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow()
      return Number(row.n)
    },

    async findByEmail(email: string): Promise<UserRow | undefined> {
      const row = await db
        .selectFrom('users')
        .select(columns)
        .where(sql`lower(email)`, '=', email.trim().toLowerCase())
        .executeTakeFirst()
      return row && toUser(row)
    },

    async findById(id: string): Promise<UserRow | undefined> {
      // An id that is not a uuid names nobody (and PostgreSQL would refuse to compare it).
      if (!isUuid(id)) return undefined
      const row = await db.selectFrom('users').select(columns).where('id', '=', id).executeTakeFirst()
      return row && toUser(row)
    },

    /** Each named member of staff's name, in one statement. */
    async namesOf(ids: string[]): Promise<Map<string, string>> {
      const wanted = ids.filter(isUuid)
      if (!wanted.length) return new Map()
      const rows = await db.selectFrom('users').select(['id', 'name']).where('id', 'in', wanted).execute()
      return new Map(rows.map((r) => [r.id, r.name]))
    },

    /**
     * The holder of a live API token, with the token, in one statement (every API request asks,
     * so it is prepared once per connection).
     */
    async findByLiveApiToken(
      tokenHash: string,
      now: Date,
    ): Promise<{ tokenId: string; lastUsedAt: Date | null; user: UserRow } | undefined> {
      const row = await db
        .selectFrom('api_tokens as t')
        .modifyFront(prepared)
        .innerJoin('users', 'users.id', 't.user_id')
        .select(columns.map((c) => `users.${c}` as const))
        .select(['t.id as token_id', 't.last_used_at'])
        .where('t.token_hash', '=', tokenHash)
        .where('t.expires_at', '>', now)
        .where('t.revoked_at', 'is', null)
        .executeTakeFirst()
      return row && { tokenId: row.token_id, lastUsedAt: row.last_used_at, user: toUser(row) }
    },

    async list(): Promise<UserRow[]> {
      const rows = await db.selectFrom('users').select(columns).orderBy('name').orderBy('email').execute()
      return rows.map(toUser)
    },

    /** Staff whose accounts are not disabled and who hold one of `roles` (a domain rule's), as `list` orders them. */
    async activeIn(roles: readonly StaffRole[]): Promise<UserRow[]> {
      if (!roles.length) return []
      const rows = await db
        .selectFrom('users')
        .select(columns)
        .where('disabled_at', 'is', null)
        .where('role', 'in', [...roles])
        .orderBy('name')
        .orderBy('email')
        .execute()
      return rows.map(toUser)
    },

    async insert(user: {
      email: string
      name: string
      role: StaffRole
      passwordHash: string
      createdAt: Date
      createdBy: string | null
      entityId?: string | null
    }): Promise<UserRow> {
      const row = await db
        .insertInto('users')
        .values({
          email: user.email.trim(),
          name: user.name.trim(),
          role: user.role,
          password_hash: user.passwordHash,
          password_changed_at: user.createdAt,
          created_at: user.createdAt,
          created_by: user.createdBy,
          entity_id: user.entityId ?? null,
        })
        .returning(columns)
        .executeTakeFirstOrThrow()
      return toUser(row)
    },

    /**
     * Counts a sign-in attempt before the password is checked, in one statement, so attempts
     * that arrive together are counted one by one. Returns the attempt's number since the last
     * success or lockout, or undefined while the account is locked.
     */
    async claimSignInAttempt(id: string, now: Date): Promise<number | undefined> {
      const row = await db
        .updateTable('users')
        .set({
          failed_sign_in_attempts: sql<number>`case when locked_until is not null then 1 else failed_sign_in_attempts + 1 end`,
          locked_until: null,
        })
        .where('id', '=', id)
        .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', now)]))
        .returning('failed_sign_in_attempts')
        .executeTakeFirst()
      return row?.failed_sign_in_attempts
    },

    /**
     * Locks the account until the time given (the count starts again after it). False when it
     * was locked already, so however many attempts find the limit passed, it is locked once.
     */
    async lockSignIn(id: string, until: Date, now: Date): Promise<boolean> {
      const row = await db
        .updateTable('users')
        .set({ failed_sign_in_attempts: 0, locked_until: until })
        .where('id', '=', id)
        .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', now)]))
        .returning('id')
        .executeTakeFirst()
      return Boolean(row)
    },

    /** After a correct password: the count starts again, unless a concurrent attempt has locked it. */
    async clearSignInFailures(id: string): Promise<void> {
      await db
        .updateTable('users')
        .set({ failed_sign_in_attempts: 0 })
        .where('id', '=', id)
        .where('locked_until', 'is', null)
        .execute()
    },

    async recordSignInOutcome(id: string, failedAttempts: number, lockedUntil: Date | null): Promise<void> {
      await db
        .updateTable('users')
        .set({ failed_sign_in_attempts: failedAttempts, locked_until: lockedUntil })
        .where('id', '=', id)
        .execute()
    },

    async setDisabled(id: string, at: Date | null): Promise<void> {
      await db.updateTable('users').set({ disabled_at: at }).where('id', '=', id).execute()
    },

    async setRole(id: string, role: StaffRole): Promise<void> {
      await db.updateTable('users').set({ role }).where('id', '=', id).execute()
    },

    async setEntity(id: string, entityId: string | null): Promise<void> {
      await db.updateTable('users').set({ entity_id: entityId }).where('id', '=', id).execute()
    },

    async countActiveAdmins(): Promise<number> {
      const row = await db
        .selectFrom('users')
        .select(sql<number>`count(*)`.as('n'))
        .where('role', '=', 'admin')
        .where('disabled_at', 'is', null)
        .executeTakeFirstOrThrow()
      return Number(row.n)
    },

    async setPassword(id: string, passwordHash: string, at: Date): Promise<void> {
      await db
        .updateTable('users')
        .set({
          password_hash: passwordHash,
          password_changed_at: at,
          failed_sign_in_attempts: 0,
          locked_until: null,
        })
        .where('id', '=', id)
        .execute()
    },
  }
}

export type UsersRepository = ReturnType<typeof usersRepository>
