// End to end through the CLI verbs, the real openai SDK and the local OpenAI-compatible server.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startLocalEndpoint } from '../../../src/llm/localEndpoint/index';
import { run as replay } from '../../../src/cli/commands/replay';
import { run as compare } from '../../../src/cli/commands/compare';
import type { ResultRecord } from '../../../src/core/replay/records';
import { capture, makeWorkspace, PLANTED_KEY, readRecords, scanId, writeCases } from './workspace';

function allFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => { const p = join(dir, n); return statSync(p).isDirectory() ? allFiles(p) : [p]; });
}

const keyOf = (r: ResultRecord) => `${r.callSiteId}/${r.caseId}/${r.arm}/${r.repeat}`;

test('replay survives 25% faulted first attempts with results equal to a fault-free run; the key is never written', async () => {
  const { root } = makeWorkspace();
  const id = await scanId(root);
  writeCases(root, id, 30);
  const faulty = await startLocalEndpoint({ latencyMs: 5, faults: { rate: 0.25, firstAttemptOnly: true, retryAfterSeconds: 0.2, slowMs: 200, seed: 'e2e' } });
  const clean = await startLocalEndpoint({ latencyMs: 5 });
  try {
    const a = capture(root, { OPENAI_API_KEY: PLANTED_KEY });
    const codeA = await replay(['--callsite', id, '--candidate', 'gpt-4.1-mini', '--base-url', faulty.url, '--run-dir', 'runA', '--concurrency', '8', '--json'], a.io);
    assert.equal(codeA, 0, a.err());
    const outA = JSON.parse(a.out());
    assert.equal(outA.summary.done, 60);
    assert.equal(outA.summary.errors, 0);
    assert.ok(faulty.stats().faultsInjected >= 8, `faults injected: ${faulty.stats().faultsInjected}`);

    const b = capture(root, {});
    const codeB = await replay(['--callsite', id, '--candidate', 'gpt-4.1-mini', '--base-url', clean.url, '--run-dir', 'runB', '--concurrency', '8'], b.io);
    assert.equal(codeB, 0, b.err());
    assert.equal(b.out().trim(), join(root, 'runB'));

    const ra = readRecords(join(root, 'runA')), rb = readRecords(join(root, 'runB'));
    assert.equal(ra.length, 60);
    assert.equal(new Set(ra.map(keyOf)).size, 60);
    const byKey = new Map(rb.map((r) => [keyOf(r), r]));
    for (const r of ra) {
      const o = byKey.get(keyOf(r))!;
      assert.equal(r.status, 'ok');
      assert.equal(r.output, o.output);
      assert.equal(r.requestHash, o.requestHash);
      assert.deepEqual(r.usage, o.usage);
    }
    assert.ok(ra.some((r) => r.attempts > 1));
    const plan = JSON.parse(readFileSync(join(root, 'runA', 'plan.json'), 'utf8'));
    assert.equal(plan.endpoint.baseURL, faulty.url);
    assert.deepEqual(plan.arms, { baseline: { model: null }, candidate: { model: 'gpt-4.1-mini' } });
    assert.ok(readFileSync(join(root, 'runA', 'summary.json'), 'utf8').includes('"stopReason": "completed"'));

    // Same endpoint again: everything from the cache, nothing sent.
    const before = faulty.stats().requests;
    const c = capture(root, { OPENAI_API_KEY: PLANTED_KEY });
    assert.equal(await replay(['--callsite', id, '--candidate', 'gpt-4.1-mini', '--base-url', faulty.url, '--run-dir', 'runC', '--json'], c.io), 0, c.err());
    assert.equal(faulty.stats().requests, before);
    const rc = readRecords(join(root, 'runC'));
    assert.ok(rc.every((r) => r.cached && typeof r.cachedLatencyMs === 'number'));

    // The planted key is nowhere on disk and in no output.
    for (const f of allFiles(join(root, '.promptshift')).concat(allFiles(join(root, 'runA')), allFiles(join(root, 'runC')))) {
      assert.ok(!readFileSync(f, 'utf8').includes(PLANTED_KEY), f);
    }
    assert.ok(!(a.out() + a.err() + c.out() + c.err()).includes(PLANTED_KEY));

    // compare: --json shape, gates, JUnit.
    const cmp = capture(root);
    assert.equal(await compare(['runA', '--json', '--junit', 'junit.xml'], cmp.io), 0, cmp.err());
    const report = JSON.parse(cmp.out());
    assert.equal(report.callSiteId, id);
    // CLI.md's M keys all there (the contract), extended with the schema failure count and rate.
    assert.deepEqual(Object.keys(report.arms.baseline).sort(), ['costPerCaseUsd', 'costUsd', 'errorRate', 'errors', 'inputTokens', 'latencyP50Ms', 'latencyP95Ms', 'n', 'outputTokens', 'schemaPass', 'schemaPassRate', 'schemaFail', 'schemaFailRate'].sort());
    for (const k of ['exactMatchRate', 'changedPaths', 'significance', 'review', 'costSimulated']) assert.ok(k in report, k);
    assert.equal(report.arms.baseline.n, 30);
    assert.equal(report.cases.length, 30);
    assert.equal(typeof report.changed, 'number');
    assert.match(readFileSync(join(root, 'junit.xml'), 'utf8'), /<testcase classname="summarize-[^"]+" name="c0 \[baseline: gpt-4o\]"/);
    assert.equal(await compare(['runA', '--fail-on', 'candidate.errorRate > 0.05 || delta.schemaPassRate < -0.02'], capture(root).io), 0);
    const gate = capture(root);
    assert.equal(await compare(['runA', '--fail-on', 'candidate.n >= 30 && changed >= 0', '--format', 'github'], gate.io), 1);
    assert.match(gate.out(), /^::error file=src\/summarize.ts,line=4,/m);
    const bad = capture(root);
    assert.equal(await compare(['runA', '--fail-on', 'candidate.errRate > 1'], bad.io), 2);
    assert.match(bad.err(), /unknown name "candidate.errRate"/);
  } finally {
    await faulty.close();
    await clean.close();
  }
});

test('a malformed cases file is exit 2 with file:line before any request is sent', async () => {
  const { root } = makeWorkspace();
  const id = await scanId(root);
  writeFileSync(join(root, '.promptshift', 'cases', `${id}.jsonl`), '{"id":"a","vars":{"doc":"x"}}\n\n{"id":"b","vars":{"dok":"x"}}\n{"id":\n');
  const server = await startLocalEndpoint({ latencyMs: 1 });
  try {
    const io = capture(root);
    assert.equal(await replay(['--callsite', id, '--candidate', 'gpt-4.1-mini', '--base-url', server.url], io.io), 2);
    assert.match(io.err(), new RegExp(`\\.promptshift/cases/${id}\\.jsonl:3: case "b": unknown hole "dok"; missing var "doc"`));
    assert.match(io.err(), new RegExp(`\\.promptshift/cases/${id}\\.jsonl:4: not valid JSON`));
    assert.equal(server.stats().requests, 0);
    const bad = capture(root);
    writeFileSync(join(root, 'schema.json'), '{"type": "obj"}');
    writeCases(root, id, 2);
    assert.equal(await replay(['--callsite', id, '--candidate', 'x', '--base-url', server.url, '--schema', 'schema.json'], bad.io), 2);
    assert.match(bad.err(), /schema\.json: invalid JSON Schema/);
    assert.equal(server.stats().requests, 0);
    const usage = capture(root);
    await assert.rejects(replay(['--all', '--callsite', id, '--candidate', 'x'], usage.io), /exactly one of --callsite ID or --all/);
  } finally {
    await server.close();
  }
});
