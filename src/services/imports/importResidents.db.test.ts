import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../../test/app.js'
import { DEFAULT_ENTITY_ID } from '../../domain/entities/entity.js'
import { importColumns } from '../../domain/imports/columns.js'
import { csvText } from '../../domain/text/csv.js'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(async () => {
  await t.close()
})

/** A file of these rows, every one received Monday 2 June 2025, answered in time and closed. */
function historyFile(rows: Record<string, string>[]) {
  const header = importColumns.map((c) => c.key)
  const story: Record<string, string> = {
    received_date: '2025-06-02',
    channel: 'phone',
    handler: 'stage1@example.org',
    acknowledged_date: '2025-06-03',
    stage1_response_date: '2025-06-10',
    outcome: 'not_upheld',
    closed_date: '2025-06-11',
  }
  return {
    fileName: 'history.csv',
    bytes: new TextEncoder().encode(
      csvText([header, ...rows.map((r) => header.map((h) => ({ ...story, ...r })[h] ?? ''))]),
    ),
  }
}

describe('imported complaints join resident records, and their landlord entity', () => {
  it('joins a resident already here, puts two rows of one new resident on one record, and counts each landlord’s TSM', async () => {
    const admin = await t.createStaff('admin')
    await t.createStaff('handler', 'stage1@example.org')
    const actor = { id: admin.id, role: 'admin' as const }
    const north = await t.services.entities.add({ name: 'North Homes', rpNumber: 'L0001' }, actor)
    // Rosa is a resident here already: her record says LCHO, with North Homes.
    const { view } = await t.services.complaints.receive(
      {
        channel: 'phone',
        receivedAt: new Date('2025-05-01T10:00:00Z'),
        description: 'The lift is broken',
        resident: { name: 'Rosa North', email: 'rosa@example.org' },
        tenure: 'lcho',
        entityId: north,
      },
      actor,
    )
    const rosa = view.complaint.personId as string
    expect(rosa).toBeTruthy()

    const { report, created } = await t.services.complaintImports.importNow(
      historyFile([
        // The same email (in capitals): Rosa's record, its tenure and landlord.
        { legacy_reference: 'OLD-1', resident_name: 'Rosa N.', resident_email: 'ROSA@example.org' },
        // Sam twice, by name and postcode: one new record, made with the first row's tenancy.
        {
          legacy_reference: 'OLD-2',
          resident_name: 'Sam Smith',
          resident_postcode: 'LS1 1AA',
          tenure: 'lcra',
          entity: 'l0001',
        },
        { legacy_reference: 'OLD-3', resident_name: 'sam smith', resident_postcode: 'ls11aa' },
        // A landlord the service does not know refuses the row, naming the column.
        { legacy_reference: 'OLD-4', resident_name: 'Ann Other', entity: 'Nowhere Homes', tenure: 'lcra' },
        // The default landlord by the installation's name.
        { legacy_reference: 'OLD-5', resident_name: 'Dev Default', entity: 'test homes', tenure: 'lcra' },
      ]),
      actor,
    )
    expect(report.refused).toEqual([
      {
        row: 5,
        legacyReference: 'OLD-4',
        rule: 'entity “Nowhere Homes” is not one of the landlords (Settings › Landlords): give its name or its registered provider number',
      },
    ])
    expect(created).toBe(4)

    const rows = await t.database.db
      .selectFrom('complaints')
      .select(['legacy_reference', 'person_id', 'entity_id'])
      .where('legacy_reference', 'is not', null)
      .orderBy('legacy_reference')
      .execute()
    const of = (ref: string) => rows.find((r) => r.legacy_reference === ref)
    expect(of('OLD-1')).toMatchObject({ person_id: rosa, entity_id: north })
    expect(of('OLD-2')?.person_id).toBeTruthy()
    expect(of('OLD-2')?.person_id).not.toBe(rosa)
    expect(of('OLD-3')).toMatchObject({ person_id: of('OLD-2')?.person_id, entity_id: north })
    expect(of('OLD-5')).toMatchObject({ entity_id: DEFAULT_ENTITY_ID })
    expect(new Set(rows.map((r) => r.person_id)).size).toBe(3)

    // Sam's new record: a resident record like intake's, with the tenancy of the first row.
    const sam = await t.services.people.view(of('OLD-2')?.person_id as string)
    expect(sam.person.details).toMatchObject({
      name: 'Sam Smith',
      postcode: 'LS1 1AA',
      tenure: 'lcra',
      entityId: north,
    })
    expect(sam.person.reference).toMatch(/^RES-\d{6}$/)
    // Three records in all: Rosa's, Sam's and Dev's.
    const people = async () =>
      Number(
        (
          await t.database.db
            .selectFrom('people')
            .select((e) => e.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      )
    expect(await people()).toBe(3)

    // Each landlord's TSM for 2025/26 counts its own: North has Rosa's two (LCHO, one logged
    // here, one imported) and Sam's two (LCRA, the second from the record); the default has Dev's.
    const northTsm = await t.services.tsm.tsm(2025, undefined, north)
    expect(northTsm.lcho).toMatchObject({ stage1Received: 2, stage1Responses: 1 })
    expect(northTsm.lcra).toMatchObject({
      stage1Received: 2,
      stage1Responses: 2,
      stage1ResponsesWithinTimescale: 2,
    })
    const defaultTsm = await t.services.tsm.tsm(2025, undefined, DEFAULT_ENTITY_ID)
    expect(defaultTsm.lcra).toMatchObject({ stage1Received: 1, stage1Responses: 1 })
    expect(defaultTsm.lcho).toMatchObject({ stage1Received: 0 })
  })
})
