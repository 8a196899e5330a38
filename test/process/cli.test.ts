import { spawnSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { regularBankHolidays } from '../../src/domain/calendar/bankHolidays.js'
import { projectRoot } from '../../src/paths.js'

function cli(dataDir: string, ...args: string[]) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
    cwd: projectRoot,
    env: { PATH: process.env.PATH ?? '', DATA_DIR: dataDir, DEMO_DATA: 'false' },
    encoding: 'utf8',
  })
  return { code: result.status, out: `${result.stdout}${result.stderr}` }
}

describe('npm run cli', () => {
  it('creates a user, resets a password, and says clearly what is wrong', () => {
    const dir = mkdtempSync(join(tmpdir(), 'complaints-cli-'))
    const created = cli(
      dir,
      'create-user',
      '--email',
      'helen@example.org',
      '--name',
      'Helen',
      '--role',
      'handler',
    )
    expect(created.code).toBe(0)
    expect(created.out).toMatch(/Created Helen <helen@example.org> as handler/)
    expect(created.out).toMatch(/Password: \S{19}/)
    const listed = cli(dir, 'list-users')
    expect(listed.out).toContain('helen@example.org\tHelen\thandler')
    const reset = cli(
      dir,
      'reset-password',
      '--email',
      'helen@example.org',
      '--password',
      'a brand new passphrase',
    )
    expect(reset.code).toBe(0)
    expect(reset.out).toContain('signed out everywhere')
    const token = cli(dir, 'issue-api-token', '--email', 'HELEN@example.org')
    expect(token.code).toBe(0)
    expect(token.out).toMatch(/Token: cst_\S+/)
    expect(cli(dir, 'issue-api-token', '--email', 'nobody@example.org').code).toBe(3)
    const unknown = cli(dir, 'reset-password', '--email', 'nobody@example.org')
    expect(unknown.code).toBe(3)
    expect(unknown.out).toContain('There is no member of staff with the email nobody@example.org')
    const badRole = cli(dir, 'create-user', '--email', 'x@example.org', '--name', 'X', '--role', 'boss')
    expect(badRole.code).toBe(2)
    expect(badRole.out).toContain('Role must be one of')
  }, 90_000)

  it('loads a gov.uk bank holiday file, and refuses a bad one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'complaints-cli-'))
    const good = join(dir, 'bank-holidays.json')
    const events = regularBankHolidays(2029).map((h) => ({
      title: h.title,
      date: h.date,
      notes: h.substitute ? 'Substitute day' : '',
    }))
    writeFileSync(good, JSON.stringify({ 'england-and-wales': { division: 'england-and-wales', events } }))
    const loaded = cli(dir, 'import-bank-holidays', '--file', good)
    expect(loaded.code).toBe(0)
    expect(loaded.out).toContain('Loaded bank holidays for 2029')
    expect(loaded.out).toContain('Now official (were provisional): 2029')
    const bad = join(dir, 'bad.json')
    writeFileSync(
      bad,
      '{"england-and-wales": {"division": "england-and-wales", "events": [{"title": "x", "date": "2029-01-06"}]}}',
    )
    const refused = cli(dir, 'import-bank-holidays', '--file', bad)
    expect(refused.code).toBe(2)
    expect(refused.out).toContain('The bank holiday file was not loaded')
    expect(refused.out).toContain('2029-01-06 (x) is at a weekend')
  }, 90_000)
})
