import type { FastifyReply } from 'fastify'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { londonDateOf } from '../../../domain/calendar/calendarDate.js'
import {
  codeTimescales,
  type InternalTarget,
  type TargetStart,
  type Timescales,
  targetStartLabels,
  targetStarts,
  timescaleKeys,
} from '../../../domain/policy/timescales.js'
import { refusals } from '../../formErrors.js'
import { dateFromFields, dateItems, type FieldErrors, type FormBody, field, partsOf } from '../../forms.js'
import { queryText } from '../../params.js'
import { currentStaff, type StaffWebOptions, signedIn } from '../access.js'

const labels: Record<keyof Timescales, string> = {
  acknowledgeDays: 'Stage 1: acknowledge, define and log',
  stage1ResponseDays: 'Stage 1: respond, from the acknowledgement',
  stage1MaxExtensionDays: 'Stage 1: longest extension without good reason',
  stage2AcknowledgeDays: 'Stage 2: acknowledge, define and log, from the escalation request',
  stage2ResponseDays: 'Stage 2: respond, from the acknowledgement',
  stage2MaxExtensionDays: 'Stage 2: longest extension without good reason',
  residentUpdateDays: 'Resident updates, at least every',
}

/** Internal-target rows shown on the form: the existing ones and two blank ones to add. */
const TARGET_ROWS_SPARE = 2

const schema = { hide: true, querystring: queryText('changed') }

export const policyRoutes: FastifyPluginAsyncZod<StaffWebOptions> = async (app, { services, clock }) => {
  /** `changed`: the version just saved (`?changed=`), for the notice. */
  async function render(
    changed: string | undefined,
    reply: FastifyReply,
    extra: { errors?: FieldErrors; values?: FormBody } = {},
  ) {
    const [current, versions] = await Promise.all([services.policy.current(), services.policy.versions()])
    const values = extra.values
    const targets: { name: string; workingDays: string; countedFrom: string }[] = values
      ? Array.from({ length: current.internalTargets.length + TARGET_ROWS_SPARE }, (_, i) => ({
          name: field(values, `target-${i}-name`),
          workingDays: field(values, `target-${i}-days`),
          countedFrom: field(values, `target-${i}-from`),
        }))
      : [
          ...current.internalTargets.map((t) => ({
            name: t.name,
            workingDays: String(t.workingDays),
            countedFrom: t.countedFrom,
          })),
          ...Array.from({ length: TARGET_ROWS_SPARE }, () => ({
            name: '',
            workingDays: '',
            countedFrom: 'received',
          })),
        ]
    const targetRows = targets.map((t) => ({
      ...t,
      fromItems: targetStarts.map((value) => ({
        value,
        text: targetStartLabels[value],
        selected: value === t.countedFrom,
      })),
    }))
    return reply.code(extra.errors ? 422 : 200).view('staff/settings/policy.njk', {
      errors: extra.errors,
      current,
      versions: [...versions].reverse(),
      rows: timescaleKeys.map((key) => ({
        key,
        label: labels[key],
        value: values ? field(values, key) : String(current[key]),
        current: current[key],
        maximum: codeTimescales[key].maximum,
        provision: codeTimescales[key].provision,
        setByCode: codeTimescales[key].setByCode,
      })),
      targets: targetRows,
      targetStartLabels,
      effectiveItems: dateItems('effectiveFrom', values, extra.errors, partsOf(londonDateOf(clock.now()))),
      note: values ? field(values, 'note') : '',
      notice: changed ? `Version ${changed} of the timescales is saved.` : undefined,
    })
  }

  app.get('/settings/policy', { schema, preHandler: signedIn() }, (request, reply) =>
    render(request.query.changed, reply),
  )

  app.post('/settings/policy', { schema, preHandler: signedIn('managePolicy') }, async (request, reply) => {
    const staff = currentStaff(request)
    const body = (request.body ?? {}) as FormBody
    const errors: FieldErrors = {}
    const change: Partial<Timescales> = {}
    for (const key of timescaleKeys) {
      // A timescale the form did not send keeps its value in the new version.
      if (body[key] === undefined) continue
      const raw = field(body, key)
      if (!/^\d{1,3}$/.test(raw))
        errors[key] = `Enter ${labels[key].toLowerCase()} as a whole number of working days`
      else change[key] = Number(raw)
    }
    const targets: InternalTarget[] = []
    for (let i = 0; i < 50 && body[`target-${i}-name`] !== undefined; i++) {
      const name = field(body, `target-${i}-name`)
      const days = field(body, `target-${i}-days`)
      if (!name && !days) continue
      if (!name)
        errors[`target-${i}-name`] = 'Enter a name for the internal target, or clear its working days'
      if (!/^\d{1,2}$/.test(days))
        errors[`target-${i}-days`] = `Enter the working days for ${name ? `‘${name}’` : 'the target'}`
      const from = field(body, `target-${i}-from`) as TargetStart
      targets.push({
        name,
        workingDays: Number(days),
        countedFrom: targetStarts.includes(from) ? from : 'received',
      })
    }
    const effective = dateFromFields(body, 'effectiveFrom', 'the date the change takes effect')
    if (effective.error) errors.effectiveFrom = effective.error
    if (Object.keys(errors).length === 0) {
      let version = 0
      const refused = await refusals(
        async () => {
          version = (
            await services.policy.change(
              {
                ...change,
                internalTargets: targets,
                effectiveFrom: effective.date,
                note: field(body, 'note'),
              },
              staff.id,
            )
          ).version
        },
        {
          // An internal target's row and box on the form.
          fieldFor: (name) => {
            const target = /^internalTargets\.(\d+)\.(name|workingDays)$/.exec(name)
            return target ? `target-${target[1]}-${target[2] === 'name' ? 'name' : 'days'}` : name
          },
          unnamed: 'acknowledgeDays',
        },
      )
      if (!refused) return reply.redirect(`/settings/policy?changed=${version}`, 303)
      Object.assign(errors, refused)
    }
    return render(request.query.changed, reply, { errors, values: body })
  })
}
