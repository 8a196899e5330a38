import {
  type CalendarDate,
  formatDateInWords,
  isCalendarDate,
} from '../../../domain/calendar/calendarDate.js'
import type { Complaint } from '../../../domain/complaints/complaint.js'
import { currentStageRecord } from '../../../domain/complaints/complaint.js'
import {
  type Calculation,
  type CalculationInput,
  DAY_COUNTING,
  pounds,
  type RateBasis,
  rateBases,
  rateBasisLabels,
} from '../../../domain/remedies/calculator.js'
import {
  type DefinedSum,
  definedSumLabels,
  definedSums,
  definedSumUnit,
  type LandlordRates,
  landlordRatesName,
  lossesByDay,
  type OmbudsmanRuleSet,
} from '../../../domain/remedies/ruleSets.js'
import { dateInputItems, type FieldErrors, type FormBody, field } from '../../forms.js'

/** Pounds typed as text ("£1,250.50"): undefined when blank, NaN when not an amount. */
export const poundsTyped = (text: string) => {
  const t = text.replace(/^£/, '').replace(/,/g, '')
  return t === '' ? undefined : /^\d{1,7}(\.\d{1,2})?$/.test(t) ? Number(t) : Number.NaN
}

/** A date typed in a GOV.UK date input that may be left blank: undefined when blank. */
function optionalDate(query: FormBody, name: string, label: string): { date?: string; error?: string } {
  const [day, month, year] = ['day', 'month', 'year'].map((p) => field(query, `${name}-${p}`))
  if (!day && !month && !year) return {}
  const date = `${year}-${(month ?? '').padStart(2, '0')}-${(day ?? '').padStart(2, '0')}`
  return /^\d{4}$/.test(year ?? '') && isCalendarDate(date)
    ? { date }
    : { error: `${label} must be a real date, with a day, month and year` }
}

/** Which day the remedy is checked on, and why: the response's date, or today if not yet responded. */
export function checkedOn(
  complaint: Pick<Complaint, 'stage' | 'stages'> | undefined,
  today: CalendarDate,
  asked?: CalendarDate,
): { on: CalendarDate; why: string } {
  const stage = complaint && currentStageRecord(complaint as Complaint)
  if (stage?.response)
    return {
      on: stage.response.on,
      why: `the date of the stage ${stage.stage} response, ${formatDateInWords(stage.response.on)}`,
    }
  if (complaint)
    return { on: today, why: `today, ${formatDateInWords(today)}: the stage is not yet responded to` }
  return asked && asked !== today
    ? { on: asked, why: `the date given, ${formatDateInWords(asked)}` }
    : { on: today, why: `today, ${formatDateInWords(today)}` }
}

/** The offer on the complaint's current response: its financial remedy, if any. */
export function offerOf(complaint: Pick<Complaint, 'stage' | 'stages'> | undefined): number | undefined {
  const stage = complaint && currentStageRecord(complaint as Complaint)
  const money = stage?.response?.remedies.filter((r) => r.type === 'financial' && r.amount !== undefined)
  return money?.length ? money.reduce((sum, r) => sum + (r.amount ?? 0), 0) : undefined
}

/**
 * What the calculator's GET form asked, as the calculator's input: or the fields the form could
 * not read (a date that is not one, an amount that is not money), each beside its field.
 */
export function calculatorInput(
  query: FormBody,
  on: CalendarDate,
): { input: CalculationInput; errors: FieldErrors } {
  const errors: FieldErrors = {}
  const losses: CalculationInput['losses'] = []
  for (const kind of lossesByDay) {
    const label = definedSumLabels[kind]
    const from = optionalDate(query, `${kind}-from`, `${label}: the first day`)
    const to = optionalDate(query, `${kind}-to`, `${label}: the last day`)
    if (from.error) errors[`${kind}-from`] = from.error
    if (to.error) errors[`${kind}-to`] = to.error
    if (from.date || to.date) losses.push({ kind, from: from.date ?? '', to: to.date ?? '' })
  }
  const count = field(query, 'missedAppointments')
  let missedAppointments: number | undefined
  if (/^\d{1,3}$/.test(count)) missedAppointments = Number(count)
  else if (count) errors.missedAppointments = 'Missed appointments: enter a whole number, for example 2'
  const money = (name: string, what: string) => {
    const amount = poundsTyped(field(query, name))
    if (Number.isNaN(amount)) errors[name] = `${what}: enter an amount in pounds, for example 150 or 150.50`
    return Number.isNaN(amount) ? undefined : amount
  }
  const discretionary = money('discretionary', 'Time and trouble, distress and inconvenience')
  const offer = money('offer', 'The offer')
  const basisAsked = field(query, 'basis')
  const basis: RateBasis = (rateBases as readonly string[]).includes(basisAsked)
    ? (basisAsked as RateBasis)
    : 'higher'
  const band = field(query, 'band')
  return {
    input: {
      on,
      losses,
      ...(missedAppointments !== undefined ? { missedAppointments } : {}),
      ...(band ? { band } : {}),
      ...(discretionary !== undefined ? { discretionary } : {}),
      ...(offer !== undefined ? { offer } : {}),
      basis,
    },
    errors,
  }
}

/** The domain's name for a field of the calculation, as the form field that shows its message. */
export const calculatorFieldFor = (name: string) => name.replace(/^(\w+)\.(from|to)$/, '$1-$2')

const rateInWords = (k: DefinedSum, rate: number) =>
  `${pounds(rate)} ${definedSumUnit[k] === 'day' ? 'a day' : 'an appointment'}`

/**
 * The rates side by side: for each defined sum, the Ombudsman's figure and the landlord's, each
 * with its source and the date it is in force from.
 */
export function ratesBeside(ruleSet: OmbudsmanRuleSet | undefined, ours: LandlordRates | undefined) {
  return definedSums.map((k) => {
    const theirs = ruleSet?.rates[k]
    const mine = ours?.rates[k]
    return {
      key: k,
      label: definedSumLabels[k],
      ombudsman:
        theirs !== undefined && ruleSet
          ? { figure: rateInWords(k, theirs), source: ruleSet.source }
          : {
              figure: 'None set',
              source: ruleSet ? ruleSet.source : 'No Ombudsman guidance held for the date',
            },
      ours:
        mine !== undefined && ours
          ? {
              figure: rateInWords(k, mine),
              source: `${ours.source}, in force from ${formatDateInWords(ours.effectiveFrom)}`,
              below: theirs !== undefined && mine < theirs,
            }
          : undefined,
    }
  })
}

/** The calculator page: the guidance in force on the day, the form as asked, and the result or the errors. */
export function calculatorPage(args: {
  on: { on: CalendarDate; why: string }
  complaint?: Pick<Complaint, 'id' | 'reference'>
  ruleSet: OmbudsmanRuleSet | undefined
  landlordRates: LandlordRates | undefined
  query: FormBody
  /** The offer to compare, when the form did not give one: the complaint's response. */
  offer?: number
  calculation?: Calculation
  errors?: FieldErrors
}) {
  const { query, errors, ruleSet, landlordRates } = args
  const asked = Boolean(field(query, 'calculate'))
  const dateItems = (name: string) =>
    dateInputItems(
      name,
      {
        day: field(query, `${name}-day`),
        month: field(query, `${name}-month`),
        year: field(query, `${name}-year`),
      },
      Boolean(errors?.[name]),
    )
  const [y, m, d] = args.on.on.split('-')
  return {
    complaint: args.complaint,
    on: args.on,
    onItems: dateInputItems(
      'on',
      asked || field(query, 'on-day')
        ? { day: field(query, 'on-day'), month: field(query, 'on-month'), year: field(query, 'on-year') }
        : { day: String(Number(d)), month: String(Number(m)), year: y ?? '' },
      Boolean(errors?.on),
    ),
    ruleSet,
    landlordRates: landlordRates && {
      ...landlordRates,
      name: landlordRatesName(landlordRates),
    },
    rates: ratesBeside(ruleSet, landlordRates),
    dayCounting: DAY_COUNTING,
    losses: lossesByDay.map((k) => ({
      kind: k,
      label: definedSumLabels[k],
      rate: ruleSet?.rates[k],
      fromItems: dateItems(`${k}-from`),
      toItems: dateItems(`${k}-to`),
    })),
    missedAppointments: field(query, 'missedAppointments'),
    bandItems: [
      { value: '', text: 'No band chosen', checked: !field(query, 'band') },
      ...(ruleSet?.bands ?? []).map((b) => ({
        value: b.label,
        text: `${b.label}: ${b.max === null ? `${pounds(b.min)} and above` : `${pounds(b.min)} to ${pounds(b.max)}`}`,
        hint: { text: b.description },
        checked: field(query, 'band') === b.label,
      })),
    ],
    discretionary: field(query, 'discretionary'),
    offer: asked
      ? field(query, 'offer')
      : args.offer !== undefined
        ? String(args.offer)
        : field(query, 'offer'),
    basisItems: rateBases.map((b) => ({
      value: b,
      text: rateBasisLabels[b],
      checked: (field(query, 'basis') || 'higher') === b,
    })),
    result: args.calculation && {
      lines: args.calculation.lines.map((l) => ({
        words: l.words,
        amount: l.amount === null ? 'Not counted' : pounds(l.amount),
        source: l.source,
      })),
      total: pounds(args.calculation.total),
      gap: args.calculation.gap,
    },
    errors,
  }
}

/** The landlord's rates page: every version, newest first, the one in force marked, and the form. */
export function ratesPage(args: {
  versions: LandlordRates[]
  inForceId: string | undefined
  ruleSet: OmbudsmanRuleSet | undefined
  body?: FormBody
  errors?: FieldErrors
}) {
  const { body, errors } = args
  return {
    versions: args.versions.map((v) => ({
      id: v.id,
      inForce: v.id === args.inForceId,
      heading: `From ${formatDateInWords(v.effectiveFrom)}`,
      source: v.source,
      note: v.note,
      rows: definedSums.map((k) => ({
        label: definedSumLabels[k],
        figure: v.rates[k] !== undefined ? rateInWords(k, v.rates[k]) : 'None set (the Ombudsman’s applies)',
      })),
    })),
    ombudsman: args.ruleSet && {
      title: args.ruleSet.title,
      source: args.ruleSet.source,
      rows: definedSums.map((k) => ({
        label: definedSumLabels[k],
        figure: args.ruleSet?.rates[k] !== undefined ? rateInWords(k, args.ruleSet.rates[k]) : 'None set',
      })),
    },
    values: {
      source: field(body, 'source'),
      note: field(body, 'note'),
      ...Object.fromEntries(definedSums.map((k) => [k, field(body, k)])),
    },
    fromItems: dateInputItems(
      'effectiveFrom',
      {
        day: field(body, 'effectiveFrom-day'),
        month: field(body, 'effectiveFrom-month'),
        year: field(body, 'effectiveFrom-year'),
      },
      Boolean(errors?.effectiveFrom),
    ),
    rateFields: definedSums.map((k) => ({
      name: k,
      label: `${definedSumLabels[k]} (${definedSumUnit[k] === 'day' ? 'a day' : 'an appointment'})`,
      value: field(body, k),
    })),
    errors,
  }
}
