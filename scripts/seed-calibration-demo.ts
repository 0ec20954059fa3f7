/**
 * `npm run seed:calibration-demo`: fills the demo database with simulated sittings so the
 * standards manager's calibration screens have data. 1,000 simulated pupils (a separate
 * "calibration demo" school; one in three marked disadvantaged for DIF) answer 12 of a module's
 * live items each and, three times in four, each of three pretest items, from known generating
 * parameters (server/calibrationRuns/simulatedSittings.ts), written as real session and
 * response documents. Then open /standards.html as standards@demo.waymark.test and start a
 * calibration run with at least 200 responses per pretest item.
 *
 *   npm run seed:calibration-demo [-- --module fdp-1 --pupils 1000 --seed 1]
 *
 * Uses MONGODB_URI, or starts the embedded FerretDB on DATA_DIR like the server (stop the
 * server first: one FerretDB per data directory).
 */
import path from 'node:path';
import { seedSimulatedSittings } from '../server/calibrationRuns/simulatedSittings';
import { loadItemBankIfEmpty } from '../server/content/loadItemBank';
import { createLogger } from '../server/log';
import { connectDatabase, disconnectDatabase, embeddedFerretDbPoolSize } from '../server/db/connection';
import { repositoryRoot, startFerretDb, type RunningFerretDb } from '../server/db/ferretdb';
import { ensureIndexes } from '../server/db/models';

function option(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 && process.argv[at + 1] !== undefined ? process.argv[at + 1] : fallback;
}

async function main(): Promise<void> {
  const moduleId = option('module', 'fdp-1');
  const pupils = Number(option('pupils', '1000'));
  const seed = Number(option('seed', '20261123'));
  if (!Number.isInteger(pupils) || pupils < 1 || pupils > 100000) throw new Error('--pupils must be a whole number from 1 to 100000');
  let ferretDb: RunningFerretDb | null = null;
  let uri = process.env.MONGODB_URI;
  if (!uri) {
    ferretDb = await startFerretDb({ dataDir: path.join(process.env.DATA_DIR ?? 'data', 'ferretdb') });
    uri = ferretDb.uri;
  }
  await connectDatabase(uri, { maxPoolSize: ferretDb ? embeddedFerretDbPoolSize : undefined });
  try {
    // A database the server has never started on gets the item bank first, as the server would.
    await ensureIndexes();
    await loadItemBankIfEmpty(path.join(repositoryRoot(), 'item-bank'), createLogger({ logLevel: 'warn' }));
    const written = await seedSimulatedSittings({
      moduleId, pupils, itemsPerPupil: 12, pretestShare: 0.75, seed, answeredAt: new Date(), schoolCode: `SIM${seed}`.slice(0, 12),
    });
    process.stdout.write(`Simulated ${written.sittings} sittings of ${moduleId} (${written.responses} responses, ${written.pupils} pupils).\n`
      + 'Open /standards.html as standards@demo.waymark.test (password waymark-demo) and start a calibration run.\n');
  } finally {
    await disconnectDatabase();
    await ferretDb?.stop();
  }
}

main().catch((error) => {
  process.stderr.write(`seed-calibration-demo: ${(error as Error).message}\n`);
  process.exit(1);
});
