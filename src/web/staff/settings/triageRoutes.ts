import type { FastifyReply, FastifyRequest } from 'fastify'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { hazardKindLabels, hazardKinds } from '../../../domain/hazards/vocabulary.js'
import {
  type FactRule,
  factLabels,
  type KeywordRule,
  priorities,
  priorityLabels,
  ruleInWords,
  type TriageRule,
} from '../../../domain/triage/triage.js'
import { refusals } from '../../formErrors.js'
import { type FieldErrors, type FormBody, field } from '../../forms.js'
import { doneQuery, pathParams } from '../../params.js'
import { currentStaff, type StaffWebOptions, signedIn } from '../access.js'

const BASE = '/settings/triage'

/** A rule as its form gives it: keywords one per line; a fact rule keeps its fact. */
function ruleFrom(body: FormBody, before?: TriageRule): TriageRule {
  const base = {
    id: before?.id ?? field(body, 'id'),
    flag: field(body, 'flag'),
    priority: field(body, 'priority') as TriageRule['priority'],
    ...(field(body, 'suggestsHazard')
      ? { suggestsHazard: field(body, 'suggestsHazard') as KeywordRule['suggestsHazard'] }
      : {}),
    ...(field(body, 'active') === 'no' ? { active: false } : {}),
  }
  if (before && 'fact' in before) {
    const atLeast = field(body, 'atLeast')
    return {
      ...base,
      fact: before.fact,
      ...(atLeast ? { atLeast: /^\d+$/.test(atLeast) ? Number(atLeast) : Number.NaN } : {}),
    } as FactRule
  }
  return { ...base, words: field(body, 'words').split(/\r?\n/) }
}

/** Code 6.1: the landlord's triage rules, as plain data: seen, tried on words, and changed. */
const ruleParams = pathParams('ruleId')

export const triageRulesRoutes: FastifyPluginAsyncZod<StaffWebOptions> = async (app, { services }) => {
  const rules = services.triageRules

  const render = async (
    reply: FastifyReply,
    extra: { notice?: string; trial?: { text: string; result: unknown } } = {},
  ) => {
    const current = await rules.current()
    return reply.view('staff/settings/triage.njk', {
      version: current.version,
      changedAt: current.changedAt,
      rows: current.rules.map((r) => ({
        ...r,
        inWords: ruleInWords(r),
        hazardLabel: r.suggestsHazard ? hazardKindLabels[r.suggestsHazard] : undefined,
      })),
      priorityLabels,
      notice: extra.notice,
      trial: extra.trial,
    })
  }

  const renderRule = async (
    request: FastifyRequest,
    reply: FastifyReply,
    rule: TriageRule | undefined,
    body?: FormBody,
    errors?: FieldErrors,
  ) => {
    const current = await rules.current()
    const v = body ?? {
      ...rule,
      words: rule && 'words' in rule ? rule.words.join('\n') : '',
      atLeast: rule && 'fact' in rule ? String(rule.atLeast ?? '') : '',
      active: rule?.active === false ? 'no' : 'yes',
    }
    const chosen = (name: string) => String((v as Record<string, unknown>)[name] ?? '')
    return reply.code(errors ? 422 : 200).view('staff/settings/triage-rule.njk', {
      rule,
      isFact: Boolean(rule && 'fact' in rule),
      factLabel: rule && 'fact' in rule ? factLabels[rule.fact] : undefined,
      title: rule ? `Change the rule: ${rule.flag}` : 'Add a keyword rule',
      formAction: request.url.split('?')[0],
      v,
      errors,
      version: body ? field(body, 'version') : current.version,
      priorityItems: priorities.map((p) => ({
        value: p,
        text: priorityLabels[p],
        checked: chosen('priority') === p,
      })),
      hazardItems: [
        { value: '', text: 'No hazard', checked: !chosen('suggestsHazard') },
        ...hazardKinds.map((k) => ({
          value: k,
          text: hazardKindLabels[k],
          checked: chosen('suggestsHazard') === k,
        })),
      ],
      activeItems: [
        { value: 'yes', text: 'In use', checked: chosen('active') !== 'no' },
        { value: 'no', text: 'Switched off', checked: chosen('active') === 'no' },
      ],
    })
  }

  const save = async (
    request: FastifyRequest,
    reply: FastifyReply,
    change: (list: TriageRule[]) => TriageRule[],
    again: (errors: FieldErrors) => unknown,
  ) => {
    const body = (request.body ?? {}) as FormBody
    const current = await rules.current()
    const version = Number(field(body, 'version'))
    const errors = await refusals(
      () =>
        rules.save(change(current.rules), currentStaff(request), Number.isInteger(version) ? version : -1),
      // A rule's field, whichever rule of the list it is: the form shows one rule.
      { fieldFor: (name) => name.replace(/^rules\[\d+\]\./, '') },
    )
    if (errors) return again(errors)
    return reply.redirect(`${BASE}?done=saved`, 303)
  }

  app.get(
    BASE,
    { schema: { hide: true, querystring: doneQuery }, preHandler: signedIn('manageLists') },
    (request, reply) =>
      render(reply, {
        notice:
          request.query.done === 'saved'
            ? 'Triage rules saved: new complaints are triaged by them from now on.'
            : undefined,
      }),
  )

  /** Try the rules on some words, as if a complaint said them (nothing is logged). */
  app.post(
    `${BASE}/try`,
    { schema: { hide: true }, preHandler: signedIn('manageLists') },
    async (request, reply) => {
      const text = field((request.body ?? {}) as FormBody, 'text').slice(0, 5000)
      const result = await rules.tryOn(text, {
        vulnerable: false,
        earlierFromResident: 0,
        earlierAtAddress: 0,
        categories: 1,
      })
      return render(reply, { trial: { text, result } })
    },
  )

  app.get(
    `${BASE}/rules/new`,
    { schema: { hide: true }, preHandler: signedIn('manageLists') },
    (request, reply) => renderRule(request, reply, undefined),
  )
  app.post(
    `${BASE}/rules/new`,
    { schema: { hide: true }, preHandler: signedIn('manageLists') },
    (request, reply) => {
      const body = (request.body ?? {}) as FormBody
      return save(
        request,
        reply,
        (list) => [...list, ruleFrom(body)],
        (errors) => renderRule(request, reply, undefined, body, errors),
      )
    },
  )

  app.get(
    `${BASE}/rules/:ruleId`,
    { schema: { hide: true, params: ruleParams }, preHandler: signedIn('manageLists') },
    async (request, reply) => {
      const rule = (await rules.current()).rules.find((r) => r.id === request.params.ruleId)
      if (!rule) return reply.callNotFound()
      return renderRule(request, reply, rule)
    },
  )
  app.post(
    `${BASE}/rules/:ruleId`,
    { schema: { hide: true, params: ruleParams }, preHandler: signedIn('manageLists') },
    async (request, reply) => {
      const body = (request.body ?? {}) as FormBody
      const before = (await rules.current()).rules.find((r) => r.id === request.params.ruleId)
      if (!before) return reply.callNotFound()
      return save(
        request,
        reply,
        (list) => list.map((r) => (r.id === before.id ? ruleFrom(body, before) : r)),
        (errors) => renderRule(request, reply, before, body, errors),
      )
    },
  )
}
