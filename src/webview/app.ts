// The review panel's browser side: lays out the panel, renders what the host sends, and reports
// what the reviewer does. Keyboard: j/k (and arrows in the list) move, a accepts, f flags with a
// comment, u clears, d opens VS Code's diff, / searches; every key has a button. What must survive
// the panel being hidden or the window reloading goes through the webview state.
import type { CaseDetail, CaseKey, CaseRow, Decision, HostMessage, RunHeader, SiteSummary, WebviewMessage } from '../protocol/review';
import { describeRejected, isHostMessage, MAX_COMMENT } from '../protocol/review';
import { clear, h, icon } from './dom';
import { FILTER_LABELS, FILTERS, visibleRows, type FilterName } from './filter';
import { fillRow, renderDiff, renderHeader, renderSites } from './render';
import { renderSweeps } from './sweepView';
import { VirtualList } from './virtualList';

export interface WebviewApi {
  postMessage(message: WebviewMessage): void;
  getState(): unknown;
  setState(state: SavedState): void;
}

export interface SavedState {
  runDir: string;
  filters: FilterName[];
  query: string;
  selected: CaseKey | null;
  scrollTop: number;
}

const keyOf = (k: CaseKey) => `${k.callSiteId}\u0000${k.caseId}`;

function restored(v: unknown): Partial<SavedState> {
  if (!v || typeof v !== 'object') return {};
  const s = v as Record<string, unknown>;
  const sel = s.selected as Record<string, unknown> | null | undefined;
  return {
    runDir: typeof s.runDir === 'string' ? s.runDir : undefined,
    filters: Array.isArray(s.filters) ? s.filters.filter((f): f is FilterName => (FILTERS as readonly unknown[]).includes(f)) : [],
    query: typeof s.query === 'string' ? s.query : '',
    selected: sel && typeof sel.callSiteId === 'string' && typeof sel.caseId === 'string' ? { callSiteId: sel.callSiteId, caseId: sel.caseId } : null,
    scrollTop: typeof s.scrollTop === 'number' ? s.scrollTop : 0,
  };
}

export class ReviewApp {
  private header: RunHeader | null = null;
  private sites: SiteSummary[] = [];
  private rows: CaseRow[] = [];
  private received = 0;
  private total = -1;
  private readonly index = new Map<string, number>();
  private readonly filters: Set<FilterName>;
  private query: string;
  private selected: CaseKey | null;
  private pendingFocus: CaseKey | null = null;
  private detail: CaseDetail | null = null;
  private readonly list: VirtualList;
  private readonly el: Record<'title' | 'sites' | 'metricsSummary' | 'count' | 'caseHead' | 'body' | 'banner' | 'exportButton' | 'migrateButton' | 'flagForm' | 'comment' | 'search', HTMLElement>;
  private readonly filterButtons = new Map<FilterName, HTMLElement>();
  private readonly actionButtons: HTMLButtonElement[] = [];
  private readonly scrollTop: number;

  constructor(private readonly doc: Document, private readonly api: WebviewApi, private readonly log: (m: string) => void = () => undefined) {
    const saved = restored(api.getState());
    this.filters = new Set(saved.filters ?? []);
    this.query = saved.query ?? '';
    this.selected = saved.selected ?? null;
    this.scrollTop = saved.scrollTop ?? 0;
    this.list = new VirtualList(doc, 'Cases', (el, i, _active) => this.renderRow(el, i));
    this.el = {
      title: h(doc, 'div', { class: 'title' }),
      sites: h(doc, 'div', {}),
      metricsSummary: h(doc, 'summary', {}, 'Metrics and significance'),
      count: h(doc, 'p', { class: 'count muted', 'aria-live': 'polite' }),
      caseHead: h(doc, 'div', { class: 'case-head' }),
      body: h(doc, 'div', { class: 'detail-body' }),
      banner: h(doc, 'div', { class: 'banner', role: 'alert', hidden: true }),
      exportButton: this.button('Export Rollout Plan…', 'rocket', () => this.api.postMessage({ type: 'exportRolloutPlan' }), 'Export a canary rollout plan for this run'),
      migrateButton: this.button('Migrate Code…', 'arrow-swap', () => this.api.postMessage({ type: 'migrate' }), "Edit the code to use this run's candidate model (shown in the refactor preview first)"),
      flagForm: h(doc, 'form', { class: 'flag-form', hidden: true, 'aria-label': 'Flag this case' }),
      comment: h(doc, 'input', { id: 'flag-comment', type: 'text', maxlength: MAX_COMMENT, placeholder: 'What is wrong with this output?' }),
      search: h(doc, 'input', { id: 'case-search', type: 'search', placeholder: 'Search case ids and outputs', value: this.query }),
    };
    this.el.exportButton.hidden = true;
  }

  /** Builds the layout and asks the host for the run. */
  start(): void {
    const d = this.doc;
    const refresh = this.button('Refresh', 'refresh', () => this.api.postMessage({ type: 'refresh' }), 'Read the run again from disk');
    const filterBar = h(d, 'div', { class: 'filters', role: 'toolbar', 'aria-label': 'Filter cases' },
      h(d, 'label', { for: 'case-search', class: 'visually-hidden' }, 'Search cases'), this.el.search);
    for (const f of FILTERS) {
      const b = this.button(FILTER_LABELS[f], undefined, () => this.toggleFilter(f), `Show ${FILTER_LABELS[f].toLowerCase()} (any chosen filter matches)`);
      b.classList.add('toggle');
      b.setAttribute('aria-pressed', String(this.filters.has(f)));
      this.filterButtons.set(f, b);
      filterBar.appendChild(b);
    }
    (this.el.search as HTMLInputElement).addEventListener('input', () => { this.query = (this.el.search as HTMLInputElement).value; this.applyFilters(); });
    const actions = h(d, 'div', { class: 'actions', role: 'toolbar', 'aria-label': 'Decide on this case' },
      this.action('Accept', 'check', 'a', () => this.decide('accepted', '')),
      this.action('Flag…', 'flag', 'f', () => this.openFlagForm()),
      this.action('Clear', 'discard', 'u', () => this.decide(null, '')),
      this.action('Open Diff', 'diff', 'd', () => this.openDiff()));
    this.buildFlagForm();
    this.list.root.addEventListener('click', (e) => {
      const row = (e.target as Element | null)?.closest?.('.vlist-row') as HTMLElement | null;
      if (row?.dataset.pos) { this.list.setActivePosition(Number(row.dataset.pos)); this.selectActive(); }
    });
    this.list.root.addEventListener('scroll', () => this.save());
    this.doc.addEventListener('keydown', (e) => this.onKey(e));
    const main = h(d, 'div', { class: 'main' },
      h(d, 'div', { class: 'list-pane' }, filterBar, this.el.count, this.list.root),
      h(d, 'section', { class: 'detail-pane', 'aria-label': 'Selected case' }, this.el.caseHead, actions, this.el.flagForm, this.el.body));
    const page = h(d, 'div', { class: 'page' },
      h(d, 'header', { class: 'toolbar' }, this.el.title, h(d, 'span', { class: 'grow' }), this.el.migrateButton, this.el.exportButton, refresh),
      this.el.banner,
      h(d, 'details', { class: 'metrics-wrap', open: true }, this.el.metricsSummary, this.el.sites),
      main,
      h(d, 'p', { class: 'keys muted' }, 'Keys: j / k next / previous · a accept · f flag with a comment · u clear · d open diff · / search'));
    this.doc.body.appendChild(page);
    this.el.caseHead.appendChild(h(d, 'p', { class: 'muted' }, 'Loading the run…'));
    this.api.postMessage({ type: 'ready' });
  }

  /** A message from the host: validated, then applied; anything else is logged and ignored. */
  receive(data: unknown): void {
    if (!isHostMessage(data)) { this.log(`Promptshift review: ignored ${describeRejected(data)}`); return; }
    this.apply(data);
  }

  private apply(m: HostMessage): void {
    switch (m.type) {
      case 'init':
        this.header = m.header;
        this.sites = m.sites;
        this.rows = new Array<CaseRow>(m.total);
        this.received = 0;
        this.total = m.total;
        clear(this.el.title);
        this.el.title.appendChild(renderHeader(this.doc, m.header));
        clear(this.el.sites);
        // A sweep shows every model against the baseline; a run of one candidate keeps its metrics table.
        if (m.sweeps.length) this.el.sites.appendChild(renderSweeps(this.doc, m.sweeps, { applyRecommendation: (callSiteId) => this.api.postMessage({ type: 'applyRecommendation', callSiteId }) }));
        else this.el.sites.appendChild(renderSites(this.doc, m.sites));
        this.el.metricsSummary.textContent = m.sweeps.length ? 'Sweep: cost and quality per model' : 'Metrics and significance';
        this.el.exportButton.hidden = !m.header.canExportRollout;
        this.hideBanner();
        if (m.total === 0) this.rowsComplete();
        return;
      case 'cases':
        if (m.total !== this.total) return;
        for (let i = 0; i < m.rows.length && m.start + i < this.total; i++) { this.rows[m.start + i] = m.rows[i]; this.received++; }
        if (this.received >= this.total) this.rowsComplete();
        return;
      case 'detail':
        if (this.selected && keyOf(this.selected) === keyOf(m.detail)) { this.detail = m.detail; this.renderDetail(); }
        return;
      case 'decision': {
        const i = this.index.get(keyOf(m));
        if (i === undefined) return;
        this.rows[i] = { ...this.rows[i], decision: m.decision, comment: m.comment };
        if (this.filters.has('flagged') || this.filters.has('accepted')) this.applyFilters(); else this.list.refresh();
        if (this.selected && keyOf(this.selected) === keyOf(m)) this.renderCaseHead();
        return;
      }
      case 'focus':
        this.pendingFocus = { callSiteId: m.callSiteId, caseId: m.caseId };
        if (this.received >= this.total && this.total >= 0) this.focusPending();
        return;
      case 'error':
        this.el.banner.textContent = m.message;
        this.el.banner.hidden = false;
        return;
    }
  }

  private rowsComplete(): void {
    this.index.clear();
    this.rows.forEach((r, i) => this.index.set(keyOf(r), i));
    this.applyFilters();
    if (this.scrollTop) this.list.root.scrollTop = this.scrollTop;
    if (this.pendingFocus) { this.focusPending(); return; }
    const sel = this.selected && this.index.get(keyOf(this.selected));
    if (sel !== undefined && sel !== null && this.list.setActiveData(sel)) this.selectActive();
    else if (this.list.size) { this.list.setActivePosition(0); this.selectActive(); } else this.renderCaseHead();
  }

  private focusPending(): void {
    const k = this.pendingFocus;
    this.pendingFocus = null;
    const i = k ? this.index.get(keyOf(k)) : undefined;
    if (i === undefined) return;
    if (!this.list.setActiveData(i)) {
      // The case is hidden by the filters: show everything rather than ignore the request.
      this.filters.clear();
      this.query = '';
      (this.el.search as HTMLInputElement).value = '';
      this.applyFilters();
      this.list.setActiveData(i);
    }
    this.selectActive();
  }

  private applyFilters(): void {
    for (const [f, b] of this.filterButtons) b.setAttribute('aria-pressed', String(this.filters.has(f)));
    this.list.setItems(visibleRows(this.rows, this.filters, this.query));
    this.el.count.textContent = `${this.list.size} of ${this.rows.length} case${this.rows.length === 1 ? '' : 's'}`;
    this.save();
  }

  private toggleFilter(f: FilterName): void {
    if (this.filters.has(f)) this.filters.delete(f); else this.filters.add(f);
    this.applyFilters();
  }

  private siteLabel(callSiteId: string): string | undefined {
    return this.sites.length > 1 ? this.sites.find((s) => s.callSiteId === callSiteId)?.label : undefined;
  }

  private renderRow(el: HTMLElement, i: number): void {
    const r = this.rows[i];
    fillRow(this.doc, el, r, this.siteLabel(r.callSiteId));
    // Right-click offers the same actions (webview/context menu in package.json).
    el.dataset.vscodeContext = JSON.stringify({ webviewSection: 'case', runDir: this.header?.runDir ?? '', callSiteId: r.callSiteId, caseId: r.caseId, preventDefaultContextMenuItems: true });
  }

  private current(): CaseRow | undefined {
    const i = this.list.activeIndex();
    return i === undefined ? undefined : this.rows[i];
  }

  private selectActive(): void {
    const r = this.current();
    if (!r) return;
    const changed = !this.selected || keyOf(this.selected) !== keyOf(r);
    this.selected = { callSiteId: r.callSiteId, caseId: r.caseId };
    if (changed || !this.detail || keyOf(this.detail) !== keyOf(r)) {
      this.detail = null;
      clear(this.el.body);
      this.el.body.appendChild(h(this.doc, 'p', { class: 'muted' }, 'Loading the outputs…'));
      this.api.postMessage({ type: 'select', callSiteId: r.callSiteId, caseId: r.caseId });
    }
    this.closeFlagForm(false);
    this.renderCaseHead();
    this.save();
  }

  private renderCaseHead(): void {
    clear(this.el.caseHead);
    const r = this.current();
    for (const b of this.actionButtons) b.disabled = !r;
    if (!r) { this.el.caseHead.appendChild(h(this.doc, 'p', { class: 'muted' }, this.rows.length ? 'No case matches the filters.' : 'This run has no cases yet.')); return; }
    const decision = r.decision === 'flagged'
      ? h(this.doc, 'p', { class: 'decision flagged' }, icon(this.doc, 'flag'), ' Flagged', r.comment ? `: ${r.comment}` : '')
      : r.decision === 'accepted' ? h(this.doc, 'p', { class: 'decision accepted' }, icon(this.doc, 'check'), ' Accepted') : h(this.doc, 'p', { class: 'decision muted' }, 'No decision yet');
    this.el.caseHead.append(h(this.doc, 'h2', {}, r.caseId, r.changed ? h(this.doc, 'span', { class: 'badge' }, 'changed') : null), decision);
  }

  private renderDetail(): void {
    clear(this.el.body);
    if (this.detail) this.el.body.appendChild(renderDiff(this.doc, this.detail));
  }

  private move(delta: number): void {
    if (!this.list.size) return;
    const pos = this.list.activePosition();
    this.list.setActivePosition(pos < 0 ? 0 : pos + delta);
    this.selectActive();
  }

  private decide(decision: Decision | null, comment: string): void {
    const r = this.current();
    if (!r) return;
    this.api.postMessage({ type: 'decide', callSiteId: r.callSiteId, caseId: r.caseId, decision, comment: comment.slice(0, MAX_COMMENT) });
  }

  private openDiff(): void {
    const r = this.current();
    if (r) this.api.postMessage({ type: 'openDiff', callSiteId: r.callSiteId, caseId: r.caseId });
  }

  private buildFlagForm(): void {
    const d = this.doc;
    const input = this.el.comment as HTMLInputElement;
    const form = this.el.flagForm as HTMLFormElement;
    form.append(h(d, 'label', { for: 'flag-comment' }, 'Comment'), input,
      h(d, 'button', { type: 'submit', class: 'primary' }, icon(d, 'flag'), ' Save Flag'),
      this.button('Cancel', undefined, () => this.closeFlagForm(true)));
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      this.decide('flagged', input.value.trim());
      this.closeFlagForm(true);
    });
    input.addEventListener('keydown', (e) => { if (e.key === 'Escape') { e.preventDefault(); this.closeFlagForm(true); } });
  }

  private openFlagForm(): void {
    const r = this.current();
    if (!r) return;
    this.el.flagForm.hidden = false;
    (this.el.comment as HTMLInputElement).value = r.decision === 'flagged' ? r.comment : '';
    this.el.comment.focus();
  }

  private closeFlagForm(refocus: boolean): void {
    this.el.flagForm.hidden = true;
    if (refocus) this.list.root.focus();
  }

  private onKey(e: KeyboardEvent): void {
    const t = e.target as HTMLElement | null;
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    if (t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA')) {
      if (e.key === 'Escape' && t === this.el.search) { this.list.root.focus(); e.preventDefault(); }
      return;
    }
    const inList = t === this.list.root;
    const keys: Record<string, () => void> = {
      j: () => this.move(1), k: () => this.move(-1),
      a: () => this.decide('accepted', ''), f: () => this.openFlagForm(), u: () => this.decide(null, ''), d: () => this.openDiff(),
      '/': () => this.el.search.focus(),
      ...(inList ? {
        ArrowDown: () => this.move(1), ArrowUp: () => this.move(-1), Enter: () => this.openDiff(),
        Home: () => this.move(-this.list.size), End: () => this.move(this.list.size),
        PageDown: () => this.move(10), PageUp: () => this.move(-10),
      } : {}),
    };
    const run = keys[e.key];
    if (!run) return;
    e.preventDefault();
    run();
  }

  private button(label: string, iconName: string | undefined, onClick: () => void, title?: string): HTMLElement {
    const b = h(this.doc, 'button', { type: 'button', title }, iconName ? icon(this.doc, iconName) : null, iconName ? ` ${label}` : label);
    b.addEventListener('click', onClick);
    return b;
  }

  private action(label: string, iconName: string, key: string, onClick: () => void): HTMLElement {
    const b = this.button(label, iconName, onClick, `${label.replace('…', '')} (${key})`) as HTMLButtonElement;
    b.setAttribute('aria-keyshortcuts', key);
    this.actionButtons.push(b);
    return b;
  }

  private hideBanner(): void {
    this.el.banner.hidden = true;
    this.el.banner.textContent = '';
  }

  private save(): void {
    if (!this.header) return;
    this.api.setState({ runDir: this.header.runDir, filters: [...this.filters], query: this.query, selected: this.selected, scrollTop: this.list.root.scrollTop });
  }
}
