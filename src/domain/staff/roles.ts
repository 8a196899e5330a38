/** The roles a member of staff can hold. */
export const staffRoles = [
  'handler',
  'complaints_officer',
  'senior_lead',
  'board',
  'admin',
  'residents_panel',
] as const
export type StaffRole = (typeof staffRoles)[number]

export const roleLabels: Record<StaffRole, string> = {
  handler: 'Complaint handler',
  complaints_officer: 'Complaints officer',
  senior_lead: 'Senior lead',
  board: 'Board (reports only)',
  admin: 'Administrator',
  residents_panel: 'Residents’ panel (scrutiny only)',
}

export function isStaffRole(value: string): value is StaffRole {
  return (staffRoles as readonly string[]).includes(value)
}

/**
 * The service is never left with nobody to manage accounts: whether giving someone holding `from`
 * the role `to` would take away the last of `activeAdmins` active administrators. The same
 * whoever makes the change, here or the identity provider.
 */
export const demotesLastAdministrator = (
  from: StaffRole,
  to: StaffRole,
  activeAdmins: () => Promise<number>,
) => (from === 'admin' && to !== 'admin' ? activeAdmins().then((n) => n <= 1) : Promise.resolve(false))

export const LAST_ADMINISTRATOR_KEEPS_ROLE = 'The last administrator keeps the role'

/** Who may do what: one table, read by the API and the web app alike. */
const permissionTable = {
  /**
   * The staff desk itself: every page that needs nothing more (Today, the working days, the
   * timescales). Every role but the residents' panel, which sees only its own pages.
   */
  useStaffDesk: ['handler', 'complaints_officer', 'senior_lead', 'board', 'admin'],
  /** One's own password and session. */
  manageOwnAccount: ['handler', 'complaints_officer', 'senior_lead', 'board', 'admin', 'residents_panel'],
  /**
   * Code 9.3: the residents' complaints or scrutiny panel reads anonymised performance (the board
   * pack's figures, themes, improvement actions, the self-assessment, the policy) and records
   * comments and challenges on it; nothing that names a resident.
   */
  scrutinise: ['residents_panel'],
  /** Code 9.3: the complaints team answers the panel's comments and challenges on the record. */
  answerPanel: ['complaints_officer', 'senior_lead'],
  /** Code 9.3: the panel's comments and their answers, read by the panel and the team that answers it. */
  readPanelComments: ['complaints_officer', 'senior_lead', 'residents_panel'],
  manageUsers: ['admin'],
  /** Complaints officers also create staff accounts in the web app, though not administrators. */
  manageStaffAccounts: ['complaints_officer', 'admin'],
  manageLists: ['complaints_officer', 'admin'],
  manageCalendar: ['admin'],
  /** The landlord entities of a group (issue 34): their details, logos and who they are. */
  manageEntities: ['admin'],
  managePolicy: ['admin', 'complaints_officer'],
  /** Import a landlord's complaint history from its earlier system (issue 34). */
  importHistory: ['admin', 'complaints_officer'],
  /** Code 7.4: the landlord's own compensation rates, a policy decision: an administrator or a senior lead. */
  manageCompensationRates: ['admin', 'senior_lead'],
  /** Aggregate figures: the dashboard, themes and improvement actions. */
  viewReports: ['handler', 'complaints_officer', 'senior_lead', 'board', 'admin'],
  /** Complaints themselves, with residents' personal data: not the board, which sees reports only. */
  viewCases: ['handler', 'complaints_officer', 'senior_lead', 'admin'],
  handleComplaints: ['handler', 'complaints_officer', 'senior_lead', 'admin'],
  /** Disclosed vulnerabilities and disabilities: only those who deal with residents; every view logged. */
  viewVulnerabilities: ['handler', 'complaints_officer', 'senior_lead'],
  /** Code 5.14: restricting a resident's contact is approved by the complaints officer or a senior lead. */
  approveRestrictions: ['complaints_officer', 'senior_lead'],
  reassignComplaints: ['complaints_officer', 'senior_lead', 'admin'],
  /** Code 6.4, 6.15: an extension recorded after its deadline, confirmed with evidence it was agreed in time. */
  confirmLateExtensions: ['senior_lead'],
  /** The governance reports (TSM, the board pack, the annual report): read, and the figures they need. */
  readReports: ['complaints_officer', 'senior_lead', 'board', 'admin'],
  manageReports: ['complaints_officer', 'senior_lead', 'admin'],
  /** Code 8.2, 9.6: the governing body (or its MRC) approves what is published in its name. */
  approveReports: ['board'],
  /** Code 8.2: the governing body's response, written by it or entered for it. */
  respondToReports: ['complaints_officer', 'senior_lead', 'board', 'admin'],
  /** Letter audits: the team leaders sample letters sent, score them and give handlers feedback. */
  auditLetters: ['complaints_officer', 'senior_lead'],
  /** UK GDPR: the access log, subject access requests and the retention policy (the DPO's work). */
  manageDataProtection: ['complaints_officer', 'senior_lead', 'admin'],
  /** Webhooks: the endpoints that hear of complaints, their signing secrets and what was sent to them. */
  manageWebhooks: ['admin'],
} as const satisfies Record<string, readonly StaffRole[]>

export type Permission = keyof typeof permissionTable

export function can(role: StaffRole, permission: Permission): boolean {
  return (permissionTable[permission] as readonly StaffRole[]).includes(role)
}

export type Permissions = Record<Permission, boolean>

/** Everything a role may do, for templates to show only the actions a person can take. */
export function permissionsOf(role: StaffRole): Permissions {
  return Object.fromEntries(
    (Object.keys(permissionTable) as Permission[]).map((p) => [p, can(role, p)]),
  ) as Permissions
}

/**
 * The roles whose holders handle complaints: the people a complaint, an improvement action or
 * an Ombudsman direction may be given to, read from the one table above. A list of staff is
 * filtered by this, in code or in SQL, never by a list of its own.
 */
export const complaintHandlerRoles: readonly StaffRole[] = permissionTable.handleComplaints

/** Whether someone holding this role handles complaints, and so may be given one. */
export const mayHandleComplaints = (role: StaffRole): boolean => can(role, 'handleComplaints')
