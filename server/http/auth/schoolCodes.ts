import { School } from '../../db/models';

export interface SchoolForLogin {
  _id: import('mongoose').Types.ObjectId;
  pinSalt: string;
}

const TTL_MS = 60_000;
const LIMIT = 10_000;

/**
 * School code → the school's id and PIN salt, remembered for a minute: every PIN login needs
 * them, and on FerretDB 1.x finding a school by code scans the collection. Codes and salts do
 * not change once issued. Unknown codes are not remembered (so a new school works at once);
 * guessing codes is held back by the login rate limit.
 */
export class SchoolCodes {
  private readonly known = new Map<string, { at: number; school: SchoolForLogin }>();

  async byCode(code: string, nowMs: number): Promise<SchoolForLogin | null> {
    const cached = this.known.get(code);
    if (cached && nowMs - cached.at < TTL_MS) return cached.school;
    const school = await School.findOne({ code }, { pinSalt: 1 }).lean();
    if (!school) return null;
    if (this.known.size >= LIMIT) this.known.clear();
    const entry = { _id: school._id, pinSalt: school.pinSalt };
    this.known.set(code, { at: nowMs, school: entry });
    return entry;
  }
}
