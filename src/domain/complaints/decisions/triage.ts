import { type DecisionContext, Problems } from '../../rules.js'
import { type Priority, priorities, priorityLabels, type TriageRule } from '../../triage/triage.js'
import type { Complaint } from '../complaint.js'
import type { ComplaintEventData } from '../events.js'
import { checkTransition } from '../workflow.js'

/**
 * Code 6.1: a person confirms or changes the priority and flags the service suggested. The flags
 * come from those suggested and the landlord's rules; a change from the suggestion says why, so
 * the record shows the reasoning and not just a score.
 */
export function decideTriage(
  c: Complaint,
  input: { priority?: string; flags?: string[]; reason?: string },
  rules: TriageRule[],
  ctx: DecisionContext,
): ComplaintEventData {
  checkTransition('triage', c, ctx.actor.role)
  const problems = new Problems()
  const priority = priorities.find((p) => p === input.priority?.trim()) as Priority | undefined
  if (!priority)
    problems.add(
      'priority',
      `Code 6.1: choose the priority: ${priorities.map((p) => priorityLabels[p]).join(', ')}`,
      '6.1',
    )
  const suggested = c.triage.suggested
  const known = new Set([...(suggested?.flags ?? []).map((f) => f.flag), ...rules.map((r) => r.flag)])
  const flags = [...new Set((input.flags ?? []).map((f) => f.trim()).filter(Boolean))]
  for (const f of flags)
    if (!known.has(f))
      problems.add('flags', `Code 6.1: “${f}” is not one of the landlord’s triage flags`, '6.1')
  const reason = input.reason?.trim() ?? ''
  const suggestedFlags = (suggested?.flags ?? []).map((f) => f.flag)
  const changed =
    suggested !== undefined &&
    (priority !== suggested.priority ||
      flags.length !== suggestedFlags.length ||
      flags.some((f) => !suggestedFlags.includes(f)))
  if (changed && !reason)
    problems.add('reason', 'Code 6.1: say why the priority or flags differ from those suggested', '6.1')
  if (reason.length > 2000) problems.add('reason', 'The reason must be 2,000 characters or fewer')
  problems.throwIfAny()
  return { type: 'complaint.triaged', priority: priority as Priority, flags, ...(reason ? { reason } : {}) }
}
