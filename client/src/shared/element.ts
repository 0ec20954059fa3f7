/**
 * A tiny DOM builder: the player has no framework (it must run on slow 2015 laptops), and text
 * always goes in as text nodes, so nothing from the server is ever parsed as HTML.
 */
export type Child = Node | string | null | undefined | false;

export interface Attributes {
  [name: string]: string | number | boolean | null | undefined | EventListener;
}

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K, attributes: Attributes = {}, ...children: Child[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (typeof value === 'function') {
      node.addEventListener(name.replace(/^on/, ''), value);
    } else if (value === true) {
      node.setAttribute(name, '');
    } else {
      node.setAttribute(name, String(value));
    }
  }
  append(node, children);
  return node;
}

export function append(parent: Node, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
  }
}

export function replaceChildren(parent: Element, ...children: Child[]): void {
  while (parent.firstChild) parent.removeChild(parent.firstChild);
  append(parent, children);
}

/**
 * Moves focus to a new view's heading (made focusable for this) so screen readers start there,
 * and names the page after it (WCAG 2.4.2).
 */
export function focusHeading(heading: HTMLElement): void {
  heading.setAttribute('tabindex', '-1');
  heading.focus();
  document.title = `${heading.textContent ?? ''} – Waymark`;
}
