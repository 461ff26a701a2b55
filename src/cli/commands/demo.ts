// promptshift demo: the whole flow on the bundled sample workspace, with no key and no network.
// Replays go to the local stand-in endpoint (deterministic fake answers, labelled as such), with a
// few injected faults so the retries show.
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { effectiveModel } from '../../core/callsite';
import { BUILTIN_CATALOG, loadCatalog } from '../../core/models/catalog';
import { replacementFor } from '../../core/models/lifecycle';
import { LOCAL_ENDPOINT_LABEL, startLocalEndpoint } from '../../llm/localEndpoint/index';
import { EXIT_BAD_INPUT, EXIT_OK, type CliIo } from '../io';
import { formatInventory } from '../format/inventory';
import { lifecycleAnnotator, todayIso } from '../format/modelNotes';
import { casesFileFor, readCaseLinks } from '../../node/replayInputs';
import { scanDirectory } from './scan';
import { runReplay } from './replay';
import { run as compare } from './compare';
import { writeAllFormats } from './canary';

const DEMO_KEY_ENV = 'PROMPTSHIFT_DEMO_KEY';
/** Used when the catalog names no replacement for a call site's model. */
const FALLBACK_CANDIDATE = 'gpt-4.1';

export function findSampleWorkspace(io: CliIo): string | null {
  const candidates = [
    io.env.PROMPTSHIFT_SAMPLE_WORKSPACE,
    resolve(__dirname, '..', 'examples', 'sample-workspace'),
    resolve(__dirname, '..', '..', 'examples', 'sample-workspace'),
    resolve(__dirname, '..', '..', '..', 'examples', 'sample-workspace'),
    resolve(io.cwd, 'examples', 'sample-workspace'),
  ];
  return candidates.find((c): c is string => !!c && existsSync(join(c, 'README.md'))) ?? null;
}

/** Runs a verb in-process, keeping its stdout for us and passing its stderr through. */
async function captured(verb: (argv: string[], io: CliIo) => Promise<number>, argv: string[], io: CliIo, env: CliIo['env']) {
  let out = '';
  const code = await verb(argv, { ...io, env, stdout: (t) => { out += t; } });
  return { code, out };
}

const pct = (x: number | null | undefined) => (x === null || x === undefined ? '—' : `${(x * 100).toFixed(0)}%`);
const ms = (x: number | null | undefined) => (x === null || x === undefined ? '—' : `${Math.round(x)} ms`);
const usd = (x: number | null | undefined) => (x === null || x === undefined ? 'unpriced' : `${x < 0 ? '-' : ''}$${Math.abs(x).toFixed(5)}`);
/** The demo's replays go to the stand-in: plan.json records it, so every report labels costs as simulated. */
const replay = (argv: string[], io: CliIo) => runReplay(argv, io, { simulatedEndpoint: { label: LOCAL_ENDPOINT_LABEL } });

export async function run(_argv: string[], io: CliIo): Promise<number> {
  const root = findSampleWorkspace(io);
  if (!root) {
    io.stderr('promptshift demo: cannot find examples/sample-workspace (set PROMPTSHIFT_SAMPLE_WORKSPACE)\n');
    return EXIT_BAD_INPUT;
  }
  io.stdout(`== 1. Inventory of ${root}\n\n`);
  const result = await scanDirectory(root);
  io.stdout(formatInventory(result, lifecycleAnnotator(todayIso(io.env))));
  io.stdout(`\n${result.callSites.length} call sites in ${result.stats.files} files (${result.stats.ms} ms).\n`);

  const { links } = await readCaseLinks(root);
  const withCases = [];
  for (const site of result.callSites) if (await casesFileFor(root, site, links)) withCases.push(site);
  const endpoint = await startLocalEndpoint({ latencyMs: 25, faults: { rate: 0.15, kinds: ['429', '500', 'reset'], firstAttemptOnly: true, retryAfterSeconds: 0.2, seed: 7 } });
  // The stand-in listens on 127.0.0.1: never send it through a proxy the environment names.
  const noProxy = [io.env.no_proxy || io.env.NO_PROXY, new URL(endpoint.url).hostname].filter(Boolean).join(',');
  const env = { ...io.env, [DEMO_KEY_ENV]: 'promptshift-demo-local-key', no_proxy: noProxy, NO_PROXY: noProxy };
  const catalog = loadCatalog(BUILTIN_CATALOG);
  const today = todayIso(io.env);
  const runs: { site: string; from: string; to: string; runDir: string }[] = [];
  try {
    io.stdout(`\n== 2. Replay ${withCases.length} call sites with cases against ${endpoint.url}\n   (${LOCAL_ENDPOINT_LABEL}; 15% of first attempts fail with 429/500/reset to show the retries)\n\n`);
    for (const site of withCases) {
      const from = effectiveModel(site) ?? FALLBACK_CANDIDATE;
      const to = replacementFor(catalog, from, today, 90)?.id ?? FALLBACK_CANDIDATE;
      const { code, out } = await captured(replay, ['--callsite', site.id, '--candidate', to, '--base-url', endpoint.url,
        '--api-key-env', DEMO_KEY_ENV, '--root', root, '--concurrency', '4', '--no-cache', '--json'], io, env);
      if (code !== 0) {
        io.stderr(`promptshift demo: replay of ${site.id} ended with exit code ${code}\n`);
        return code;
      }
      const { runDir } = JSON.parse(out) as { runDir: string };
      runs.push({ site: site.id, from, to, runDir });
    }
  } finally {
    const stats = endpoint.stats();
    await endpoint.close();
    io.stdout(`\n   the endpoint received ${stats.requests} requests and injected ${stats.faultsInjected} faults; each faulted request was retried.\n`);
  }

  io.stdout('\n== 3. Compare baseline and candidate\n\n');
  io.stdout(`${'call site'.padEnd(24)} ${'baseline → candidate'.padEnd(52)} ${'errors'.padEnd(11)} ${'schema pass'.padEnd(13)} ${'p50 latency'.padEnd(19)} changed\n`);
  for (const r of runs) {
    const { code, out } = await captured(compare, [r.runDir, '--json'], io, io.env);
    if (code !== 0) return code;
    const c = JSON.parse(out);
    const b = c.arms.baseline;
    const k = c.arms.candidate;
    io.stdout(`${r.site.padEnd(24)} ${`${r.from} → ${r.to}`.padEnd(52)} ${`${b.errors} → ${k.errors}`.padEnd(11)} ${`${pct(b.schemaPassRate)} → ${pct(k.schemaPassRate)}`.padEnd(13)} ${`${ms(b.latencyP50Ms)} → ${ms(k.latencyP50Ms)}`.padEnd(19)} ${c.changed}/${c.cases.length}\n`);
    io.stdout(`${''.padEnd(24)} ${c.significance.regressed ? 'REGRESSION' : 'no significant regression'}; exact match ${pct(c.exactMatchRate)}; cost${c.costSimulated ? ' (simulated)' : ''} ${usd(b.costUsd)} → ${usd(k.costUsd)}\n`);
  }
  if (runs.length) io.stdout(`\n   Costs are simulated: catalog prices applied to the stand-in's fake answers; no money was spent.\n`);

  // The review reports of each run, written into its run directory.
  io.stdout('\n== 4. Review reports (Markdown for a pull request, HTML to open in a browser)\n\n');
  for (const r of runs) {
    const md = await captured(compare, [r.runDir, '--markdown'], io, io.env);
    if (md.code !== 0) return md.code;
    await writeFile(join(r.runDir, 'report.md'), md.out);
    const html = await captured(compare, [r.runDir, '--html', join(r.runDir, 'report.html')], { ...io, stderr: () => {} }, io.env);
    if (html.code !== 0) return html.code;
    io.stdout(`${r.site.padEnd(24)} ${relative(io.cwd, join(r.runDir, 'report.md')) || 'report.md'}\n${''.padEnd(24)} ${relative(io.cwd, join(r.runDir, 'report.html')) || 'report.html'}\n`);
  }

  // The rollout plan of each run, in every export format, beside the run.
  io.stdout('\n== 4. Rollout plans (promptshift canary, every format)\n\n');
  const rolloutDirs: string[] = [];
  for (const r of runs) {
    const dir = join(r.runDir, 'rollout');
    const written = await writeAllFormats(r.runDir, dir);
    if (!written.ok) { io.stderr(`promptshift demo: ${written.error}\n`); return EXIT_BAD_INPUT; }
    rolloutDirs.push(dir);
    io.stdout(`${r.site.padEnd(24)} ${written.verdict.toUpperCase()}${written.reasons.length ? `: ${written.reasons.join('; ')}` : ''}\n${''.padEnd(24)} ${written.files.length} files in ${relative(io.cwd, dir) || dir}\n`);
  }

  io.stdout('\n== Where everything is\n\n');
  io.stdout(`workspace     ${root}\n`);
  for (const r of runs) io.stdout(`run           ${relative(io.cwd, r.runDir) || r.runDir}   (plan.json, results.jsonl, summary.json, report.md, report.html)\n`);
  for (const d of rolloutDirs) io.stdout(`rollout plan  ${relative(io.cwd, d) || d}   (json, markdown, flagd, launchdarkly, litellm, portkey, argo, flagger)\n`);
  io.stdout(`\nNext: open ${relative(io.cwd, root) || root} in VS Code with the extension (F5) to see the call sites, diagnostics and runs;\n`);
  io.stdout(`      \`node dist/cli.js compare <run> --markdown\` prints a run for a pull request.\n`);
  return EXIT_OK;
}
