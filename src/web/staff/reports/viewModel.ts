import { periodOf } from '../../../domain/reports/boardPack.js'
import { yearLabel } from '../../../domain/reports/reportingYear.js'
import { itemsBehind, tsmRows } from '../../../domain/reports/tsmReturn.js'
import { type FieldErrors, type FormBody, field } from '../../forms.js'

/**
 * The periods the board pack offers, newest first: the last 8 quarters and 12 months before the
 * one `today` is in, then this financial year and the 3 before it.
 */
export function periodChoices(today: string) {
  const y = Number(today.slice(0, 4))
  const m = Number(today.slice(5, 7))
  const fy = m >= 4 ? y : y - 1
  const q = Math.floor(((m + 8) % 12) / 3) + 1
  const out: { value: string; text: string }[] = []
  for (let i = 1; i <= 8; i++) {
    const n = fy * 4 + q - 1 - i
    const v = `${Math.floor(n / 4)}-Q${(n % 4) + 1}`
    out.push({ value: v, text: periodOf({ period: v })?.label ?? v })
  }
  for (let i = 1; i <= 12; i++) {
    const d = new Date(Date.UTC(y, m - 1 - i, 1))
    const v = `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`
    out.push({ value: v, text: periodOf({ period: v })?.label ?? v })
  }
  for (let i = 0; i < 4; i++) out.push({ value: String(fy - i), text: `Financial year ${yearLabel(fy - i)}` })
  return out
}

type Homes = { homes: number | null }

/**
 * The Tenant Satisfaction Measures page for `year`: the measures (those with complaints behind
 * them linked), the reporting years to choose from (next year and the 7 before it), and the homes
 * owned, as recorded or as typed.
 */
export function tsmPage<T extends { rules: unknown; lcra: Homes; lcho: Homes }>(
  t: T,
  year: number,
  currentYear: number,
  form: { body?: FormBody; errors?: FieldErrors; done?: string } = {},
) {
  const { body, errors } = form
  const homes = (h: Homes) => (h.homes === null ? '' : String(h.homes))
  return {
    t,
    yearLabel: yearLabel(year),
    rows: tsmRows.map((r) => ({ ...r, drill: Boolean(itemsBehind[r.key]) })),
    rules: t.rules,
    yearItems: Array.from({ length: 8 }, (_, i) => currentYear + 1 - i).map((y) => ({
      value: String(y),
      text: `${yearLabel(y)} (1 April ${y} to 31 March ${y + 1})`,
      selected: y === year,
    })),
    homes: {
      lcra: body ? field(body, 'lcra') : homes(t.lcra),
      lcho: body ? field(body, 'lcho') : homes(t.lcho),
    },
    errors,
    notice: form.done ? 'Homes owned recorded; the measures below use them.' : undefined,
  }
}

/** The `&entity=` a TSM link carries, so a landlord's figures open to that landlord's complaints. */
export const entityParam = (entity: string | undefined) =>
  entity ? `&entity=${encodeURIComponent(entity)}` : ''

/**
 * Issue 34: the TSM page's choice of landlord (the TSM return is per registered provider) and
 * the group, shown only when there is more than one; the homes form needs one landlord.
 */
export function tsmEntityChoice(
  entities: { id: string; displayName: string; rpNumber?: string }[],
  entityId: string | undefined,
  /** A person limited to one entity is offered no other (issue 34). */
  limited = false,
) {
  const chosen = entities.find((e) => e.id === entityId)
  return {
    entityId,
    entityParam: entities.length > 1 ? entityParam(entityId) : '',
    landlord: entities.length > 1 ? (chosen?.displayName ?? 'The group (every landlord)') : undefined,
    homesFor: entities.length > 1 ? chosen?.displayName : 'all',
    entityItems:
      entities.length > 1 && !limited
        ? [
            { value: '', text: 'The group (every landlord)', selected: !entityId },
            ...entities.map((e) => ({
              value: e.id,
              text: e.rpNumber ? `${e.displayName} (${e.rpNumber})` : e.displayName,
              selected: e.id === entityId,
            })),
          ]
        : undefined,
  }
}
