import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { infoLensTitle } from '../../../src/host/codelens/lensTitles';
import { statusBarText, statusBarTooltip } from '../../../src/host/statusBarText';
import { site } from './support';

test('lens title: model · family · schema status', () => {
  assert.equal(infoLensTitle(site({ hasSchema: true, schema: { type: 'object' } })), 'gpt-4o · openai.chat · schema ✓');
  assert.equal(infoLensTitle(site({ api: 'anthropic.messages', model: 'claude-x' })), 'claude-x · anthropic.messages · no schema');
  assert.equal(infoLensTitle(site({ model: null, modelResolved: 'gpt-4o', hasSchema: true, schema: null })), 'gpt-4o (resolved) · openai.chat · schema (not static)');
  assert.equal(infoLensTitle(site({ model: null, modelResolved: null })), 'model not static · openai.chat · no schema');
  assert.equal(infoLensTitle(site({ model: 'gpt-4.5-preview' }), 'retired'), 'gpt-4.5-preview ⚠ retired · openai.chat · no schema');
  assert.equal(infoLensTitle(site(), 'active'), 'gpt-4o · openai.chat · no schema');
});

test('status bar text and tooltip', () => {
  const c = { callSites: 12, retired: 2, retiring: 1, scanning: false, retiringWithinDays: 90 };
  assert.equal(statusBarText(c), '$(symbol-event) 12 call sites · 3 retired/retiring');
  assert.equal(statusBarText({ ...c, callSites: 1, retired: 0, retiring: 0 }), '$(symbol-event) 1 call site · 0 retired/retiring');
  assert.match(statusBarText({ ...c, callSites: 0, scanning: true }), /scanning/);
  assert.match(statusBarTooltip(c), /2 use a retired model/);
  assert.match(statusBarTooltip(c), /1 use a model retiring within 90 days/);
});
