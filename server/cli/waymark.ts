/**
 * The `waymark` command for psychometricians: JSON in (a file or - for stdin), JSON out on
 * stdout. Exit codes: 0 success, 2 bad input or usage (message on stderr), 1 unexpected failure.
 */
import type { Readable, Writable } from 'node:stream';
import { runCalibrate } from './calibrateCommand';
import { runCalibrationRunCommand } from '../calibrationRuns/calibrationRunCommand';
import { InputError, readJsonInput } from './commandInput';
import { runEstimate } from './estimateCommand';
import { runQtiCommand } from './qtiCommand';
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
  qti        import or export QTI 3.0 items (waymark qti --help)
  calibration-run  a stored fixed-anchor calibration or drift run of a module on the database (waymark calibration-run --help)

FILE is a JSON document; - reads it from standard input. See docs/waymark-command.md.
`;

type Command = (input: unknown) => unknown;

function commandFor(name: string): Command | undefined {
  if (name === 'estimate') return runEstimate;
  if (name === 'simulate') return runSimulate;
  if (name === 'calibrate') return runCalibrate;
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
  if (name === 'qti') return runQtiCommand(argv.slice(1), io);
  if (name === 'calibration-run') return runCalibrationRunCommand(argv.slice(1), io);
  const command = commandFor(name);
  if (command === undefined) {
    io.stderr.write(`waymark: unknown command ${JSON.stringify(name)}\n\n${USAGE}`);
    return 2;
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
    io.stderr.write(`waymark ${name}: internal error: ${(error as Error).stack ?? String(error)}\n`);
    return 1;
  }
}
