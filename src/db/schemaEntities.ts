import type { Generated } from 'kysely'
import type { Instant } from './columnTypes.js'

/**
 * Landlord entities (migration 0058): the registered providers of a group, one of them the
 * default. Part of the database's types in schema.ts; the columns other tables gained
 * (complaints, users, homes_owned, report_facts) are declared with those tables.
 */
export interface LandlordEntitiesTable {
  id: string
  /** Null only for the default: the installation's LANDLORD_NAME. */
  name: string | null
  rp_number: string | null
  address: string | null
  phone: string | null
  email: string | null
  website: string | null
  logo: Uint8Array | null
  logo_type: string | null
  is_default: Generated<boolean>
  created_at: Instant
  updated_at: Instant
  updated_by: string | null
}
