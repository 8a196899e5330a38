import { londonDateOf } from '../../../../domain/calendar/calendarDate.js'
import { currentStageRecord } from '../../../../domain/complaints/complaint.js'
import {
  type Decision,
  decisionLabels,
  decisions,
  type RemedyType,
  remedyLabels,
  remedyTypes,
} from '../../../../domain/complaints/vocabulary.js'
import { remedyInWords, replaceableRemedies } from '../../../../domain/remedies/followThrough.js'
import {
  type CompensationBreakdown,
  compensationPartLabels,
  compensationParts,
} from '../../../../domain/remedies/vocabulary.js'
import { refusals } from '../../../formErrors.js'
import { dateFromFields, dateInputItems, type FieldErrors, type FormBody, field } from '../../../forms.js'
import { ratesBeside } from '../../remedies/viewModel.js'
import { type FormDeps, type FormSpec, formFieldOf, lines, version, whenFromBody } from './form.js'

const chosenRemedies = (body: FormBody | undefined) =>
  ([] as string[])
    .concat((body?.remedies as string | string[] | undefined) ?? [])
    .filter((r): r is RemedyType => (remedyTypes as readonly string[]).includes(r))

const chosenList = (value: unknown) => ([] as string[]).concat((value as string | string[] | undefined) ?? [])

/** Whether any of the learning was filled in: if so it is recorded (and checked) with the response. */
const learningGiven = (body: FormBody) =>
  chosenList(body.rootCauses).length > 0 || Boolean(field(body, 'serviceArea') || field(body, 'learning'))

/** Pounds typed as text ("£1,250.50"), or undefined when it is not an amount. */
const poundsOf = (text: string) => {
  const t = text.replace(/^£/, '').replace(/,/g, '')
  return /^\d{1,7}(\.\d{1,2})?$/.test(t) ? Number(t) : undefined
}

/** The compensation breakdown typed on the form: only the parts given. */
const breakdownOf = (body: FormBody) =>
  Object.fromEntries(
    compensationParts
      .map((p) => [p, poundsOf(field(body, `part-${p}`))] as const)
      .filter(([, v]) => v !== undefined),
  ) as CompensationBreakdown

/** The stage response: a decision and reasons on every issue, remedies, outstanding actions (Code 6.6–6.9, 6.17–6.19, 7.1). */
export const respondForm = ({ complaints, clock, handlerItems, remedies: guidance }: FormDeps): FormSpec => ({
  path: 'respond',
  issuesLetter: true,
  action: 'respond',
  title: (v) => `Record the stage ${v.complaint.stage} response`,
  when: {
    legend: 'When was the response sent?',
    hint: 'The service issues the response letter. If the response was sent some days ago, first attach a copy of the letter you sent to the case (see below).',
    lateDocument: 'sentLetterDocumentId',
  },
  prepare: async (v, body) => {
    const issues = currentStageRecord(v.complaint).definition?.issues ?? []
    // Code 7.4: a remedy is checked against the guidance in force on the day of the response.
    const respondedOn = londonDateOf((body && whenFromBody(body, clock.now()).at) || clock.now())
    const decisionItems = (name: string) =>
      decisions.map((d) => ({
        value: d,
        text: decisionLabels[d],
        checked: body ? field(body, name) === d : false,
      }))
    const chosen = chosenRemedies(body)
    const replaceable =
      v.complaint.stage === 2
        ? replaceableRemedies(v.complaint).map((s) => ({
            id: s.id,
            text: `Stage 1: ${remedyInWords(s.remedy)}${s.remedy.description ? ` (${s.remedy.description})` : ''}`,
          }))
        : []
    return {
      stage: v.complaint.stage,
      decisionItems: decisionItems('decision'),
      issues: issues.map((i) => ({
        ...i,
        items: decisionItems(`issue-${i.id}`),
        reasons: body ? field(body, `issue-${i.id}-reasons`) : '',
      })),
      reasons: body ? field(body, 'reasons') : '',
      remedies: remedyTypes.map((r) => ({
        value: r,
        text: remedyLabels[r],
        checked: chosen.includes(r),
        description: body ? field(body, `remedy-${r}`) : '',
        // Code 7.3, at stage 2: a stage 1 remedy not yet done or paid that this one replaces.
        replaceItems: replaceable.length
          ? [
              { value: '', text: 'No, it is in addition' },
              ...replaceable.map((s) => ({
                value: s.id,
                text: s.text,
                selected: body ? field(body, `replaces-${r}`) === s.id : false,
              })),
            ]
          : undefined,
        replacesWhy: body ? field(body, `replacesWhy-${r}`) : '',
      })),
      amount: body ? field(body, 'amount') : '',
      // Code 7.2, 7.4: how the compensation is made up, and where it sits in the guidance.
      parts: compensationParts.map((p) => ({
        name: `part-${p}`,
        label: compensationPartLabels[p],
        value: body ? field(body, `part-${p}`) : '',
      })),
      guidance: await (async () => {
        const typed = body ? poundsOf(field(body, 'amount')) : undefined
        const { set, placed } = await guidance.place(typed, body ? breakdownOf(body) : undefined, respondedOn)
        return { set, placed }
      })(),
      // Code 7.4: the guidance in force on the day of the response (as typed, else today), and ours.
      definedSums: await (async () => {
        const g = await guidance.remedyGuidance(respondedOn)
        return { ruleSet: g.ruleSet, rates: ratesBeside(g.ruleSet, g.landlordRates) }
      })(),
      actions: await Promise.all(
        [0, 1, 2].map(async (i) => ({
          index: i,
          ownerItems: (await handlerItems(body ? field(body, `action-${i}-owner`) : undefined)).map((item) =>
            item.value ? item : { ...item, text: 'You (whoever records this response)' },
          ),
          description: body ? field(body, `action-${i}-description`) : '',
          dueItems: dateInputItems(
            `action-${i}-due`,
            body
              ? {
                  day: field(body, `action-${i}-due-day`),
                  month: field(body, `action-${i}-due-month`),
                  year: field(body, `action-${i}-due-year`),
                }
              : {},
            false,
          ),
        })),
      ),
      today: londonDateOf(clock.now()),
      // Code 9.1: the learning can go with the response; left blank, it waits under Learning to record.
      rootCauseItems: (await complaints.rootCauses())
        .filter((r) => r.active)
        .map((r) => ({
          value: r.code,
          text: r.label,
          checked: chosenList(body?.rootCauses).includes(r.code),
        })),
      serviceAreaItems: [
        { value: '', text: 'Choose the service area' },
        ...(await complaints.categories())
          .filter((x) => x.active)
          .map((x) => ({
            value: x.code,
            text: x.label,
            selected: body ? field(body, 'serviceArea') === x.code : false,
          })),
      ],
      learning: body ? field(body, 'learning') : '',
      // Code 6.20: who was involved in the final response.
      involved: body ? field(body, 'involved') : '',
    }
  },
  submit: async (v, body, actor, at, late) => {
    // Checking a figure against the compensation guidance shows the form again; nothing is saved.
    if (field(body, 'check') === 'band') return {}
    // Only what the form itself must read is checked here (dates, amounts typed as text);
    // the Code's rules for a response are the domain's, and come back as field errors.
    const errors: FieldErrors = {}
    const issues = currentStageRecord(v.complaint).definition?.issues ?? []
    const chosen = chosenRemedies(body)
    const amountText = field(body, 'amount').replace(/^£/, '').replace(/,/g, '')
    if (chosen.includes('financial') && amountText && !/^\d{1,7}(\.\d{1,2})?$/.test(amountText)) {
      errors.amount = 'Enter the amount in pounds, for example 150 or 150.50'
    }
    for (const p of compensationParts) {
      const text = field(body, `part-${p}`)
      if (chosen.includes('financial') && text && poundsOf(text) === undefined)
        errors[`part-${p}`] =
          `Enter the amount for ${compensationPartLabels[p].toLowerCase()} in pounds, for example 50`
    }
    const rows: number[] = []
    const actions: { description: string; dueOn: string; ownerId?: string }[] = []
    for (const i of [0, 1, 2]) {
      const description = field(body, `action-${i}-description`)
      const hasDate =
        field(body, `action-${i}-due-day`) ||
        field(body, `action-${i}-due-month`) ||
        field(body, `action-${i}-due-year`)
      if (!description && !hasDate) continue
      const due = dateFromFields(body, `action-${i}-due`, 'the date it will be done by')
      if (due.error) errors[`action-${i}-due`] = due.error
      rows.push(i)
      actions.push({
        description,
        dueOn: due.date ?? '',
        ...(field(body, `action-${i}-owner`) ? { ownerId: field(body, `action-${i}-owner`) } : {}),
      })
    }
    if (Object.keys(errors).length) return errors
    const formField = (f: string) => {
      const issue = /^issueDecisions\.(.+)$/.exec(f)
      if (issue) return `issue-${issue[1]}`
      const part = /^remedies\.\d+\.breakdown(?:\.(\w+))?$/.exec(f)
      if (part) return part[1] ? `part-${part[1]}` : 'amount'
      const remedy = /^remedies\.(\d+)\.(amount|description|type|replaces|replacesWhy)$/.exec(f)
      if (remedy?.[2] === 'replaces' || remedy?.[2] === 'replacesWhy')
        return `${remedy[2]}-${chosen[Number(remedy[1])]}`
      if (remedy) return remedy[2] === 'amount' ? 'amount' : `remedy-${chosen[Number(remedy[1])]}`
      const action = /^outstandingActions\.(\d+)\.(description|dueOn)$/.exec(f)
      if (action) return `action-${rows[Number(action[1])]}-${action[2] === 'dueOn' ? 'due' : 'description'}`
      return formFieldOf(f)
    }
    return refusals(
      () =>
        complaints.respond(v.complaint.id, actor, {
          decision: field(body, 'decision') as Decision,
          reasons: field(body, 'reasons'),
          // Code 6.7, 6.18: the form asks for a decision on every issue of the definition.
          issueDecisions: issues.map((i) => ({
            issueId: i.id,
            decision: field(body, `issue-${i.id}`) as Decision,
            ...(field(body, `issue-${i.id}-reasons`)
              ? { reasons: field(body, `issue-${i.id}-reasons`) }
              : {}),
          })),
          remedies: chosen.map((type) => ({
            type,
            ...(field(body, `remedy-${type}`) ? { description: field(body, `remedy-${type}`) } : {}),
            ...(field(body, `replaces-${type}`)
              ? {
                  replaces: {
                    remedyId: field(body, `replaces-${type}`),
                    why: field(body, `replacesWhy-${type}`),
                  },
                }
              : {}),
            ...(type === 'financial'
              ? {
                  amount: amountText ? Number(amountText) : undefined,
                  ...(Object.keys(breakdownOf(body)).length ? { breakdown: breakdownOf(body) } : {}),
                }
              : {}),
          })),
          outstandingActions: actions,
          ...(v.complaint.stage === 2 ? { involved: involvedFromText(field(body, 'involved')) } : {}),
          ...(learningGiven(body)
            ? {
                learning: {
                  rootCauses: chosenList(body.rootCauses),
                  serviceArea: field(body, 'serviceArea'),
                  learning: field(body, 'learning'),
                },
              }
            : {}),
          respondedAt: at,
          ...late,
          version: version(body),
        }),
      { fieldFor: formField },
    )
  },
  done: 'Response recorded; the response letter is on the case.',
})

/** Code 6.20: "Name, role" on each line; the role is what follows the first comma. */
export function involvedFromText(text: string): { name: string; role: string }[] {
  return lines(text).map((line) => {
    const comma = line.indexOf(',')
    return comma < 0
      ? { name: line, role: '' }
      : { name: line.slice(0, comma).trim(), role: line.slice(comma + 1).trim() }
  })
}
