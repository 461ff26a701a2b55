// The cross-file pass's parts: .env, JSON/YAML/TOML readers with positions, chains from one file,
// and the pass itself over an in-memory workspace (what it reads, and how often).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as yaml from 'yaml';
import { parseDotenv, DotenvFiles } from '../../../src/core/scan/flow/dotenv';
import { configGet, parseJsonc, parseProperties, parseYaml, type ConfigNode, type YamlModule } from '../../../src/core/scan/flow/configData';
import { parseToml } from '../../../src/core/scan/flow/toml';
import { joinPath, ancestors } from '../../../src/core/scan/flow/paths';
import { resolveModelFlow, type FlowFiles } from '../../../src/core/scan/flow/index';
import { ScanEngine } from '../../../src/core/scan/index';
import { nodeGrammarLoader } from '../../../src/node/grammarLoader';
import type { CallSite } from '../../../src/core/callsite';
import { sites as pySites } from './pythonSupport';

function scalar(root: ConfigNode | null, path: string[]) {
  const n = root && configGet(root, path);
  assert.ok(n && n.kind === 'scalar', `${path.join('.')} is a scalar`);
  return n;
}

test('.env: quotes, export, comments after unquoted values, and where each value is written', () => {
  const vars = parseDotenv('# dev\nexport A=gpt-4o  # the fast one\nB="gpt-4.1 mini"\nC=\'o3\'\n  D = x\n');
  assert.equal(vars.get('A')?.value, 'gpt-4o');
  assert.deepEqual(vars.get('A')?.span, { start: { line: 2, column: 10 }, end: { line: 2, column: 16 } });
  assert.equal(vars.get('B')?.value, 'gpt-4.1 mini');
  assert.deepEqual(vars.get('B')?.span, { start: { line: 3, column: 3 }, end: { line: 3, column: 17 } });
  assert.equal(vars.get('C')?.value, 'o3');
  assert.equal(vars.get('D')?.value, 'x');
});

test('.env lookup: nearest loaded file first, then templates; a placeholder in a template is no value', () => {
  const files: Record<string, string> = {
    '.env': 'M=root-model\n',
    'svc/.env.example': 'M=template-model\nP=your-model-here\nQ=gpt-4o\n',
    'svc/sub/.env.local': 'N=local-model\n',
  };
  const env = new DotenvFiles({ read: (p) => files[p] ?? null, paths: () => [] });
  assert.equal(env.lookup('M', 'svc/sub/a.py', false)?.value, 'root-model');
  assert.equal(env.lookup('N', 'svc/sub/a.py', false)?.hop.path, 'svc/sub/.env.local');
  assert.equal(env.lookup('P', 'svc/a.py', false), null);
  assert.equal(env.lookup('Q', 'svc/a.py', false)?.value, 'gpt-4o');
  assert.equal(env.lookup('q', 'svc/a.py', true)?.value, 'gpt-4o', 'pydantic settings match without regard to case');
  assert.equal(env.lookup('Q', 'other/a.py', false), null);
});

test('JSON with comments and trailing commas, YAML and properties: values with their positions', () => {
  const json = parseJsonc('{\n  // models\n  "llm": { "model": "gpt-4o", },\n}');
  assert.deepEqual(scalar(json, ['llm', 'model']).span, { start: { line: 3, column: 21 }, end: { line: 3, column: 29 } });
  assert.equal(parseJsonc('{ "a": }'), null);
  const y = parseYaml('llm:\n  model: gpt-4o-mini  # cheap\n  other: "o3"\nlist:\n  - a\n', yaml as unknown as YamlModule);
  const m = scalar(y, ['llm', 'model']);
  assert.equal(m.value, 'gpt-4o-mini');
  assert.deepEqual(m.span, { start: { line: 2, column: 10 }, end: { line: 2, column: 21 } });
  assert.deepEqual(scalar(y, ['llm', 'other']).span.start, { line: 3, column: 10 });
  assert.equal(scalar(y, ['list', '0']).value, 'a');
  assert.equal(parseYaml('a: [unclosed', yaml as unknown as YamlModule), null);
  const props = parseProperties('# app\nopenai.model = gpt-4o\nx: y\n');
  assert.equal(scalar(props, ['openai.model']).value, 'gpt-4o');
  assert.deepEqual(scalar(props, ['openai.model']).span.start, { line: 2, column: 16 });
});

test('TOML subset: tables, dotted and quoted keys, strings with positions; what it does not read is absent, never wrong', () => {
  const t = parseToml([
    'title = "x"', '[tool.app]', 'model = "gpt-4o"  # the default', "judge = 'o3-mini'", 'llm.fast = "gpt-4.1-nano"',
    '"quoted.key" = "a"', 'n = 3', 'multi = """', 'not read', '"""', 'arr = ["gpt-4o"]', '[[servers]]', 'model = "nope"',
  ].join('\n'));
  assert.equal(scalar(t, ['tool', 'app', 'model']).value, 'gpt-4o');
  assert.deepEqual(scalar(t, ['tool', 'app', 'model']).span, { start: { line: 3, column: 9 }, end: { line: 3, column: 17 } });
  assert.equal(scalar(t, ['tool', 'app', 'judge']).value, 'o3-mini');
  assert.equal(scalar(t, ['tool', 'app', 'llm', 'fast']).value, 'gpt-4.1-nano');
  assert.equal(scalar(t, ['tool', 'app', 'quoted.key']).value, 'a');
  assert.equal(scalar(t, ['tool', 'app', 'n']).value, 3);
  assert.equal(configGet(t, ['tool', 'app', 'multi']), undefined);
  assert.equal(configGet(t, ['tool', 'app', 'arr']), undefined);
  assert.equal(configGet(t, ['servers']), undefined);
});

test('paths: joining never leaves the root; ancestors up to it', () => {
  assert.equal(joinPath('a/b/.', '../c/./d.json'), 'a/c/d.json');
  assert.equal(joinPath('a', '../../x'), null);
  assert.deepEqual(ancestors('a/b/c.py'), ['a/b', 'a', '']);
});

test('one file: a Python chain names each hop, and the literal that holds the id', async () => {
  const [s] = await pySites([
    'import os', 'from openai import OpenAI', 'client = OpenAI()',
    'DEFAULT = os.getenv("CHAT_MODEL", "gpt-4o-mini")',
    'class Bot:', '    def __init__(self, model=DEFAULT):', '        self.model = model',
    '    def ask(self): return client.chat.completions.create(model=self.model, messages=[])',
  ].join('\n'), 'bot.py');
  assert.equal(s.modelResolved, 'gpt-4o-mini');
  assert.deepEqual(s.modelSource?.map((h) => [h.kind, h.line, h.name ?? null]), [
    ['attribute', 7, null], ['parameter', 6, 'model'], ['constant', 4, null], ['env-default', 4, 'CHAT_MODEL'],
  ]);
  assert.deepEqual(s.modelSource?.at(-1)?.span, { start: { line: 4, column: 35 }, end: { line: 4, column: 48 } });
  assert.equal(s.modelSource?.at(-1)?.holds, 'gpt-4o-mini');
});

/** An in-memory workspace that counts reads. */
function memoryFiles(files: Record<string, string>): FlowFiles & { reads: Map<string, number>; listed: number } {
  const reads = new Map<string, number>();
  const out = {
    reads, listed: 0,
    read(p: string) { reads.set(p, (reads.get(p) ?? 0) + 1); return files[p] ?? null; },
    paths() { out.listed++; return Object.keys(files); },
  };
  return out;
}

async function scanMemory(files: Record<string, string>): Promise<CallSite[]> {
  const engine = new ScanEngine(nodeGrammarLoader());
  const result = await engine.scanAll('/mem', Object.entries(files).map(([path, content]) => ({ path, content })));
  return result.callSites;
}

test('the pass: env-only chains take .env values without parsing; files are read once; the list of files is asked for only when callers are searched', async () => {
  const files = {
    'a.ts': `import OpenAI from 'openai';\nconst c = new OpenAI();\nconst M = process.env.A_MODEL ?? 'gpt-4o';\nexport const f = () => c.chat.completions.create({ model: M, messages: [] });\n`,
    'b.ts': `import OpenAI from 'openai';\nimport { B_MODEL } from './models';\nconst c = new OpenAI();\nexport const g = () => c.chat.completions.create({ model: B_MODEL, messages: [] });\nexport const h = () => c.chat.completions.create({ model: B_MODEL, messages: [] });\n`,
    'models.ts': `export const B_MODEL = 'gpt-4.1-mini';\n`,
    '.env': 'A_MODEL=gpt-4o-2024-08-06\n',
  };
  const sites = await scanMemory(files);
  const port = memoryFiles(files);
  const stats = await resolveModelFlow(sites, port, { loadGrammar: nodeGrammarLoader() });
  assert.deepEqual(sites.map((s) => s.modelResolved), ['gpt-4o-2024-08-06', 'gpt-4.1-mini', 'gpt-4.1-mini']);
  assert.deepEqual(sites[0].modelSource.map((h) => h.kind), ['constant', 'env-default', 'dotenv']);
  assert.equal(sites[0].modelSpan, null, 'the id is no longer the literal in a.ts');
  assert.equal(sites[0].modelSource[2].holds, 'gpt-4o-2024-08-06');
  assert.equal(stats.byDotenv, 1);
  assert.equal(stats.continued, 2);
  assert.equal(stats.retraced, 0, 'no file was traced again');
  for (const [p, n] of port.reads) assert.equal(n, 1, `${p} read ${n} times`);
  assert.equal(port.listed, 0);
});

test('the pass: a parameter whose callers pass ids gives every id; one passing an unknown value leaves the model unknown', async () => {
  const files = {
    'lib.py': 'from openai import OpenAI\n\ndef run(text, model="gpt-4o-mini"):\n    return OpenAI().chat.completions.create(model=model, messages=[])\n\ndef other(text, model):\n    return OpenAI().chat.completions.create(model=model, messages=[])\n',
    'main.py': 'import sys\nfrom lib import run, other\n\nrun("a")\nrun("b", model="o3-mini")\nother("c", sys.argv[1])\n',
  };
  const sites = await scanMemory(files);
  const port = memoryFiles(files);
  await resolveModelFlow(sites, port, { loadGrammar: nodeGrammarLoader() });
  assert.deepEqual(sites.map((s) => s.modelResolved), [['o3-mini', 'gpt-4o-mini'], null]);
  assert.equal(sites[1].modelSource.at(-1)?.kind, 'stop');
  assert.match(sites[1].modelSource.at(-1)?.reason ?? '', /command-line argument/);
  assert.equal(port.listed, 1, 'the file list is taken once for the caller search');
});

test('the pass: callers in test files do not feed a production call site; a test file\'s own call site still takes them', async () => {
  const files = {
    'app/lib.py': 'from openai import OpenAI\n\ndef run(text, model):\n    return OpenAI().chat.completions.create(model=model, messages=[])\n',
    'app/main.py': 'from app.lib import run\n\nrun("a", model="gpt-4.1-mini")\n',
    'tests/test_lib.py': 'from app.lib import run\n\ndef test_run():\n    run("x", model="claude-opus-4-1")\n',
    'src/llm.ts': `import OpenAI from 'openai';\nconst c = new OpenAI();\nexport function ask(model: string) {\n  return c.chat.completions.create({ model, messages: [] });\n}\n`,
    'src/app.ts': `import { ask } from './llm';\nask('gpt-4.1');\n`,
    'src/llm.test.ts': `import { ask } from './llm';\nask('claude-sonnet-4-5');\n`,
    'tests/helpers.py': 'from openai import OpenAI\n\ndef fake(model):\n    return OpenAI().chat.completions.create(model=model, messages=[])\n\nfake("gpt-4o-mini")\n',
  };
  const sites = await scanMemory(files);
  await resolveModelFlow(sites, memoryFiles(files), { loadGrammar: nodeGrammarLoader() });
  const at = (path: string) => sites.find((s) => s.path === path)?.modelResolved;
  assert.equal(at('app/lib.py'), 'gpt-4.1-mini');
  assert.equal(at('src/llm.ts'), 'gpt-4.1');
  assert.equal(at('tests/helpers.py'), 'gpt-4o-mini', 'a call site in test code is traced through its own callers');
});
