import { spawnSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { csvText } from '../../src/domain/text/csv.js'
import { projectRoot } from '../../src/paths.js'

function cli(dataDir: string, ...args: string[]) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
    cwd: projectRoot,
    env: { PATH: process.env.PATH ?? '', DATA_DIR: dataDir, DEMO_DATA: 'false' },
    encoding: 'utf8',
  })
  return { code: result.status, out: `${result.stdout}${result.stderr}` }
}

describe('npm run cli -- import', () => {
  it('dry-runs by default, imports with --confirm --as, and a second import changes nothing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'complaints-import-'))
    expect(
      cli(dir, 'create-user', '--email', 'ola@example.org', '--name', 'Ola', '--role', 'admin').code,
    ).toBe(0)
    expect(
      cli(dir, 'create-user', '--email', 'hal@example.org', '--name', 'Hal', '--role', 'handler').code,
    ).toBe(0)
    const file = join(dir, 'history.csv')
    const header = [
      'legacy_reference',
      'received_date',
      'channel',
      'resident_name',
      'handler',
      'acknowledged_date',
    ]
    writeFileSync(
      file,
      csvText([
        header,
        ['OLD-1', '2025-06-02', 'email', 'Ann', 'hal@example.org', '2025-06-03'],
        ['OLD-2', '02/06/2025', 'phone', 'Bea', '', ''],
        ['OLD-3', '2025-06-02', 'email', 'Cal', 'gone@example.org', '2025-06-03'],
      ]),
    )
    const dry = cli(dir, 'import', file)
    expect(dry.code).toBe(0)
    expect(dry.out).toContain(
      'Row 4\tOLD-3\trefused: handler gone@example.org is not an active member of staff',
    )
    expect(dry.out).toContain('history.csv: 3 rows. Would create 2; already imported 0; refused 1.')
    expect(dry.out).toContain('Dry run: nothing was written')
    // Nothing was written by the dry run: confirming creates both.
    const done = cli(dir, 'import', file, '--confirm', '--as', 'ola@example.org')
    expect(done.code).toBe(0)
    expect(done.out).toContain('Imported: 2 complaints created, recorded as imported by ola@example.org.')
    const again = cli(dir, 'import', file, '--confirm', '--as', 'ola@example.org')
    expect(again.out).toContain('Would create 0; already imported 2; refused 1.')
    expect(again.out).toContain('Imported: 0 complaints created')
    const badHeader = join(dir, 'bad.csv')
    writeFileSync(badHeader, 'reference,date\r\nX,2025-01-01\r\n')
    const refused = cli(dir, 'import', badHeader)
    expect(refused.code).toBe(2)
    expect(refused.out).toContain('“reference” is not a column of the import')
    expect(refused.out).toContain('the required column legacy_reference is missing')
  }, 400_000)
})
