import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { basename } from 'node:path'
import { parseArgs } from 'node:util'
import { systemClock } from './clock.js'
import { ConfigError, loadConfig } from './config.js'
import { backupOf, RestoreRefusedError, restoreInto } from './db/backup.js'
import { type Database, openDatabase } from './db/database.js'
import { DataDirLockedError } from './db/dataDirLock.js'
import { usersRepository } from './db/repositories/users.js'
import { staffRoles } from './domain/staff/roles.js'
import { plural } from './domain/text/plural.js'
import { AppError } from './errors.js'
import { authenticationService } from './services/authentication.js'
import { prepareDatabase } from './services/bootstrap.js'
import { calendarService } from './services/calendar.js'
import { entitiesService } from './services/entities/entities.js'
import { importReportLines } from './services/imports/complaintImports.js'
import { calendarListeners, createServices } from './services/index.js'
import { generatePassword, staffAccountsService } from './services/staffAccounts.js'

const usage = `Usage: npm run cli -- <command> [options]

Commands:
  create-user --email EMAIL --name NAME --role ROLE [--password PASSWORD] [--entity ENTITY]
      Creates a member of staff. Without --password a strong one is made and printed.
      ROLE is one of: ${staffRoles.join(', ')}
      --entity limits them to one landlord entity's complaints (its name or id; see
      docs/entities.md); without it they see the whole group's.
  reset-password --email EMAIL [--password PASSWORD]
      Sets a new password (printed if made for you), unlocks the account, and ends its
      sessions and API tokens.
  disable-user --email EMAIL
      Switches an account off: its sessions and API tokens end at once.
  enable-user --email EMAIL
      Switches it on again.
  list-users
      Lists every staff account.
  issue-api-token --email EMAIL
      Prints a new API token for the account (lasting API_TOKEN_DAYS), for an integration
      where passwords are switched off (LOCAL_PASSWORDS=false).
  import-bank-holidays --file PATH
      Loads a gov.uk bank-holidays.json (https://www.gov.uk/bank-holidays.json): it replaces
      the official dates of the years it covers; open cases' deadlines move with it.
  import FILE [--confirm --as EMAIL]
      Imports a complaint history from the landlord's earlier system (a CSV or XLSX file; see
      docs/import.md for its columns). Without --confirm, a dry run: prints each refused row
      with the rule it breaks and a summary, and writes nothing. With --confirm, writes the
      new complaints, recorded as imported by the staff account EMAIL (an administrator or
      complaints officer). Importing the same file again changes nothing.
  migrate
      Applies any database migrations not yet applied.
  backup --file PATH
      The embedded database only: writes a backup (a gzipped tarball of the data folder) to
      PATH. Works while the service runs: it asks the service, which takes it between
      transactions. For PostgreSQL use pg_dump (see docs/operations.md, "Backup and restore").
  restore --file PATH --into FOLDER
      Restores a backup made by "backup" into FOLDER, which must be new or empty, and says how
      many complaints it holds. Point DATA_DIR at FOLDER to run the service on it.

The database is the one the service uses: DATABASE_URL, or the embedded one under DATA_DIR
(stop the server first: only one process may open the embedded database).`

async function run(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      email: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string' },
      password: { type: 'string' },
      entity: { type: 'string' },
      file: { type: 'string' },
      into: { type: 'string' },
      confirm: { type: 'boolean' },
      as: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  })
  const command = positionals[0]
  if (!command || values.help) {
    console.log(usage)
    return command || values.help ? 0 : 2
  }
  const need = (name: 'email' | 'name' | 'role' | 'file' | 'into') => {
    const v = values[name]
    if (!v) throw new AppError(400, 'invalid_input', `--${name} is required for ${command}`)
    return v
  }

  const config = loadConfig()
  // Backups come before opening the database: the running service may hold it.
  if (command === 'backup' || command === 'restore') return backupCommand(command, config, need)
  const database = await openDatabase(config.database)
  try {
    await prepareDatabase(database.db, systemClock)
    const accounts = staffAccountsService({
      db: database.db,
      clock: systemClock,
      lockout: { maxAttempts: config.signIn.maxAttempts, lockoutMinutes: config.signIn.lockoutMinutes },
      mail: { mode: config.mail.smtpUrl ? 'smtp' : 'outbox', maxAttempts: config.mail.maxAttempts },
    })
    switch (command) {
      case 'create-user': {
        const password = values.password ?? generatePassword()
        const entity = values.entity?.trim()
        const entityId = entity
          ? (
              await entitiesService({
                db: database.db,
                clock: systemClock,
                landlordName: config.landlordName,
              }).list()
            ).find((e) => e.id === entity || e.displayName.toLowerCase() === entity.toLowerCase())?.id
          : undefined
        if (entity && !entityId)
          throw new AppError(400, 'invalid_input', `There is no landlord entity named or numbered ${entity}`)
        const user = await accounts.create(
          { email: need('email'), name: need('name'), role: need('role'), password, entityId },
          null,
        )
        console.log(
          `Created ${user.name} <${user.email}> as ${user.role}${entity ? ` limited to ${entity}` : ''} (id ${user.id})`,
        )
        if (!values.password) console.log(`Password: ${password}`)
        return 0
      }
      case 'reset-password': {
        const password = values.password ?? generatePassword()
        const user = await accounts.resetPassword(need('email'), password, null)
        console.log(`New password set for ${user.email}; the account is unlocked and signed out everywhere`)
        if (!values.password) console.log(`Password: ${password}`)
        return 0
      }
      case 'disable-user':
      case 'enable-user': {
        const user = await accounts.findByEmail(need('email'))
        const changed = await accounts.setDisabled(user.id, command === 'disable-user', null)
        console.log(
          changed.disabled
            ? `${changed.email} is switched off: signed out everywhere, API tokens revoked`
            : `${changed.email} is switched on again; they sign in with their password`,
        )
        return 0
      }
      case 'issue-api-token': {
        const issued = await authenticationService({
          db: database.db,
          clock: systemClock,
          lockout: { maxAttempts: config.signIn.maxAttempts, lockoutMinutes: config.signIn.lockoutMinutes },
          mail: { mode: config.mail.smtpUrl ? 'smtp' : 'outbox', maxAttempts: config.mail.maxAttempts },
          sessionHours: config.sessionHours,
          apiTokenDays: config.apiTokenDays,
        }).issueApiTokenByOperator(need('email'))
        console.log(`Token: ${issued.token}`)
        console.log(`Expires: ${issued.expiresAt.toISOString()}`)
        return 0
      }
      case 'list-users': {
        for (const u of await accounts.list()) {
          console.log(
            `${u.email}\t${u.name}\t${u.role}${u.locked ? '\tlocked' : ''}${u.disabled ? '\tdisabled' : ''}`,
          )
        }
        return 0
      }
      case 'import-bank-holidays': {
        const path = need('file')
        let document: unknown
        try {
          document = JSON.parse(readFileSync(path, 'utf8'))
        } catch (error) {
          throw new AppError(
            400,
            'invalid_input',
            `Could not read ${path} as JSON: ${(error as Error).message}`,
          )
        }
        const summary = await calendarService({
          db: database.db,
          clock: systemClock,
          listeners: calendarListeners,
        }).importBankHolidays(
          document,
          null,
          `gov.uk bank-holidays.json, loaded from ${basename(path)} with the CLI`,
        )
        console.log(`Loaded bank holidays for ${summary.years.join(', ')}`)
        if (summary.previouslyProvisionalYears.length) {
          console.log(`Now official (were provisional): ${summary.previouslyProvisionalYears.join(', ')}`)
        }
        for (const h of summary.added) console.log(`  added   ${h.date}  ${h.title}`)
        for (const h of summary.removed) console.log(`  removed ${h.date}  ${h.title}`)
        return 0
      }
      case 'import':
        return await importCommand(database.db, config, positionals[1], values)
      case 'migrate':
        console.log('Migrations are up to date')
        return 0
      default:
        console.error(`Unknown command "${command}"\n\n${usage}`)
        return 2
    }
  } finally {
    await database.close()
  }
}

/** `import FILE [--confirm --as EMAIL]`: the dry run's report, and with --confirm the import. */
async function importCommand(
  db: Database['db'],
  config: ReturnType<typeof loadConfig>,
  file: string | undefined,
  values: { confirm?: boolean; as?: string },
): Promise<number> {
  if (!file) throw new AppError(400, 'invalid_input', 'Give the file to import: npm run cli -- import FILE')
  let bytes: Uint8Array
  try {
    bytes = readFileSync(file)
  } catch (error) {
    throw new AppError(400, 'invalid_input', `Could not read ${file}: ${(error as Error).message}`)
  }
  const email = values.as
  if (values.confirm && !email)
    throw new AppError(
      400,
      'invalid_input',
      '--confirm needs --as EMAIL: the staff account the import is recorded as done by',
    )
  const staff = email ? await usersRepository(db).findByEmail(email) : undefined
  if (email && (!staff || staff.disabledAt))
    throw new AppError(404, 'not_found', `There is no active member of staff with the email ${email}`)
  // A dry run needs no account: it is checked as an administrator would, and writes nothing.
  const actor = staff ? { id: staff.id, role: staff.role } : { id: '', role: 'admin' as const }
  const imports = createServices({ db, clock: systemClock, config }).complaintImports
  const fileName = basename(file)
  const outcome = values.confirm
    ? await imports.importNow({ fileName, bytes }, actor)
    : { report: await imports.dryRun({ fileName, bytes }, actor), created: undefined }
  for (const line of importReportLines(outcome.report)) console.log(line)
  console.log(
    outcome.created === undefined
      ? 'Dry run: nothing was written. Run again with --confirm --as EMAIL to import.'
      : `Imported: ${plural(outcome.created, 'complaint')} created, recorded as imported by ${email}.`,
  )
  return 0
}

async function backupCommand(
  command: 'backup' | 'restore',
  config: ReturnType<typeof loadConfig>,
  need: (name: 'file' | 'into') => string,
): Promise<number> {
  if (command === 'restore') {
    const file = need('file')
    const into = need('into')
    const bytes = readBackupFile(file)
    const counts = await restoreInto(bytes, into)
    console.log(
      `Restored ${basename(file)} into ${into}: ${counts.complaints} complaints, ${counts.events} events, ` +
        `${counts.people} resident records. Start the service with DATA_DIR=${into} to use it.`,
    )
    return 0
  }
  if (config.database.kind !== 'pglite')
    throw new AppError(
      400,
      'invalid_input',
      'DATABASE_URL is set: back up PostgreSQL with pg_dump --format=custom (see docs/operations.md, "Backup and restore")',
    )
  const file = need('file')
  if (existsSync(file))
    throw new AppError(400, 'invalid_input', `${file} exists already; choose a new file name`)
  const { bytes, from } = await backupOf(config.database.dataDir)
  writeFileSync(file, bytes, { mode: 0o600 })
  console.log(
    `Backed up ${config.database.dataDir} to ${file} (${bytes.length} bytes, ` +
      `${from === 'service' ? 'taken by the running service' : 'the service was not running'})`,
  )
  return 0
}

function readBackupFile(file: string): Uint8Array {
  try {
    return readFileSync(file)
  } catch (error) {
    throw new AppError(400, 'invalid_input', `Could not read ${file}: ${(error as Error).message}`)
  }
}

try {
  process.exitCode = await run(process.argv.slice(2))
} catch (error) {
  if (
    error instanceof AppError ||
    error instanceof ConfigError ||
    error instanceof DataDirLockedError ||
    error instanceof RestoreRefusedError
  ) {
    console.error(error.message)
    process.exitCode = error instanceof AppError && error.status === 404 ? 3 : 2
  } else if (
    error instanceof TypeError &&
    'code' in error &&
    String(error.code).startsWith('ERR_PARSE_ARGS')
  ) {
    console.error(`${error.message}\n\n${usage}`)
    process.exitCode = 2
  } else {
    throw error
  }
}
