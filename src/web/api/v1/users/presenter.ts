import { z } from 'zod'
import { staffRoles } from '../../../../domain/staff/roles.js'
import type { StaffMember } from '../../../../services/staffAccounts.js'

export const userSchema = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string(),
  role: z.enum(staffRoles),
  createdAt: z.iso.datetime({ offset: true }),
  locked: z.boolean(),
  disabled: z.boolean(),
})

export function presentUser(m: StaffMember): z.infer<typeof userSchema> {
  return {
    id: m.id,
    email: m.email,
    name: m.name,
    role: m.role,
    createdAt: m.createdAt.toISOString(),
    locked: m.locked,
    disabled: m.disabled,
  }
}
