import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { staffRoles } from '../../../../domain/staff/roles.js'
import { type ApiOptions, requireStaff } from '../access.js'
import { presentUser, userSchema } from './presenter.js'

const createUserBody = z.object({
  email: z.string().min(1),
  name: z.string().min(1).max(200),
  password: z.string().min(1).describe('At least 12 characters'),
  role: z.enum(staffRoles),
})

export const userRoutes: FastifyPluginAsyncZod<ApiOptions> = async (app, { services }) => {
  const tags = ['Staff accounts']

  app.post(
    '/users',
    {
      schema: {
        tags,
        summary: 'Create a member of staff (administrator only)',
        body: createUserBody,
        response: { 201: userSchema },
      },
    },
    async (request, reply) => {
      const admin = requireStaff(request, 'manageUsers')
      const created = await services.staffAccounts.create(request.body, admin.id)
      return reply.code(201).send(presentUser(created))
    },
  )

  app.get(
    '/users',
    {
      schema: {
        tags,
        summary: 'List staff accounts (administrator only)',
        response: { 200: z.object({ items: z.array(userSchema) }) },
      },
    },
    async (request) => {
      requireStaff(request, 'manageUsers')
      return { items: (await services.staffAccounts.list()).map((u) => presentUser(u)) }
    },
  )

  app.get(
    '/users/:id',
    {
      schema: {
        tags,
        summary: 'One staff account (administrator only)',
        params: z.object({ id: z.uuid({ message: 'must be a user id' }) }),
        response: { 200: userSchema },
      },
    },
    async (request) => {
      requireStaff(request, 'manageUsers')
      return presentUser(await services.staffAccounts.get(request.params.id))
    },
  )

  for (const change of ['disable', 'enable'] as const) {
    app.post(
      `/users/:id/${change}`,
      {
        schema: {
          tags,
          summary:
            change === 'disable'
              ? 'Switch an account off: its sessions and API tokens end at once (administrator only)'
              : 'Switch an account on again (administrator only)',
          params: z.object({ id: z.uuid({ message: 'must be a user id' }) }),
          response: { 200: userSchema },
        },
      },
      async (request) => {
        const admin = requireStaff(request, 'manageUsers')
        return presentUser(
          await services.staffAccounts.setDisabled(request.params.id, change === 'disable', {
            id: admin.id,
            role: admin.role,
          }),
        )
      },
    )
  }
}
