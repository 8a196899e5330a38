import { isStaffRole, type StaffRole } from './roles.js'

/** When a person's claim maps to several roles, the one that may do most is theirs. */
const precedence: readonly StaffRole[] = [
  'admin',
  'senior_lead',
  'complaints_officer',
  'handler',
  'board',
  'residents_panel',
]

/**
 * The role an identity provider's claim gives someone: each value (a role name, or a group the
 * landlord mapped to one) counts; none that maps gives no role, and the person cannot sign in.
 */
export function roleFromClaim(claim: unknown, roleMap: Record<string, StaffRole>): StaffRole | undefined {
  const values = Array.isArray(claim) ? claim : typeof claim === 'string' ? claim.split(/[\s,]+/) : []
  const roles = new Set<StaffRole>()
  for (const v of values) {
    if (typeof v !== 'string') continue
    const mapped = roleMap[v] ?? (isStaffRole(v) ? v : undefined)
    if (mapped) roles.add(mapped)
  }
  return precedence.find((r) => roles.has(r))
}
