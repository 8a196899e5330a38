import {
  directionKindLabels,
  findingLabels,
  findings,
  ombudsmanCaseKindLabels,
} from '../../../domain/ombudsman/vocabulary.js'
import type { ImprovementService } from '../../../services/improvement/improvementActions.js'
import type { OmbudsmanService } from '../../../services/ombudsman/ombudsmanCases.js'
import { type FormBody, field } from '../../forms.js'
import { paginationFor } from '../../pagination.js'

export type CaseView = Awaited<ReturnType<OmbudsmanService['view']>>
type CaseList = Awaited<ReturnType<OmbudsmanService['list']>>
export const caseFilters = ['owed', 'open', 'closed'] as const
export type CaseFilter = (typeof caseFilters)[number]

/** The list of cases: a tab for each filter with its count, and the pages of the one shown. */
export function ombudsmanListPage(show: CaseFilter, page: number, list: CaseList) {
  const { items, counts, pageSize } = list
  const href = (f: string, n = 1) => `/ombudsman-cases?show=${f}${n > 1 ? `&page=${n}` : ''}`
  const tab = (f: CaseFilter, label: string) => ({
    text: `${label} (${counts[f]})`,
    href: href(f),
    active: show === f,
  })
  return {
    show,
    items,
    kindLabels: ombudsmanCaseKindLabels,
    tabs: [tab('owed', 'Owed'), tab('open', 'Open'), tab('closed', 'Closed')],
    pagination: paginationFor(counts[show], pageSize, page, (n) => href(show, n)),
  }
}

/** One case: what is owed and recorded, in words, with the names of the staff who own each order. */
export function ombudsmanCasePage(
  v: CaseView,
  context: {
    staffNames: Map<string, string>
    improvements: Awaited<ReturnType<ImprovementService['forOmbudsmanCase']>>
    canRecord: boolean
    today: string
    /** `?done=`: something was just saved to the case. */
    done?: string
  },
) {
  return {
    v,
    o: v.case,
    kindLabel: ombudsmanCaseKindLabels[v.case.kind],
    findingLabels,
    directionKindLabels,
    ownerName: (id: string) => context.staffNames.get(id) ?? 'a former member of staff',
    improvements: context.improvements,
    canRecord: context.canRecord,
    today: context.today,
    notice: context.done ? 'Saved to the Ombudsman case.' : undefined,
  }
}

/** How many elements of the complaint the determination form asks a finding on. */
export const DETERMINATION_ELEMENTS = 4

/** The determination form's rows: each element of the complaint and the finding on it, as typed. */
export const determinationElements = (body: FormBody | undefined) =>
  Array.from({ length: DETERMINATION_ELEMENTS }, (_, i) => ({
    index: i,
    element: body ? field(body, `element${i}`) : '',
    findingItems: [
      { value: '', text: 'Choose a finding' },
      ...findings.map((f) => ({
        value: f,
        text: findingLabels[f],
        selected: body ? field(body, `finding${i}`) === f : false,
      })),
    ],
  }))
