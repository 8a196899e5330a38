import type { Generated } from 'kysely'
import type { Instant, Json } from './columnTypes.js'

/** The governance records kept as histories of events: Ombudsman cases, improvement actions, self-assessments. */
export interface OmbudsmanCasesTable {
  id: string
  complaint_id: string
  ombudsman_reference: string
  kind: string
  received_on: string
  next_due_on: string | null
  /** When the Ombudsman's determination was reported (migration 0046); null until then. */
  determined_on: Generated<string | null>
  version: number
  updated_at: Instant
}

export interface OmbudsmanCaseEventsTable {
  id: Generated<number>
  case_id: string
  seq: number
  type: string
  at: Instant
  actor_id: string | null
  data: Json<Record<string, unknown>>
}

export interface ImprovementActionsTable {
  id: string
  title: string
  source: string
  ombudsman_case_id: string | null
  direction_id: string | null
  owner_id: string
  status: string
  due_on: string
  completed_on: string | null
  published_at: Instant | null
  you_said: string | null
  we_did: string | null
  raised_at: Instant
  version: number
  updated_at: Instant
}

export interface ImprovementActionComplaintsTable {
  action_id: string
  complaint_id: string
}

export interface ImprovementActionEventsTable {
  id: Generated<number>
  action_id: string
  seq: number
  type: string
  at: Instant
  actor_id: string | null
  data: Json<Record<string, unknown>>
}

export interface SelfAssessmentsTable {
  id: string
  year: number
  trigger: string
  status: string
  version: number
  updated_at: Instant
  /** One landlord entity's own assessment; null: the whole group's (migration 0059). */
  entity_id: Generated<string | null>
}

export interface SelfAssessmentEventsTable {
  id: Generated<number>
  assessment_id: string
  seq: number
  type: string
  at: Instant
  actor_id: string | null
  data: unknown
}

export interface SelfAssessmentDocumentsTable {
  id: string
  assessment_id: string
  provision: string
  filename: string
  content_type: string
  size: number
  sha256: string
  content: Uint8Array
  uploaded_at: Instant
  uploaded_by: string | null
}

/** The Ombudsman's interventions (migration 0051): each an append-only run of events, with a row for lists. */
export interface OmbudsmanInterventionsTable {
  id: string
  kind: string
  failure_type: string | null
  ombudsman_reference: string
  received_on: string
  complaint_id: string | null
  provision: string | null
  owner_id: string
  due_on: string
  complied_on: string | null
  complied_late: boolean | null
  version: number
  updated_at: Instant
}

export interface OmbudsmanInterventionEventsTable {
  id: Generated<number>
  intervention_id: string
  seq: number
  type: string
  at: Instant
  actor_id: string | null
  data: Json<Record<string, unknown>>
}

export interface OmbudsmanInterventionDocumentsTable {
  id: string
  intervention_id: string
  filename: string
  content_type: string
  size: number
  sha256: string
  content: Uint8Array
  uploaded_at: Instant
  uploaded_by: string | null
}
