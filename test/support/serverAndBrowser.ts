/**
 * The setup every browser test file shares: the real server (a child process, demo seed) on the
 * file's own test database, and one headless Chromium, started before the file's tests and closed
 * after them. A file opens its own pages in a later beforeAll (jest runs them in order).
 *
 *   const running = useServerAndBrowser();
 *   beforeAll(async () => { page = await running.browser.newPage(); });
 *   await page.goto(`${running.server.url}/`);
 */
import { launchBrowser, type TestBrowser } from './browser';
import { useTestDatabase } from './database';
import { startServerProcess, type ServerProcess } from './serverProcess';

export interface ServerAndBrowser {
  readonly server: ServerProcess;
  readonly browser: TestBrowser;
}

export function useServerAndBrowser(): ServerAndBrowser {
  const database = useTestDatabase();
  const running: { server?: ServerProcess; browser?: TestBrowser } = {};
  beforeAll(async () => {
    running.server = await startServerProcess({ databaseName: database.name });
    running.browser = await launchBrowser();
  });
  afterAll(async () => {
    await running.browser?.close();
    await running.server?.stop();
  });
  return {
    get server() { return running.server!; },
    get browser() { return running.browser!; },
  };
}
