/**
 * Puts the server's validation details (JSON Pointers into the item) beside the fields they
 * name: each form field registers the pointer it edits, and a detail goes to the field with the
 * longest registered pointer that contains it ("/answer/value" → the key's input; an unknown
 * "/interaction/options/3/id" → the options list). Pure, so it is tested without a browser.
 */
export function fieldPathFor(registered: Iterable<string>, errorPath: string): string | undefined {
  let best: string | undefined;
  for (const path of registered) {
    const contains = path === errorPath || path === '' || errorPath.startsWith(`${path}/`);
    if (contains && (best === undefined || path.length > best.length)) best = path;
  }
  return best;
}

/** The details grouped by the field that shows them; details no field claims are under "". */
export function groupByField(registered: readonly string[], details: readonly { path: string; message: string }[]): Map<string, string[]> {
  const grouped = new Map<string, string[]>();
  for (const detail of details) {
    const field = fieldPathFor(registered, detail.path) ?? '';
    const list = grouped.get(field) ?? [];
    list.push(detail.message);
    grouped.set(field, list);
  }
  return grouped;
}
