import type { ColumnType, Generated } from 'kysely'
import type { Instant, Json } from './columnTypes.js'
import type {
  AccessLogTable,
  RetentionAnonymisationsTable,
  RetentionHoldsTable,
  RetentionRequestAnonymisationsTable,
  SignInAttemptsTable,
} from './schemaDataProtection.js'
import type { LandlordEntitiesTable } from './schemaEntities.js'
import type {
  ImprovementActionComplaintsTable,
  ImprovementActionEventsTable,
  ImprovementActionsTable,
  OmbudsmanCaseEventsTable,
  OmbudsmanCasesTable,
  OmbudsmanInterventionDocumentsTable,
  OmbudsmanInterventionEventsTable,
  OmbudsmanInterventionsTable,
  SelfAssessmentDocumentsTable,
  SelfAssessmentEventsTable,
  SelfAssessmentsTable,
} from './schemaGovernance.js'
import type { HazardClocksTable, HazardEventsTable, HazardsTable } from './schemaHazards.js'
import type { ComplaintImportsTable } from './schemaImports.js'
import type { InboxAttachmentsTable, InboxItemsTable, InboxMailboxesTable } from './schemaInbox.js'
import type { LetterAuditChecklistsTable, LetterAuditsTable } from './schemaLetterAudits.js'
import type {
  RemedyRegisterDaysTable,
  RemedyRegisterTable,
  ReportFactsTable,
  ThemeSnapshotsTable,
} from './schemaReports.js'
import type {
  PeopleTable,
  PersonEventsTable,
  ServiceRequestEventsTable,
  ServiceRequestsTable,
  TriageRuleSetsTable,
} from './schemaResidents.js'
import type { PanelCommentEventsTable, PanelCommentsTable } from './schemaScrutiny.js'
import type { OmbudsmanSubmissionEventsTable, OmbudsmanSubmissionsTable } from './schemaSubmissions.js'
import type { WebhookTables } from './schemaWebhooks.js'

export type {
  HazardClocksTable,
  HazardEventsTable,
  HazardsTable,
  ImprovementActionComplaintsTable,
  ImprovementActionEventsTable,
  ImprovementActionsTable,
  LetterAuditChecklistsTable,
  LetterAuditsTable,
  OmbudsmanCaseEventsTable,
  OmbudsmanCasesTable,
  PeopleTable,
  PersonEventsTable,
  RemedyRegisterDaysTable,
  RemedyRegisterTable,
  ReportFactsTable,
  SelfAssessmentDocumentsTable,
  SelfAssessmentEventsTable,
  SelfAssessmentsTable,
  ServiceRequestEventsTable,
  ServiceRequestsTable,
  ThemeSnapshotsTable,
  TriageRuleSetsTable,
}

export interface UsersTable {
  id: Generated<string>
  email: string
  name: string
  role: string
  password_hash: string
  failed_sign_in_attempts: Generated<number>
  locked_until: Instant | null
  password_changed_at: Instant
  disabled_at: Instant | null
  created_at: Instant
  created_by: string | null
  /** Limited to one landlord entity's complaints; null: every entity's (migration 0058). */
  entity_id: Generated<string | null>
}

export interface StaffSessionsTable {
  token_hash: string
  user_id: string
  created_at: Instant
  expires_at: Instant
  last_seen_at: Instant
}

export interface ApiTokensTable {
  id: Generated<string>
  token_hash: string
  user_id: string
  created_at: Instant
  expires_at: Instant
  last_used_at: Instant | null
  revoked_at: Instant | null
}

export interface InstanceSecretsTable {
  name: string
  value: string
  created_at: Instant
}

export interface AuditLogTable {
  id: Generated<number>
  at: Instant
  actor_id: string | null
  action: string
  subject_id: string | null
  details: Json<Record<string, unknown>>
}

export interface SchemaMigrationsTable {
  version: number
  name: string
  checksum: string
  applied_at: Instant
}

export interface BankHolidayImportsTable {
  id: Generated<number>
  imported_at: Instant
  imported_by: string | null
  source: string
  years: number[]
  document: Json<unknown>
}

export interface BankHolidaysTable {
  date: string
  title: string
  substitute: boolean
  import_id: number
}

export interface ClosureDaysTable {
  date: string
  title: string
  created_at: Instant
  created_by: string | null
}

export interface CalendarRevisionTable {
  singleton: Generated<boolean>
  revision: number
  updated_at: Instant
  /** Whether the landlord's closure days extend the Code's clocks (its policy says so); never Awaab's Law's. */
  closures_extend_code_clocks: Generated<boolean>
}

export interface PolicyVersionsTable {
  version: number
  effective_from: string
  acknowledge_days: number
  stage1_response_days: number
  stage1_max_extension_days: number
  stage2_acknowledge_days: number
  stage2_response_days: number
  stage2_max_extension_days: number
  resident_update_days: number
  internal_targets: Json<unknown>
  created_at: Instant
  created_by: string | null
  note: string | null
}

export interface ComplaintCategoriesTable {
  code: string
  label: string
  active: Generated<boolean>
  position: Generated<number>
}

export interface ExclusionGroundsTable {
  code: string
  label: string
  description: string
  active: Generated<boolean>
  refuses_escalation: Generated<boolean>
  position: Generated<number>
}

export interface ComplaintsTable {
  id: string
  reference: string
  state: string
  stage: number
  channel: string
  tenure: Generated<string | null>
  received_at: Instant
  received_on: string
  resident_name: string
  resident_email: string | null
  resident_postcode: string | null
  categories: string[]
  stage1_handler_id: string | null
  stage2_handler_id: string | null
  current_handler_id: string | null
  linked_from_id: string | null
  deadline_key: string | null
  deadline_start_on: string | null
  deadline_working_days: number | null
  deadline_due_on: string | null
  version: number
  updated_at: Instant
  search_text: string
  extended: Generated<boolean>
  open_actions: Generated<number>
  next_action_due_on: string | null
  update_start_on: string | null
  update_interval_days: number | null
  update_due_on: string | null
  /** Code 6.1: urgent, high or normal; null before triage (migration 0026). */
  priority: Generated<string | null>
  priority_rank: Generated<number>
  priority_confirmed: Generated<boolean>
  /** The resident record, and the address as a key for repeat counts (migration 0027). */
  person_id: Generated<string | null>
  address_key: Generated<string | null>
  /** When its personal data was anonymised under the retention policy (migration 0031). */
  anonymised_at: ColumnType<Date | null, Date | null | undefined, Date | null>
  /** When it was closed, withdrawn or refused, as that took effect; null while open (migration 0035). */
  closed_at: ColumnType<Date | null, Date | null | undefined, Date | null>
  /** Code 9.1: the stages owing learning, and since when (migration 0036); null when none. */
  learning_due_stages: ColumnType<number[] | null, number[] | null | undefined, number[] | null>
  learning_due_since: ColumnType<Date | null, Date | null | undefined, Date | null>
  /** The landlord entity it belongs to; the default entity's unless given (migration 0058). */
  entity_id: Generated<string>
  /** Imported: its reference in the landlord's earlier system, unique (migration 0055). */
  legacy_reference: Generated<string | null>
}

/** The number of complaints, kept by triggers in sixteen stripes (migration 0024). */
export interface ComplaintCountStripesTable {
  stripe: number
  n: number
}

export interface ComplaintEventsTable {
  id: Generated<number>
  complaint_id: string
  seq: number
  type: string
  at: Instant
  recorded_at: Instant
  actor_id: string | null
  by_resident: Generated<boolean>
  data: Json<Record<string, unknown>>
}

export interface LettersTable {
  id: string
  complaint_id: string
  kind: string
  stage: number
  issued_at: Instant
  created_at: Instant
  text: string
  template_version: number | null
  reissue_of: string | null
}

export interface IdempotencyKeysTable {
  actor_id: string
  key: string
  request_hash: string
  complaint_id: string
  created_at: Instant
}

export interface DocumentsTable {
  id: string
  complaint_id: string
  filename: string
  content_type: string
  size: number
  sha256: string
  description: string | null
  content: Uint8Array
  uploaded_at: Instant
  uploaded_by: string | null
}

export interface JobsTable {
  id: Generated<number>
  kind: string
  payload: Generated<unknown>
  unique_key: string | null
  run_at: Instant
  attempts: Generated<number>
  max_attempts: Generated<number>
  locked_until: Instant | null
  done_at: Instant | null
  gave_up_at: Instant | null
  last_error: string | null
  created_at: Instant
}

export interface MailMessagesTable {
  id: string
  kind: string
  complaint_id: string | null
  letter_id: string | null
  to_user_id: string | null
  to_address: string
  subject: string
  text_body: string
  html_body: string
  large_print: Generated<boolean>
  status: string
  server_message_id: string | null
  last_error: string | null
  created_at: Instant
  updated_at: Instant
}

export interface MailAttemptsTable {
  id: Generated<number>
  message_id: string
  at: Instant
  outcome: string
  server_message_id: string | null
  error: string | null
}

export interface PostalLettersTable {
  letter_id: string
  complaint_id: string
  reason: string
  large_print: Generated<boolean>
  queued_at: Instant
  printed_at: Instant | null
  printed_by: string | null
  /** The letter that replaced this one before it was posted (migration 0043). */
  replaced_by: string | null
}

export interface LetterTemplatesTable {
  kind: string
  version: number
  opening: string
  closing: string
  created_at: Instant
  created_by: string | null
}

export interface LetterSettingsTable {
  version: number
  address: string
  signature: string
  sign_with_name: boolean
  logo: Uint8Array | null
  logo_type: string | null
  /** How residents reach the complaints team (migration 0044); the environment's until set. */
  phone: Generated<string | null>
  email: Generated<string | null>
  created_at: Instant
  created_by: string | null
}

export interface ComplaintDraftsTable {
  id: string
  token_hash: string
  answers: unknown
  created_at: Instant
  updated_at: Instant
  complaint_id: string | null
  submitted_at: Instant | null
}

export interface ComplaintDraftFilesTable {
  id: string
  draft_id: string
  purpose: string
  filename: string
  content_type: string
  size: number
  content: Buffer
  created_at: Instant
}

export interface TrackChallengesTable {
  id: string
  token_hash: string
  complaint_id: string | null
  viewer: string | null
  code_hash: string
  attempts: Generated<number>
  created_at: Instant
  expires_at: Instant
  used_at: Instant | null
}

export interface ResidentSessionsTable {
  token_hash: string
  complaint_id: string
  viewer: string
  created_at: Instant
  expires_at: Instant
}

export interface RateLimitHitsTable {
  bucket: string
  key_hash: string
  at: Instant
}

export interface SatisfactionResponsesTable {
  complaint_id: string
  stage: number
  satisfaction: string
  comment: string | null
  answered_at: Instant
}

export interface RootCausesTable {
  code: string
  label: string
  active: Generated<boolean>
  position: Generated<number>
}

export interface CompensationGuidanceTable {
  id: string
  title: string
  source: string
  effective_from: string
  note: string | null
  created_at: Instant
  created_by: string | null
}

/** Code 7.4: a dated version of the landlord's own rates for the Ombudsman's defined sums. */
export interface LandlordCompensationRatesTable {
  id: string
  source: string
  effective_from: string
  note: string | null
  /** numeric: read back as text; null where the policy sets no rate */
  loss_of_heating: ColumnType<string | null, number | null, never>
  heating_or_hot_water: ColumnType<string | null, number | null, never>
  loss_of_power: ColumnType<string | null, number | null, never>
  missed_appointment: ColumnType<string | null, number | null, never>
  created_at: Instant
  created_by: string | null
}

export interface CompensationBandsTable {
  guidance_id: string
  position: number
  /** numeric: read back as text */
  min_pounds: ColumnType<string, number, never>
  max_pounds: ColumnType<string | null, number | null, never>
  label: string
  description: string
}

export interface DataUpgradesTable {
  name: string
}

export interface HomesOwnedTable {
  id: Generated<number>
  year: number
  lcra: number
  lcho: number
  recorded_at: Instant
  recorded_by: string | null
  /** The landlord entity whose homes these are (migration 0058). */
  entity_id: Generated<string>
}

export interface AnnualReportEventsTable {
  id: Generated<number>
  year: number
  seq: number
  type: string
  at: Instant
  actor_id: string | null
  data: unknown
}

export interface AnnualReportVersionsTable {
  year: number
  version: number
  published_at: Instant
  published_by: string | null
  title: string
  html: string
  pdf: Uint8Array
  docx: Uint8Array
}

export interface DB extends WebhookTables {
  letter_audit_checklists: LetterAuditChecklistsTable
  letter_audits: LetterAuditsTable
  complaint_imports: ComplaintImportsTable
  ombudsman_submissions: OmbudsmanSubmissionsTable
  ombudsman_submission_events: OmbudsmanSubmissionEventsTable
  theme_snapshots: ThemeSnapshotsTable
  users: UsersTable
  staff_sessions: StaffSessionsTable
  api_tokens: ApiTokensTable
  instance_secrets: InstanceSecretsTable
  audit_log: AuditLogTable
  schema_migrations: SchemaMigrationsTable
  bank_holiday_imports: BankHolidayImportsTable
  bank_holidays: BankHolidaysTable
  closure_days: ClosureDaysTable
  calendar_revision: CalendarRevisionTable
  policy_versions: PolicyVersionsTable
  complaint_categories: ComplaintCategoriesTable
  exclusion_grounds: ExclusionGroundsTable
  complaints: ComplaintsTable
  complaint_count_stripes: ComplaintCountStripesTable
  complaint_events: ComplaintEventsTable
  letters: LettersTable
  idempotency_keys: IdempotencyKeysTable
  documents: DocumentsTable
  jobs: JobsTable
  mail_messages: MailMessagesTable
  mail_attempts: MailAttemptsTable
  postal_letters: PostalLettersTable
  letter_templates: LetterTemplatesTable
  letter_settings: LetterSettingsTable
  complaint_drafts: ComplaintDraftsTable
  complaint_draft_files: ComplaintDraftFilesTable
  track_challenges: TrackChallengesTable
  resident_sessions: ResidentSessionsTable
  rate_limit_hits: RateLimitHitsTable
  satisfaction_responses: SatisfactionResponsesTable
  ombudsman_cases: OmbudsmanCasesTable
  ombudsman_case_events: OmbudsmanCaseEventsTable
  ombudsman_interventions: OmbudsmanInterventionsTable
  ombudsman_intervention_events: OmbudsmanInterventionEventsTable
  ombudsman_intervention_documents: OmbudsmanInterventionDocumentsTable
  root_causes: RootCausesTable
  compensation_guidance: CompensationGuidanceTable
  compensation_bands: CompensationBandsTable
  landlord_compensation_rates: LandlordCompensationRatesTable
  data_upgrades: DataUpgradesTable
  homes_owned: HomesOwnedTable
  landlord_entities: LandlordEntitiesTable
  report_facts: ReportFactsTable
  remedy_register: RemedyRegisterTable
  remedy_register_days: RemedyRegisterDaysTable
  annual_report_events: AnnualReportEventsTable
  annual_report_versions: AnnualReportVersionsTable
  self_assessments: SelfAssessmentsTable
  self_assessment_events: SelfAssessmentEventsTable
  self_assessment_documents: SelfAssessmentDocumentsTable
  improvement_actions: ImprovementActionsTable
  improvement_action_complaints: ImprovementActionComplaintsTable
  improvement_action_events: ImprovementActionEventsTable
  hazards: HazardsTable
  hazard_events: HazardEventsTable
  hazard_clocks: HazardClocksTable
  triage_rule_sets: TriageRuleSetsTable
  people: PeopleTable
  person_events: PersonEventsTable
  access_log: AccessLogTable
  sign_in_attempts: SignInAttemptsTable
  retention_holds: RetentionHoldsTable
  retention_anonymisations: RetentionAnonymisationsTable
  retention_request_anonymisations: RetentionRequestAnonymisationsTable
  service_requests: ServiceRequestsTable
  service_request_events: ServiceRequestEventsTable
  panel_comments: PanelCommentsTable
  panel_comment_events: PanelCommentEventsTable
  inbox_mailboxes: InboxMailboxesTable
  inbox_items: InboxItemsTable
  inbox_attachments: InboxAttachmentsTable
}
