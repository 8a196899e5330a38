import type { Kysely } from 'kysely'
import type { Clock } from '../../clock.js'
import {
  type AccessEntry,
  type AccessKind,
  accessKinds,
  accessLogRepository,
} from '../../db/repositories/accessLog.js'
import type { DB } from '../../db/schema.js'
import { isUuid } from '../../domain/ids.js'
import { mayDo, type Staff } from '../governanceRecords.js'

export const accessKindLabels: Record<AccessKind, string> = {
  case: 'Case',
  case_history: 'Case history',
  resident_record: 'Resident record',
  vulnerabilities: 'Vulnerabilities',
  document: 'Document',
  letter: 'Letter',
  export: 'Export or report',
  subject_access: 'Subject access request',
}

export type AccessQuery = {
  staffId?: string
  complaint?: string
  resident?: string
  kind?: string
  page?: number
  /** A page's size: 50 on the page, a batch when downloaded. */
  pageSize?: number
}

const PAGE = 50

/**
 * UK GDPR accountability: every view of a case, a resident record or a document, and every
 * export, is recorded by the web layer as it is answered; the data protection officer's roles
 * search it by member of staff, case or resident.
 */
export function accessLogService(deps: { db: Kysely<DB>; clock: Clock }) {
  const repo = accessLogRepository(deps.db)
  return {
    async record(entry: Omit<AccessEntry, 'at'>): Promise<void> {
      await repo.record({ ...entry, at: deps.clock.now() })
    },

    /** The entries matching a search, newest first; a case or resident is found by reference too. */
    async search(actor: Staff, q: AccessQuery) {
      mayDo(actor, 'manageDataProtection', 'search the access log')
      const complaintId = q.complaint ? await repo.idOf('complaints', q.complaint) : undefined
      const personId = q.resident ? await repo.idOf('people', q.resident) : undefined
      const size = Math.max(1, Math.min(q.pageSize ?? PAGE, 1000))
      const page = Math.max(1, Math.min(q.page ?? 1, 10_000_000))
      const kind = accessKinds.find((k) => k === q.kind)
      // A search naming something that does not exist finds nothing, rather than everything.
      if ((q.complaint && !complaintId) || (q.resident && !personId) || (q.staffId && !isUuid(q.staffId))) {
        return { rows: [], total: 0, page, pages: 0 }
      }
      const { rows, total } = await repo.search({
        ...(q.staffId ? { staffId: q.staffId } : {}),
        ...(complaintId ? { complaintId } : {}),
        ...(personId ? { personId } : {}),
        ...(kind ? { kind } : {}),
        limit: size,
        offset: (page - 1) * size,
      })
      return { rows, total, page, pages: Math.ceil(total / size) }
    },
  }
}

export type AccessLogService = ReturnType<typeof accessLogService>
