/** What the database holds for a sitting, as the browser tests check it: the answered sequence numbers in order. */
import { Response } from '../../server/db/models';

export async function sequencesStored(sessionId: string): Promise<number[]> {
  const responses = await Response.find({ sessionId }).sort({ sequence: 1 }).lean();
  return responses.map((response) => response.sequence);
}
