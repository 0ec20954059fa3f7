/**
 * QTI 3.0 content packages: a zip holding imsmanifest.xml (IMS Content Packaging 1.1) that lists
 * each item's XML file as a resource of type imsqti_item_xmlv3p0. Reading is defensive: the zip
 * is an upload, so entry counts and claimed sizes are checked before anything is inflated (a zip
 * bomb claims little and inflates to gigabytes, or claims gigabytes outright), and only the
 * manifest and the item files it names are inflated, each into a buffer no larger than allowed.
 *
 * Waymark's fields that QTI has no place for (criteria, IRT parameters, status, feedback, answer
 * notes) travel in each resource's <metadata> as a <waymark:waymark-item> element holding JSON.
 */
import { strToU8, unzipSync, zipSync } from 'fflate';
import type { ItemDocument } from '../../scoring/itemDocument';
import { waymarkToQti } from './waymarkToQti';
import { childElements, element, firstChild, readXml, textContent, xmlDocument, type XmlElement } from './xmlTree';

export const PACKAGE_LIMITS = {
  maxZipBytes: 20 * 1024 * 1024,
  maxEntries: 2000,
  /** Largest inflated XML file (items and the manifest). */
  maxEntryBytes: 1024 * 1024,
  maxTotalBytes: 50 * 1024 * 1024,
  maxItems: 1000,
} as const;

export const MANIFEST = 'imsmanifest.xml';
export const WAYMARK_NAMESPACE = 'https://waymark.example/qti/v1';
const CP_NAMESPACE = 'http://www.imsglobal.org/xsd/qti/qtiv3p0/imscp_v1p1';
const ITEM_RESOURCE = 'imsqti_item_xmlv3p0';

export interface PackageProblem {
  file: string;
  path: string;
  message: string;
}

export interface PackagedItem {
  file: string;
  xml: string;
  /** Waymark's own fields for the item, when the package was written by Waymark. */
  waymark?: unknown;
}

export type PackageReadResult = { ok: true; items: PackagedItem[] } | { ok: false; errors: PackageProblem[] };

const decoder = new TextDecoder('utf-8', { fatal: true });

export function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    return decoder.decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    return undefined;
  }
}

/** Resolves an href against the manifest's folder, refusing paths that climb out of the package. */
function resolveHref(href: string): string | undefined {
  const parts: string[] = [];
  for (const part of decodeURIComponent(href).split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (parts.length === 0) return undefined;
      parts.pop();
    } else parts.push(part);
  }
  return parts.join('/');
}

interface ManifestResource {
  href: string;
  waymark?: unknown;
}

function manifestResources(manifest: XmlElement, errors: PackageProblem[]): ManifestResource[] {
  if (manifest.name !== 'manifest') {
    errors.push({ file: MANIFEST, path: manifest.name, message: `The manifest's first element is <${manifest.name}>, not <manifest>.` });
    return [];
  }
  const resources = firstChild(manifest, 'resources');
  const items = resources ? childElements(resources, 'resource').filter((r) => (r.attributes.type ?? '').startsWith(ITEM_RESOURCE)) : [];
  const found: ManifestResource[] = [];
  items.forEach((resource, i) => {
    const path = `manifest/resources/resource[${i + 1}]`;
    const href = resource.attributes.href ?? firstChild(resource, 'file')?.attributes.href;
    const resolved = href === undefined ? undefined : resolveHref(href);
    if (!resolved) {
      errors.push({ file: MANIFEST, path: `${path}/@href`, message: href === undefined ? 'The resource does not name its item file (href).' : `The file name "${href}" points outside the package.` });
      return;
    }
    let waymark: unknown;
    const extension = childElements(firstChild(resource, 'metadata') ?? element('metadata'), 'waymark-item')[0];
    if (extension) {
      try {
        waymark = JSON.parse(textContent(extension));
      } catch {
        errors.push({ file: MANIFEST, path: `${path}/metadata/waymark-item`, message: 'The Waymark details of this item are not valid JSON.' });
      }
    }
    found.push({ href: resolved, waymark });
  });
  if (found.length === 0 && errors.length === 0) errors.push({ file: MANIFEST, path: 'manifest/resources', message: `The manifest lists no QTI 3.0 items (resources of type ${ITEM_RESOURCE}).` });
  if (found.length > PACKAGE_LIMITS.maxItems) errors.push({ file: MANIFEST, path: 'manifest/resources', message: `The package has ${found.length} items; at most ${PACKAGE_LIMITS.maxItems} can be imported at once.` });
  return found;
}

/** The item files a package's manifest lists, inflated within the limits; every problem, not just the first. */
export function readQtiPackage(zipName: string, zip: Uint8Array): PackageReadResult {
  if (zip.length > PACKAGE_LIMITS.maxZipBytes) {
    return { ok: false, errors: [{ file: zipName, path: '', message: `The package is too large (${zip.length} bytes; at most ${PACKAGE_LIMITS.maxZipBytes}).` }] };
  }
  const claims = new Map<string, number>();
  let entries = 0;
  try {
    unzipSync(zip, { filter: (file) => { entries += 1; claims.set(file.name, file.originalSize); return false; } });
  } catch (error) {
    return { ok: false, errors: [{ file: zipName, path: '', message: `The package is not a readable zip file (${(error as Error).message}).` }] };
  }
  if (entries > PACKAGE_LIMITS.maxEntries) {
    return { ok: false, errors: [{ file: zipName, path: '', message: `The package has ${entries} files; at most ${PACKAGE_LIMITS.maxEntries}.` }] };
  }
  const errors: PackageProblem[] = [];
  let total = 0;
  /** Whether `name` may be inflated: its claimed size within the limits (a zip bomb claims gigabytes, or inflates past a small claim). */
  const allowed = (name: string): boolean => {
    const claimed = claims.get(name) ?? 0;
    total += claimed;
    if (claimed > PACKAGE_LIMITS.maxEntryBytes || total > PACKAGE_LIMITS.maxTotalBytes) {
      errors.push({ file: name, path: '', message: `The file says it unpacks to ${claimed.toLocaleString('en-GB')} bytes; at most ${PACKAGE_LIMITS.maxEntryBytes.toLocaleString('en-GB')} per file and ${PACKAGE_LIMITS.maxTotalBytes.toLocaleString('en-GB')} in all are allowed (a "zip bomb" guard).` });
      return false;
    }
    return true;
  };
  // fflate inflates each file into a buffer of its claimed size, so a file that lies about its size cannot grow past it.
  const inflate = (names: ReadonlySet<string>): Record<string, Uint8Array> => unzipSync(zip, { filter: (file) => names.has(file.name) });
  if (!claims.has(MANIFEST)) {
    return { ok: false, errors: [{ file: zipName, path: '', message: `The package has no ${MANIFEST} at its top level, so its items cannot be found.` }] };
  }
  if (!allowed(MANIFEST)) return { ok: false, errors };
  const manifestText = decodeUtf8(inflate(new Set([MANIFEST]))[MANIFEST] ?? new Uint8Array());
  const manifest = manifestText === undefined ? { ok: false as const, message: 'The file is not UTF-8 text.' } : readXml(manifestText);
  if (!manifest.ok) return { ok: false, errors: [{ file: MANIFEST, path: '', message: manifest.message }] };
  const resources = manifestResources(manifest.root, errors);
  const wanted = new Set<string>();
  for (const resource of resources) {
    if (!claims.has(resource.href)) {
      errors.push({ file: MANIFEST, path: 'manifest/resources/resource', message: `The manifest lists the item file "${resource.href}", but the package does not contain it.` });
    } else if (!wanted.has(resource.href) && allowed(resource.href)) wanted.add(resource.href);
  }
  if (errors.length > 0) return { ok: false, errors };
  const inflated = inflate(wanted);
  const items: PackagedItem[] = [];
  for (const resource of resources) {
    const xml = decodeUtf8(inflated[resource.href]);
    if (xml === undefined) {
      errors.push({ file: resource.href, path: '', message: 'The file is not UTF-8 text.' });
      continue;
    }
    items.push({ file: resource.href, xml, ...(resource.waymark === undefined ? {} : { waymark: resource.waymark }) });
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, items };
}

/** The fields of an item that QTI has no place for; stored in the manifest so a Waymark round trip loses nothing. */
export function waymarkOnlyFields(item: ItemDocument): Omit<ItemDocument, 'id' | 'stem' | 'image' | 'interaction'> {
  const { id: _id, stem: _stem, image: _image, interaction: _interaction, ...rest } = item;
  const { _id: _databaseId, ...fields } = rest as typeof rest & { _id?: unknown };
  return fields;
}

export interface PackageWriteResult {
  zip: Uint8Array;
  exported: string[];
  /** Items left out, with the reason for each. */
  skipped: { id: string; version: number; reason: string }[];
}

function resourceIdentifier(item: ItemDocument): string {
  return `item-${item.id}-v${item.version}`;
}

/** A QTI 3.0 content package of every item QTI can express; the rest are listed with a reason. */
export function writeQtiPackage(items: readonly ItemDocument[]): PackageWriteResult {
  const files: Record<string, Uint8Array> = {};
  const resources: XmlElement[] = [];
  const exported: string[] = [];
  const skipped: PackageWriteResult['skipped'] = [];
  for (const item of items) {
    const qti = waymarkToQti(item);
    if (!qti.ok) {
      skipped.push({ id: item.id, version: item.version, reason: qti.reason });
      continue;
    }
    const href = `items/${item.id}-v${item.version}.xml`;
    files[href] = strToU8(qti.xml);
    exported.push(item.id);
    resources.push(element('resource', { identifier: resourceIdentifier(item), type: ITEM_RESOURCE, href }, [
      element('metadata', {}, [element('waymark:waymark-item', {}, [JSON.stringify(waymarkOnlyFields(item))])]),
      element('file', { href }),
    ]));
  }
  const manifest = element('manifest', {
    xmlns: CP_NAMESPACE, 'xmlns:waymark': WAYMARK_NAMESPACE, identifier: 'waymark-qti-export',
  }, [
    element('metadata', {}, [element('schema', {}, ['QTI Package']), element('schemaversion', {}, ['3.0.0'])]),
    element('organizations'),
    element('resources', {}, resources),
  ]);
  files[MANIFEST] = strToU8(xmlDocument(manifest));
  // mtime fixed so the same items always give the same bytes (no clock in the pure core).
  return { zip: zipSync(files, { level: 6, mtime: new Date('2000-01-01T00:00:00Z') }), exported, skipped };
}
