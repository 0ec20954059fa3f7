/**
 * Publishing a new version of a subject's criteria (the standards manager's "publish
 * criteria"): all or nothing. The subject is checked against item-bank/schemas/subject.schema.json
 * and by checkSubject (codes spell out strand and grade, no repeats); it must be the next version;
 * and every criterion that a module of the subject is published against must still be published
 * at the same grade, because cut scores are set from those grades (a criterion is withdrawn by
 * first publishing the modules without it). Published versions never change.
 */
import type { SubjectDefinition } from '../content/subjectDefinition';
import { checkSubject } from '../content/subjectCriteria';
import { SubjectVersion } from '../db/models';
import type { Principal } from '../http/auth/authSessions';
import { ApiError, validationFailed, type ErrorDetail } from '../http/apiError';
import { validateAgainstSchema } from '../schemas/schemaRegistry';
import { latestModules } from './publishedModules';
import { newestById } from '../content/newestVersions';

export interface PublishedSubject {
  subjectId: string;
  version: number;
  definition: SubjectDefinition;
}

export async function latestSubjects(): Promise<PublishedSubject[]> {
  const rows = await SubjectVersion.find({}).lean();
  return [...newestById(rows, (row) => row.subjectId).values()]
    .map((row) => ({ subjectId: row.subjectId, version: row.version, definition: row.definition as SubjectDefinition }))
    .sort((a, b) => a.subjectId.localeCompare(b.subjectId));
}

export async function latestSubject(subjectId: string): Promise<PublishedSubject> {
  const subject = (await latestSubjects()).find((s) => s.subjectId === subjectId);
  if (!subject) throw new ApiError('NOT_FOUND', `There is no subject "${subjectId}".`);
  return subject;
}

export async function publishSubjectVersion(
  _principal: Principal, subjectId: string, candidate: Record<string, unknown>,
): Promise<{ subjectId: string; version: number; criteria: number }> {
  const previous = await latestSubject(subjectId);
  const schemaProblems = validateAgainstSchema('subject', candidate);
  if (schemaProblems.length > 0) {
    throw validationFailed('The criteria are not valid.', schemaProblems.map((d) => ({ path: `/definition${d.path}`, message: d.message })));
  }
  const definition = candidate as unknown as SubjectDefinition;
  const details: ErrorDetail[] = checkSubject(definition).map((d) => ({ path: `/definition${d.path}`, message: d.message }));
  if (definition.id !== subjectId) details.push({ path: '/definition/id', message: `must be "${subjectId}", the subject being published` });
  if (definition.version !== previous.version + 1) {
    throw new ApiError('CONFLICT', `The next version of the ${previous.definition.title} criteria is ${previous.version + 1}.`, [
      { path: '/definition/version', message: `must be ${previous.version + 1} (version ${previous.version} is the newest)` },
    ]);
  }
  const published = new Map(definition.criteria.map((c) => [c.id, c]));
  for (const module of await latestModules()) {
    if (module.subject !== subjectId) continue;
    for (const criterion of module.definition.criteria) {
      const kept = published.get(criterion.id);
      if (!kept) {
        details.push({ path: '/definition/criteria', message: `criterion ${criterion.id} is used by module ${module.moduleId}: publish the module without it first` });
      } else if (criterion.grade !== undefined && kept.grade !== criterion.grade) {
        details.push({ path: `/definition/criteria/${definition.criteria.indexOf(kept)}/grade`, message: `criterion ${criterion.id} is grade ${criterion.grade} in module ${module.moduleId}, whose cut scores rest on it` });
      }
    }
  }
  if (details.length > 0) throw validationFailed('The criteria cannot be published.', details);
  try {
    await SubjectVersion.create({ subjectId, version: definition.version, definition });
  } catch (error) {
    if ((error as { code?: number }).code === 11000) throw new ApiError('CONFLICT', `Version ${definition.version} of the criteria was published just now.`);
    throw error;
  }
  return { subjectId, version: definition.version, criteria: definition.criteria.length };
}
