/**
 * The one way responses are inserted: validated by the mongoose schema (server/db/models/
 * response.ts), then written unordered in one command on the response-write connection
 * (server/db/connection.ts), each document's failure reported by its index for GroupCommit.
 */
import { Response } from '../db/models';
import { responseWriteConnection } from '../db/connection';
import type { ResponseDocument } from '../db/models/response';

export type ResponseInput = ResponseDocument & { _id: string };

interface DriverWriteError {
  index: number;
  code?: number;
  errmsg?: string;
  err?: { code?: number; errmsg?: string };
}

export async function insertResponses(documents: ResponseInput[]): Promise<Map<number, unknown>> {
  const failures = new Map<number, unknown>();
  const valid: { index: number; raw: Record<string, unknown> }[] = [];
  documents.forEach((document, index) => {
    const hydrated = new Response(document);
    const invalid = hydrated.validateSync();
    if (invalid) failures.set(index, invalid);
    else valid.push({ index, raw: hydrated.toObject({ depopulate: true }) });
  });
  if (valid.length === 0) return failures;
  try {
    await responseWriteConnection().collection(Response.collection.collectionName).insertMany(valid.map((entry) => entry.raw), { ordered: false });
  } catch (error) {
    // A bulk write error names the documents it did not write; anything else leaves them unknown.
    const writeErrors = (error as { writeErrors?: DriverWriteError | DriverWriteError[] }).writeErrors;
    if (writeErrors === undefined) throw error;
    for (const writeError of Array.isArray(writeErrors) ? writeErrors : [writeErrors]) {
      const entry = valid[writeError.index];
      if (!entry) throw error;
      const code = writeError.code ?? writeError.err?.code;
      const message = writeError.errmsg ?? writeError.err?.errmsg ?? 'write failed';
      failures.set(entry.index, Object.assign(new Error(message), { code }));
    }
  }
  return failures;
}
