import { randomBytes } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { Clock } from '../clock.js'
import { auditLogRepository } from '../db/repositories/auditLog.js'
import { credentialsRepository } from '../db/repositories/credentials.js'
import { entitiesRepository } from '../db/repositories/entities.js'
import { type UserRow, usersRepository } from '../db/repositories/users.js'
import type { DB } from '../db/schema.js'
import { isUniqueViolation } from '../db/versioned.js'
import { isUuid } from '../domain/ids.js'
import { passwordProblem } from '../domain/staff/passwords.js'
import {
  complaintHandlerRoles,
  demotesLastAdministrator,
  isStaffRole,
  LAST_ADMINISTRATOR_KEEPS_ROLE,
  type StaffRole,
  staffRoles,
} from '../domain/staff/roles.js'
import type { LockoutPolicy } from '../domain/staff/signInLockout.js'
import { isEmailAddress } from '../domain/text/emailAddress.js'
import { conflict, forbidden, invalidInput, notFound, ruleBroken } from '../errors.js'
import type { MailMode } from './mail/letterDelivery.js'
import { passwordChecker } from './passwordCheck.js'
import { hashPassword } from './passwordHashing.js'
import { hashToken } from './tokens.js'

export type StaffMember = {
  id: string
  email: string
  name: string
  role: StaffRole
  createdAt: Date
  lockedUntil: Date | null
  locked: boolean
  disabled: boolean
  /** The landlord entity the account is limited to (domain/entities/access.ts); null: the whole group. */
  entityId: string | null
}

export const toStaffMember = (u: UserRow, now: Date): StaffMember => ({
  id: u.id,
  email: u.email,
  name: u.name,
  role: u.role,
  createdAt: u.createdAt,
  lockedUntil: u.lockedUntil,
  locked: u.lockedUntil !== null && u.lockedUntil > now,
  disabled: u.disabledAt !== null,
  entityId: u.entityId,
})

/** A password nobody chose: four groups of random letters and digits, easy to read out. */
export function generatePassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789'
  const bytes = randomBytes(16)
  const chars = [...bytes].map((b) => alphabet[b % alphabet.length])
  return [0, 4, 8, 12].map((i) => chars.slice(i, i + 4).join('')).join('-')
}

/** The entity an account is limited to must be one of the landlord's entities. */
async function knownEntity(db: Kysely<DB>, entityId: string): Promise<string> {
  const found = isUuid(entityId) ? await entitiesRepository(db).find(entityId) : undefined
  if (!found)
    throw invalidInput('Choose one of the landlords in the group', [
      { field: 'entity', message: 'Choose one of the landlords in the group' },
    ])
  return found.id
}

export function staffAccountsService(deps: {
  db: Kysely<DB>
  clock: Clock
  lockout: LockoutPolicy
  mail: MailMode
}) {
  const { db, clock } = deps
  const users = usersRepository(db)
  const checkPassword = passwordChecker(deps)

  return {
    list: async () => (await users.list()).map((u) => toStaffMember(u, clock.now())),

    /** Who may be given complaints now: active staff whose role handles them. */
    handlers: async () =>
      (await users.activeIn(complaintHandlerRoles)).map((u) => toStaffMember(u, clock.now())),

    async get(id: string): Promise<StaffMember> {
      const user = await users.findById(id)
      if (!user) throw notFound('There is no member of staff with that id')
      return toStaffMember(user, clock.now())
    },

    async create(
      input: { email: string; name: string; role: string; password: string; entityId?: string | null },
      actorId: string | null,
    ): Promise<StaffMember> {
      const email = input.email.trim()
      const name = input.name.trim()
      const problems = [
        !isEmailAddress(email) && {
          field: 'email',
          message: 'Enter an email address like name@example.org',
        },
        !name && { field: 'name', message: 'Enter the person’s name' },
        !isStaffRole(input.role) && {
          field: 'role',
          message: `Role must be one of: ${staffRoles.join(', ')}`,
        },
      ].filter((p): p is { field: string; message: string } => Boolean(p))
      if (problems.length) throw invalidInput(problems.map((p) => p.message).join('; '), problems)
      const weak = passwordProblem(input.password, email)
      if (weak) throw ruleBroken(weak, [{ field: 'password', message: weak }])

      const passwordHash = await hashPassword(input.password)
      const taken = () =>
        conflict(`There is already a member of staff with the email ${email}`, [
          { field: 'email', message: 'This email address is already in use' },
        ])
      return db
        .transaction()
        .execute(async (trx) => {
          const txUsers = usersRepository(trx)
          if (await txUsers.findByEmail(email)) throw taken()
          const entityId = input.entityId ? await knownEntity(trx, input.entityId) : null
          const now = clock.now()
          const user = await txUsers.insert({
            email,
            name,
            role: input.role as StaffRole,
            passwordHash,
            createdAt: now,
            createdBy: actorId,
            entityId,
          })
          await auditLogRepository(trx).record({
            at: now,
            actorId,
            action: 'user.created',
            subjectId: user.id,
            details: { role: user.role, ...(entityId ? { entityId } : {}) },
          })
          return toStaffMember(user, now)
        })
        .catch((error: unknown) => {
          // Two at once with the same email: the second meets the unique email, and is told so.
          if (isUniqueViolation(error)) throw taken()
          throw error
        })
    },

    /** The person changes their own password; other sessions and API tokens end. */
    async changePassword(
      userId: string,
      input: { currentPassword: string; newPassword: string },
      keepSessionToken?: string,
    ): Promise<void> {
      const user = await users.findById(userId)
      if (!user) throw notFound('There is no member of staff with that id')
      // The same count and lockout as signing in: the form is no way round them.
      const check = await checkPassword(user, input.currentPassword)
      if (check !== 'correct') {
        const message =
          check === 'locked'
            ? 'Too many wrong passwords: your account is locked for a while. Try again later, or ask an administrator to reset your password'
            : 'Your current password is not correct'
        throw ruleBroken(message, [{ field: 'currentPassword', message }])
      }
      const weak = passwordProblem(input.newPassword, user.email)
      if (weak) throw ruleBroken(weak, [{ field: 'newPassword', message: weak }])
      if (input.newPassword === input.currentPassword) {
        const message = 'Your new password must be different from your current one'
        throw ruleBroken(message, [{ field: 'newPassword', message }])
      }
      const hash = await hashPassword(input.newPassword)
      await db.transaction().execute(async (trx) => {
        const now = clock.now()
        await usersRepository(trx).setPassword(userId, hash, now)
        await credentialsRepository(trx).deleteSessionsOf(
          userId,
          keepSessionToken && hashToken(keepSessionToken),
        )
        await credentialsRepository(trx).revokeApiTokensOf(userId, now)
        await auditLogRepository(trx).record({
          at: now,
          actorId: userId,
          action: 'user.password_changed',
          subjectId: userId,
        })
      })
    },

    /**
     * Gives someone another role. Only an administrator may make or unmake an administrator,
     * and the last administrator keeps the role, so the service is never left without one.
     */
    async changeRole(id: string, role: string, actor: { id: string; role: StaffRole }): Promise<StaffMember> {
      if (!isStaffRole(role))
        throw invalidInput(`Role must be one of: ${staffRoles.join(', ')}`, [
          { field: 'role', message: 'Choose a role' },
        ])
      return db.transaction().execute(async (trx) => {
        const txUsers = usersRepository(trx)
        const user = await txUsers.findById(id)
        if (!user) throw notFound('There is no member of staff with that id')
        if ((role === 'admin' || user.role === 'admin') && actor.role !== 'admin') {
          throw forbidden(
            'Only an administrator can make someone an administrator or change an administrator’s role',
          )
        }
        if (await demotesLastAdministrator(user.role, role, () => txUsers.countActiveAdmins())) {
          throw ruleBroken('This is the only administrator; make someone else an administrator first', [
            { field: 'role', message: LAST_ADMINISTRATOR_KEEPS_ROLE },
          ])
        }
        if (user.role === role) return toStaffMember(user, clock.now())
        const now = clock.now()
        await txUsers.setRole(id, role)
        await auditLogRepository(trx).record({
          at: now,
          actorId: actor.id,
          action: 'user.role_changed',
          subjectId: id,
          details: { from: user.role, to: role },
        })
        return toStaffMember({ ...user, role }, now)
      })
    },

    /**
     * Limits the account to one landlord entity's complaints, or (null) lets it see the whole
     * group's. Only an administrator changes an administrator's account.
     */
    async changeEntity(
      id: string,
      entityId: string | null,
      actor: { id: string; role: StaffRole },
    ): Promise<StaffMember> {
      return db.transaction().execute(async (trx) => {
        const txUsers = usersRepository(trx)
        const user = await txUsers.findById(id)
        if (!user) throw notFound('There is no member of staff with that id')
        if (user.role === 'admin' && actor.role !== 'admin')
          throw forbidden('Only an administrator can change an administrator’s account')
        const to = entityId ? await knownEntity(trx, entityId) : null
        const now = clock.now()
        if (user.entityId === to) return toStaffMember(user, now)
        await txUsers.setEntity(id, to)
        await auditLogRepository(trx).record({
          at: now,
          actorId: actor.id,
          action: 'user.entity_changed',
          subjectId: id,
          details: { from: user.entityId, to },
        })
        return toStaffMember({ ...user, entityId: to }, now)
      })
    },

    /**
     * Switches an account off (a leaver, a suspected compromise): its sessions and API tokens
     * end at once, and it cannot sign in until switched on again. Nobody is deleted: their
     * name stays on every record they made. Administrators' accounts are for administrators,
     * nobody switches off their own, and the last active administrator stays.
     */
    async setDisabled(
      id: string,
      disabled: boolean,
      actor: { id: string; role: StaffRole } | null,
    ): Promise<StaffMember> {
      return db.transaction().execute(async (trx) => {
        const txUsers = usersRepository(trx)
        const user = await txUsers.findById(id)
        if (!user) throw notFound('There is no member of staff with that id')
        if (actor && user.role === 'admin' && actor.role !== 'admin')
          throw forbidden('Only an administrator can switch an administrator’s account off or on')
        if (disabled && actor?.id === id)
          throw ruleBroken('You cannot switch off your own account', [
            { field: 'disabled', message: 'Ask another administrator' },
          ])
        if (disabled && user.role === 'admin' && !user.disabledAt && (await txUsers.countActiveAdmins()) <= 1)
          throw ruleBroken('This is the only administrator; make someone else an administrator first', [
            { field: 'disabled', message: 'The last administrator stays active' },
          ])
        const now = clock.now()
        if (Boolean(user.disabledAt) === disabled) return toStaffMember(user, now)
        await txUsers.setDisabled(id, disabled ? now : null)
        if (disabled) {
          await credentialsRepository(trx).deleteSessionsOf(id)
          await credentialsRepository(trx).revokeApiTokensOf(id, now)
        }
        await auditLogRepository(trx).record({
          at: now,
          actorId: actor?.id ?? null,
          action: disabled ? 'user.disabled' : 'user.enabled',
          subjectId: id,
        })
        return toStaffMember({ ...user, disabledAt: disabled ? now : null }, now)
      })
    },

    async findByEmail(email: string): Promise<StaffMember> {
      const user = await users.findByEmail(email)
      if (!user) throw notFound(`There is no member of staff with the email ${email}`)
      return toStaffMember(user, clock.now())
    },

    /** An administrator (or the CLI) sets a new password: the account is unlocked, sessions and tokens end. */
    async resetPassword(email: string, newPassword: string, actorId: string | null): Promise<StaffMember> {
      const user = await users.findByEmail(email)
      if (!user) throw notFound(`There is no member of staff with the email ${email}`)
      const weak = passwordProblem(newPassword, user.email)
      if (weak) throw ruleBroken(weak, [{ field: 'password', message: weak }])
      const hash = await hashPassword(newPassword)
      await db.transaction().execute(async (trx) => {
        const now = clock.now()
        await usersRepository(trx).setPassword(user.id, hash, now)
        await credentialsRepository(trx).deleteSessionsOf(user.id)
        await credentialsRepository(trx).revokeApiTokensOf(user.id, now)
        await auditLogRepository(trx).record({
          at: now,
          actorId,
          action: 'user.password_reset',
          subjectId: user.id,
        })
      })
      return toStaffMember(user, clock.now())
    },
  }
}

export type StaffAccountsService = ReturnType<typeof staffAccountsService>
