/**
 * jest globalSetup for the integration and e2e projects: ONE FerretDB for the whole run, on a
 * free port, with its SQLite files in a fresh temporary directory. Its URI is exported as
 * WAYMARK_TEST_MONGODB_URI, which the workers (spawned after this runs) inherit; each test file
 * then uses its own database on it (see database.ts). With MONGODB_URI set, the tests use that
 * server instead and no FerretDB is started.
 */
import fs from 'fs';
import os from 'os';
import path from 'path';
import { startFerretDb, type RunningFerretDb } from '../../server/db/ferretdb';
import { testDatabaseUriVariable } from './databaseUri';

interface HarnessState {
  ferretDb: RunningFerretDb | null;
  tempDir: string | null;
}

const stateKey = '__waymarkTestDatabase';

export default async function globalSetup(): Promise<void> {
  const state: HarnessState = { ferretDb: null, tempDir: null };
  (globalThis as Record<string, unknown>)[stateKey] = state;
  const external = process.env.MONGODB_URI;
  if (external !== undefined && external.trim() !== '') {
    process.env[testDatabaseUriVariable] = external.trim();
    return;
  }
  state.tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'waymark-test-ferretdb-'));
  state.ferretDb = await startFerretDb({ dataDir: state.tempDir });
  process.env[testDatabaseUriVariable] = state.ferretDb.uri;
}

export async function stopTestDatabase(): Promise<void> {
  const state = (globalThis as Record<string, unknown>)[stateKey] as HarnessState | undefined;
  if (state === undefined) return;
  await state.ferretDb?.stop();
  if (state.tempDir !== null) fs.rmSync(state.tempDir, { recursive: true, force: true });
  delete (globalThis as Record<string, unknown>)[stateKey];
}
