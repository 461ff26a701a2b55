// The text of `promptshift <verb> --help`, one constant a verb. Kept apart from the verbs so help
// loads nothing else; the flags are those of ../shared/design/CLI.md (the CLI contract) and of each
// verb's FLAGS, which test/unit/cli/help.test.ts checks against this text.

import { FAIL_ON_NAMES } from '../core/compare/failOn';
import { NOISE_DEFINITION } from '../core/compare/noise';

const EXIT_CODES = 'Exit codes: 0 success, 1 the work ran and a gate failed or it stopped early, 2 bad usage or input.';

export const SCAN_HELP = `Usage: promptshift scan [DIR] [--json] [--include GLOB]... [--exclude GLOB]...

Finds the prompt call sites (OpenAI, Azure OpenAI, Anthropic, Vercel AI SDK, LangChain and more) in
DIR (default: the current directory) and prints an inventory with each model's lifecycle status.

Options:
  --json            print one JSON object (version, root, callSites, stats, errors) on stdout
  --include GLOB    scan only files matching GLOB (repeatable)
  --exclude GLOB    skip files matching GLOB, on top of .gitignore (repeatable)
  -h, --help        this help

${EXIT_CODES}
`;

export const REPLAY_HELP = `Usage: promptshift replay (--callsite ID [--cases FILE] | --all) (--candidate MODEL... | --sweep FAMILY) [options]
       promptshift replay --resume RUN_DIR [options]

Sends each case of a call site to the baseline and the candidate model, validates the outputs
against the call site's JSON schema, and records every finished request in a run directory
(.promptshift/runs/<id>/: plan.json, results.jsonl, summary.json). Cases come from
.promptshift/cases/<callSiteId>.jsonl, one {"id", "vars"} or {"id", "messages"} a line.

What to replay:
  --callsite ID           one call site (ids: promptshift scan)
  --cases FILE            its cases from FILE instead of .promptshift/cases/<ID>.jsonl
  --all                   every call site that has cases
  --shard I/N             a deterministic I-th of N parts of the work (join them with merge)
  --resume RUN_DIR        send what a stopped run did not finish; its plan is kept
  --root DIR              the workspace (default: the current directory)
Models and endpoint:
  --candidate MODEL       the model to compare against (required unless --resume); repeat it to
                          sweep several candidates in one run, each against the baseline
  --sweep FAMILY          sweep a family's tiers from the model catalog (gpt-4.1 → gpt-4.1-mini,
                          gpt-4.1-nano…; retired tiers and the baseline left out); repeatable,
                          combines with --candidate
  --candidate MODEL@HOST  an arm served by another host in the same run (groq, together, fireworks,
                          cerebras, bedrock, vllm, or an endpoint named in .promptshift/config.json
                          "endpoints"): the host's model id, URL, key variable and prices;
                          --sweep FAMILY@HOST takes the tiers that host serves (llama-4@cerebras)
  --baseline MODEL        default: each call site's own model; MODEL@HOST serves it from a host
  --base-url URL          an OpenAI-compatible or Azure endpoint (default: OpenAI)
  --api-key-env NAME      the environment variable holding the key (default OPENAI_API_KEY)
  --schema FILE           validate outputs against this JSON Schema instead of the call site's
Pace and limits:
  --concurrency N         requests in flight (default 8)
  --repeats N             sends per case and model (default 1)
  --rpm N, --tpm N        the endpoint's requests and tokens per minute
  --timeout-ms N          per attempt (default 120000)
  --max-attempts N        per request, retries included (default 6)
  --budget-usd X          stop before spending more than X
  --confirm-above-usd X   ask before sending when the estimate is above X (default 5)
  -y, --yes               do not ask
Other:
  --run-dir DIR           where to write the run (default .promptshift/runs/<id>)
  --no-cache              do not reuse or store cached responses
  --batch                 send through the OpenAI Batch API (half price, answers within 24 h)
  --batch-poll-ms N       how often a batch is polled
  --json                  print {"runDir", "summary"} on stdout instead of the run directory
  -h, --help              this help

Proxies: HTTPS_PROXY / HTTP_PROXY (and NO_PROXY) are honoured.
Exit codes: 0 the run completed (failed requests are results); 1 it stopped early (budget, Ctrl-C,
the endpoint unreachable for every request: fix it, then --resume RUN_DIR); 2 bad usage or input,
or the endpoint refused the key.
`;

export const COMPARE_HELP = `Usage: promptshift compare RUN_DIR [--json | --markdown] [--html FILE] [--fail-on EXPR] [--junit FILE] [--format github]
       [--volume CALLS] [--min-agreement X] [--text-similarity X] [--max-schema-drop X] [--max-error-increase X] [--root DIR]

Metrics and differences of a replay run, baseline against candidate, per call site. A sweep (several
candidates) compares each candidate with the baseline and recommends, per call site, the cheapest
candidate whose gates hold: error rate, schema pass rate and agreement with the baseline's answers
(JSON fields and labels exactly, free text by word overlap), with its projected monthly cost.

Output (stdout):
  (default)        a table per call site: counts and rates, the significance verdict, changes, review
  --json           the report as JSON (CLI.md): arms, delta, changed, cases[] with diff and review,
                   exactMatchRate, changedPaths, significance, noise, review, costSimulated
  --markdown       a report to paste into a pull request (model output is always in code, never markup)
Files:
  --html FILE      a self-contained HTML report (inline CSS, no scripts, every output escaped);
                   instead of the table, or beside --json / --markdown
  --junit FILE     JUnit XML: one <testcase> per case and arm, the candidate's diff in <system-out>
  --format github  GitHub Actions annotations (instead of the table)

Sweep recommendation (defaults in .promptshift/config.json "recommend" under --root, else the run's workspace):
  --volume CALLS   calls a month the costs are projected at (default 100000; config recommend.monthlyCalls,
                   a number or {"*": n, "<callSiteId>": n})
  --min-agreement X       share of answers that must agree with the baseline's (default 0.9)
  --text-similarity X     word overlap at which free text agrees (default 0.6)
  --max-schema-drop X     schema pass rate may fall this much below the baseline's (default 0.02)
  --max-error-increase X  error rate may rise this much above the baseline's (default 0.02)
  --root DIR              the workspace whose .promptshift/config.json is read

Gate:
  --fail-on EXPR   exit 1 when EXPR holds for any call site. Operators: || && ! == != < <= > >= + - * / ( );
                   numbers, true, false, null. A metric that was not measured is null: comparisons with it are false.
                   Names:
${FAIL_ON_NAMES.map(([n, what]) => `                     ${n}\n                         ${what}`).join('\n')}
                   Examples: --fail-on "review.flagged > 0"
                             --fail-on "significance.regressed || candidate.errorRate > 0.05"

Significance: Fisher's exact test (two-sided, α = 0.05) on the error rate and the schema pass rate,
with a 95% interval on the difference (Newcombe's hybrid score method).
Repeats (replay --repeats N ≥ 2): ${NOISE_DEFINITION}

Costs of a run against the local stand-in endpoint (promptshift demo) are labelled simulated: no money was spent.
  -h, --help       this help

Exit codes: 0 done; 1 --fail-on held; 2 bad usage or an unreadable run or review.json.
`;

export const CANARY_HELP = `Usage: promptshift canary RUN_DIR --format FORMAT [--stages 10,25,50,100] [--stage N]
                          [--flag-key KEY] [--rps R] [--force] [--out FILE|DIR] [--candidate MODEL]

Turns a run into a staged rollout plan: each stage's minimum candidate requests come from the
baseline's error and schema-failure rates in the run (two-proportion sample size, one-sided
alpha 0.05, 80% power; the rule of three when the baseline saw no failures), its minimum duration from
--rps, its gates (error rate, schema pass rate, p95 latency, cost per request) from the run. A candidate
that regressed significantly offline or has cases flagged by reviewers is no-go.

Options:
  --format FORMAT   json | markdown | flagd | launchdarkly | litellm | portkey | argo | flagger
  --stages LIST     traffic percentages, increasing, ending at 100 (default 10,25,50,100)
  --stage N         one stage for the single-weight formats (flagd, launchdarkly, litellm, portkey);
                    0 is the rollback file
  --flag-key KEY    the feature flag's key (default from the models)
  --rps R           expected requests per second, for each stage's minimum duration (default 1)
  --force           write the plan even when it is no-go
  --out FILE|DIR    write there instead of stdout (a directory takes every file by name)
  --candidate MODEL a sweep's candidate to plan for every call site (default: each call site's
                    recommended candidate, as compare shows it; the choice is printed on stderr)
  -h, --help        this help

Exit codes: 0 written; 1 the plan is no-go and --force was not given (reasons printed); 2 bad input.
`;

export const MERGE_HELP = `Usage: promptshift merge RUN_DIR... [--out DIR] [--json]

Joins shard runs of the same plan (replay --shard I/N) into one run directory and prints it. Records
are deduplicated by work key, the first in argument order winning; plans that differ are refused.

Options:
  --out DIR         where to write the merged run (default .promptshift/runs/<new id>)
  --json            print {"runDir"} on stdout
  -h, --help        this help

${EXIT_CODES}
`;

export const DEMO_HELP = `Usage: promptshift demo

Scans the bundled sample workspace, replays its call sites that have cases against a local stand-in
endpoint (deterministic fake answers, with injected faults to show the retries), compares baseline
and candidate, and prints where the runs are. No key, no network.

Options:
  -h, --help        this help
`;
