import type { FastifyReply } from 'fastify'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import {
  formatLondonTime,
  londonDateOf,
  londonWallClockToInstant,
} from '../../../domain/calendar/calendarDate.js'
import type { Complaint } from '../../../domain/complaints/complaint.js'
import { linkReasonLabels, linkReasons } from '../../../domain/complaints/events.js'
import { channelLabels, channels, tenureLabels, tenures } from '../../../domain/complaints/vocabulary.js'
import { vulnerabilityKinds, vulnerabilityLabels } from '../../../domain/people/vocabulary.js'
import {
  type AdjustmentKind,
  adjustmentKinds,
  adjustmentLabels,
  contactMethodsPreferred,
  preferredContactLabels,
  updateFrequencies,
  updateFrequencyLabels,
} from '../../../domain/residents/needs.js'
import { can, type StaffRole } from '../../../domain/staff/roles.js'
import type { SignedInStaff } from '../../../services/authentication.js'
import { refusals } from '../../formErrors.js'
import {
  dateFromFields,
  dateItems,
  dateParts,
  type FieldErrors,
  type FormBody,
  field,
  partsOf,
} from '../../forms.js'
import { queryText } from '../../params.js'
import { currentStaff, type StaffWebOptions, signedIn } from '../access.js'
import { entityItems } from '../entities/viewModel.js'
import { conflictOfInterestFromBody, conflictOfInterestValues } from './actions/form.js'

/** The API field names of intake errors, as this form's fields. */
const formField: Record<string, string> = {
  'resident.name': 'residentName',
  'resident.email': 'residentEmail',
  'representative.name': 'representativeName',
  'representative.consentGiven': 'consentGiven',
  receivedAt: 'received',
  issueOccurredOn: 'issueOccurred',
  residentAwareOn: 'residentAware',
  'adjustments.needs': 'needs',
  'adjustments.language': 'language',
  'adjustments.callTimes': 'callTimes',
  'updatePreference.method': 'updateMethod',
  'updatePreference.frequency': 'updateFrequency',
  conflictOfInterest: 'conflictAnswer',
  'conflictOfInterest.conflict': 'conflict',
  'conflictOfInterest.howHandled': 'howHandled',
}

/**
 * Code 3.2 and 5.9, as the online form asks them: the support or changes the resident needs, and
 * how and how often they want to hear from us; neither when nothing is chosen.
 */
function needsFrom(body: FormBody) {
  const needs = ([] as string[]).concat((body.needs as string | string[] | undefined) ?? [])
  const details = field(body, 'supportDetails')
  const method = field(body, 'updateMethod')
  const frequency = field(body, 'updateFrequency')
  return {
    ...(needs.length || details
      ? {
          adjustments: {
            needs: needs as AdjustmentKind[],
            language: field(body, 'language') || undefined,
            callTimes: field(body, 'callTimes') || undefined,
            details: details || undefined,
          },
        }
      : {}),
    ...(method || frequency ? { updatePreference: { method, frequency } } : {}),
  }
}

type InboxEmail = {
  id: string
  fromAddress: string
  fromName: string | null
  subject: string
  arrivedAt: Date
  textBody: string
}

/** The email being logged as a complaint, named above the form. */
const inboxNote = (e: InboxEmail) => ({ id: e.id, from: e.fromAddress, subject: e.subject })

/** The form as the email fills it: channel email, received when it arrived, its words the description. */
function inboxIntakeBody(e: InboxEmail): FormBody {
  const day = partsOf(londonDateOf(e.arrivedAt))
  return {
    channel: 'email',
    'received-day': day.day,
    'received-month': day.month,
    'received-year': day.year,
    receivedTime: formatLondonTime(e.arrivedAt),
    residentName: e.fromName ?? '',
    residentEmail: e.fromAddress,
    description: e.textBody.trim(),
  }
}

/** Logging a complaint on a resident's behalf: phone, letter, visit, social media, a third party. */
export const newComplaintRoutes: FastifyPluginAsyncZod<StaffWebOptions> = async (
  app,
  { services, clock },
) => {
  /** Code 6.8: the earlier complaint new issues are linked to, when the form was opened from it. */
  async function earlier(id: string, role: StaffRole) {
    if (!id) return undefined
    const { complaint } = await services.complaints.view(id, role)
    return complaint
  }

  async function render(
    reply: FastifyReply,
    staff: SignedInStaff,
    linked: Complaint | undefined,
    body?: FormBody,
    errors?: FieldErrors,
    duplicates?: unknown[],
    fromInbox?: { id: string; from: string; subject: string },
  ) {
    const [all, entities] = await Promise.all([services.complaints.categories(), services.entities.list()])
    const categories = all.filter((c) => c.active)
    const responded = Boolean(linked?.stages[1].response)
    const resident = linked?.resident
    const values: FormBody = body ?? {
      ...(resident
        ? {
            residentName: resident.name,
            residentEmail: resident.email,
            residentPhone: resident.phone,
            residentAddress: resident.address,
            residentPostcode: resident.postcode,
            tenancyReference: resident.tenancyReference,
          }
        : {}),
    }
    const chosen = body
      ? ([] as string[]).concat((body.categories as string | string[] | undefined) ?? [])
      : []
    const now = clock.now()
    const optionalDate = (name: string) => dateItems(name, body, errors, {})
    return reply.code(errors ? 422 : duplicates ? 409 : 200).view('staff/complaints/new.njk', {
      fromInbox,
      errors,
      duplicates,
      v: values,
      linked,
      linkReasonItems: linkReasons
        .filter((r) => r !== 'after_response' || responded)
        .map((r) => ({
          value: r,
          text: linkReasonLabels[r],
          checked: body ? field(body, 'linkReason') === r : responded && r === 'after_response',
        })),
      // Issue 34: asked only when there is more than one landlord; else the resident's or the default.
      entityItems: entityItems(
        entities,
        body ? field(body, 'entityId') : undefined,
        'As on the resident’s record',
      ),
      issueOccurredItems: optionalDate('issueOccurred'),
      residentAwareItems: optionalDate('residentAware'),
      tenureItems: [
        ...tenures.map((x) => ({
          value: x,
          text: tenureLabels[x],
          checked: body ? field(body, 'tenure') === x : false,
        })),
        { divider: 'or' },
        { value: '', text: 'Not known yet', checked: body ? !field(body, 'tenure') : true },
      ],
      channelItems: channels.map((c) => ({
        value: c,
        text: channelLabels[c],
        checked: body ? field(body, 'channel') === c : c === 'phone',
      })),
      categoryItems: categories.map((c) => ({
        value: c.code,
        text: c.label,
        checked: chosen.includes(c.code),
      })),
      receivedItems: dateItems('received', body, errors, partsOf(londonDateOf(now))),
      receivedTime: body ? field(body, 'receivedTime') : formatLondonTime(now),
      // Code 3.2, 5.9: asked as the online form asks them.
      needItems: adjustmentKinds.map((k) => ({
        value: k,
        text: adjustmentLabels[k],
        checked: body
          ? ([] as string[]).concat((body.needs as string | string[] | undefined) ?? []).includes(k)
          : false,
      })),
      updateMethodItems: contactMethodsPreferred.map((m) => ({
        value: m,
        text: preferredContactLabels[m],
        checked: body ? field(body, 'updateMethod') === m : false,
      })),
      updateFrequencyItems: updateFrequencies.map((f) => ({
        value: f,
        text: updateFrequencyLabels[f],
        checked: body ? field(body, 'updateFrequency') === f : false,
      })),
      hasRepresentative: body ? field(body, 'hasRepresentative') === 'yes' : false,
      consentGiven: body ? field(body, 'consentGiven') === 'yes' : false,
      // Sensitive: asked only by those whose role may see residents' vulnerabilities.
      mayRecordVulnerability: can(staff.role, 'viewVulnerabilities'),
      vulnerabilityDisclosed: body ? field(body, 'vulnerabilityDisclosed') === 'yes' : false,
      vulnerabilityItems: [
        { value: '', text: 'Choose' },
        ...vulnerabilityKinds.map((k) => ({
          value: k,
          text: vulnerabilityLabels[k],
          selected: body ? field(body, 'vulnerabilityKind') === k : false,
        })),
      ],
      // "Assign it to me" is one tick; who may give complaints to others choose from the
      // handlers, the person logging first.
      assignToMe: body ? field(body, 'assignToMe') === 'yes' : false,
      ...conflictOfInterestValues(body),
      handlerItems: can(staff.role, 'reassignComplaints')
        ? [
            { value: '', text: 'Nobody yet: the team queue' },
            ...(await services.staffAccounts.handlers())
              .sort((a, b) => Number(b.id === staff.id) - Number(a.id === staff.id))
              .map((p) => ({
                value: p.id,
                text: p.id === staff.id ? `${p.name} (you)` : p.name,
                selected: body ? field(body, 'handlerId') === p.id : false,
              })),
          ]
        : undefined,
    })
  }

  app.get(
    '/complaints/new',
    {
      schema: { hide: true, querystring: queryText('linkedFrom', 'fromInbox') },
      preHandler: signedIn('handleComplaints'),
    },
    async (request, reply) => {
      const { linkedFrom, fromInbox } = request.query
      const staff = currentStaff(request)
      if (fromInbox) {
        // Email in: the form starts from the email, as if typed from it; the person checks it.
        // An email not yet sorted is no landlord's: not one for a person limited to one.
        await services.entities.checkAccess(staff, 'inboxItem', fromInbox)
        const email = await services.inbox.intakeStart(fromInbox)
        return render(reply, staff, undefined, inboxIntakeBody(email), undefined, undefined, inboxNote(email))
      }
      return render(reply, staff, await earlier(linkedFrom ?? '', staff.role))
    },
  )

  app.post(
    '/complaints/new',
    { schema: { hide: true }, preHandler: signedIn('handleComplaints') },
    async (request, reply) => {
      const staff = currentStaff(request)
      const body = (request.body ?? {}) as FormBody
      // The form reads the date and time it was received; every rule about what a complaint
      // needs (who, what, consent) is the domain's, shown beside the fields it names.
      const errors: FieldErrors = {}
      const day = dateFromFields(body, 'received', 'the date it was received')
      if (day.error) errors.received = day.error
      const time = field(body, 'receivedTime') || '09:00'
      if (!/^([01]?\d|2[0-3]):[0-5]\d$/.test(time))
        errors.receivedTime = 'Enter the time as hours and minutes, for example 14:30'
      const withRep = field(body, 'hasRepresentative') === 'yes'
      const linked = await earlier(field(body, 'linkedFrom'), staff.role)
      const inboxItem = field(body, 'fromInbox')
      if (inboxItem) await services.entities.checkAccess(staff, 'inboxItem', inboxItem)
      const fromInbox = inboxItem ? inboxNote(await services.inbox.intakeStart(inboxItem)) : undefined
      // Code 2.3: the two dates the 12 months may run from, both optional.
      const optionalDate = (name: string, label: string) => {
        if (!Object.values(dateParts(body, name)).some(Boolean)) return undefined
        const d = dateFromFields(body, name, label)
        if (d.error) errors[name] = d.error
        return d.date
      }
      const issueOccurredOn = optionalDate('issueOccurred', 'the date the issue happened')
      const residentAwareOn = optionalDate('residentAware', 'the date the resident became aware of it')

      const [hour, minute] = time.split(':').map(Number)
      const receivedAt =
        day.date && !errors.receivedTime
          ? londonWallClockToInstant(day.date, hour ?? 9, minute ?? 0)
          : clock.now()

      const resident = {
        name: field(body, 'residentName'),
        email: field(body, 'residentEmail') || undefined,
        phone: field(body, 'residentPhone') || undefined,
        address: field(body, 'residentAddress') || undefined,
        postcode: field(body, 'residentPostcode') || undefined,
        tenancyReference: field(body, 'tenancyReference') || undefined,
      }
      const intake = {
        channel: field(body, 'channel'),
        receivedAt,
        description: field(body, 'description'),
        outcomeSought: field(body, 'outcomeSought') || undefined,
        resident,
        ...(withRep
          ? {
              representative: {
                name: field(body, 'representativeName'),
                relationship: field(body, 'representativeRelationship') || undefined,
                email: field(body, 'representativeEmail') || undefined,
                address: field(body, 'representativeAddress') || undefined,
                postcode: field(body, 'representativePostcode') || undefined,
                phone: field(body, 'representativePhone') || undefined,
                consentGiven: field(body, 'consentGiven') === 'yes',
                consentDetails: field(body, 'consentDetails') || undefined,
              },
            }
          : {}),
        categories: ([] as string[]).concat((body.categories as string | string[] | undefined) ?? []),
        serviceRequestReference: field(body, 'serviceRequestReference') || undefined,
        tenure: field(body, 'tenure') || undefined,
        entityId: field(body, 'entityId') || undefined,
        issueOccurredOn,
        residentAwareOn,
        ...needsFrom(body),
        // Taken on by the person logging (one tick), or given to another by who may assign.
        handlerId: field(body, 'assignToMe') === 'yes' ? staff.id : field(body, 'handlerId') || undefined,
        // Code 5.8: asked whenever a handler is set; the domain asks for it only then.
        conflictOfInterest: conflictOfInterestFromBody(body),
        ...(field(body, 'vulnerabilityDisclosed') === 'yes'
          ? {
              vulnerability: {
                kind: field(body, 'vulnerabilityKind'),
                details: field(body, 'vulnerabilityDetails'),
              },
            }
          : {}),
        ...(linked
          ? {
              linkedFromId: linked.id,
              linkReason: field(body, 'linkReason') || undefined,
              linkNote: field(body, 'linkNote') || undefined,
            }
          : {}),
      }
      // Every problem at once: the form's own (the date) with the domain's (who, what, consent).
      for (const p of await services.complaints.intakeProblems(intake, linked, staff)) {
        const key = formField[p.field ?? ''] ?? p.field ?? 'description'
        if (!(key === 'received' && errors.received)) errors[key] ??= p.message
      }
      if (Object.keys(errors).length) return render(reply, staff, linked, body, errors, undefined, fromInbox)

      if (!linked && field(body, 'confirmDuplicate') !== 'yes') {
        const open = await services.complaints.openForResident(resident)
        if (open.length) return render(reply, staff, linked, body, undefined, open, fromInbox)
      }
      let id = ''
      const refused = await refusals(
        async () => {
          const actor = { id: staff.id, role: staff.role, name: staff.name }
          // From the inbox: the email is the complaint's first document, and leaves the queue with it.
          const { view } = await services.complaints.receive(
            intake,
            actor,
            undefined,
            fromInbox ? await services.inbox.asComplaint(fromInbox.id, actor) : undefined,
          )
          id = view.complaint.id
        },
        { statuses: (status) => status < 500 && status !== 403, fieldFor: formField, unnamed: 'description' },
      )
      if (refused) return render(reply, staff, linked, body, { ...errors, ...refused }, undefined, fromInbox)
      return reply.redirect(`/complaints/${id}?done=logged`, 303)
    },
  )
}
