import type { FastifyRequest } from 'fastify'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import type { Clock } from '../../clock.js'
import { londonDateOf } from '../../domain/calendar/calendarDate.js'
import type { Permission } from '../../domain/staff/roles.js'
import {
  batchesOf,
  type ExportColumn,
  exportFileName,
  exportFormats,
  listExport,
} from '../../services/exports/listExport.js'
import { sendDocument } from '../documents.js'
import { repeatableQuery } from '../params.js'
import { signedIn } from './access.js'

type Query = Record<string, string | string[] | undefined>

/**
 * How a list is downloaded: read with the filters its page reads from the same query string, in
 * the page's order, a batch at a time (`read` is the page's own query, carrying on after the last
 * row of a batch, by its keyset where the list has one, else by offset), and the filters said in
 * words for the access log.
 */
export type ListDownload<Row> = {
  /** The list's page, e.g. /complaints; its downloads are /complaints/download.csv and .xlsx. */
  path: string
  /** The same permission as the list's page. */
  permission: Permission
  /** The list's name in the file name and the workbook's sheet, e.g. "Cases". */
  title: string
  columns: readonly ExportColumn<Row>[]
  /** The list as its page filters it; `read` returns at most `limit` rows after `after`. */
  rows: (
    request: FastifyRequest,
    query: Query,
  ) => Promise<{
    read: (page: { after: Row | undefined; offset: number; limit: number }) => Promise<readonly Row[]>
    filters: Record<string, string | string[] | undefined>
  }>
}

/** Query string parameters that page a list rather than filter it: a download has every page. */
const paging = ['page', 'after', 'before']

/** The filters given, in words: "stage=1; state=stage1_open, stage2_open", or "none". */
export function filtersInWords(filters: Record<string, string | string[] | undefined | boolean | number>) {
  const given = Object.entries(filters)
    .map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : v === undefined || v === false ? '' : String(v)])
    .filter(([k, v]) => v !== '' && !paging.includes(k ?? ''))
  return given.length ? given.map(([k, v]) => `${k}=${v}`).join('; ') : 'none'
}

/**
 * The links a list page shows to download what it shows, carrying its filters (not its page):
 * `{ csv, xlsx }` hrefs for the `staff/_downloads.njk` partial.
 */
export function downloadLinks(path: string, query: Query) {
  const kept = new URLSearchParams()
  for (const [k, v] of Object.entries(query))
    if (!paging.includes(k)) for (const x of Array.isArray(v) ? v : v ? [v] : []) kept.append(k, x)
  const search = kept.size ? `?${kept}` : ''
  return { csv: `${path}/download.csv${search}`, xlsx: `${path}/download.xlsx${search}` }
}

/**
 * The download routes of a list: CSV and XLSX, streamed a batch at a time to the response, as
 * attachments named for the list and the day. Each is written to the access log as an export,
 * with its filters, as a case view is (UK GDPR accountability).
 */
export function listDownloads<Row>(clock: Clock, list: ListDownload<Row>): FastifyPluginAsyncZod {
  return async (app) => {
    for (const format of exportFormats) {
      app.get(
        `${list.path}/download.${format}`,
        { schema: { hide: true, querystring: repeatableQuery }, preHandler: signedIn(list.permission) },
        async (request, reply) => {
          const query: Query = request.query
          const { read, filters } = await list.rows(request, query)
          // The first batch is read before anything is sent, so a filter the list refuses is
          // answered as its page answers it (a 4xx naming the rule), not a download cut off.
          const batches = batchesOf(read)
          const first = await batches.next()
          const rows = (async function* () {
            if (first.done) return
            yield first.value
            yield* batches
          })()
          const now = clock.now()
          const filename = exportFileName(list.title, londonDateOf(now), format)
          request.accessed = {
            kind: 'export',
            what: `${list.title} list (${format.toUpperCase()})`,
            context: `filters: ${filtersInWords(filters)}`,
          }
          return sendDocument(reply, {
            filename,
            contentType:
              format === 'csv'
                ? 'text/csv; charset=utf-8'
                : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
            content: listExport(format, {
              title: list.title,
              columns: list.columns,
              rows,
              created: now,
            }),
          })
        },
      )
    }
  }
}
