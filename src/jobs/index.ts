import type { Kysely } from 'kysely'
import type { Logger } from 'pino'
import type { Clock } from '../clock.js'
import type { Config } from '../config.js'
import { type JobObserver, jobRunner } from '../db/jobs/runner.js'
import type { DB } from '../db/schema.js'
import type { CalendarService } from '../services/calendar.js'
import {
  RETENTION_JOB,
  retentionJob,
  retentionScheduler,
  retentionService,
} from '../services/dataProtection/retention.js'
import type { InboxService } from '../services/inbox/inbox.js'
import { INBOX_POLL_JOB, inboxPollJob, inboxPollScheduler } from '../services/inbox/poll.js'
import { SEND_MAIL_JOB } from '../services/mail/letterDelivery.js'
import { sendMailJob } from '../services/mail/sendMail.js'
import { type MailTransport, smtpTransport } from '../services/mail/transport.js'
import {
  DAILY_PROMPTS_JOB,
  dailyPromptsJob,
  dailyPromptsScheduler,
} from '../services/prompts/dailyPrompts.js'
import {
  RESIDENT_HOUSEKEEPING_JOB,
  residentHousekeepingJob,
  residentHousekeepingScheduler,
} from '../services/residents/housekeeping.js'
import {
  DELIVER_WEBHOOK_JOB,
  deliverWebhookJob,
  WEBHOOK_HOUSEKEEPING_JOB,
  webhookHousekeepingJob,
  webhookHousekeepingScheduler,
  webhookRetryDelays,
  webhookSchedulers,
} from '../services/webhooks/delivery.js'

/** Every kind of background job and schedule, wired to the mail transport the configuration names. */
export function createJobs(deps: {
  db: Kysely<DB>
  clock: Clock
  config: Pick<
    Config,
    | 'mail'
    | 'landlordName'
    | 'jobsPollSeconds'
    | 'publicUrl'
    | 'dailyPromptTime'
    | 'housekeepingTime'
    | 'retention'
    | 'webhooks'
  > &
    Partial<Pick<Config, 'imap'>>
  calendar: CalendarService
  logger?: Pick<Logger, 'info' | 'warn' | 'error'>
  /** Only for tests that need a transport other than the one SMTP_URL names. */
  transport?: MailTransport
  onRun?: JobObserver
  /** Email in: polled when a mailbox is set up (IMAP_HOST). */
  inbox?: InboxService
}) {
  const { db, clock, config } = deps
  const inbox =
    config.imap && deps.inbox?.enabled
      ? { service: deps.inbox, pollSeconds: config.imap.pollSeconds }
      : undefined
  const transport = deps.transport ?? (config.mail.smtpUrl ? smtpTransport(config.mail.smtpUrl) : undefined)
  const mail = {
    mode: config.mail.smtpUrl ? 'smtp' : 'outbox',
    maxAttempts: config.mail.maxAttempts,
  } as const
  return jobRunner({
    db,
    clock,
    logger: deps.logger,
    pollSeconds: config.jobsPollSeconds,
    onRun: deps.onRun,
    schedulers: [
      dailyPromptsScheduler({ db, calendar: deps.calendar, time: config.dailyPromptTime }),
      residentHousekeepingScheduler({ db, time: config.housekeepingTime }),
      retentionScheduler({ db, time: config.housekeepingTime }),
      ...(inbox ? [inboxPollScheduler({ db, pollSeconds: inbox.pollSeconds })] : []),
      ...webhookSchedulers({ db }),
      webhookHousekeepingScheduler({ db, time: config.housekeepingTime }),
    ],
    retryDelays: webhookRetryDelays,
    handlers: {
      ...(inbox ? { [INBOX_POLL_JOB]: inboxPollJob({ db, inbox: inbox.service }) } : {}),
      [RESIDENT_HOUSEKEEPING_JOB]: residentHousekeepingJob({ db, clock }),
      [DELIVER_WEBHOOK_JOB]: deliverWebhookJob({ db, clock }),
      [WEBHOOK_HOUSEKEEPING_JOB]: webhookHousekeepingJob({
        db,
        clock,
        retentionDays: config.webhooks.retentionDays,
        ...(deps.logger ? { logger: deps.logger } : {}),
      }),
      [RETENTION_JOB]: retentionJob(
        retentionService({
          db,
          clock,
          policy: config.retention,
          ...(deps.logger ? { logger: deps.logger } : {}),
        }),
      ),
      [DAILY_PROMPTS_JOB]: dailyPromptsJob({
        db,
        clock,
        calendar: deps.calendar,
        mail,
        publicUrl: config.publicUrl,
      }),
      ...(transport
        ? {
            [SEND_MAIL_JOB]: sendMailJob({
              db,
              clock,
              transport,
              from: config.mail.from,
              landlordName: config.landlordName,
            }),
          }
        : {}),
    },
  })
}
