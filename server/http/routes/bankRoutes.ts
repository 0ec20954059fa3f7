/**
 * The item bank API (/api/bank; docs/item-bank.md). Staff only: authors (teacher duty),
 * reviewers and standards managers; the lifecycle rules decide the rest per item. Answer keys
 * and IRT parameters are returned here because every caller is staff; the pupil projection
 * is served by /preview.
 */
import { Router, type RequestHandler } from 'express';
import { act, createDraft, exportItems, getItem, listItems, readVersion, saveEdit, taggingChoices, type ItemFilters, type StatusAction } from '../../bank/bankService';
import { readBankExport, writeBankExport } from '../../bank/bankExport';
import { importItems, MAX_IMPORT_BYTES, readUpload } from '../../bank/bankImport';
import { writeQtiPackage } from '../../bank/qti/qtiPackage';
import { validateBankRequest } from '../../bank/bankRequests';
import { informationCurve } from '../../bank/informationCurve';
import { pretestResponseCounts } from '../../bank/pretestItems';
import { tryAnswer } from '../../bank/tryAnswer';
import type { ItemDocument, ItemParameters, ItemStatus } from '../../scoring/itemDocument';
import { pupilItem } from '../../scoring/pupilItem';
import { validateAgainstSchema } from '../../schemas/schemaRegistry';
import { validateItemDocument } from '../../scoring/validateItemDocument';
import { ApiError, validationFailed } from '../apiError';
import { staffJsonBody } from '../staffJsonBody';
import { principalOf, requireStaffRole } from '../auth/authenticate';

const STATUS_ACTIONS: readonly StatusAction[] = ['submit', 'approve', 'return', 'publish', 'retire'];
const PARAMETERS_SCHEMA = 'https://waymark.example/schemas/item.schema.json#/properties/parameters';

function versionQuery(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (typeof value !== 'string' || !Number.isInteger(n) || n < 1) throw validationFailed('The version must be a whole number.', [{ path: '/version', message: 'must be a whole number of at least 1' }]);
  return n;
}

/** The item in a request body, checked whole (schema, consistency, the key marks as correct). */
function checkedItem(value: unknown, pathPrefix = '/item'): ItemDocument {
  const details = validateItemDocument(value);
  if (details.length > 0) throw validationFailed('The item has problems; each is named below.', details.map((d) => ({ path: `${pathPrefix}${d.path}`, message: d.message })));
  return value as ItemDocument;
}

function checkedParameters(value: unknown): ItemParameters {
  const details = validateAgainstSchema(PARAMETERS_SCHEMA, value);
  if (details.length > 0) throw validationFailed('The IRT parameters have problems.', details.map((d) => ({ path: `/parameters${d.path}`, message: d.message })));
  return value as ItemParameters;
}

function curveFor(parameters: ItemParameters) {
  try {
    return informationCurve(parameters);
  } catch (error) {
    throw validationFailed('These parameters do not describe an item the engine can use.', [{ path: '/parameters', message: (error as Error).message }]);
  }
}

/**
 * Mounted in app.ts at /api/bank/import BEFORE the API's 16 kB JSON parser: an import (a bank
 * export, or a base64 QTI package) is parsed with a larger limit, after the CSRF and duty checks.
 */
export function bankImportBodyParser(): RequestHandler[] {
  return staffJsonBody(Math.ceil(MAX_IMPORT_BYTES * 1.4), 'teacher');
}

export function bankRoutes(): Router {
  const router = Router();
  router.use(requireStaffRole('teacher', 'reviewer', 'standards-manager'));

  router.get('/criteria', async (_req, res) => {
    res.json(await taggingChoices());
  });

  router.get('/items', async (req, res) => {
    const filters = validateBankRequest<ItemFilters>('bankList', { ...req.query });
    res.json({ items: await listItems(principalOf(res), filters) });
  });

  router.post('/items', async (req, res) => {
    const created = await createDraft(principalOf(res), req.body, new Date());
    res.status(201).json({ item: created.document });
  });

  router.get('/items/:itemId', async (req, res) => {
    res.json(await getItem(principalOf(res), req.params.itemId));
  });

  router.put('/items/:itemId', async (req, res) => {
    const saved = await saveEdit(principalOf(res), req.params.itemId, req.body, new Date());
    res.json({ item: saved.document });
  });

  router.get('/items/:itemId/preview', async (req, res) => {
    const row = await readVersion(principalOf(res), req.params.itemId, versionQuery(req.query.version));
    res.json({ item: pupilItem(row.document) });
  });

  router.get('/items/:itemId/information', async (req, res) => {
    const row = await readVersion(principalOf(res), req.params.itemId, versionQuery(req.query.version));
    res.json({ parameters: row.document.parameters, curve: curveFor(row.document.parameters) });
  });

  router.post('/items/:itemId/try', async (req, res) => {
    const body = validateBankRequest<{ answer: unknown; version?: number }>('bankTryStored', req.body);
    const row = await readVersion(principalOf(res), req.params.itemId, body.version);
    const tried = tryAnswer(row.document, body.answer);
    if (!tried.ok) throw validationFailed('The answer does not fit this question.', tried.details);
    res.json({ version: row.version, mark: tried.result });
  });

  router.post('/items/:itemId/:action', async (req, res) => {
    const action = req.params.action as StatusAction;
    if (!STATUS_ACTIONS.includes(action)) throw new ApiError('NOT_FOUND', `No such endpoint: ${req.method} ${req.path}`);
    const body = validateBankRequest<{ comment?: string; version?: number }>('bankAction', req.body ?? {});
    res.json(await act(principalOf(res), req.params.itemId, action, new Date(), body));
  });

  // The editor's unsaved item: validation, the pupil's view, a tried answer, the information curve.
  router.post('/preview', (req, res) => {
    const body = validateBankRequest<{ item: unknown }>('bankPreview', req.body);
    res.json({ item: pupilItem(checkedItem(body.item)) });
  });

  router.post('/try', (req, res) => {
    const body = validateBankRequest<{ item: unknown; answer: unknown }>('bankTryDraft', req.body);
    const tried = tryAnswer(checkedItem(body.item), body.answer);
    if (!tried.ok) throw validationFailed('The answer does not fit this question.', tried.details);
    res.json({ mark: tried.result });
  });

  router.post('/information', (req, res) => {
    const body = validateBankRequest<{ parameters: unknown }>('bankInformation', req.body);
    res.json({ curve: curveFor(checkedParameters(body.parameters)) });
  });

  // The body is either a bank export (JSON) or `{ file, contentBase64 }` for QTI (an item file or a package).
  router.post('/import', async (req, res) => {
    const principal = principalOf(res);
    const body = req.body as Record<string, unknown> | undefined;
    let read: ReturnType<typeof readUpload>;
    if (body && body.format !== undefined) {
      read = readBankExport(body);
    } else {
      const upload = validateBankRequest<{ file: string; contentBase64: string }>('bankImportFile', body ?? {});
      const bytes = Buffer.from(upload.contentBase64, 'base64');
      if (bytes.length > MAX_IMPORT_BYTES) throw new ApiError('PAYLOAD_TOO_LARGE', `The file is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB.`);
      read = readUpload(upload.file, bytes, principal.name);
    }
    if (!read.ok) throw validationFailed('Nothing was imported: the file has problems, each named below.', read.errors);
    res.status(201).json(await importItems(principal, read.items, new Date()));
  });

  router.get('/export', async (req, res) => {
    const format = req.query.format ?? 'waymark';
    const status = req.query.status;
    const statuses = ['draft', 'in-review', 'approved', 'live', 'retired'];
    if (format !== 'waymark' && format !== 'qti') throw validationFailed('Choose the export format.', [{ path: '/format', message: 'must be "waymark" or "qti"' }]);
    if (status !== undefined && !statuses.includes(String(status))) throw validationFailed('Choose a status.', [{ path: '/status', message: `must be one of ${statuses.join(', ')}` }]);
    const items = await exportItems(principalOf(res), status as ItemStatus | undefined);
    if (format === 'waymark') {
      res.set('Content-Disposition', 'attachment; filename="waymark-bank.json"');
      res.json(writeBankExport(items, { exportedAt: new Date().toISOString() }));
      return;
    }
    const written = writeQtiPackage(items);
    res.set('Content-Type', 'application/zip');
    res.set('Content-Disposition', 'attachment; filename="waymark-qti.zip"');
    // Items QTI cannot express are left out; say how many, the package manifest has no place for them.
    res.set('X-Waymark-Skipped', String(written.skipped.length));
    res.send(Buffer.from(written.zip));
  });

  router.get('/modules/:moduleId/pretest', requireStaffRole('standards-manager', 'reviewer'), async (req, res) => {
    const moduleId = String(req.params.moduleId);
    res.json({ moduleId, items: await pretestResponseCounts(moduleId) });
  });

  return router;
}
