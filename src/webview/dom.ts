// The only way the review panel builds DOM: elements from our own tag and attribute names, text
// only through text nodes. Nothing here parses HTML (no innerHTML, no insertAdjacentHTML), so model
// output — which reaches these functions as strings — can never become markup, a handler or a link.

export type Child = Node | string | null | undefined | false;
export type Attrs = Record<string, string | number | boolean | undefined>;

/** Attributes that could run code or load something; the panel never needs them. */
const FORBIDDEN = /^(on|href$|src$|srcdoc$|style$|formaction$|action$|xlink:)/i;

export function h(doc: Document, tag: string, attrs: Attrs = {}, ...children: Child[]): HTMLElement {
  const e = doc.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    if (FORBIDDEN.test(k)) throw new Error(`refusing to set the ${k} attribute`);
    if (k === 'class') e.className = String(v);
    else e.setAttribute(k, v === true ? '' : String(v));
  }
  append(e, ...children);
  return e;
}

export function append(parent: Node, ...children: Child[]): void {
  const doc = parent.ownerDocument ?? (parent as Document);
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    parent.appendChild(typeof c === 'string' ? doc.createTextNode(c) : c);
  }
}

/** A codicon from the extension's own copy of the font; decorative unless given a label. */
export function icon(doc: Document, name: string, label?: string): HTMLElement {
  return h(doc, 'span', { class: `codicon codicon-${name}`, 'aria-hidden': label ? undefined : 'true', role: label ? 'img' : undefined, 'aria-label': label });
}

export function clear(e: Element): void {
  while (e.firstChild) e.removeChild(e.firstChild);
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/** An SVG element, by the same rules as h(): our own names, text only as text nodes. */
export function svg(doc: Document, tag: string, attrs: Attrs = {}, ...children: Child[]): SVGElement {
  const e = doc.createElementNS(SVG_NS, tag) as SVGElement;
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    if (FORBIDDEN.test(k)) throw new Error(`refusing to set the ${k} attribute`);
    e.setAttribute(k, v === true ? '' : String(v));
  }
  append(e, ...children);
  return e;
}
