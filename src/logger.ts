import { pino } from 'pino'

/**
 * JSON logs. Nothing personal goes in a log line: requests are logged by method, path (no
 * query string) and id; cookies, tokens and bodies never.
 */
export function createLogger(level: string) {
  return pino({
    level,
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', '*.password', '*.token'],
      remove: true,
    },
    serializers: {
      req: (req: { method: string; url: string; id: string }) => ({
        id: req.id,
        method: req.method,
        path: req.url.split('?')[0],
      }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      err: pino.stdSerializers.err,
    },
  })
}

export type Logger = ReturnType<typeof createLogger>
