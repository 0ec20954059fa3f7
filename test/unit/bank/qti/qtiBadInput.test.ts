/** Broken and hostile QTI: every case is a clear error naming the file and the place, and no items. */
import fs from 'node:fs';
import path from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { importQti, importQtiItemFile, importQtiPackage, type QtiImportResult } from '../../../../server/bank/qti/importQti';
import { MANIFEST, PACKAGE_LIMITS } from '../../../../server/bank/qti/qtiPackage';

const qtiDirectory = path.resolve(__dirname, '..', '..', '..', '..', '..', 'shared', 'data', 'qti');
const choiceXml = fs.readFileSync(path.join(qtiDirectory, 'item-choice-fraction.xml'), 'utf8');
const numberXml = fs.readFileSync(path.join(qtiDirectory, 'item-mult-7x8.xml'), 'utf8');

function errorsOf(result: QtiImportResult): { file: string; path: string; message: string }[] {
  expect(result.ok).toBe(false);
  expect(result).not.toHaveProperty('items');
  return result.ok ? [] : result.errors;
}

function manifest(hrefs: string[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<manifest xmlns="http://www.imsglobal.org/xsd/qti/qtiv3p0/imscp_v1p1" identifier="m1"><resources>
${hrefs.map((href, i) => `<resource identifier="r${i}" type="imsqti_item_xmlv3p0" href="${href}"><file href="${href}"/></resource>`).join('\n')}
</resources></manifest>`;
}

describe('a single QTI file', () => {
  test('malformed XML names the line', () => {
    const [error] = errorsOf(importQtiItemFile('broken.xml', '<qti-assessment-item identifier="x"><qti-item-body></qti-assessment-item>'));
    expect(error.file).toBe('broken.xml');
    expect(error.message).toMatch(/not well-formed XML \(line 1, column \d+\)/);
  });

  test('an unknown interaction is named', () => {
    const xml = choiceXml.replace(/qti-choice-interaction/g, 'qti-hotspot-interaction');
    const errors = errorsOf(importQtiItemFile('hotspot.xml', xml));
    expect(errors).toContainEqual({ file: 'hotspot.xml', path: 'qti-assessment-item/qti-item-body/qti-hotspot-interaction', message: expect.stringContaining('<qti-hotspot-interaction> is not supported') });
  });

  test('a missing response declaration', () => {
    const xml = choiceXml.replace(/<qti-response-declaration[\s\S]*?<\/qti-response-declaration>/, '');
    const errors = errorsOf(importQtiItemFile('nodecl.xml', xml));
    expect(errors).toEqual([{ file: 'nodecl.xml', path: 'qti-assessment-item/qti-item-body/qti-choice-interaction/@response-identifier', message: expect.stringContaining('no <qti-response-declaration>') }]);
  });

  test('a correct response that is not among the choices', () => {
    const xml = choiceXml.replace('<qti-value>C</qti-value>', '<qti-value>E</qti-value>');
    const errors = errorsOf(importQtiItemFile('wrongkey.xml', xml));
    expect(errors).toContainEqual({ file: 'wrongkey.xml', path: 'qti-assessment-item/qti-response-declaration[RESPONSE]/qti-correct-response', message: 'The correct response "E" is not one of the choices (A, B, C, D).' });
  });

  test('MathML beyond the common elements is refused by name', () => {
    const xml = choiceXml.replace('Which fraction is equal to one half?', 'Which is <math><mtable><mtr><mtd><mn>1</mn></mtd></mtr></mtable></math>?');
    const errors = errorsOf(importQtiItemFile('mtable.xml', xml));
    expect(errors[0].message).toContain('<mtable> is not supported');
  });

  test('an external entity (XXE) is refused before parsing', () => {
    const xml = `<?xml version="1.0"?>\n<!DOCTYPE qti-assessment-item [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n${choiceXml.replace(/^<\?xml[^>]*>\s*/, '').replace('Which fraction is equal to one half?', '&xxe;')}`;
    const errors = errorsOf(importQtiItemFile('xxe.xml', xml));
    expect(errors).toEqual([{ file: 'xxe.xml', path: '', message: expect.stringContaining('declares a document type or entities') }]);
    expect(JSON.stringify(errors)).not.toContain('root:');
  });

  test('billion laughs is refused, and an undeclared entity is an error rather than text', () => {
    const lol = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]><lolz>&lol3;</lolz>`;
    expect(errorsOf(importQtiItemFile('lol.xml', lol))[0].message).toContain('declares a document type or entities');
    const undeclared = choiceXml.replace('Which fraction is equal to one half?', 'Half &nbsp; of it');
    expect(errorsOf(importQtiItemFile('nbsp.xml', undeclared))[0].message).toContain('the entity &nbsp; is not defined');
  });

  test('a 5 MB file is refused by size', () => {
    const padding = `<!-- ${'x'.repeat(5 * 1024 * 1024)} -->`;
    const errors = errorsOf(importQtiItemFile('big.xml', choiceXml.replace('<qti-item-body>', `<qti-item-body>${padding}`)));
    expect(errors).toEqual([{ file: 'big.xml', path: '', message: expect.stringMatching(/^The file is too large/) }]);
  });

  test('deep nesting is refused', () => {
    for (const depth of [100, 90000]) {
      const xml = choiceXml.replace('<qti-prompt>', `<qti-prompt>${'<b>'.repeat(depth)}x${'</b>'.repeat(depth)}`);
      const errors = errorsOf(importQtiItemFile('deep.xml', xml));
      expect(errors).toEqual([{ file: 'deep.xml', path: '', message: expect.stringMatching(/nested more than 60 deep/) }]);
    }
  });

  test('bytes that are not UTF-8', () => {
    expect(errorsOf(importQti('latin1.xml', new Uint8Array([0x3c, 0x61, 0xff, 0xfe, 0x3e])))[0].message).toBe('The file is not UTF-8 text.');
  });

  test('several problems in one item are all reported', () => {
    const xml = choiceXml
      .replace('<qti-value>C</qti-value>', '<qti-value>E</qti-value>')
      .replace('<qti-simple-choice identifier="A">2/3</qti-simple-choice>', '<qti-simple-choice identifier="A"><video src="a.mp4"/></qti-simple-choice>');
    const errors = errorsOf(importQtiItemFile('two.xml', xml));
    expect(errors.map((e) => e.message)).toEqual(expect.arrayContaining([
      expect.stringContaining('<video> cannot be imported'),
      expect.stringContaining('"E" is not one of the choices'),
    ]));
  });
});

describe('a QTI package', () => {
  const zip = (files: Record<string, string | Uint8Array>): Uint8Array => zipSync(Object.fromEntries(Object.entries(files).map(([name, content]) => [name, typeof content === 'string' ? strToU8(content) : content])));

  test('a good package imports every listed item', () => {
    const result = importQtiPackage('ok.zip', zip({ [MANIFEST]: manifest(['items/a.xml', 'items/b.xml']), 'items/a.xml': choiceXml, 'items/b.xml': numberXml }));
    expect(result.ok && result.items.map((item) => item.id)).toEqual(['frac-half-choice', 'num-mult-7x8']);
  });

  test('one bad item means no items, and every error names its file', () => {
    const bad = choiceXml.replace('identifier="frac-half-choice"', 'identifier="bad"').replace('<qti-value>C</qti-value>', '<qti-value>Z</qti-value>');
    const errors = errorsOf(importQtiPackage('mixed.zip', zip({ [MANIFEST]: manifest(['items/a.xml', 'items/bad.xml', 'items/b.xml']), 'items/a.xml': choiceXml, 'items/bad.xml': bad, 'items/b.xml': numberXml })));
    expect(errors).toEqual([expect.objectContaining({ file: 'items/bad.xml', message: expect.stringContaining('"Z" is not one of the choices') })]);
  });

  test('a manifest naming a missing file', () => {
    const errors = errorsOf(importQtiPackage('missing.zip', zip({ [MANIFEST]: manifest(['items/a.xml', 'items/gone.xml']), 'items/a.xml': choiceXml })));
    expect(errors).toEqual([{ file: MANIFEST, path: 'manifest/resources/resource', message: 'The manifest lists the item file "items/gone.xml", but the package does not contain it.' }]);
  });

  test('no manifest, a path climbing out of the package, and a zip that is not a zip', () => {
    expect(errorsOf(importQtiPackage('nomanifest.zip', zip({ 'items/a.xml': choiceXml })))[0].message).toContain('has no imsmanifest.xml');
    expect(errorsOf(importQtiPackage('climb.zip', zip({ [MANIFEST]: manifest(['../../etc/passwd']) })))[0].message).toContain('points outside the package');
    expect(errorsOf(importQti('fake.zip', new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3])))[0].message).toMatch(/not a readable zip file|has no imsmanifest/);
  });

  test('a zip bomb: an entry claiming a huge size is refused before it is inflated', () => {
    const bytes = zip({ [MANIFEST]: manifest(['items/a.xml']), 'items/a.xml': choiceXml });
    // Rewrite items/a.xml's uncompressed size (local header and central directory) to 4 GB.
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const name = strToU8('items/a.xml');
    for (let i = 0; i + 46 < bytes.length; i += 1) {
      const signature = view.getUint32(i, true);
      const nameAt = signature === 0x04034b50 ? i + 30 : signature === 0x02014b50 ? i + 46 : -1;
      if (nameAt < 0 || !name.every((b, k) => bytes[nameAt + k] === b)) continue;
      view.setUint32(signature === 0x04034b50 ? i + 22 : i + 24, 0xfffffff0, true);
    }
    const errors = errorsOf(importQtiPackage('bomb.zip', bytes));
    expect(errors).toEqual([{ file: 'items/a.xml', path: '', message: expect.stringContaining('zip bomb') }]);
  });

  test('a zip bomb: highly compressible content past the size limit', () => {
    const zeros = new Uint8Array(PACKAGE_LIMITS.maxEntryBytes * 4);
    const bytes = zip({ [MANIFEST]: manifest(['items/a.xml']), 'items/a.xml': zeros });
    expect(bytes.length).toBeLessThan(zeros.length / 100);
    expect(errorsOf(importQtiPackage('zeros.zip', bytes))[0].message).toContain('zip bomb');
  });
});
