import { Assignment } from './assignment';
import { AssessmentModule } from './assessmentModule';
import { AssessmentSession } from './assessmentSession';
import { retireSingleAttemptIndex } from './assessmentSession';
import { AuthSession } from './authSession';
export { BankAudit } from './bankAudit';
import { ItemVersion } from './item';
import { LoginAttempt } from './loginAttempt';
import { Pupil } from './pupil';
import { PupilLogin, pupilLoginId } from './pupilLogin';
import { Response } from './response';
import { School } from './school';
import { SchoolClass } from './schoolClass';
import { Teacher } from './teacher';
import { SubjectVersion } from './subjectVersion';
import { SamplingAudit } from './samplingAudit';
import { SamplingCycle } from './samplingCycle';
import { SamplingExport } from './samplingExport';
import { SamplingLogin } from './samplingLogin';
import { SamplingParticipant } from './samplingParticipant';
import { SamplingResponse } from './samplingResponse';
import { SamplingSitting } from './samplingSitting';
import { CalibrationRun } from './calibrationRun';
import { CutScoreDecision } from './cutScoreDecision';
import { ItemAsset } from './itemAsset';

export {
  Assignment, AssessmentModule, AssessmentSession, AuthSession, ItemVersion, LoginAttempt, Pupil, PupilLogin,
  pupilLoginId, Response, School, SchoolClass, Teacher,
};

const allModels = [
  Assignment, AssessmentModule, AssessmentSession, AuthSession, ItemVersion, LoginAttempt, Pupil, PupilLogin,
  Response, School, SchoolClass, Teacher,
];
// Published subject criteria (item-bank/subjects), loaded with the item bank.
export { SubjectVersion };
(allModels as unknown[]).push(SubjectVersion);
// Standards: cut-score decisions and calibration runs.
export { CalibrationRun, CutScoreDecision };
(allModels as unknown[]).push(CalibrationRun, CutScoreDecision);
// National sampling (its own collections: the firewall of DESIGN.md rule 7).
export { SamplingAudit, SamplingCycle, SamplingExport, SamplingLogin, SamplingParticipant, SamplingResponse, SamplingSitting };
(allModels as unknown[]).push(SamplingAudit, SamplingCycle, SamplingExport, SamplingLogin, SamplingParticipant, SamplingResponse, SamplingSitting);
// Item pictures, keyed by the SHA-256 of their bytes (server/bank/itemAssets.ts).
export { ItemAsset };
(allModels as unknown[]).push(ItemAsset);

/**
 * Create every collection and index before the app serves: the unique indexes are what make
 * answers idempotent, so they must exist before the first write, not "eventually".
 */
export async function ensureIndexes(): Promise<void> {
  for (const m of allModels) {
    await m.createCollection().catch((error: { codeName?: string }) => {
      if (error.codeName !== 'NamespaceExists') throw error;
    });
    await m.createIndexes();
  }
  await retireSingleAttemptIndex();
}
