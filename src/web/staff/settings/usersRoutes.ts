import type { FastifyReply } from 'fastify'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { roleLabels, type StaffRole, staffRoles } from '../../../domain/staff/roles.js'
import { AppError } from '../../../errors.js'
import { generatePassword } from '../../../services/staffAccounts.js'
import { refusalOf, refusals } from '../../formErrors.js'
import { type FieldErrors, type FormBody, field } from '../../forms.js'
import { idParams } from '../../params.js'
import { currentStaff, type StaffWebOptions, signedIn } from '../access.js'
import { entityItems } from '../entities/viewModel.js'

/** Roles limited to an entity: what a blank choice of landlord means on a staff account. */
const WHOLE_GROUP = 'All landlords in the group'

/** Staff accounts: administrators and complaints officers add people; only administrators add administrators. */
export const usersRoutes: FastifyPluginAsyncZod<StaffWebOptions> = async (app, { services }) => {
  async function render(
    reply: FastifyReply,
    staffRole: StaffRole,
    extra: {
      errors?: FieldErrors
      values?: FormBody
      created?: { name: string; email: string; password: string; reset?: boolean }
      notice?: string
    } = {},
  ) {
    const [people, entities] = await Promise.all([services.staffAccounts.list(), services.entities.list()])
    const roles = staffRoles.filter((r) => r !== 'admin' || staffRole === 'admin')
    const entityNames = new Map(entities.map((e) => [e.id, e.displayName]))
    return reply.code(extra.errors ? 422 : 200).view('staff/settings/users.njk', {
      people: people.map((p) => ({
        ...p,
        roleLabel: roleLabels[p.role],
        entityLabel: p.entityId ? (entityNames.get(p.entityId) ?? '') : WHOLE_GROUP,
        entityItems: entityItems(entities, p.entityId ?? undefined, WHOLE_GROUP),
        roleItems: staffRoles
          .filter((r) => staffRole === 'admin' || (r !== 'admin' && p.role !== 'admin'))
          .map((r) => ({ value: r, text: roleLabels[r], selected: r === p.role })),
      })),
      roleItems: [
        { value: '', text: 'Choose a role' },
        ...roles.map((r) => ({
          value: r,
          text: roleLabels[r],
          selected: extra.values ? field(extra.values, 'role') === r : false,
        })),
      ],
      entityItems: entityItems(
        entities,
        extra.values ? field(extra.values, 'entity') : undefined,
        WHOLE_GROUP,
      ),
      values: extra.values ?? {},
      errors: extra.errors,
      created: extra.created,
      notice: extra.notice,
    })
  }

  app.get(
    '/settings/users',
    { schema: { hide: true }, preHandler: signedIn('manageStaffAccounts') },
    (request, reply) => render(reply, currentStaff(request).role),
  )

  app.post(
    '/settings/users',
    { schema: { hide: true }, preHandler: signedIn('manageStaffAccounts') },
    async (request, reply) => {
      const staff = currentStaff(request)
      const body = (request.body ?? {}) as FormBody
      const errors: FieldErrors = {}
      if (!field(body, 'name')) errors.name = 'Enter the person’s name'
      if (!field(body, 'email')) errors.email = 'Enter their work email address'
      const role = field(body, 'role')
      if (!(staffRoles as readonly string[]).includes(role)) errors.role = 'Choose a role'
      else if (role === 'admin' && staff.role !== 'admin')
        errors.role = 'Only an administrator can add another administrator'
      if (Object.keys(errors).length) return render(reply, staff.role, { errors, values: body })
      const password = generatePassword()
      let created: { name: string; email: string } | undefined
      const refused = await refusals(
        async () => {
          created = await services.staffAccounts.create(
            {
              name: field(body, 'name'),
              email: field(body, 'email'),
              role,
              password,
              entityId: field(body, 'entity') || null,
            },
            staff.id,
          )
        },
        { statuses: (status) => status < 500, unnamed: 'email' },
      )
      if (refused || !created) return render(reply, staff.role, { errors: refused, values: body })
      return render(reply, staff.role, { created: { name: created.name, email: created.email, password } })
    },
  )

  app.post(
    '/settings/users/:id/role',
    { schema: { hide: true, params: idParams }, preHandler: signedIn('manageStaffAccounts') },
    async (request, reply) => {
      const staff = currentStaff(request)
      const { id } = request.params
      const body = (request.body ?? {}) as FormBody
      const refused = await refusalOf(
        () => services.staffAccounts.changeRole(id, field(body, 'role'), { id: staff.id, role: staff.role }),
        (status) => status < 500,
      )
      if (refused) return render(reply, staff.role, { errors: { people: refused.message } })
      return reply.redirect('/settings/users', 303)
    },
  )

  app.post(
    '/settings/users/:id/entity',
    { schema: { hide: true, params: idParams }, preHandler: signedIn('manageStaffAccounts') },
    async (request, reply) => {
      const staff = currentStaff(request)
      const body = (request.body ?? {}) as FormBody
      const refused = await refusalOf(
        () =>
          services.staffAccounts.changeEntity(request.params.id, field(body, 'entity') || null, {
            id: staff.id,
            role: staff.role,
          }),
        (status) => status < 500,
      )
      if (refused) return render(reply, staff.role, { errors: { people: refused.message } })
      return reply.redirect('/settings/users', 303)
    },
  )

  for (const change of ['disable', 'enable'] as const) {
    app.post(
      `/settings/users/:id/${change}`,
      { schema: { hide: true, params: idParams }, preHandler: signedIn('manageStaffAccounts') },
      async (request, reply) => {
        const staff = currentStaff(request)
        const { id } = request.params
        let name = ''
        const refused = await refusalOf(
          async () => {
            name = (
              await services.staffAccounts.setDisabled(id, change === 'disable', {
                id: staff.id,
                role: staff.role,
              })
            ).name
          },
          (status) => status < 500 && status !== 404,
        )
        if (refused) return render(reply, staff.role, { errors: { people: refused.message } })
        return render(reply, staff.role, {
          notice:
            change === 'disable'
              ? `${name}’s account is switched off: they are signed out everywhere and their API tokens no longer work.`
              : `${name}’s account is switched on again.`,
        })
      },
    )
  }

  app.post(
    '/settings/users/:id/reset-password',
    { schema: { hide: true, params: idParams }, preHandler: signedIn('manageStaffAccounts') },
    async (request, reply) => {
      const staff = currentStaff(request)
      const { id } = request.params
      const person = await services.staffAccounts.get(id)
      if (person.role === 'admin' && staff.role !== 'admin')
        throw new AppError(403, 'forbidden', 'Only an administrator can reset an administrator’s password')
      const password = generatePassword()
      await services.staffAccounts.resetPassword(person.email, password, staff.id)
      return render(reply, staff.role, {
        created: { name: person.name, email: person.email, password, reset: true },
      })
    },
  )
}
