// Runs a GitHub Actions workflow file on this machine, for the CI recipe test: jobs in `needs`
// order, each matrix combination on a fresh "runner" (its own workspace, RUNNER_TEMP and HOME),
// `run:` steps through bash as GitHub runs them, the `uses:` steps the recipe needs simulated
// (checkout, setup-node, upload/download-artifact with artifacts as directories), and `if:` with
// GitHub's status rules. Every `${{ … }}` must be in the caller's explicit mapping and every key and
// action must be one this file knows, or the run throws: a recipe that drifts fails loudly instead of
// being half-simulated. A step whose env sets PROMPTSHIFT_CI_TEST_SKIP to a reason is not run.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { ArtifactStore, parseKeyValueFile, parseWorkflowCommands, readPathFile, type WorkflowCommand } from './runnerFiles';

export const SKIP_MARKER = 'PROMPTSHIFT_CI_TEST_SKIP';

export interface ExprContext {
  matrix: Record<string, string>;
  jobTotal: number;
  steps: Record<string, { outputs: Record<string, string> }>;
  runnerTemp: string;
}
/** Expression text (as written between `${{` and `}}`, trimmed) → its value in this simulation. */
export type Expressions = Record<string, (ctx: ExprContext) => string>;

export interface SimOptions {
  expressions: Expressions;
  /** What `actions/checkout` of the workflow's own repository leaves in the workspace. */
  checkoutSelf(workspace: string): void;
  /** What `actions/checkout` with `repository:` leaves at `target` (its `path`). */
  checkoutOther(target: string, inputs: Record<string, string>): void;
  /** The runner's environment (PATH with node on it, pinned dates…); nothing else leaks in. */
  env: Record<string, string>;
  tmp: string;
  stepTimeoutMs: number;
}

export interface StepRun {
  name: string;
  id?: string;
  outcome: 'success' | 'failure' | 'skipped';
  skipped?: string;
  exitCode: number | null;
  stdout: string;
  stderr: string;
  commands: WorkflowCommand[];
}

export interface JobRun {
  id: string;
  name: string;
  matrix: Record<string, string>;
  outcome: 'success' | 'failure' | 'skipped';
  steps: StepRun[];
  /** The job summary: every step's GITHUB_STEP_SUMMARY, in order. */
  summary: string;
  workspace: string;
}

type Dict = Record<string, unknown>;
const KEYS = {
  top: ['name', 'on', 'permissions', 'concurrency', 'env', 'defaults', 'jobs'],
  job: ['name', 'runs-on', 'needs', 'strategy', 'steps', 'timeout-minutes', 'env'],
  strategy: ['fail-fast', 'matrix'],
  step: ['name', 'id', 'if', 'uses', 'with', 'run', 'env', 'working-directory'],
};
const ACTION_INPUTS: Record<string, string[]> = {
  'actions/checkout@v4': ['repository', 'ref', 'path'],
  'actions/setup-node@v4': ['node-version'],
  'actions/upload-artifact@v4': ['name', 'path', 'retention-days', 'if-no-files-found', 'include-hidden-files'],
  'actions/download-artifact@v4': ['name', 'pattern', 'path'],
};
const STATUS = new Set(['always()', 'success()', 'failure()']);
const EXPR = /\$\{\{\s*([\s\S]*?)\s*\}\}/g;

function checkKeys(o: unknown, allowed: string[], where: string): Dict {
  if (!o || typeof o !== 'object' || Array.isArray(o)) throw new Error(`${where}: expected a mapping`);
  for (const k of Object.keys(o)) if (!allowed.includes(k)) throw new Error(`${where}: key "${k}" is not simulated`);
  return o as Dict;
}

/** Every `${{ … }}` anywhere in the file (and every `if:`), checked against the mapping up front. */
function checkExpressions(node: unknown, expressions: Expressions, where: string): void {
  if (typeof node === 'string') {
    const bare = where.endsWith('.if') && !node.includes('${{') ? [node.trim()] : [];
    for (const e of [...[...node.matchAll(EXPR)].map((m) => m[1]), ...bare]) {
      if (!(e in expressions) && !STATUS.has(e)) throw new Error(`${where}: unknown expression "${e}": map it in the test if the workflow really needs it`);
    }
  } else if (Array.isArray(node)) node.forEach((v, i) => checkExpressions(v, expressions, `${where}[${i}]`));
  else if (node && typeof node === 'object') for (const [k, v] of Object.entries(node)) checkExpressions(v, expressions, `${where}.${k}`);
}

export async function runWorkflow(text: string, opts: SimOptions): Promise<{ jobs: JobRun[]; artifacts: ArtifactStore; workflow: Dict }> {
  const wf = checkKeys(parse(text), KEYS.top, 'workflow');
  checkExpressions(wf, opts.expressions, 'workflow');
  const shell = ((wf.defaults as Dict | undefined)?.run as Dict | undefined)?.shell;
  // GitHub: `shell: bash` is `bash --noprofile --norc -eo pipefail {0}`; unspecified is `bash -e {0}`.
  const shellArgs = shell === 'bash' ? ['--noprofile', '--norc', '-eo', 'pipefail'] : shell === undefined ? ['-e'] : null;
  if (!shellArgs) throw new Error(`defaults.run.shell "${String(shell)}" is not simulated`);
  const artifacts = new ArtifactStore(join(opts.tmp, 'artifacts'));
  const jobs: JobRun[] = [];
  for (const [id, raw] of Object.entries(wf.jobs as Dict)) {
    const job = checkKeys(raw, KEYS.job, `jobs.${id}`);
    const needs = job.needs === undefined ? [] : ([] as string[]).concat(job.needs as string | string[]);
    for (const n of needs) if (!jobs.some((j) => j.id === n)) throw new Error(`jobs.${id}: needs "${n}", which is not an earlier job`);
    const combos = matrixOf(job, id);
    const blocked = jobs.some((j) => needs.includes(j.id) && j.outcome !== 'success');
    for (const matrix of combos) {
      const ctx: ExprContext = { matrix, jobTotal: combos.length, steps: {}, runnerTemp: '' };
      const name = sub(String(job.name ?? id), opts.expressions, ctx, `jobs.${id}.name`);
      if (blocked) { jobs.push({ id, name, matrix, outcome: 'skipped', steps: [], summary: '', workspace: '' }); continue; }
      jobs.push(await runJob(id, name, job, wf, ctx, shellArgs, artifacts, opts, jobs.length));
    }
  }
  return { jobs, artifacts, workflow: wf };
}

function matrixOf(job: Dict, id: string): Record<string, string>[] {
  if (job.strategy === undefined) return [{}];
  const strategy = checkKeys(job.strategy, KEYS.strategy, `jobs.${id}.strategy`);
  let combos: Record<string, string>[] = [{}];
  for (const [k, values] of Object.entries((strategy.matrix ?? {}) as Dict)) {
    if (!Array.isArray(values)) throw new Error(`jobs.${id}.strategy.matrix.${k}: only lists are simulated`);
    combos = combos.flatMap((c) => values.map((v) => ({ ...c, [k]: String(v) })));
  }
  return combos;
}

function sub(text: string, expressions: Expressions, ctx: ExprContext, where: string): string {
  return text.replace(EXPR, (_, e: string) => {
    const f = expressions[e];
    if (!f) throw new Error(`${where}: unknown expression "${e}"`);
    return f(ctx);
  });
}

function subEnv(env: unknown, expressions: Expressions, ctx: ExprContext, where: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries((env ?? {}) as Dict)) out[k] = sub(String(v), expressions, ctx, `${where}.${k}`);
  return out;
}

/** `if:` as GitHub reads it: a status function, or an expression that also needs success(). */
function shouldRun(cond: unknown, failed: boolean, expressions: Expressions, ctx: ExprContext, where: string): boolean {
  if (cond === undefined) return !failed;
  const text = String(cond).trim();
  const inner = /^\$\{\{([\s\S]*)\}\}$/.exec(text)?.[1].trim() ?? text;
  if (inner === 'always()') return true;
  if (inner === 'success()') return !failed;
  if (inner === 'failure()') return failed;
  const value = sub(`\${{ ${inner} }}`, expressions, ctx, where);
  if (value !== 'true' && value !== 'false') throw new Error(`${where}: "${inner}" maps to "${value}", not true or false`);
  return !failed && value === 'true';
}

async function runJob(id: string, name: string, job: Dict, wf: Dict, ctx: ExprContext, shellArgs: string[], artifacts: ArtifactStore, opts: SimOptions, n: number): Promise<JobRun> {
  const dir = join(opts.tmp, 'runners', `${n}-${id}`);
  const workspace = join(dir, 'workspace');
  ctx.runnerTemp = join(dir, 'temp');
  for (const d of [workspace, ctx.runnerTemp, join(dir, 'home'), join(dir, 'files')]) mkdirSync(d, { recursive: true });
  const x = opts.expressions;
  const base: Record<string, string> = { ...opts.env, CI: 'true', GITHUB_ACTIONS: 'true', GITHUB_JOB: id, GITHUB_WORKSPACE: workspace, RUNNER_TEMP: ctx.runnerTemp, RUNNER_OS: 'Linux', HOME: join(dir, 'home') };
  const fromFiles: Record<string, string> = {};
  const paths: string[] = [];
  const steps: StepRun[] = [];
  let failed = false;
  let summary = '';
  for (const [i, raw] of (job.steps as unknown[]).entries()) {
    const where = `jobs.${id}.steps[${i}]`;
    const step = checkKeys(raw, KEYS.step, where);
    const stepName = sub(String(step.name ?? step.uses ?? step.run ?? `step ${i}`), x, ctx, `${where}.name`);
    const record: StepRun = { name: stepName, id: step.id as string | undefined, outcome: 'skipped', exitCode: null, stdout: '', stderr: '', commands: [] };
    steps.push(record);
    const marker = (step.env as Dict | undefined)?.[SKIP_MARKER];
    if (!shouldRun(step.if, failed, x, ctx, `${where}.if`)) { record.skipped = `if: ${String(step.if ?? 'success()')}`; continue; }
    if (marker !== undefined) {
      if (!String(marker).trim()) throw new Error(`${where}: ${SKIP_MARKER} needs a reason`);
      record.skipped = `${SKIP_MARKER}: ${String(marker)}`;
      continue;
    }
    const files = { GITHUB_OUTPUT: '', GITHUB_ENV: '', GITHUB_PATH: '', GITHUB_STEP_SUMMARY: '' };
    for (const k of Object.keys(files) as (keyof typeof files)[]) { files[k] = join(dir, 'files', `${i}-${k}`); writeFileSync(files[k], ''); }
    const env: Record<string, string> = {
      ...base, ...subEnv(wf.env, x, ctx, 'env'), ...subEnv(job.env, x, ctx, `jobs.${id}.env`), ...fromFiles,
      ...subEnv(step.env, x, ctx, `${where}.env`), ...files,
    };
    env.PATH = [...paths, base.PATH].join(':');
    if (step.run !== undefined) {
      const script = join(dir, 'files', `${i}-script.sh`);
      writeFileSync(script, sub(String(step.run), x, ctx, `${where}.run`));
      const cwd = resolve(workspace, sub(String(step['working-directory'] ?? '.'), x, ctx, `${where}.working-directory`));
      Object.assign(record, await runScript(shellArgs, script, cwd, env, opts.stepTimeoutMs));
    } else if (typeof step.uses === 'string') {
      const inputs = checkInputs(step.uses, subEnv(step.with, x, ctx, `${where}.with`), where);
      try {
        record.stdout = runAction(step.uses, inputs, workspace, artifacts, opts);
        record.exitCode = 0;
      } catch (e) {
        record.stderr = e instanceof Error ? e.message : String(e);
        record.exitCode = 1;
      }
    } else throw new Error(`${where}: neither run nor uses`);
    record.outcome = record.exitCode === 0 ? 'success' : 'failure';
    record.commands = parseWorkflowCommands(record.stdout);
    if (record.id) ctx.steps[record.id] = { outputs: parseKeyValueFile(files.GITHUB_OUTPUT) };
    Object.assign(fromFiles, parseKeyValueFile(files.GITHUB_ENV));
    paths.unshift(...readPathFile(files.GITHUB_PATH).reverse());
    summary += readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8');
    if (record.outcome === 'failure') failed = true;
  }
  return { id, name, matrix: ctx.matrix, outcome: failed ? 'failure' : 'success', steps, summary, workspace };
}

function checkInputs(uses: string, inputs: Record<string, string>, where: string): Record<string, string> {
  const allowed = ACTION_INPUTS[uses];
  if (!allowed) throw new Error(`${where}: action "${uses}" is not simulated`);
  for (const k of Object.keys(inputs)) if (!allowed.includes(k)) throw new Error(`${where}: input "${k}" of ${uses} is not simulated`);
  return inputs;
}

function runAction(uses: string, inputs: Record<string, string>, workspace: string, artifacts: ArtifactStore, opts: SimOptions): string {
  switch (uses) {
    case 'actions/checkout@v4':
      if (inputs.repository === undefined) {
        if (inputs.path !== undefined || inputs.ref !== undefined) throw new Error('checkout of the workflow\'s own repository with path/ref is not simulated');
        opts.checkoutSelf(workspace);
      } else opts.checkoutOther(resolve(workspace, inputs.path ?? '.'), inputs);
      return '';
    case 'actions/setup-node@v4':
      // The simulated runner has this process's node; the recipe must ask for one Promptshift supports.
      if (!(Number(inputs['node-version']) >= 18)) throw new Error(`setup-node: node-version "${inputs['node-version']}" is below Promptshift's engines (>=18.18)`);
      return '';
    case 'actions/upload-artifact@v4': {
      if (!inputs.name || !inputs.path) throw new Error('upload-artifact: name and path are required');
      const files = artifacts.upload(inputs.name, inputs.path.split('\n').map((l) => l.trim()).filter(Boolean), workspace, inputs['include-hidden-files'] === 'true');
      if (!files.length && inputs['if-no-files-found'] === 'error') throw new Error(`upload-artifact: no files for ${inputs.name}`);
      return files.length ? `uploaded ${files.length} file(s) as ${inputs.name}\n` : `::warning::No files were found with the provided path: ${inputs.path}. No artifacts will be uploaded.\n`;
    }
    case 'actions/download-artifact@v4': {
      const names = artifacts.download(resolve(workspace, inputs.path ?? '.'), { name: inputs.name, pattern: inputs.pattern });
      return `downloaded ${names.join(', ')}\n`;
    }
    default:
      throw new Error(`action "${uses}" is not simulated`);
  }
}

function runScript(shellArgs: string[], script: string, cwd: string, env: Record<string, string>, timeoutMs: number): Promise<{ exitCode: number | null; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    // Its own process group, so a step that hangs is killed with everything it started.
    const child = spawn('bash', [...shellArgs, script], { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '', stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    const timer = setTimeout(() => {
      stderr += `\n[simulated runner] step killed after ${timeoutMs} ms\n`;
      try { process.kill(-(child.pid ?? 0), 'SIGKILL'); } catch { /* already gone */ }
    }, timeoutMs);
    child.on('error', (e) => { clearTimeout(timer); fail(e); });
    child.on('close', (code) => { clearTimeout(timer); done({ exitCode: code, stdout, stderr }); });
  });
}
