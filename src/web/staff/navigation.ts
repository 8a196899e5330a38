import type { Permissions, StaffRole } from '../../domain/staff/roles.js'

type Person = { role: StaffRole; permissions: Permissions }

/**
 * The staff desk's navigation, in one table. The service navigation holds the daily work (Today,
 * Cases, Residents, Hazards, Ombudsman, Reports) and three sections (Post and mail, Learning,
 * Settings); each section's pages are listed in its own section navigation, shown on those pages.
 * Everything is filtered by what the person's role lets them open.
 */
type Page = {
  href: string
  text: string
  /**
   * The role's permission needed to open the page; none is the staff desk's own (`useStaffDesk`),
   * as the page's route guard (`signedIn()`) has it.
   */
  needs?: keyof Permissions
  /** Listed only with a count for it (the inbox, when a mailbox is read), the count beside it. */
  counted?: true
}

type Area = Page & {
  /** Paths (prefixes) that belong to this area, beyond its pages'. */
  covers?: string[]
  /** A section: pages listed in its section navigation. */
  pages?: Page[]
  /**
   * Where the section's pages are listed: beside the page, or above it for pages that need the
   * page's whole width (the case lists, with their own filter column).
   */
  style?: 'side' | 'above'
}

const areas: Area[] = [
  { href: '/', text: 'Today' },
  // Code 9.3: the residents' panel sees its own pages and nothing else of the staff desk.
  {
    href: '/panel',
    text: 'Residents’ panel',
    needs: 'scrutinise',
    pages: [
      { href: '/panel', text: 'What to review', needs: 'scrutinise' },
      { href: '/panel/performance', text: 'Performance', needs: 'scrutinise' },
      { href: '/panel/themes', text: 'Themes', needs: 'scrutinise' },
      { href: '/panel/improvements', text: 'Improvement actions', needs: 'scrutinise' },
      { href: '/panel/self-assessment', text: 'Self-assessment', needs: 'scrutinise' },
      { href: '/panel/policy', text: 'Complaints policy', needs: 'scrutinise' },
    ],
  },
  {
    href: '/complaints',
    text: 'Cases',
    needs: 'viewCases',
    style: 'above',
    pages: [
      { href: '/complaints?view=mine', text: 'My cases', needs: 'viewCases' },
      { href: '/complaints?view=team', text: 'Team cases', needs: 'viewCases' },
      { href: '/inbox', text: 'Inbox', needs: 'handleComplaints', counted: true },
      { href: '/service-requests', text: 'Service requests', needs: 'viewCases' },
      { href: '/remedies', text: 'Remedies', needs: 'handleComplaints' },
    ],
  },
  { href: '/residents', text: 'Residents', needs: 'viewCases' },
  { href: '/hazards', text: 'Hazards', needs: 'viewCases' },
  {
    href: '/ombudsman-cases',
    text: 'Ombudsman',
    needs: 'handleComplaints',
    covers: ['/ombudsman-interventions'],
  },
  {
    href: '/reports',
    text: 'Reports',
    needs: 'readReports',
    covers: ['/self-assessment', '/annual-submission'],
  },
  {
    href: '/mail',
    text: 'Post and mail',
    needs: 'handleComplaints',
    pages: [
      { href: '/mail', text: 'Emails and letters sent', needs: 'handleComplaints' },
      { href: '/letters/print', text: 'Letters to post', needs: 'handleComplaints' },
    ],
  },
  {
    href: '/themes',
    text: 'Learning',
    pages: [
      { href: '/themes', text: 'Themes and trends' },
      { href: '/learning', text: 'Learning to record', needs: 'viewReports' },
      { href: '/improvements', text: 'Improvement actions' },
      { href: '/letter-audits', text: 'Letter audits', needs: 'viewCases' },
      { href: '/panel-comments', text: 'Residents’ panel', needs: 'answerPanel' },
    ],
  },
  {
    href: '/settings/working-days',
    text: 'Settings',
    covers: ['/settings', '/data-protection'],
    pages: [
      { href: '/settings/working-days', text: 'Working days' },
      { href: '/settings/policy', text: 'Timescales' },
      { href: '/settings/compensation', text: 'Compensation guidance', needs: 'viewCases' },
      { href: '/settings/letters', text: 'Letters', needs: 'managePolicy' },
      { href: '/settings/entities', text: 'Landlord entities', needs: 'manageEntities' },
      { href: '/settings/users', text: 'Staff', needs: 'manageStaffAccounts' },
      { href: '/settings/lists', text: 'Lists', needs: 'manageLists' },
      { href: '/settings/triage', text: 'Triage rules', needs: 'manageLists' },
      { href: '/settings/webhooks', text: 'Webhooks', needs: 'manageWebhooks' },
      { href: '/settings/import', text: 'Import', needs: 'importHistory' },
      { href: '/data-protection', text: 'Data protection', needs: 'manageDataProtection' },
    ],
  },
]

export type NavigationItem = { href: string; text: string; active: boolean }
export type SectionNavigation = { label: string; style: 'side' | 'above'; items: NavigationItem[] }

const pathOf = (href: string) => href.split('?')[0] ?? href
const within = (path: string, prefix: string) =>
  prefix === '/' ? path === '/' : path === prefix || path.startsWith(`${prefix}/`)

const allowed = (permissions: Permissions) => (p: Page) => permissions[p.needs ?? 'useStaffDesk']

function areaOf(path: string, permissions: Permissions): Area | undefined {
  return areas
    .filter(allowed(permissions))
    .find(
      (a) =>
        within(path, pathOf(a.href)) ||
        (a.covers ?? []).some((c) => within(path, c)) ||
        (a.pages ?? []).some((p) => within(path, pathOf(p.href))),
    )
}

/** The service navigation: the areas the person may open, the one they are in marked. */
export function serviceNavigation(person: Person | undefined, url: string): NavigationItem[] {
  if (!person) return []
  const { permissions } = person
  const path = pathOf(url)
  const current = areaOf(path, permissions)
  return areas.filter(allowed(permissions)).map((a) => {
    const pages = (a.pages ?? []).filter(allowed(permissions))
    // A section opens on its first page the person may open.
    const href = pages[0]?.href ?? a.href
    return { href, text: a.text, active: a === current }
  })
}

/**
 * The section navigation on a section's own pages (a page the section lists, opened as listed):
 * a detail page (a case, a letter template) has its back link instead.
 */
export function sectionNavigation(
  person: Person | undefined,
  url: string,
  counts: Record<string, number> = {},
): SectionNavigation | undefined {
  if (!person) return undefined
  const { permissions } = person
  const path = pathOf(url)
  const query = new URLSearchParams(url.split('?')[1] ?? '')
  const area = areaOf(path, permissions)
  const pages = (area?.pages ?? [])
    .filter(allowed(permissions))
    .filter((p) => !p.counted || counts[p.href] !== undefined)
  if (!area || pages.length < 2 || !pages.some((p) => pathOf(p.href) === path)) return undefined
  const matches = (p: Page) => {
    if (pathOf(p.href) !== path) return false
    const wanted = new URLSearchParams(p.href.split('?')[1] ?? '')
    return [...wanted].every(
      ([k, v]) => (k === 'view' ? caseListView(query.get(k), person.role) : query.get(k)) === v,
    )
  }
  const active = pages.find(matches) ?? pages.find((p) => pathOf(p.href) === path)
  return {
    label: area.text,
    style: area.style ?? 'side',
    items: pages.map((p) => ({
      href: p.href,
      text: p.counted ? `${p.text} (${counts[p.href]} new)` : p.text,
      active: p === active,
    })),
  }
}

/** Which case list is shown: the one asked for, else a handler's own cases and everyone else's team's. */
export function caseListView(asked: string | null | undefined, role: StaffRole): 'mine' | 'team' {
  if (asked === 'mine' || asked === 'team') return asked
  return role === 'handler' ? 'mine' : 'team'
}
