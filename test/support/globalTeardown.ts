/** jest globalTeardown: stops the run's FerretDB and deletes its temporary directory. */
import { stopTestDatabase } from './globalSetup';

export default async function globalTeardown(): Promise<void> {
  await stopTestDatabase();
}
