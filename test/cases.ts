import type { StaffRole } from '../src/domain/staff/roles.js'
import type { TestApp } from './app.js'

/** A complaint logged by phone through the service, as a member of staff would; its id. */
export async function loggedComplaint(
  t: TestApp,
  actor: { id: string; role: StaffRole },
  c: {
    name: string
    receivedAt: string
    description?: string
    categories?: string[]
    tenure?: 'lcra' | 'lcho'
    /** The landlord entity it belongs to (issue 34); the default's if not given. */
    entityId?: string
  },
): Promise<string> {
  const { view } = await t.services.complaints.receive(
    {
      channel: 'phone',
      receivedAt: new Date(c.receivedAt),
      description: c.description ?? 'The repair was not done',
      resident: { name: c.name },
      ...(c.categories ? { categories: c.categories } : {}),
      ...(c.tenure ? { tenure: c.tenure } : {}),
      ...(c.entityId ? { entityId: c.entityId } : {}),
    },
    actor,
  )
  return view.complaint.id
}

/** The text of the daily prompt sent to an address, or '' if none was. */
export async function dailyPromptTo(t: TestApp, email: string): Promise<string> {
  return (
    (
      await t.database.db
        .selectFrom('mail_messages')
        .select('text_body')
        .where('kind', '=', 'daily_prompt')
        .where('to_address', '=', email)
        .executeTakeFirst()
    )?.text_body ?? ''
  )
}
