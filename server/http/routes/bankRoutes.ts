/**
 * The item bank API (/api/bank; docs/item-bank.md). Staff only: authors (teacher duty),
 * reviewers and standards managers; the lifecycle rules decide the rest per item. Answer keys
 * and IRT parameters are returned here because every caller is staff; the pupil projection
 * is served by /preview.
 */
import { Router } from 'express';
import { act, createDraft, getItem, listItems, readVersion, saveEdit, taggingChoices, type ItemFilters, type StatusAction } from '../../bank/bankService';
import { validateBankRequest } from '../../bank/bankRequests';
import { informationCurve } from '../../bank/informationCurve';
import { pretestResponseCounts } from '../../bank/pretestItems';
import { tryAnswer } from '../../bank/tryAnswer';
import type { ItemDocument, ItemParameters } from '../../scoring/itemDocument';
import { pupilItem } from '../../scoring/pupilItem';
import { validateAgainstSchema } from '../../schemas/schemaRegistry';
import { validateItemDocument } from '../../scoring/validateItemDocument';
import { ApiError, validationFailed } from '../apiError';
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

  router.get('/modules/:moduleId/pretest', requireStaffRole('standards-manager', 'reviewer'), async (req, res) => {
    const moduleId = String(req.params.moduleId);
    res.json({ moduleId, items: await pretestResponseCounts(moduleId) });
  });

  return router;
}
