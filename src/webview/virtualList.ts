// A listbox that renders only the rows in view (plus a few either side) from a fixed pool of
// elements, so 5,000 cases cost the same DOM as 40 (measured in bench/reviewList.ts). Rows have one
// fixed height; the active row is the listbox's aria-activedescendant and is kept in view.
import { h } from './dom';

export type RowRenderer = (el: HTMLElement, dataIndex: number, active: boolean) => void;

const OVERSCAN = 8;
/** Used before the first layout (and in DOMs without layout): roughly a panel's height. */
const FALLBACK_VIEWPORT = 600;

export class VirtualList {
  readonly root: HTMLElement;
  private readonly spacer: HTMLElement;
  private readonly pool: HTMLElement[] = [];
  /** The data index each pooled element shows: moving the selection re-renders no row content. */
  private readonly shown: number[] = [];
  private stale = true;
  private items: number[] = [];
  private activePos = -1;
  private frame = 0;

  constructor(private readonly doc: Document, label: string, private readonly renderRow: RowRenderer, readonly rowHeight = 24) {
    this.spacer = h(doc, 'div', { class: 'vlist-spacer' });
    this.root = h(doc, 'div', { class: 'vlist', role: 'listbox', tabindex: 0, 'aria-label': label }, this.spacer);
    this.root.addEventListener('scroll', () => this.schedule());
  }

  /** Data indices to show, in order; the active row stays the same case when it is still shown. */
  setItems(items: number[]): void {
    const activeData = this.activeIndex();
    this.items = items;
    this.spacer.style.height = `${items.length * this.rowHeight}px`;
    this.activePos = activeData === undefined ? -1 : items.indexOf(activeData);
    this.stale = true;
    this.render();
  }

  get size(): number {
    return this.items.length;
  }

  /** The data index of the active row, if any. */
  activeIndex(): number | undefined {
    return this.activePos >= 0 ? this.items[this.activePos] : undefined;
  }

  activePosition(): number {
    return this.activePos;
  }

  setActivePosition(pos: number): void {
    if (!this.items.length) { this.activePos = -1; this.render(); return; }
    this.activePos = Math.max(0, Math.min(this.items.length - 1, pos));
    this.scrollIntoView(this.activePos);
    this.render();
  }

  setActiveData(dataIndex: number): boolean {
    const pos = this.items.indexOf(dataIndex);
    if (pos < 0) return false;
    this.setActivePosition(pos);
    return true;
  }

  /** Re-renders the rows in view (after their data changed). */
  refresh(): void {
    this.stale = true;
    this.render();
  }

  rowId(pos: number): string {
    return `case-option-${pos}`;
  }

  private viewport(): number {
    return this.root.clientHeight || FALLBACK_VIEWPORT;
  }

  private scrollIntoView(pos: number): void {
    const top = pos * this.rowHeight;
    const bottom = top + this.rowHeight;
    if (top < this.root.scrollTop) this.root.scrollTop = top;
    else if (bottom > this.root.scrollTop + this.viewport()) this.root.scrollTop = bottom - this.viewport();
  }

  private schedule(): void {
    if (this.frame) return;
    const raf = this.doc.defaultView?.requestAnimationFrame?.bind(this.doc.defaultView);
    if (!raf) { this.render(); return; }
    this.frame = raf(() => { this.frame = 0; this.render(); });
  }

  private render(): void {
    const first = Math.max(0, Math.floor(this.root.scrollTop / this.rowHeight) - OVERSCAN);
    const count = Math.min(this.items.length - first, Math.ceil(this.viewport() / this.rowHeight) + 2 * OVERSCAN);
    while (this.pool.length < count) {
      const el = h(this.doc, 'div', { class: 'vlist-row', role: 'option' });
      this.pool.push(el);
      this.root.appendChild(el);
    }
    for (let i = 0; i < this.pool.length; i++) {
      const el = this.pool[i];
      if (i >= count) { el.hidden = true; el.removeAttribute('id'); continue; }
      const pos = first + i;
      const active = pos === this.activePos;
      el.hidden = false;
      el.id = this.rowId(pos);
      el.style.transform = `translateY(${pos * this.rowHeight}px)`;
      el.setAttribute('aria-posinset', String(pos + 1));
      el.setAttribute('aria-setsize', String(this.items.length));
      el.setAttribute('aria-selected', active ? 'true' : 'false');
      el.dataset.pos = String(pos);
      el.classList.toggle('active', active);
      if (this.stale || this.shown[i] !== this.items[pos]) {
        this.renderRow(el, this.items[pos], active);
        this.shown[i] = this.items[pos];
      }
    }
    this.stale = false;
    if (this.activePos >= 0) this.root.setAttribute('aria-activedescendant', this.rowId(this.activePos));
    else this.root.removeAttribute('aria-activedescendant');
  }
}
