import type { Typeset } from '../maths/main';

/**
 * Loads KaTeX (maths.js + its stylesheet, from this server) the first time a stem needs it, then
 * replaces each waiting maths element's Unicode fallback by the typeset form. KaTeX's output
 * carries MathML for screen readers, so the fallback's role and spoken label are removed then.
 */
const waiting: { element: HTMLElement; tex: string; display: boolean }[] = [];
let loading = false;

function typesetter(): Typeset | undefined {
  return (window as unknown as { waymarkTypeset?: Typeset }).waymarkTypeset;
}

function typesetWaiting(): void {
  const typeset = typesetter();
  if (!typeset) return;
  for (const { element, tex, display } of waiting.splice(0)) {
    try {
      // KaTeX with trust off escapes everything it is given; its output is its own markup.
      element.innerHTML = typeset(tex, display);
      element.removeAttribute('role');
      element.removeAttribute('aria-label');
    } catch {
      // The Unicode fallback stays.
    }
  }
}

export function typesetLater(element: HTMLElement, tex: string, display: boolean): void {
  waiting.push({ element, tex, display });
  if (typesetter()) { typesetWaiting(); return; }
  if (loading) return;
  loading = true;
  const stylesheet = document.createElement('link');
  stylesheet.rel = 'stylesheet';
  stylesheet.href = 'katex/katex.min.css';
  document.head.appendChild(stylesheet);
  const script = document.createElement('script');
  script.src = 'maths.js';
  script.async = true;
  script.addEventListener('load', typesetWaiting);
  document.head.appendChild(script);
}
