import { stateLabels } from './vocabulary.js'
import { actionNames, conditionOf, mayTake, moves, transitions, workflowDiagram } from './workflow.js'

/** docs/complaint-workflow.md, generated from the transition table (npm run docs). */
export function workflowDocument(): string {
  const rows = actionNames.map((a) => {
    const t = transitions[a]
    const to = moves[a]
      ? Object.entries(moves[a] ?? {})
          .map(([f, s]) => `${f} → ${s}`)
          .join('<br>')
      : 'no change of state'
    const from = t.from.map((state) => {
      const condition = conditionOf(a, state)
      return condition ? `${state} (only if ${condition})` : state
    })
    const who = [
      ...(mayTake(a, 'admin') ? [`staff with ${t.permission}`] : []),
      ...(mayTake(a, 'resident') ? ['the resident, online'] : []),
    ]
    return `| ${t.label} | ${from.join(', ') || '—'} | ${to} | ${who.join('<br>')} | ${t.provision || '—'} |`
  })
  return [
    '# The complaint workflow',
    '',
    'Generated from `src/domain/complaints/workflow.ts` by `npm run docs`; a test fails if this file is out of date.',
    '',
    '```mermaid',
    workflowDiagram(),
    '```',
    '',
    '## States',
    '',
    ...Object.entries(stateLabels).map(([s, label]) => `- \`${s}\`: ${label}`),
    '',
    '## Actions',
    '',
    '| action | allowed in | moves | who | Code |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
    '',
    'Anything not in this table is refused: 409 when the action does not fit the state, with the provision named.',
    '',
  ].join('\n')
}
