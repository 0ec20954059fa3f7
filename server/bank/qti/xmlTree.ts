/**
 * QTI files are untrusted uploads: they are read into a small element tree by fast-xml-parser
 * with every defence on, and written back by a serialiser that escapes everything.
 *
 * Defences (OWASP XXE Prevention Cheat Sheet): any DOCTYPE or ENTITY declaration is refused
 * before parsing, so there are no external entities (XXE) and no entity expansion (billion
 * laughs); only XML's five predefined entities and character references are decoded (XML 1.0
 * §4.6, §4.1); the text size and the element depth are capped.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';

export interface XmlElement {
  /** Local name, namespace prefix removed ("m:math" → "math"). */
  name: string;
  attributes: Record<string, string>;
  children: XmlNode[];
}

export type XmlNode = XmlElement | string;

/** Limits for one XML file. A QTI item is a few kilobytes; these leave room for long items and refuse abuse. */
export const XML_LIMITS = {
  maxCharacters: 1_000_000,
  maxDepth: 60,
  maxElements: 20_000,
} as const;

export type XmlReadResult = { ok: true; root: XmlElement } | { ok: false; message: string };

const PREDEFINED_ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

class UnknownEntityError extends Error {}

/** Decodes the five predefined entities and character references; anything else is an error (no DTD can define it). */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z][A-Za-z0-9._-]*);/g, (whole, body: string) => {
    if (body.startsWith('#')) {
      const code = body[1] === 'x' ? Number.parseInt(body.slice(2), 16) : Number.parseInt(body.slice(1), 10);
      if (!Number.isFinite(code) || code < 1 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) {
        throw new UnknownEntityError(`the character reference ${whole} is not a valid character`);
      }
      return String.fromCodePoint(code);
    }
    const known = PREDEFINED_ENTITIES[body];
    if (known === undefined) throw new UnknownEntityError(`the entity ${whole} is not defined (QTI files may use only &lt; &gt; &amp; &quot; &apos; and character references)`);
    return known;
  });
}

type OrderedNode = Record<string, unknown>;

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  removeNSPrefix: true,
  processEntities: false,
  htmlEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  maxNestedTags: XML_LIMITS.maxDepth,
});

function toTree(nodes: OrderedNode[], depth: number, count: { elements: number }): XmlNode[] {
  if (depth > XML_LIMITS.maxDepth) throw new RangeError(`elements are nested more than ${XML_LIMITS.maxDepth} deep`);
  const result: XmlNode[] = [];
  for (const node of nodes) {
    if ('#text' in node) {
      result.push(decodeEntities(String(node['#text'])));
      continue;
    }
    const name = Object.keys(node).find((key) => key !== ':@');
    if (name === undefined) continue;
    count.elements += 1;
    if (count.elements > XML_LIMITS.maxElements) throw new RangeError(`the file has more than ${XML_LIMITS.maxElements} elements`);
    const rawAttributes = (node[':@'] ?? {}) as Record<string, unknown>;
    const attributes: Record<string, string> = {};
    for (const [key, value] of Object.entries(rawAttributes)) attributes[key] = decodeEntities(String(value));
    result.push({ name, attributes, children: toTree((node[name] ?? []) as OrderedNode[], depth + 1, count) });
  }
  return result;
}

/** Reads one XML document; never throws. `message` is a sentence for a teacher. */
export function readXml(text: string): XmlReadResult {
  if (text.length > XML_LIMITS.maxCharacters) {
    return { ok: false, message: `The file is too large (${text.length.toLocaleString('en-GB')} characters; at most ${XML_LIMITS.maxCharacters.toLocaleString('en-GB')}).` };
  }
  if (/<!DOCTYPE/i.test(text) || /<!ENTITY/i.test(text)) {
    return { ok: false, message: 'The file declares a document type or entities (<!DOCTYPE …>/<!ENTITY …>). QTI files never need them and they can be used to attack a server, so the file is refused.' };
  }
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    return { ok: false, message: `The file is not well-formed XML (line ${valid.err.line}, column ${valid.err.col}): ${valid.err.msg}` };
  }
  try {
    const tree = toTree(parser.parse(text) as OrderedNode[], 0, { elements: 0 });
    const roots = tree.filter((node): node is XmlElement => typeof node !== 'string');
    if (roots.length !== 1) return { ok: false, message: 'The file must contain exactly one root element.' };
    return { ok: true, root: roots[0] };
  } catch (error) {
    if (error instanceof UnknownEntityError || error instanceof RangeError) return { ok: false, message: `The file cannot be read: ${error.message}.` };
    const message = (error as Error).message;
    if (/nested/i.test(message)) return { ok: false, message: `The file cannot be read: elements are nested more than ${XML_LIMITS.maxDepth} deep.` };
    return { ok: false, message: `The file is not well-formed XML: ${message}` };
  }
}

export function childElements(element: XmlElement, name?: string): XmlElement[] {
  return element.children.filter((node): node is XmlElement => typeof node !== 'string' && (name === undefined || node.name === name));
}

export function firstChild(element: XmlElement, name: string): XmlElement | undefined {
  return childElements(element, name)[0];
}

/** Every element below `element` (depth first, document order). */
export function descendants(element: XmlElement): XmlElement[] {
  return childElements(element).flatMap((child) => [child, ...descendants(child)]);
}

export function textContent(node: XmlNode): string {
  return typeof node === 'string' ? node : node.children.map(textContent).join('');
}

function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeAttribute(text: string): string {
  return escapeText(text).replace(/"/g, '&quot;').replace(/\n/g, '&#10;');
}

export function element(name: string, attributes: Record<string, string | number | boolean | undefined> = {}, children: XmlNode[] = []): XmlElement {
  const defined: Record<string, string> = {};
  for (const [key, value] of Object.entries(attributes)) if (value !== undefined) defined[key] = String(value);
  return { name, attributes: defined, children };
}

/** Elements holding text, where added whitespace would change what a pupil reads. */
const TEXT_CONTAINERS = new Set(['p', 'li', 'td', 'th', 'strong', 'em', 'b', 'i', 'span', 'code', 'sub', 'sup', 'math', 'qti-prompt', 'qti-simple-choice', 'qti-value']);

/**
 * Serialises a tree. Structural elements whose children are all elements are indented; text
 * containers and mixed content are written exactly, because whitespace there is part of the text.
 */
export function writeXml(node: XmlNode, indent = ''): string {
  if (typeof node === 'string') return escapeText(node);
  const attributes = Object.entries(node.attributes).map(([key, value]) => ` ${key}="${escapeAttribute(value)}"`).join('');
  if (node.children.length === 0) return `${indent}<${node.name}${attributes}/>`;
  const elementOnly = node.children.every((child) => typeof child !== 'string');
  if (elementOnly && !TEXT_CONTAINERS.has(node.name)) {
    const inner = node.children.map((child) => writeXml(child, `${indent}  `)).join('\n');
    return `${indent}<${node.name}${attributes}>\n${inner}\n${indent}</${node.name}>`;
  }
  return `${indent}${writeInline(node)}`;
}

function writeInline(node: XmlNode): string {
  if (typeof node === 'string') return escapeText(node);
  const attributes = Object.entries(node.attributes).map(([key, value]) => ` ${key}="${escapeAttribute(value)}"`).join('');
  if (node.children.length === 0) return `<${node.name}${attributes}/>`;
  return `<${node.name}${attributes}>${node.children.map(writeInline).join('')}</${node.name}>`;
}

export function xmlDocument(root: XmlElement): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${writeXml(root)}\n`;
}
