/**
 * Runs analyseRun in a worker thread (calibrationWorker.ts). From TypeScript sources (tsx, jest)
 * the worker loads through tsx's CommonJS hook; from the compiled build it is plain JavaScript.
 */
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { RunInput, RunOutcome } from './calibrationAnalysis';

export function analyseInWorker(input: RunInput): Promise<RunOutcome> {
  const fromSource = __filename.endsWith('.ts');
  const entry = path.join(__dirname, `calibrationWorker.${fromSource ? 'ts' : 'js'}`);
  return new Promise((resolve, reject) => {
    const worker = new Worker(entry, {
      workerData: input,
      execArgv: fromSource ? ['--require', require.resolve('tsx/cjs')] : [],
    });
    let settled = false;
    worker.once('message', (message: { ok: true; outcome: RunOutcome } | { ok: false; message: string }) => {
      settled = true;
      if (message.ok) resolve(message.outcome);
      else reject(new Error(message.message));
    });
    worker.once('error', (error) => {
      settled = true;
      reject(error);
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`the calibration worker stopped (exit code ${code}) before finishing`));
    });
  });
}
