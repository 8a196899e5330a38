import { Problems } from '../rules.js'
import { isEmailAddress } from '../text/emailAddress.js'
import { trimmed } from '../text/trimmed.js'

/**
 * A landlord entity: one registered provider of a group (issue 34). The installation always has
 * one, the default, whose blank details are the installation's own (LANDLORD_NAME, the letter
 * settings); a group adds one for each other registered provider it handles complaints for.
 */
/** The id migration 0058 gives the default entity: the database's default for every complaint's. */
export const DEFAULT_ENTITY_ID = '00000000-0000-4000-8000-000000000001'

export type LandlordEntity = {
  id: string
  /** The name residents know it by; the default's may be left to LANDLORD_NAME. */
  name?: string
  /** The Regulator of Social Housing's registration number, e.g. L1234 or 4567. */
  rpNumber?: string
  address?: string
  phone?: string
  email?: string
  website?: string
  hasLogo: boolean
  isDefault: boolean
}

export type EntityDetails = {
  name?: string
  rpNumber?: string
  address?: string
  phone?: string
  email?: string
  website?: string
}

/**
 * An entity's details as an administrator gave them: a name (except for the default, which may
 * leave it to the installation's), a registered provider number of letters and digits, an email
 * address that looks like one, a website on http(s). Every slip is refused at once.
 */
export function decideEntityDetails(
  input: Record<string, string | undefined>,
  isDefault: boolean,
): EntityDetails {
  const problems = new Problems()
  const name = trimmed(input.name)
  if (!name && !isDefault) problems.add('name', 'Enter the landlord’s name')
  if (name && name.length > 200) problems.add('name', 'The name must be 200 characters or fewer')
  const rpNumber = trimmed(input.rpNumber)?.toUpperCase()
  if (rpNumber && !/^[A-Z0-9]{1,12}$/.test(rpNumber))
    problems.add(
      'rpNumber',
      'Enter the registered provider number as the Regulator gives it, like L1234 or 4567',
    )
  const address = input.address
    ?.split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)
    .join('\n')
  if (address && address.length > 500) problems.add('address', 'The address must be 500 characters or fewer')
  const phone = trimmed(input.phone)
  if (phone && !/^[0-9+() -]{6,30}$/.test(phone))
    problems.add('phone', 'Enter a phone number, like 0300 123 4567')
  const email = trimmed(input.email)
  if (email && !isEmailAddress(email)) problems.add('email', 'Enter the email address like name@example.org')
  const website = trimmed(input.website)
  if (website && !/^https?:\/\/[^\s/]+\.[^\s]+$/i.test(website))
    problems.add('website', 'Enter the website’s address, starting https://')
  problems.throwIfAny()
  return {
    ...(name ? { name } : {}),
    ...(rpNumber ? { rpNumber } : {}),
    ...(address ? { address } : {}),
    ...(phone ? { phone } : {}),
    ...(email ? { email } : {}),
    ...(website ? { website } : {}),
  }
}

/** The name an entity is shown by: its own, or for the default the installation's. */
export const entityName = (e: { name?: string | null }, installationName: string) =>
  e.name ?? installationName

/**
 * Whom a report is for, as its documents name it (issue 34): one entity by its name and registered
 * provider number; the group by every entity's name ("the group: A, B"); an installation with
 * one entity by its name alone, as before there were entities.
 */
export function reportLandlordName(
  entities: { id: string; name?: string; rpNumber?: string }[],
  installationName: string,
  entityId?: string,
): string {
  const one = entityId ? entities.find((e) => e.id === entityId) : undefined
  if (one)
    return one.rpNumber && entities.length > 1
      ? `${entityName(one, installationName)} (registered provider ${one.rpNumber})`
      : entityName(one, installationName)
  if (entities.length <= 1) return entities[0] ? entityName(entities[0], installationName) : installationName
  return `The group: ${entities.map((e) => entityName(e, installationName)).join(', ')}`
}

/**
 * The entity a file names (an import's `entity` column): by its name, as it is shown, or its
 * registered provider number, without regard to case or spaces at either end.
 */
export function entityNamedIn<E extends { name?: string | null; rpNumber?: string | null }>(
  entities: readonly E[],
  text: string,
  installationName: string,
): E | undefined {
  const wanted = text.trim().toLowerCase()
  return entities.find(
    (e) =>
      entityName(e, installationName).trim().toLowerCase() === wanted || e.rpNumber?.toLowerCase() === wanted,
  )
}
