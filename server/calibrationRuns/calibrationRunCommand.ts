/**
 * `waymark calibration-run --module ID [--min-responses N] [--kind calibration|drift]
 * [--from DATE] [--to DATE] [--grouping KEY] [--items ID,ID]`: the standards manager's
 * calibration run from a terminal, against the database in MONGODB_URI. The run is stored like
 * one started on the screen (so its items can be accepted there) and printed as a table.
 */
import type { CommandIo } from '../cli/waymark';
import { connectDatabase, disconnectDatabase } from '../db/connection';
import { CalibrationRun, type CalibrationRunRecord } from '../db/models/calibrationRun';
import { ApiError } from '../http/apiError';
import { latestModule } from '../standards/publishedModules';
import type { RunOutcome } from './calibrationAnalysis';
import { CalibrationRuns, type StartRunBody } from './calibrationRunService';
import { DEFAULT_MIN_GROUP_SIZE, DEFAULT_MIN_RESPONSES } from './runData';

const USAGE = `usage: waymark calibration-run --module ID [--min-responses N] [--kind calibration|drift]
                                [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--grouping KEY] [--items ID,ID,…]

Runs a fixed-anchor calibration (or a drift check) of a module's items on the responses in the
database named by MONGODB_URI, stores it for the standards manager's screen and prints the table.
Pretest items need --min-responses responses (default ${DEFAULT_MIN_RESPONSES}).
`;

function parse(argv: readonly string[]): StartRunBody | string {
  const body: StartRunBody = { moduleId: '' };
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (value === undefined) return `${flag} needs a value`;
    if (flag === '--module') body.moduleId = value;
    else if (flag === '--min-responses') {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 1) return '--min-responses must be a whole number ≥ 1';
      body.minResponses = n;
    } else if (flag === '--kind') {
      if (value !== 'calibration' && value !== 'drift') return '--kind must be calibration or drift';
      body.kind = value;
    } else if (flag === '--from') body.from = value;
    else if (flag === '--to') body.to = value;
    else if (flag === '--grouping') body.grouping = value;
    else if (flag === '--items') body.itemIds = value.split(',').filter(Boolean);
    else return `unknown option ${flag}`;
  }
  return body.moduleId ? body : '--module is required';
}

const fixed = (x: number | null | undefined, digits = 2): string => (x === null || x === undefined || !Number.isFinite(x) ? '—' : x.toFixed(digits));

/** The run as a plain-text table, one line per item. */
export function runTable(run: Pick<CalibrationRunRecord, 'kind' | 'moduleId' | 'excluded'> & { outcome: RunOutcome | null }): string {
  const lines: string[] = [];
  const outcome = run.outcome;
  if (!outcome) return 'no outcome\n';
  lines.push(`${run.kind} run of ${run.moduleId}: ${outcome.persons} sittings, ${outcome.converged ? 'converged' : 'NOT converged'} in ${outcome.iterations} EM iterations; ${outcome.groups.message}`);
  if (outcome.ability) lines.push(`sample ability on the bank's scale: mean ${fixed(outcome.ability.mean)}, SD ${fixed(outcome.ability.sd)}`);
  const header = ['item', 'ver', 'role', 'n', 'prov a', 'prov b', 'a', 'SE a', 'b', 'SE b', 'infit', 'outfit', 'DIF', run.kind === 'drift' ? 'drift' : 'note'];
  const anchors = outcome.items.filter((i) => i.role === 'anchor').length;
  lines.push(`${anchors} item versions held at their published parameters as anchors; the items estimated:`);
  const rows = outcome.items.filter((i) => i.role === 'free').map((i) => [
    i.itemId, String(i.version), i.role, String(i.responses), fixed(i.provisional.a), fixed(i.provisional.b),
    fixed(i.estimate?.a), fixed(i.se?.a ?? null), fixed(i.estimate?.b), fixed(i.se?.b ?? null),
    fixed(i.fit?.infit), fixed(i.fit?.outfit), i.dif?.classification ?? '—',
    run.kind === 'drift' ? (i.drift ? (i.drift.drifted ? 'DRIFTED' : 'stable') : '—') : (i.problem ?? ''),
  ]);
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const format = (r: string[]) => r.map((cell, c) => cell.padEnd(widths[c])).join('  ').trimEnd();
  lines.push(format(header), format(widths.map((w) => '-'.repeat(w))), ...rows.map(format));
  for (const e of run.excluded) lines.push(`left out: ${e.itemId} v${e.version} (${e.responses} responses): ${e.reason}`);
  return `${lines.join('\n')}\n`;
}

export async function runCalibrationRunCommand(argv: readonly string[], io: CommandIo, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.stdout.write(USAGE);
    return 0;
  }
  const body = parse(argv);
  if (typeof body === 'string') {
    io.stderr.write(`waymark calibration-run: ${body}\n\n${USAGE}`);
    return 2;
  }
  const uri = env.MONGODB_URI;
  if (!uri) {
    io.stderr.write('waymark calibration-run: set MONGODB_URI to the database the server uses, e.g.\n'
      + '  MONGODB_URI=mongodb://localhost:27017/waymark npx waymark calibration-run --module fdp-1\n'
      + '(the server\'s embedded FerretDB listens on a port chosen at start; for this command run the server\n'
      + ' with MONGODB_URI set to a MongoDB or a FerretDB you start yourself: README, "Using a real MongoDB").\n');
    return 2;
  }
  await connectDatabase(uri);
  try {
    const module = await latestModule(body.moduleId);
    const runs = new CalibrationRuns();
    const principal = { userId: 'command-line', role: 'teacher' as const, schoolId: '', name: 'waymark calibration-run', staffRoles: ['standards-manager' as const] };
    const started = await runs.start(principal, body, new Date());
    await runs.idle();
    const run = await CalibrationRun.findById(started._id).lean<CalibrationRunRecord>();
    if (!run || run.status !== 'finished') {
      io.stderr.write(`waymark calibration-run: the run failed: ${run?.error ?? 'unknown error'}\n`);
      return 1;
    }
    io.stdout.write(`run ${String(run._id)} of module ${module.moduleId} v${module.version} (minimum ${body.minResponses ?? DEFAULT_MIN_RESPONSES} responses for pretest items, DIF groups of ≥ ${DEFAULT_MIN_GROUP_SIZE})\n`);
    io.stdout.write(runTable(run));
    return 0;
  } catch (error) {
    if (error instanceof ApiError) {
      io.stderr.write(`waymark calibration-run: ${error.message}\n${error.details.map((d) => `  ${d.path}: ${d.message}\n`).join('')}`);
      return 2;
    }
    throw error;
  } finally {
    await disconnectDatabase();
  }
}
