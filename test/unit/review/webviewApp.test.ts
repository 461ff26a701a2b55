// The review panel's browser code in a DOM (happy-dom), fed by the host's real view models: hostile
// model output stays text, the list is a listbox driven by j/k/a/f, decisions and selection are
// reported to the host, malformed messages are ignored, and the state survives a reload.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Window } from 'happy-dom';
import { compareRun } from '../../../src/core/compare/metrics';
import { runSignificance } from '../../../src/core/compare/significance';
import { emptyReview } from '../../../src/core/review/decisions';
import { caseDetail, caseRow, siteSummary } from '../../../src/host/review/viewModels';
import type { HostMessage, WebviewMessage } from '../../../src/protocol/review';
import { ReviewApp, type SavedState } from '../../../src/webview/app';
import { HOSTILE, records, type CaseSpec } from './runFixture';

const SITE = 'site-1';

function hostileCases(): CaseSpec[] {
  const cases: CaseSpec[] = HOSTILE.map((h, i) => ({ id: `hostile-${i}`, baseline: { output: `plain answer ${i}` }, candidate: { output: h } }));
  cases.push({ id: 'json-1', baseline: { json: { label: '<b>ok</b>', n: 1 }, schemaErrors: null }, candidate: { json: { label: '<img src=x onerror=alert(1)>', n: 1 }, schemaErrors: [{ path: '/label', message: '<script>alert(1)</script> must be one of' }] } });
  cases.push({ id: '<script>id</script>', baseline: { output: 'same' }, candidate: { output: 'same' } });
  return cases;
}

async function hostMessages(cases: CaseSpec[]) {
  const [c] = await compareRun(records(SITE, cases));
  const site = siteSummary(c, runSignificance(c.arms), 'src/a.ts:1', true);
  const rows = c.cases.map((x) => caseRow(SITE, x, emptyReview()));
  const init: HostMessage = { type: 'init', header: { runId: 'r1', runDir: '/runs/r1', createdAt: '2026-11-15', endpoint: 'local', simulated: true, status: 'done', canExportRollout: false }, sites: [site], sweeps: [], total: rows.length };
  const page: HostMessage = { type: 'cases', start: 0, total: rows.length, rows };
  const detailOf = (caseId: string): HostMessage => ({ type: 'detail', detail: caseDetail(c, c.cases.find((x) => x.caseId === caseId)!) });
  return { init, page, detailOf, rows };
}

function mount(saved?: unknown) {
  const window = new Window({ url: 'https://webview.test/' });
  const doc = window.document as unknown as Document;
  const posted: WebviewMessage[] = [];
  const states: SavedState[] = [];
  const logs: string[] = [];
  const app = new ReviewApp(doc, { postMessage: (m) => posted.push(m), getState: () => saved, setState: (s) => states.push(s) }, (m) => logs.push(m));
  app.start();
  const key = (k: string, target: EventTarget = doc) => target.dispatchEvent(new window.KeyboardEvent('keydown', { key: k, bubbles: true }) as unknown as Event);
  const list = () => doc.querySelector('[role="listbox"]') as HTMLElement;
  return { window, doc, app, posted, states, logs, key, list };
}

/** Elements or attributes that would mean model output became markup. */
function injected(root: ParentNode): string[] {
  const found = [...root.querySelectorAll('script, img, a, iframe, svg, style, b, link[href*="javascript"], [autofocus]')].map((e) => e.tagName.toLowerCase());
  for (const e of root.querySelectorAll('*')) for (const a of e.getAttributeNames()) if (/^on/i.test(a)) found.push(`${e.tagName.toLowerCase()}[${a}]`);
  return found;
}

test('the detector sees injected markup (negative control: the same outputs through innerHTML)', () => {
  const { doc } = mount();
  const scratch = doc.createElement('div');
  scratch.innerHTML = HOSTILE.join('\n');
  assert.ok(injected(scratch).length >= 5, `found ${injected(scratch).join(', ')}`);
});

test('hostile outputs, ids and schema errors render as text: no element, handler or link is created', async () => {
  const { doc, app, posted, key } = mount();
  const m = await hostMessages(hostileCases());
  app.receive(m.init);
  app.receive(m.page);
  let schemaErrorShown = false;
  // Walk the whole list so every case's detail is rendered once.
  for (let i = 0; i < m.rows.length; i++) {
    const sel = posted.filter((p) => p.type === 'select').at(-1) as Extract<WebviewMessage, { type: 'select' }>;
    app.receive(m.detailOf(sel.caseId));
    assert.deepEqual(injected(doc.body), [], `after ${sel.caseId}`);
    const right = [...doc.querySelectorAll('.code.right, .code.same')].map((e) => e.textContent).join('\n');
    const candidate = m.rows.find((x) => x.caseId === sel.caseId)!;
    if (candidate.caseId.startsWith('hostile-')) assert.ok(right.includes(HOSTILE[Number(candidate.caseId.split('-')[1])]), `the raw text of ${sel.caseId} is shown as text`);
    schemaErrorShown ||= doc.querySelector('.schema-errors')?.textContent?.includes('/label: <script>alert(1)</script> must be one of') ?? false;
    key('j');
  }
  assert.ok(schemaErrorShown, 'the schema error under the candidate output is shown verbatim');
  assert.ok([...doc.querySelectorAll('.vlist-row .case-id')].some((e) => e.textContent === '<script>id</script>'), 'a hostile case id is text');
  assert.deepEqual(injected(doc.body), []);
});

test('the list is a listbox with aria-activedescendant; j/k move and ask the host for the case', async () => {
  const { doc, app, posted, key, list } = mount();
  const m = await hostMessages(hostileCases());
  app.receive(m.init);
  app.receive(m.page);
  const selects = () => posted.filter((p): p is Extract<WebviewMessage, { type: 'select' }> => p.type === 'select').map((p) => p.caseId);
  assert.deepEqual(selects(), ['hostile-0'], 'the first case is selected on load');
  key('j');
  key('j');
  key('k');
  assert.deepEqual(selects(), ['hostile-0', 'hostile-1', 'hostile-2', 'hostile-1']);
  const active = doc.getElementById(list().getAttribute('aria-activedescendant')!)!;
  assert.equal(active.getAttribute('role'), 'option');
  assert.equal(active.getAttribute('aria-selected'), 'true');
  assert.match(active.getAttribute('aria-label')!, /^hostile-1, changed, baseline pass, candidate pass/);
  key('ArrowDown', list());
  assert.equal(selects().at(-1), 'hostile-2', 'arrows work in the focused list');
  for (const b of doc.querySelectorAll('button')) assert.ok((b.textContent ?? '').trim() || b.getAttribute('aria-label'), 'every button has a name');
  assert.ok(doc.querySelector('label[for="case-search"]') && doc.querySelector('label[for="flag-comment"]'), 'inputs are labelled');
});

test('a accepts, f flags with a comment; the host\'s echo marks the row', async () => {
  const { doc, app, posted, key } = mount();
  const m = await hostMessages(hostileCases());
  app.receive(m.init);
  app.receive(m.page);
  key('a');
  assert.deepEqual(posted.at(-1), { type: 'decide', callSiteId: SITE, caseId: 'hostile-0', decision: 'accepted', comment: '' });
  key('j');
  key('f');
  const form = doc.querySelector('form.flag-form') as HTMLFormElement;
  const input = doc.getElementById('flag-comment') as HTMLInputElement;
  assert.equal(form.hidden, false);
  assert.equal(doc.activeElement, input, 'the comment box has focus');
  input.value = 'drops the <b>title</b>';
  form.requestSubmit();
  assert.deepEqual(posted.at(-1), { type: 'decide', callSiteId: SITE, caseId: 'hostile-1', decision: 'flagged', comment: 'drops the <b>title</b>' });
  assert.equal(form.hidden, true);
  app.receive({ type: 'decision', callSiteId: SITE, caseId: 'hostile-1', decision: 'flagged', comment: 'drops the <b>title</b>' });
  const row = doc.querySelector('.vlist-row.flagged')!;
  assert.match(row.getAttribute('aria-label')!, /flagged: drops the <b>title<\/b>/);
  assert.match(doc.querySelector('.decision.flagged')!.textContent!, /Flagged: drops the <b>title<\/b>/);
  assert.deepEqual(injected(doc.body), []);
});

test('filters and search narrow the list; the count says how many', async () => {
  const { doc, app } = mount();
  const m = await hostMessages(hostileCases());
  app.receive(m.init);
  app.receive(m.page);
  const count = () => doc.querySelector('.count')!.textContent;
  assert.equal(count(), `7 of 7 cases`);
  const changed = [...doc.querySelectorAll('button.toggle')].find((b) => b.textContent!.includes('Changed')) as HTMLElement;
  changed.click();
  assert.equal(changed.getAttribute('aria-pressed'), 'true');
  assert.equal(count(), '6 of 7 cases', 'the unchanged case is hidden');
  const schema = [...doc.querySelectorAll('button.toggle')].find((b) => b.textContent!.includes('Schema')) as HTMLElement;
  changed.click();
  schema.click();
  assert.equal(count(), '1 of 7 cases');
  schema.click();
  const search = doc.getElementById('case-search') as HTMLInputElement;
  search.value = 'onerror';
  search.dispatchEvent(new (doc.defaultView as unknown as typeof globalThis).Event('input'));
  assert.equal(count(), '2 of 7 cases', 'search matches outputs as well as ids');
});

test('malformed host messages are logged and ignored', async () => {
  const { doc, app, logs } = mount();
  const m = await hostMessages(hostileCases());
  app.receive(m.init);
  app.receive(m.page);
  const before = doc.body.innerHTML;
  app.receive({ type: 'detail', detail: { html: '<img src=x onerror=alert(1)>' } });
  app.receive({ type: 'cases', start: 0, total: 7, rows: [{ caseId: '<script>' }] });
  app.receive('<script>alert(1)</script>');
  assert.equal(doc.body.innerHTML, before);
  assert.deepEqual(logs, ['Promptshift review: ignored a malformed "detail" message', 'Promptshift review: ignored a malformed "cases" message', 'Promptshift review: ignored a string instead of a message']);
});

test('the state is saved and a reloaded panel comes back to the same case and filters', async () => {
  const first = mount();
  const m = await hostMessages(hostileCases());
  first.app.receive(m.init);
  first.app.receive(m.page);
  first.key('j');
  first.key('j');
  const saved = first.states.at(-1)!;
  assert.deepEqual(saved.selected, { callSiteId: SITE, caseId: 'hostile-2' });
  assert.equal(saved.runDir, '/runs/r1');
  const second = mount(JSON.parse(JSON.stringify(saved)));
  second.app.receive(m.init);
  second.app.receive(m.page);
  assert.deepEqual(second.posted.filter((p) => p.type === 'select').map((p) => (p as { caseId: string }).caseId), ['hostile-2']);
});

test('5,000 cases: the list keeps a small, constant number of row elements', async () => {
  const { doc, app, key, list } = mount();
  const cases: CaseSpec[] = Array.from({ length: 5_000 }, (_, i) => ({ id: `case-${i}`, baseline: { output: `a ${i}` }, candidate: { output: i % 3 ? `a ${i}` : `b ${i}` } }));
  const m = await hostMessages(cases);
  app.receive(m.init);
  for (let s = 0; s < m.rows.length; s += 1_000) app.receive({ type: 'cases', start: s, total: m.rows.length, rows: m.rows.slice(s, s + 1_000) });
  const rendered = () => doc.querySelectorAll('.vlist-row:not([hidden])').length;
  assert.ok(rendered() > 0 && rendered() <= 60, `${rendered()} rows in the DOM`);
  for (let i = 0; i < 300; i++) key('j');
  key('End', list());
  assert.ok(rendered() <= 60, `${rendered()} rows in the DOM after moving to the end`);
  const active = doc.getElementById(list().getAttribute('aria-activedescendant')!)!;
  assert.match(active.getAttribute('aria-label')!, /^case-4999,/);
});
