import { type Complaint, consentNeeded } from '../complaints/complaint.js'

/**
 * How a letter reaches the person it is written to: the representative once the resident's
 * consent is recorded (Code 1.3), otherwise the resident. By email when they have an address and
 * have not asked for post only; otherwise by post. Large print when the resident asked for it.
 */
export type LetterRoute =
  | { by: 'email'; to: string; name: string; largePrint: boolean }
  | { by: 'post'; reason: 'no_email' | 'post_only'; name: string; largePrint: boolean }

/** Code 1.3: who a letter is written to: the representative once consent is recorded, else the resident. */
export function letterAddressee(c: Pick<Complaint, 'resident' | 'representative'>): {
  name: string
  email?: string
  viaRepresentative: boolean
} {
  const representative = c.representative && !consentNeeded(c) ? c.representative : undefined
  return representative
    ? { name: representative.name, email: representative.email, viaRepresentative: true }
    : { name: c.resident.name, email: c.resident.email, viaRepresentative: false }
}

/**
 * The resident record's preferences count too (Code 5.9, 5.10): letters by post when they prefer
 * letters, and in large print when that is their format, whatever the complaint recorded.
 */
export function letterRoute(
  c: Pick<Complaint, 'resident' | 'representative'>,
  preferences: { method?: string; format?: string } = {},
): LetterRoute {
  const { name, email } = letterAddressee(c)
  const largePrint = Boolean(c.resident.largePrint) || preferences.format === 'large_print'
  if (c.resident.postOnly || preferences.method === 'letter')
    return { by: 'post', reason: 'post_only', name, largePrint }
  if (!email) return { by: 'post', reason: 'no_email', name, largePrint }
  return { by: 'email', to: email, name, largePrint }
}
