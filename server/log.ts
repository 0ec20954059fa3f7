/**
 * Structured logs: one JSON object per line on stdout (pino), so a log shipper can index them
 * and tests can parse them. Secrets that might reach a log line by accident (PINs, passwords,
 * cookies, session tokens, connection strings) are redacted by path.
 */
import pino from 'pino';
import type { Config } from './config';

export type Logger = pino.Logger;

const redactedPaths = [
  'pin',
  'password',
  'sessionSecret',
  'mongodbUri',
  'token',
  'samplingKey',
  '*.pin',
  '*.password',
  '*.sessionSecret',
  '*.mongodbUri',
  '*.token',
  '*.samplingKey',
  'req.headers.cookie',
  'req.headers.authorization',
  'res.headers["set-cookie"]',
];

export function createLogger(config: Pick<Config, 'logLevel'>, destination?: pino.DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    name: 'waymark',
    level: config.logLevel,
    base: { pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: redactedPaths, censor: '[redacted]' },
  };
  return destination === undefined ? pino(options) : pino(options, destination);
}
