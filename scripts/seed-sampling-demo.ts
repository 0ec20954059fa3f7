/**
 * `npm run seed:sampling-demo`: the national sampling demo (server/samplingService/samplingDemo.ts).
 * A synthetic frame of 120 schools in four strata; "National sample 2025", drawn, sat (simulated)
 * and closed with its national estimates published; "National sample 2026", open for two weeks
 * with trend blocks carried from 2025, most sampled pupils' sittings simulated, and the demo
 * school DEMO01 sampled with certainty so its pupils can sit for real. Then open
 * /sampling-admin.html as sampling@demo.waymark.test (password waymark-demo); the teacher
 * teacher@demo.waymark.test lists the codes to hand out at /sampling.html.
 *
 * Uses MONGODB_URI, or starts the embedded FerretDB on DATA_DIR like the server (stop the server
 * first: one FerretDB per data directory). The demo school and content are created if missing.
 */
import path from 'node:path';
import { loadItemBankIfEmpty } from '../server/content/loadItemBank';
import { connectDatabase, disconnectDatabase, embeddedFerretDbPoolSize } from '../server/db/connection';
import { repositoryRoot, startFerretDb, type RunningFerretDb } from '../server/db/ferretdb';
import { ensureIndexes, Teacher } from '../server/db/models';
import { createLogger } from '../server/log';
import { seedDemoSchool } from '../server/seed/demoSchool';
import { SamplingCycles } from '../server/samplingService/samplingCycles';
import { seedSamplingDemo } from '../server/samplingService/samplingDemo';
import { resolveSamplingKey } from '../server/samplingService/samplingKey';

async function main(): Promise<void> {
  const dataDir = path.resolve(process.env.DATA_DIR ?? 'data');
  let ferretDb: RunningFerretDb | null = null;
  let uri = process.env.MONGODB_URI;
  if (!uri) {
    ferretDb = await startFerretDb({ dataDir: path.join(dataDir, 'ferretdb') });
    uri = ferretDb.uri;
  }
  await connectDatabase(uri, { maxPoolSize: ferretDb ? embeddedFerretDbPoolSize : undefined });
  try {
    process.stdout.write('Preparing the database…\n');
    await ensureIndexes();
    await loadItemBankIfEmpty(path.join(repositoryRoot(), 'item-bank'), createLogger({ logLevel: 'warn' }));
    await seedDemoSchool();
    const admin = await Teacher.findOne({ email: 'sampling@demo.waymark.test' }, { _id: 1 }).lean();
    const cycles = new SamplingCycles(resolveSamplingKey(process.env.SAMPLING_KEY, dataDir));
    const result = await seedSamplingDemo(cycles, String(admin?._id ?? 'seed'), {
      schoolsPerStratum: 30, schools: 24, pupilsPerSchool: 20, progress: (step) => process.stdout.write(`${step}…\n`),
    });
    process.stdout.write(`National sample 2025: closed, ${result.simulatedPast} simulated sittings, estimates published.\n`
      + `National sample 2026: open for two weeks, ${result.simulatedOpen} simulated sittings; DEMO01's pupils are sampled.\n`
      + 'Open /sampling-admin.html as sampling@demo.waymark.test (password waymark-demo); teacher@demo.waymark.test lists the codes at /sampling.html.\n');
  } finally {
    await disconnectDatabase();
    await ferretDb?.stop();
  }
}

main().catch((error) => {
  process.stderr.write(`seed-sampling-demo: ${(error as Error).message}\n`);
  process.exit(1);
});
