/**
 * Worker-thread entry: runs the pure analysis off the main thread, so a long EM never delays
 * pupils' answers on the server's event loop. Receives a RunInput as workerData, posts
 * `{ ok: true, outcome }` or `{ ok: false, message }`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { analyseRun, type RunInput } from './calibrationAnalysis';

try {
  parentPort!.postMessage({ ok: true, outcome: analyseRun(workerData as RunInput) });
} catch (error) {
  parentPort!.postMessage({ ok: false, message: (error as Error).message });
}
