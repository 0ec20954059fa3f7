/**
 * Item pictures (docs/item-bank.md "Pictures"). Mounted in app.ts before the API router:
 * - POST /api/bank/assets `{contentBase64, file?}`: staff with the teacher duty upload a PNG,
 *   JPEG or WebP (≤ 1 MB, ≤ 4000×4000, type read from the bytes). The body outgrows the API's
 *   16 kB limit, so staffJsonBody parses it only after the CSRF header and the duty are checked.
 * - GET /assets/<sha256>.<ext>: anyone (pupils' players load them); content-addressed, so the
 *   answer never changes and may be cached for ever.
 */
import { Router, type Request, type Response } from 'express';
import type { ValidateFunction } from 'ajv';
import { readPicture, storePicture } from '../../bank/itemAssets';
import { MAX_PICTURE_BYTES } from '../../bank/imageHeader';
import { schemaRegistry } from '../../schemas/schemaRegistry';
import { collectFieldTitles, describeSchemaErrors } from '../../schemas/teacherMessages';
import { ApiError, validationFailed } from '../apiError';
import { principalOf } from '../auth/authenticate';
import { staffJsonBody } from '../staffJsonBody';

const uploadSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['contentBase64'],
  properties: {
    file: { title: 'file name', type: 'string', minLength: 1, maxLength: 200 },
    contentBase64: { title: 'picture', type: 'string', minLength: 1, pattern: '^[A-Za-z0-9+/=\\s]*$' },
  },
} as const;

/** Base64 of the largest picture plus room for the file name and the JSON around it. */
const UPLOAD_BODY_LIMIT = Math.ceil((MAX_PICTURE_BYTES * 4) / 3) + 4096;

let validateUpload: ValidateFunction | undefined;

function uploadBody(body: unknown): { contentBase64: string; file?: string } {
  validateUpload ??= schemaRegistry().ajv.compile(uploadSchema);
  if (validateUpload(body)) return body as { contentBase64: string; file?: string };
  throw validationFailed('The upload is not valid.', describeSchemaErrors(validateUpload.errors ?? [], collectFieldTitles([uploadSchema])));
}

async function upload(req: Request, res: Response): Promise<void> {
  const body = uploadBody(req.body ?? {});
  const bytes = Buffer.from(body.contentBase64, 'base64');
  const stored = await storePicture(bytes, principalOf(res).userId, new Date());
  res.status(stored.created ? 201 : 200).json({ asset: stored });
}

async function serve(req: Request, res: Response): Promise<void> {
  const picture = await readPicture(String(req.params.name));
  if (!picture) throw new ApiError('NOT_FOUND', 'There is no such picture.');
  res.set({
    'Content-Type': picture.mediaType,
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'public, max-age=31536000, immutable',
    // res.send answers 304 to a matching If-None-Match.
    ETag: `"${picture.sha256}"`,
    // A picture is never a document: nothing in it may run if it is opened on its own.
    'Content-Security-Policy': "default-src 'none'; sandbox",
    'Cross-Origin-Resource-Policy': 'same-origin',
  });
  res.send(picture.bytes);
}

export function assetRoutes(): Router {
  const router = Router();
  router.post('/api/bank/assets', ...staffJsonBody(UPLOAD_BODY_LIMIT, 'teacher'), upload);
  router.get('/assets/:name', serve);
  return router;
}
