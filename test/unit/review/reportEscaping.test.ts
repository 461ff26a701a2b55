// Model output is untrusted: in the Markdown and HTML reports, scripts, event handlers, links,
// images and comments it contains must come out as inert text. Checked with real parsers: the
// Markdown is rendered by markdown-it with raw HTML and linkify on (as permissive as GitHub), and
// both HTMLs are parsed by parse5 (the HTML spec's parsing algorithm, as a browser parses).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import MarkdownIt from 'markdown-it';
import { parse } from 'parse5';
import { compareRun } from '../../../src/core/compare/metrics';
import { buildReport, type CallSiteReport } from '../../../src/core/compare/report';
import { emptyReview, withDecision } from '../../../src/core/review/decisions';
import { renderMarkdown } from '../../../src/core/report/markdown';
import { renderHtml } from '../../../src/core/report/html';
import { mdCode, mdFence } from '../../../src/core/report/escape';
import type { ResultRecord, RunPlanFile } from '../../../src/core/replay/records';

const PAYLOADS = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(2)>',
  '[click me](javascript:alert(3))',
  '<a href="javascript:alert(4)">link</a>',
  '![pixel](https://evil.example/track.png)',
  '<!-- hidden comment -->',
  'visit https://evil.example/phish or www.evil.example or <https://evil.example/x> or mail@evil.example',
  '<svg onload=alert(5)><iframe src="https://evil.example"></iframe>',
  '```\n</code></pre><script>alert(6)</script>\n```',
  '| a | b |\n|---|---|\n| <img src=y onerror=alert(7)> | x |',
  '</style><script>alert(8)</script>',
  '`` ` ``<b>bold</b>',
];
const NASTY = PAYLOADS.join('\n');

function rec(over: Partial<ResultRecord>): ResultRecord {
  return {
    callSiteId: 'site<script>', caseId: 'c0', arm: 'baseline', repeat: 0, model: 'gpt-4o', requestHash: 'h', status: 'ok', error: null,
    output: 'plain', json: null, schema: { ok: true, errors: [] }, latencyMs: 100, usage: { input: 10, output: 5 },
    costUsd: 0.001, cached: false, attempts: 1, ...over,
  };
}

async function nastyReports(): Promise<{ reports: CallSiteReport[]; plan: RunPlanFile }> {
  const records: ResultRecord[] = [];
  PAYLOADS.forEach((p, i) => {
    const id = `case ${i} ${p.split('\n')[0]}`;
    // Text outputs that differ by the payload, line by line and word by word.
    records.push(rec({ caseId: id, output: `intro\nsafe line ${i}\nend` }));
    records.push(rec({ caseId: id, arm: 'candidate', model: 'gpt-4.1<img src=x onerror=alert(9)>', output: `intro\n${p}\nend` }));
  });
  // JSON outputs whose keys and values are payloads.
  const before = { title: 'ok', items: [{ note: 'fine' }] };
  const after = { title: NASTY, items: [{ note: PAYLOADS[1] }], [PAYLOADS[0]]: PAYLOADS[2] };
  records.push(rec({ caseId: 'json', output: JSON.stringify(before), json: before }));
  records.push(rec({ caseId: 'json', arm: 'candidate', output: JSON.stringify(after), json: after, schema: { ok: false, errors: [{ path: `/${PAYLOADS[0]}`, message: PAYLOADS[1] }] } }));
  // An error whose message is a payload.
  records.push(rec({ caseId: 'err' }));
  records.push(rec({ caseId: 'err', arm: 'candidate', status: 'error', error: { type: 'server', message: NASTY, status: 500 }, output: '', schema: null }));
  const [c] = await compareRun(records);
  let review = emptyReview();
  review = withDecision(review, { caseId: 'json' }, { decision: 'flagged', comment: NASTY, by: PAYLOADS[4], at: '2026-11-15T10:00:00Z' });
  review = withDecision(review, { caseId: `case 0 ${PAYLOADS[0]}` }, { decision: 'flagged', comment: PAYLOADS[3], by: 'ana', at: '2026-11-15T10:00:00Z' });
  const plan = {
    runId: 'run<script>', createdAt: '2026-11-15T10:00:00Z', repeats: 1, endpoint: { baseURL: null, simulated: true, label: 'stand-in' },
    callSites: [{ callSite: { id: c.callSiteId, path: 'src/<img src=x onerror=alert(10)>.ts', line: 3 } }],
  } as unknown as RunPlanFile;
  return { reports: [buildReport(c, { plan, review })], plan };
}

type Node = { nodeName: string; tagName?: string; attrs?: { name: string; value: string }[]; childNodes?: Node[]; content?: Node; value?: string; data?: string };

function walk(n: Node, visit: (n: Node) => void): void {
  visit(n);
  for (const c of n.childNodes ?? []) walk(c, visit);
  if (n.content) walk(n.content, visit);
}

function inspect(htmlText: string) {
  const doc = parse(htmlText) as unknown as Node;
  const tags = new Set<string>();
  const attrs: string[] = [];
  const attrList: { tag: string; name: string; value: string }[] = [];
  let comments = 0;
  let text = '';
  walk(doc, (n) => {
    if (n.tagName) tags.add(n.tagName);
    for (const a of n.attrs ?? []) { attrs.push(`${n.tagName}[${a.name}=${a.value}]`); attrList.push({ tag: n.tagName ?? '', name: a.name, value: a.value }); }
    if (n.nodeName === '#comment') comments++;
    if (n.nodeName === '#text') text += n.value;
  });
  return { tags, attrs, attrList, comments, text };
}

const DANGEROUS = ['script', 'img', 'a', 'iframe', 'svg', 'object', 'embed', 'link', 'form', 'input', 'b', 'base'];

test('Markdown: every model output, id, error and comment is inert text (markdown-it with HTML and linkify on)', async () => {
  const { reports, plan } = await nastyReports();
  const md = renderMarkdown(reports, { plan });
  const rendered = new MarkdownIt({ html: true, linkify: true }).render(md);
  const { tags, attrs, comments, text } = inspect(rendered);
  for (const t of DANGEROUS) assert.ok(!tags.has(t), `<${t}> came through:\n${rendered}`);
  assert.deepEqual(attrs.filter((a) => /\[on|\[(href|src)=/i.test(a)), [], 'no handlers, links or sources');
  assert.equal(comments, 0, 'an HTML comment in an output must show, not hide');
  // The payloads are there, as text a reader sees.
  for (const p of ['<script>alert(1)</script>', '<img src=x onerror=alert(2)>', '[click me](javascript:alert(3))', '<!-- hidden comment -->', 'www.evil.example']) {
    assert.ok(text.includes(p), `missing as text: ${p}`);
  }
  assert.ok(tags.has('table') && tags.has('pre') && tags.has('code'), 'the report still has its tables and code blocks');
  assert.match(md, /schema pass \| 0\/\d+ \(0\.0%\)|schema pass \| \d+\/\d+ \(\d+\.\d%\)/);
});

test('HTML report: only the template\'s own elements, no handlers, no links, no comments; payloads shown as text', async () => {
  const { reports, plan } = await nastyReports();
  const page = renderHtml(reports, { plan, generatedAt: '2026-11-15T10:00:00Z' });
  const { tags, attrs, attrList, comments, text } = inspect(page);
  const TEMPLATE = new Set(['html', 'head', 'body', 'meta', 'title', 'style', 'header', 'main', 'footer', 'section', 'h1', 'h2', 'h3', 'p', 'code', 'span',
    'div', 'strong', 'ul', 'li', 'table', 'colgroup', 'col', 'thead', 'tbody', 'tr', 'th', 'td', 'details', 'summary', 'del', 'ins', 'q']);
  assert.deepEqual([...tags].filter((t) => !TEMPLATE.has(t)), [], 'elements beyond the template');
  assert.deepEqual(attrs.filter((a) => /\[on|\[(href|src|srcdoc|action|formaction)=/i.test(a)), []);
  // Only the template's own attributes, with values of its own making (nothing untrusted goes in one).
  const ours = (a: { tag: string; name: string; value: string }) =>
    (a.name === 'class' && /^[a-z][a-z -]*$/.test(a.value)) || (a.name === 'colspan' && /^\d+$/.test(a.value))
    || (a.name === 'scope' && /^(col|row|colgroup)$/.test(a.value)) || (a.name === 'open' && a.value === '')
    || (a.tag === 'html' && a.name === 'lang') || (a.tag === 'meta' && ['charset', 'name', 'content', 'http-equiv'].includes(a.name));
  assert.deepEqual(attrList.filter((a) => !ours(a)), [], 'only our own attributes on our own elements');
  assert.ok(attrList.filter((a) => a.tag === 'meta' && a.name === 'content').every((a) => !a.value.includes('alert')));
  assert.equal(comments, 0);
  assert.equal((page.match(/<style>/g) ?? []).length, 1, 'one stylesheet: ours');
  assert.ok(!/<script/i.test(page.replace(/&lt;script/gi, '')), 'no script tag anywhere in the source');
  assert.match(page, /Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'/);
  for (const p of PAYLOADS.flatMap((x) => x.split('\n')).filter((l) => l.trim() && !l.startsWith('|---'))) assert.ok(text.includes(p.trim()) || text.includes(p), `missing as text: ${p}`);
  // Word marks wrap escaped text.
  assert.match(page, /<ins>&lt;script&gt;alert\(1\)&lt;\/script&gt;<\/ins>|<ins>[^<]*&lt;script&gt;/);
  assert.match(page, /prefers-color-scheme: dark/);
  assert.match(text, /Costs are simulated/);
});

test('escape helpers: a code span and a fence cannot be closed from inside', () => {
  assert.equal(mdCode('a `b` c'), '``a `b` c``');
  assert.equal(mdCode('`x`'), '`` `x` ``');
  assert.equal(mdCode('a|b', { inTable: true }), '`a\\|b`');
  assert.equal(mdCode('one\ntwo'), '`one ⏎ two`');
  assert.equal(mdCode(''), '(empty)');
  assert.equal(mdFence(['```', '````'], 'diff'), '`````diff\n```\n````\n`````');
  const md = new MarkdownIt({ html: true, linkify: true });
  assert.equal(md.renderInline(mdCode('<b>x</b> `y` www.x.com')), '<code>&lt;b&gt;x&lt;/b&gt; `y` www.x.com</code>');
});
