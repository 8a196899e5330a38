import type { StaffRole } from './staff/roles.js'

/**
 * The building blocks every decision in the domain shares: a refusal by the rules (which the
 * edge turns into an answer, once, in `src/errors.ts`), the list of every problem an input has,
 * and what a decision is told about who acts and when.
 */

/** One thing wrong with an input: the field, what is wrong in words, and the provision it breaks. */
export type RuleProblem = { field?: string; message: string; provision?: string }

/**
 * A refusal by the rules. `not_now`: the action does not fit the record as it stands; `rule`: the
 * input breaks a rule of the Code or the landlord's policy; `forbidden`: the actor's role may not.
 */
export class WorkflowError extends Error {
  readonly problems: RuleProblem[]
  constructor(
    readonly kind: 'not_now' | 'rule' | 'forbidden',
    message: string,
    readonly field?: string,
    readonly provision?: string,
    problems?: RuleProblem[],
  ) {
    super(message)
    this.name = 'WorkflowError'
    this.problems = problems ?? [
      { ...(field ? { field } : {}), message, ...(provision ? { provision } : {}) },
    ]
  }
}

/** Collects every rule an action breaks, so the person sees them all at once, not one by one. */
export class Problems {
  readonly list: RuleProblem[] = []
  add(field: string, message: string, provision?: string) {
    this.list.push({ field, message, ...(provision ? { provision } : {}) })
  }
  throwIfAny() {
    const first = this.list[0]
    if (first)
      throw new WorkflowError(
        'rule',
        this.list.map((p) => p.message).join('; '),
        first.field,
        first.provision,
        this.list,
      )
  }
}

export const notNow = (message: string, provision?: string) =>
  new WorkflowError('not_now', message, undefined, provision)
export const rule = (message: string, field?: string, provision?: string) =>
  new WorkflowError('rule', message, field, provision)

/**
 * Who is acting: a member of staff in their role, or the resident (or their representative)
 * themselves, online. Residents may take only the actions the table says are theirs.
 */
export type ActorRole = StaffRole | 'resident'

/** What a decision is told: when it is, who acts, and how to name anything new. */
export type DecisionContext = {
  now: Date
  actor: { id: string | null; role: ActorRole }
  newId: () => string
}
