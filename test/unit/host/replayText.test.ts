import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import {
  estimateText, isReplayOptions, needsConfirmation, problemLocation, progressText, redact, replayRefusal, summaryText, unreachableText, usd,
} from '../../../src/host/replay/text';
import type { RunSummary } from '../../../src/core/replay/records';

const est = (costUsd: number | null, requests = 10) => ({ requests, inputTokens: 1234, outputTokens: 2560, costUsd, unpricedModels: costUsd === null ? ['my-model'] : [] });

test('trust guard: refuses in an untrusted workspace, saying nothing was sent', () => {
  assert.match(replayRefusal(false)!, /untrusted workspace: nothing was sent/);
  assert.equal(replayRefusal(true), null);
});

test('estimate and confirmation threshold', () => {
  assert.equal(estimateText(est(0.5)), '10 requests, ~1,234 input and ≤2,560 output tokens, about $0.50');
  assert.match(estimateText(est(null)), /cost unknown \(no price for my-model\)/);
  assert.equal(needsConfirmation(est(0.5), 1), false);
  assert.equal(needsConfirmation(est(1.5), 1), true);
  assert.equal(needsConfirmation(est(null), 1), true, 'an unknown cost asks');
  assert.equal(needsConfirmation(est(null, 0), 1), false, 'nothing left to send');
  assert.equal(usd(0.0012), '$0.0012');
  assert.equal(usd(0), '$0');
});

test('progress and summary texts', () => {
  assert.equal(progressText({ total: 10, done: 4, errors: 1, cached: 2, inFlight: 3, spentUsd: 0.02 }), '4/10 done · 1 error · 2 cached · $0.02 spent');
  const s: RunSummary = { runId: 'r', stopReason: 'cancelled', stopDetail: 'cancelled by the user', total: 10, done: 4, ok: 3, errors: 1, cached: 0, resumed: 0, spentUsd: 0, estimate: null, updatedAt: '' };
  assert.match(summaryText(s), /^Replay cancelled \(finished results kept; resume from the Runs view\): 4\/10 done, 1 error, \$0 spent — cancelled by the user$/);
  assert.match(summaryText({ ...s, stopReason: 'completed', done: 10, errors: 0 }), /^Replay finished: 10\/10 done, 0 errors/);
});

test('command arguments and problem locations', () => {
  assert.equal(isReplayOptions({ callSiteId: 'a', candidate: 'gpt-4.1' }), true);
  assert.equal(isReplayOptions({ callSiteId: 'a', endpoint: 'local' }), true, 'the call site given, the candidate asked');
  assert.equal(isReplayOptions({ callSiteId: 'a', candidates: ['gpt-4.1-mini', 'gpt-4o'], sweep: ['gpt-5.6'] }), true, 'a sweep given up front');
  assert.equal(isReplayOptions({ callSiteId: 'a', candidates: 'gpt-4o' }), false, 'candidates is a list');
  assert.equal(isReplayOptions({ callSiteId: 'a', sweep: [1] }), false);
  assert.equal(isReplayOptions({ callSiteId: 'a', candidate: 7 }), false);
  assert.equal(isReplayOptions({ id: 'a', path: 'x', line: 1, api: 'openai.chat' }), false);
  assert.equal(isReplayOptions(undefined), false);
  assert.deepEqual(problemLocation('.promptshift/cases/a.jsonl:3: not valid JSON: x'), { file: '.promptshift/cases/a.jsonl', line: 3, message: 'not valid JSON: x' });
  assert.equal(problemLocation('no cases for x'), null);
});

test('redact removes secrets of useful length only', () => {
  assert.equal(redact('bad key sk-abcdef123456 sent', ['sk-abcdef123456', 'a']), 'bad key *** sent');
});

test('a run stopped because the endpoint answered nothing: the URL, what is kept and what to do', () => {
  const s: RunSummary = { runId: 'r', stopReason: 'unreachable', stopDetail: 'cannot reach http://127.0.0.1:9/v1: no answer to any request for 7.5 s', total: 10, done: 0, ok: 0, errors: 0, cached: 0, resumed: 0, spentUsd: 0, estimate: null, updatedAt: '' };
  const t = unreachableText('http://127.0.0.1:9/v1', s);
  assert.match(t, /^Cannot reach http:\/\/127\.0\.0\.1:9\/v1: no answer to any request/);
  assert.match(t, /0\/10 finished results are kept/);
  assert.match(t, /baseURL in promptshift\.endpoints.*then resume the run\.$/);
  assert.match(summaryText(s), /^Replay stopped: the endpoint could not be reached \(resume from the Runs view\)/);
});
