/**
 * The published qualifications: loaded from item-bank/qualifications on start and published by
 * a standards manager over the API. A version is checked whole before it is stored (schema,
 * then resolution against the published modules, then "can these rules ever be met"), and an
 * existing version is never overwritten.
 */
import fs from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type { Logger } from 'pino';
import type { ModuleDefinition } from '../content/moduleDefinition';
import { AssessmentModule } from '../db/models';
import { PublishedContentCache, markContentPublished } from '../content/publishedContentCache';
import { RuleValidationError } from '../grading/ruleValidationError';
import { ApiError, validationFailed } from '../http/apiError';
import { validateAgainstSchema } from '../schemas/schemaRegistry';
import { ModuleFacts, PublishedQualification, QualificationSource, resolveQualification } from './publishedQualification';
import { QualificationVersion, ensureQualificationIndexes, type QualificationVersionRecord } from './qualificationRecords';
import { newestById } from '../content/newestVersions';

function isDuplicateKey(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: number }).code === 11000;
}

/** `passGrade` is being added to modules (issue 4); older stored modules lack it. */
type ModuleWithPassGrade = ModuleDefinition & { passGrade?: string };

export function moduleFactsOf(definition: ModuleWithPassGrade): ModuleFacts {
  return {
    moduleId: definition.id,
    title: definition.title,
    grades: [definition.cutScores.belowLowest, ...definition.cutScores.boundaries.map((b) => b.grade)],
    cuts: definition.cutScores.boundaries.map((b) => b.theta),
    ...(definition.credit ? { credit: definition.credit } : {}),
    ...(definition.passGrade ? { passGrade: definition.passGrade } : {}),
  };
}

/** The current version of every published module. */
async function currentModuleFacts(): Promise<Map<string, ModuleFacts>> {
  const rows = await AssessmentModule.find({}, { moduleId: 1, version: 1, definition: 1 }).lean();
  return new Map([...newestById(rows, (row) => row.moduleId)].map(([id, row]) => [id, moduleFactsOf(row.definition as ModuleDefinition)]));
}

/** Schema check of a qualification file or request body; VALIDATION_FAILED naming each field. */
export function checkQualificationSource(value: unknown): QualificationSource {
  const details = validateAgainstSchema('qualification', value);
  if (details.length > 0) throw validationFailed('The qualification is not valid.', details);
  return value as QualificationSource;
}

/** A rule error from server/credits as the protocol's error (same code, same details). */
export function asApiError(error: unknown): unknown {
  if (error instanceof RuleValidationError || (error instanceof Error && (error as { code?: string }).code === 'CONFLICT' && 'details' in error)) {
    const rule = error as RuleValidationError;
    return new ApiError(rule.code === 'VALIDATION_FAILED' ? 'VALIDATION_FAILED' : 'CONFLICT', rule.message, [...rule.details]);
  }
  return error;
}

export class QualificationCatalogue {
  private readonly resolved = new Map<string, PublishedQualification>();
  private readonly newestVersions = new PublishedContentCache(async () => {
    const rows = await QualificationVersion.find({}, { qualificationId: 1, version: 1 }).lean();
    return new Map([...newestById(rows, (row) => row.qualificationId)].map(([id, row]) => [id, row.version]));
  });

  /** Check and resolve without storing. Throws ApiError VALIDATION_FAILED with every problem. */
  async check(value: unknown): Promise<PublishedQualification> {
    const source = checkQualificationSource(value);
    try {
      return resolveQualification(source, await currentModuleFacts());
    } catch (error) {
      throw asApiError(error);
    }
  }

  /** Store a new version. Publishing the same content again is a no-op; different content under an existing version is a conflict. */
  async publish(value: unknown, publishedBy: string, now: Date): Promise<{ created: boolean; qualification: PublishedQualification }> {
    const qualification = await this.check(value);
    const { source } = qualification;
    const _id = `${source.id}@${source.version}`;
    try {
      await QualificationVersion.create({ _id, qualificationId: source.id, version: source.version, source, publishedAt: now, publishedBy });
      await markContentPublished();
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      const existing = await QualificationVersion.findById(_id).lean<QualificationVersionRecord>();
      if (!existing || !isDeepStrictEqual(stripped(existing.source), stripped(source))) {
        throw new ApiError('CONFLICT', `Version ${source.version} of ${source.id} is already published with different rules; publish a new version.`,
          [{ path: '/version', message: 'is already published' }]);
      }
      return { created: false, qualification };
    }
    this.resolved.set(_id, qualification);
    return { created: true, qualification };
  }

  /**
   * The newest version of each qualification. Asked at every finish and every resit, so the
   * list of versions (a collection scan) is kept until content is published
   * (server/content/publishedContentCache.ts).
   */
  async list(): Promise<PublishedQualification[]> {
    const newest = await this.newestVersions.get('qualifications');
    const list = await Promise.all([...newest].map(([id, version]) => this.version(id, version)));
    return list.sort((x, y) => x.title.localeCompare(y.title));
  }

  /** The newest version of one qualification; NOT_FOUND when there is none. */
  async current(qualificationId: string): Promise<PublishedQualification> {
    const newest = (await this.newestVersions.get('qualifications')).get(qualificationId);
    if (newest === undefined) throw new ApiError('NOT_FOUND', `There is no qualification "${qualificationId}".`, [{ path: '/qualificationId', message: 'is not published' }]);
    return this.version(qualificationId, newest);
  }

  private async version(qualificationId: string, version: number): Promise<PublishedQualification> {
    const key = `${qualificationId}@${version}`;
    const cached = this.resolved.get(key);
    if (cached) return cached;
    const row = await QualificationVersion.findById(key).lean<QualificationVersionRecord>();
    if (!row) throw new ApiError('NOT_FOUND', `There is no qualification "${qualificationId}".`);
    const qualification = resolveQualification(stripped(row.source), await currentModuleFacts());
    this.resolved.set(key, qualification);
    return qualification;
  }

  /**
   * Load item-bank/qualifications/*.json: every file is checked before anything is written, and
   * nothing is written when any file fails (the error names the file and every problem).
   * Versions already stored are left alone.
   */
  async loadDirectory(directory: string, logger: Logger, now: Date): Promise<{ loaded: string[] }> {
    await ensureQualificationIndexes();
    if (!fs.existsSync(directory)) return { loaded: [] };
    const files = fs.readdirSync(directory).filter((f) => f.endsWith('.json')).sort();
    const checked: { file: string; source: QualificationSource }[] = [];
    const problems: string[] = [];
    for (const file of files) {
      try {
        const value: unknown = JSON.parse(fs.readFileSync(path.join(directory, file), 'utf8'));
        checked.push({ file, source: (await this.check(value)).source });
      } catch (error) {
        const details = error instanceof ApiError ? error.details.map((d) => `${d.path} ${d.message}`).join('; ') : '';
        problems.push(`${file}: ${(error as Error).message}${details ? ` ${details}` : ''}`);
      }
    }
    if (problems.length > 0) throw new Error(`Qualifications not loaded (nothing written): ${problems.join(' | ')}`);
    const loaded: string[] = [];
    for (const { source } of checked) {
      if ((await this.publish(source, 'item-bank', now)).created) loaded.push(`${source.id}@${source.version}`);
    }
    if (loaded.length > 0) logger.info({ loaded }, 'loaded qualifications');
    return { loaded };
  }
}

/** Mongoose may hand back an `_id`-less copy or one with extra keys; compare and resolve the content only. */
function stripped(source: QualificationSource): QualificationSource {
  const { _id: _ignored, ...rest } = source as QualificationSource & { _id?: unknown };
  return JSON.parse(JSON.stringify(rest)) as QualificationSource;
}
