import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { codeBlock, escapeInline, inlineCode, safeLink, truncate } from '../../../src/host/markdown';
import { callSiteTooltip, schemaStatus } from '../../../src/host/views/tooltip';
import { modelHoverMarkdown } from '../../../src/host/hover/hoverText';
import { hoverFacts, modelStatus } from '../../../src/core/models/lifecycle';
import type { ModelInfo } from '../../../src/core/models/catalog';
import { site } from './support';

test('escapeInline leaves no markdown, HTML or link syntax active', () => {
  const evil = '**bold** <img src=x onerror=alert(1)> [click](command:workbench.action.quit) `code` &lt; # h';
  const out = escapeInline(evil);
  assert.ok(!/(^|[^\\])[*<>[\]()`&#]/.test(out), out);
  assert.ok(!out.includes('\n'));
  assert.equal(escapeInline('a\nb'), 'a b');
});

test('codeBlock fences cannot be closed by the text', () => {
  const text = 'before\n```\n[x](command:evil)\n````\nafter';
  const block = codeBlock(text, 'json');
  const fence = block.split('\n')[0].replace('json', '');
  assert.equal(fence, '`````');
  assert.ok(block.endsWith(`\n${fence}`));
  assert.ok(!text.split('\n').some((l) => l.startsWith(fence)));
  assert.equal(codeBlock('x', 'js"><script>'), '```jsscript\nx\n```');
});

test('inlineCode survives backticks', () => {
  assert.equal(inlineCode('a`b'), '``a`b``');
  assert.equal(inlineCode('`x'), '`` `x ``');
});

test('safeLink links only plain https URLs', () => {
  assert.equal(safeLink('src', 'https://example.com/a'), '[src](https://example.com/a)');
  assert.ok(!safeLink('src', 'command:workbench.action.quit').includes('](') );
  assert.ok(!safeLink('src', 'https://x.com/a) [y](command:z').includes(']('));
});

test('truncate says how much it cut', () => {
  assert.equal(truncate('abc', 5), 'abc');
  assert.equal(truncate('abcdef', 3), 'abc\n… (3 more characters)');
});

test('the tooltip shows the full template and schema, fenced', () => {
  const s = site({
    hasSchema: true,
    schema: { type: 'object', properties: { title: { type: 'string' } } },
    prompt: { messages: [{ role: 'system', content: 'Line one\n```\n<b>not html</b> [x](command:y)' }, { role: 'user', content: 'Doc: {{doc}}' }], holes: ['doc'] },
  });
  const md = callSiteTooltip(s, 'src/a.ts');
  assert.ok(md.includes('Line one\n```\n<b>not html</b>'), 'template text verbatim inside a longer fence');
  assert.ok(md.includes('````text'), 'fence longer than the text\'s own backticks');
  assert.ok(md.includes('"title"'), 'schema shown');
  assert.ok(md.includes('{{doc}}'));
  assert.equal(schemaStatus(s), 'schema ✓');
  assert.equal(schemaStatus(site({ hasSchema: true, schema: null })), 'schema (not static)');
  assert.equal(schemaStatus(site()), 'no schema');
  assert.ok(callSiteTooltip(site({ prompt: null }), 'a.ts').includes('not statically recoverable'));
});

test('the hover lists catalog facts and the retirement', () => {
  const info: ModelInfo = {
    id: 'gpt-4.5-preview', provider: 'openai', contextWindow: 128000, inputPerMTok: 75, outputPerMTok: 150, reasoning: false,
    retirementDate: '2025-07-14', replacement: 'gpt-4.1', source: 'https://developers.openai.com/api/docs/deprecations',
  };
  const status = modelStatus(info, '2026-01-01', 90);
  const md = modelHoverMarkdown('gpt-4.5-preview', hoverFacts(info), status, '2026-11-22');
  assert.match(md, /Context window:\*\* 128,000 tokens/);
  assert.match(md, /\$75 input \/ \$150 output per 1M tokens/);
  assert.match(md, /Retirement:\*\* 2025\\-07\\-14/);
  assert.match(md, /Replacement:\*\* gpt\\-4\\\.1/);
  assert.ok(md.includes('](https://developers.openai.com/api/docs/deprecations)'));
  assert.ok(md.includes('Retired'));
  const unknown = modelHoverMarkdown('my-model', undefined, modelStatus(undefined, '2026-01-01'));
  assert.match(unknown, /not in the Promptshift model catalog/);
});
