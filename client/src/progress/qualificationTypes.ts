/** The qualification API's response bodies as the browser reads them (docs/credits-and-qualifications.md "Routes"). */
export interface QualificationSummary {
  id: string;
  version: number;
  title: string;
  description: string | null;
  minTotalCredits: number | null;
  mandatory: string[];
  optionalGroups: { id: string; title?: string; modules: string[]; min: number; max?: number }[];
  modules: { moduleId: string; title: string; credits: number; level: number; passGrade: string }[];
}

export interface Certification {
  certifiedAt: string;
  certifiedBy: string;
}

export interface AwardSummary {
  awardId: string;
  number: number;
  grade: string;
  issuedAt: string;
  totalCredits: number;
  current: boolean;
  certification: Certification | null;
}

export interface ModuleProgress {
  moduleId: string;
  title: string;
  credits: number;
  level: number;
  status: 'banked' | 'attempted' | 'not-attempted';
  attempts: number;
  attemptsRemaining: number | null;
  nextAttemptFrom: string | null;
  banked: { grade: string; satAt: string } | null;
  bankedUntil: string | null;
  place: string;
}

export interface Progress {
  qualification: QualificationSummary;
  pupil: { id: string; name: string };
  balance: number;
  requiredCredits: number | null;
  met: boolean;
  counted: string[];
  shortfalls: { code: string; message: string }[];
  modules: ModuleProgress[];
  awards: AwardSummary[];
}

export interface TranscriptData {
  qualification: QualificationSummary;
  pupil: { id: string; name: string };
  creditBalance: number;
  modules: {
    moduleId: string;
    title: string;
    creditsBanked: number;
    results: { resultId: string; satAt: string; grade: string; passed: boolean; banked: boolean; countedIn: string[] }[];
  }[];
  awards: (AwardSummary & { supersededBy: string | null; counted: { moduleId: string; title: string; grade: string; uniformMark: number }[] })[];
}

export interface PupilResult {
  sessionId: string;
  moduleId: string;
  title: string;
  finishedAt: string | null;
  grade: string;
  scaleScore: number;
  criteria: { id: string; statement: string; shown: boolean }[];
}

export interface ClassResults {
  classId: string;
  className: string;
  qualification: QualificationSummary | null;
  modules: {
    moduleId: string;
    title: string;
    sat: number;
    passed: number | null;
    grades: Record<string, number>;
    criteria: { id: string; statement: string; shown: number; notYet: number; notYetShare: number }[];
  }[];
  pupils: { pupilId: string; name: string; balance?: number; met?: boolean; banked?: number; shortfalls?: string[] }[];
}

export interface SchoolAward {
  awardId: string;
  pupilId: string;
  pupilName?: string;
  qualificationId: string;
  grade: string;
  issuedAt: string;
  totalCredits: number;
  current: boolean;
  certification: Certification | null;
}
