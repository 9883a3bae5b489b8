/**
 * Structured logs. Phone numbers, transcripts and secrets are logged only under keys the
 * production logger redacts: log `{ phone }`, `{ transcript }` or `{ text }`, never inside a message.
 */
import type { FastifyServerOptions } from 'fastify';
import type { Config } from './config.js';

/** Keys whose values never reach the log in clear when redaction is on. */
export const REDACTED_KEYS: readonly string[] = ['phone', 'phones', 'transcript', 'text', 'password', 'newPassword', 'token', 'secretKey', 'apiKey', 'appKey', 'sipPassword'];

export function loggerOptions(config: Config): FastifyServerOptions['logger'] {
  if (config.logLevel === 'silent') return false;
  const paths = [
    'req.headers.authorization',
    'req.headers.cookie',
    'res.headers["set-cookie"]',
    ...(config.logRedact ? REDACTED_KEYS.flatMap((k) => [k, `*.${k}`]) : ['password', '*.password', 'token', '*.token', 'secretKey', '*.secretKey', 'apiKey', '*.apiKey']),
  ];
  return {
    level: config.logLevel,
    redact: { paths, censor: '[redacted]' },
    // Query strings carry searches by phone number (?phone=138…): request logs keep the path only.
    serializers: config.logRedact ? { req: requestSummary } : {},
  };
}

interface LoggedRequest {
  method?: string;
  url?: string;
  ip?: string;
}

/** A request as logged: method, path (query string hidden) and client address, never headers. */
export function requestSummary(req: LoggedRequest): Record<string, string | undefined> {
  const url = req.url ?? '';
  const at = url.indexOf('?');
  return { method: req.method, url: at < 0 ? url : `${url.slice(0, at)}?[redacted]`, remoteAddress: req.ip };
}
