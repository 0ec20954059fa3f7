/**
 * The `waymark` command for psychometricians: JSON in (a file or - for stdin), JSON out on
 * stdout. Exit codes: 0 success, 2 bad input or usage (message on stderr), 1 unexpected failure.
 * `calibrate` is provided by the calibration module (server/irt/calibration) when it is built.
 */
import type { Readable, Writable } from 'node:stream';
import { InputError, readJsonInput } from './commandInput';
import { runEstimate } from './estimateCommand';
import { runSimulate } from './simulateCommand';

export interface CommandIo {
  stdin: Readable;
  stdout: Writable;
  stderr: Writable;
}

const USAGE = `usage: waymark <command> FILE|-

commands:
  estimate   θ and SE from a response pattern (EAP, MAP, MLE or WLE)
  simulate   simulate an adaptive test configuration over many examinees
  calibrate  estimate item parameters from response data (marginal maximum likelihood)

FILE is a JSON document; - reads it from standard input. See docs/waymark-command.md.
`;

type Command = (input: unknown) => unknown;

/** The calibration entry point, when the calibration module is present in this build. */
function calibrationCommand(): Command | null {
  // Resolved at run time so the command builds and runs before calibration lands.
  const modulePath = '../irt/calibration';
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const calibration = require(modulePath) as { calibrate?: Command };
    return typeof calibration.calibrate === 'function' ? calibration.calibrate : null;
  } catch (error) {
    // Only the calibration module itself missing means "not in this build"; a missing module
    // inside it is a real failure and is rethrown.
    const missing = (error as { code?: string }).code === 'MODULE_NOT_FOUND' && /irt[\\/]calibration['"]/.test((error as Error).message);
    if (missing) return null;
    throw error;
  }
}

function commandFor(name: string): Command | null | undefined {
  if (name === 'estimate') return runEstimate;
  if (name === 'simulate') return runSimulate;
  if (name === 'calibrate') return calibrationCommand();
  return undefined;
}

function describeError(command: string, error: InputError): string {
  const lines = [`waymark ${command}: ${error.message}`];
  for (const detail of error.details) lines.push(`  ${detail.path || '/'}: ${detail.message}`);
  return `${lines.join('\n')}\n`;
}

export async function main(argv: string[], io: CommandIo = { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  const [name, source, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    (name === undefined ? io.stderr : io.stdout).write(USAGE);
    return name === undefined ? 2 : 0;
  }
  const command = commandFor(name);
  if (command === undefined) {
    io.stderr.write(`waymark: unknown command ${JSON.stringify(name)}\n\n${USAGE}`);
    return 2;
  }
  if (command === null) {
    io.stderr.write(`waymark ${name}: not available in this build (the calibration module is not installed yet)\n`);
    return 1;
  }
  if (rest.length > 0) {
    io.stderr.write(`waymark ${name}: unexpected arguments ${rest.join(' ')}\n\n${USAGE}`);
    return 2;
  }
  try {
    const input = await readJsonInput(source, io.stdin);
    const output = command(input);
    io.stdout.write(`${JSON.stringify(output, null, 2)}\n`);
    return 0;
  } catch (error) {
    if (error instanceof InputError) {
      io.stderr.write(describeError(name, error));
      return 2;
    }
    // Errors the calibration module raises for bad data carry a name ending in "Error" and details.
    const details = (error as { details?: unknown }).details;
    if (Array.isArray(details)) {
      io.stderr.write(describeError(name, new InputError((error as Error).message, details as InputError['details'])));
      return 2;
    }
    io.stderr.write(`waymark ${name}: internal error: ${(error as Error).stack ?? String(error)}\n`);
    return 1;
  }
}
