/**
 * The item's picture in the editor: choose a file (uploaded at once to /api/bank/assets, which
 * checks it and answers its /assets/<sha256>.<ext> address), see it, describe it (alt text is
 * required: pupils using a screen reader answer from it), or remove it. The picture is shown
 * from its same-origin address, never a data: or blob: URL, so the pages' strict CSP
 * (img-src 'self') allows it.
 */
import { el } from '../shared/element';
import { ApiError, explainError, requestJson } from '../shared/api';
import type { FieldKit } from './fieldKit';

type Loose = Record<string, unknown>;

export interface UploadedPicture { src: string; width: number; height: number; mediaType: string }

const MAX_BYTES = 1024 * 1024;
const ACCEPTED_TYPES = 'image/png,image/jpeg,image/webp';

function base64Of(bytes: Uint8Array): string {
  let binary = '';
  // In slices: String.fromCharCode with a whole picture's bytes as arguments overflows the stack.
  for (let at = 0; at < bytes.length; at += 0x8000) binary += String.fromCharCode(...bytes.subarray(at, at + 0x8000));
  return btoa(binary);
}

export async function uploadPicture(file: File): Promise<UploadedPicture> {
  const contentBase64 = base64Of(new Uint8Array(await file.arrayBuffer()));
  const answer = await requestJson<{ asset: UploadedPicture }>('POST', '/api/bank/assets', { file: file.name.slice(0, 200) || 'picture', contentBase64 });
  return answer.asset;
}

export interface PictureField {
  /** The picture's fieldset, built afresh on each render of the editor. */
  render(): HTMLElement;
}

export function createPictureField(draft: Loose, kit: FieldKit, upload: (file: File) => Promise<UploadedPicture> = uploadPicture): PictureField {
  // Kept across re-renders: the last upload's outcome, announced in the status line.
  let status = '';
  let problem = '';
  const fileId = `${kit.idPrefix}-picture-file`;
  const altId = `${kit.idPrefix}-picture-alt`;

  async function chosen(file: File): Promise<void> {
    problem = '';
    if (file.size > MAX_BYTES) {
      problem = `That file is ${(file.size / 1024 / 1024).toFixed(1)} MB; a picture may be at most 1 MB. Save it smaller and choose it again.`;
      kit.rebuild(fileId);
      return;
    }
    status = `Uploading ${file.name}…`;
    kit.rebuild(fileId);
    try {
      const picture = await upload(file);
      const previous = draft.image as Loose | undefined;
      draft.image = { src: picture.src, alt: typeof previous?.alt === 'string' ? previous.alt : '' };
      status = `Picture added (${picture.width} × ${picture.height} pixels). Now describe it for pupils who cannot see it.`;
      kit.rebuild(altId);
    } catch (error) {
      status = '';
      const details = error instanceof ApiError ? error.error.details ?? [] : [];
      problem = details[0]?.message ?? explainError(error);
      kit.rebuild(fileId);
    }
  }

  return {
    render() {
      const image = draft.image as Loose | undefined;
      const legendId = kit.uid('picture-legend');
      const fileHint = el('p', { class: 'hint', id: `${fileId}-hint` }, 'PNG, JPEG or WebP, at most 1 MB and 4000 × 4000 pixels. SVG is not accepted.');
      const file = el('input', { type: 'file', id: fileId, name: fileId, accept: ACCEPTED_TYPES, 'aria-describedby': fileHint.id, 'data-path': '/image/src' });
      file.addEventListener('change', () => {
        const picked = file.files?.[0];
        if (picked) void chosen(picked);
      });
      const srcError = kit.register('/image/src', file);
      const parts: HTMLElement[] = [
        el('legend', { id: legendId }, 'Picture (optional)'),
        el('div', { class: 'field' }, el('label', { for: fileId }, image ? 'Replace the picture' : 'Choose a picture'), fileHint, srcError, file),
        el('p', { class: 'picture-status', role: 'status', 'aria-live': 'polite' }, status),
      ];
      if (problem) parts.push(el('p', { class: 'field-error', role: 'alert' }, problem));
      if (image) {
        const altHint = el('p', { class: 'hint', id: `${altId}-hint` },
          'Say what a pupil needs to answer the question, with the numbers and labels the picture shows, for example: "A right-angled triangle. The two shorter sides are 6 cm and 8 cm; the longest side is labelled x." Not just "image" or "diagram".');
        const alt = el('textarea', { id: altId, name: altId, rows: 3, 'aria-required': 'true', 'aria-describedby': altHint.id, 'data-path': '/image/alt' });
        alt.value = String(image.alt ?? '');
        const shown = el('img', { class: 'stem-image', src: String(image.src), alt: String(image.alt ?? '') });
        alt.addEventListener('input', () => { image.alt = alt.value; shown.alt = alt.value; kit.changed(); });
        const altError = kit.register('/image/alt', alt);
        parts.push(
          el('figure', { class: 'picture-preview' },
            shown,
            el('figcaption', { class: 'hint' }, 'The picture pupils will see.')),
          el('div', { class: 'field' }, el('label', { for: altId }, 'Describe the picture (alt text, required)'), altHint, altError, alt),
          el('button', {
            type: 'button', class: 'secondary', id: `${kit.idPrefix}-picture-remove`,
            onclick: () => { delete draft.image; status = 'Picture removed.'; problem = ''; kit.rebuild(fileId); },
          }, 'Remove the picture'),
        );
      }
      return el('fieldset', { class: 'picture-editor', 'aria-labelledby': legendId }, ...parts);
    },
  };
}
