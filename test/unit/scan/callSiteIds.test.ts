// A call site's ID survives what a migration and ordinary work do to the call — a new model, an
// edited prompt or parameters, reformatting, code added or moved around it in its file — because it
// is derived from the file and the enclosing named scope, not from the call's text. Checked through
// the engine (prefilter, parser, ID assignment) for every language.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ScanEngine } from '../../../src/core/scan/index';
import { nodeGrammarLoader } from '../../../src/node/grammarLoader';
import { legacyStableIds, pinnedIdAt } from '../../../src/core/scan/stableId';

const engine = new ScanEngine(nodeGrammarLoader());
async function ids(path: string, content: string): Promise<string[]> {
  const r = await engine.scanFile({ path, content });
  assert.equal(r.error, null, `${path}: ${r.error?.message}`);
  return r.callSites.map((s) => s.id);
}

const TS_HEAD = `import OpenAI from 'openai';\nconst client = new OpenAI();\n`;
const tsSummarize = (model: string, prompt: string, extra = '') => `export async function summarize(doc: string) {\n  return client.chat.completions.create({ model: '${model}', messages: [{ role: 'user', content: \`${prompt} \${doc}\` }]${extra} });\n}\n`;
const tsTitle = `export const title = async (t: string) => client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: t }] });\n`;

test('TS: the ID survives a new model, an edited prompt and params, reformatting, and moves within the file', async () => {
  const path = 'src/ai.ts';
  const base = await ids(path, TS_HEAD + tsSummarize('gpt-4o', 'Summarize:') + tsTitle);
  assert.equal(base.length, 2);
  assert.notEqual(base[0], base[1]);
  assert.match(base[0], /^ai-[0-9a-f]{10}$/);
  const edits: Record<string, string> = {
    'model changed': TS_HEAD + tsSummarize('gpt-4.1', 'Summarize:') + tsTitle,
    'prompt and params edited': TS_HEAD + tsSummarize('gpt-4o', 'Give a short summary of', ', temperature: 0, max_tokens: 300') + tsTitle,
    reformatted: TS_HEAD + tsSummarize('gpt-4o', 'Summarize:').replace('create({ ', 'create({\n    ').replace(', messages', ',\n    messages') + tsTitle,
    'functions reordered, code added above': `// header\n${TS_HEAD}\nconst unrelated = 1;\n${tsTitle}\n${tsSummarize('gpt-4o', 'Summarize:')}`.replace(/^/, ''),
  };
  for (const [what, text] of Object.entries(edits)) {
    const after = await ids(path, text);
    const order = what.startsWith('functions reordered') ? [after[1], after[0]] : after;
    assert.deepEqual(order, base, what);
  }
  // Moving the call into another function changes its identity (its cases are then offered for re-linking).
  const moved = await ids(path, TS_HEAD + tsSummarize('gpt-4o', 'Summarize:').replace('function summarize', 'function digest') + tsTitle);
  assert.notEqual(moved[0], base[0]);
  assert.equal(moved[1], base[1]);
  // Another file with the same text: other IDs.
  assert.notDeepEqual(await ids('lib/ai.ts', TS_HEAD + tsSummarize('gpt-4o', 'Summarize:') + tsTitle), base);
});

test('TS: scopes name classes, methods, bound arrows, object methods and route callbacks', async () => {
  const text = `${TS_HEAD}
class Summarizer {
  async run(d: string) { return client.chat.completions.create({ model: 'gpt-4o', messages: [] }); }
}
const handlers = { async tone(x: string) { return client.chat.completions.create({ model: 'gpt-4o', messages: [] }); } };
app.post('/triage', async (req, res) => { await client.chat.completions.create({ model: 'gpt-4o', messages: [] }); });
app.post('/draft', async (req, res) => { await client.chat.completions.create({ model: 'gpt-4o', messages: [] }); });
`;
  const first = await ids('src/svc.ts', text);
  assert.equal(new Set(first).size, 4);
  // Swap the two routes: each keeps its ID because its route names its scope.
  const lines = text.split('\n');
  const i = lines.findIndex((l) => l.includes("'/triage'"));
  [lines[i], lines[i + 1]] = [lines[i + 1], lines[i]];
  const swapped = await ids('src/svc.ts', lines.join('\n'));
  assert.deepEqual([swapped[0], swapped[1], swapped[3], swapped[2]], first);
});

test('TS: calls of one scope are told apart by their order; a pinned ID is used as written', async () => {
  const two = `${TS_HEAD}export async function both() {\n  await client.chat.completions.create({ model: 'a', messages: [] });\n  await client.chat.completions.create({ model: 'b', messages: [] });\n}\n`;
  const [a, b] = await ids('src/two.ts', two);
  assert.notEqual(a, b);
  const pinned = two.replace("  await client.chat.completions.create({ model: 'b'", "  // promptshift-id: second-call\n  await client.chat.completions.create({ model: 'b'");
  assert.deepEqual(await ids('src/two.ts', pinned), [a, 'second-call']);
  const trailing = two.replace("model: 'a', messages: [] });", "model: 'a', messages: [] }); // promptshift-id: first");
  assert.deepEqual((await ids('src/two.ts', trailing))[0], 'first');
  // A pin in a string is not a pin; a pin used twice is reported and told apart.
  assert.equal(pinnedIdAt(["const s = 'promptshift-id: nope'; client.x()"], 1), null);
  const twice = `${TS_HEAD}// promptshift-id: dup\nclient.chat.completions.create({ model: 'a', messages: [] });\n// promptshift-id: dup\nclient.chat.completions.create({ model: 'b', messages: [] });\n`;
  const r = await engine.scanFile({ path: 'src/dup.ts', content: twice });
  assert.deepEqual(r.callSites.map((s) => s.id), ['dup', 'dup-2']);
  assert.match(r.error?.message ?? '', /promptshift-id "dup" is already used at line 4/);
});

test('legacy IDs (hash of the call text) are kept beside the new ones, for migrating cases files', async () => {
  const text = TS_HEAD + tsSummarize('gpt-4o', 'Summarize:');
  const r = await engine.scanFile({ path: 'src/ai.ts', content: text });
  const callText = text.slice(text.indexOf('client.chat'), text.indexOf('});') + 2);
  assert.deepEqual(r.callSites.map((s) => s.legacyId), legacyStableIds('src/ai.ts', [callText]));
});

test('Python: model, prompt, reformatting and reordering keep the ID; methods are scoped by class', async () => {
  const head = 'from openai import OpenAI\nclient = OpenAI()\n';
  const fn = (model: string, prompt: string) => `class Drafts:\n    def reply(self, msg):\n        return client.chat.completions.create(model="${model}", messages=[{"role": "user", "content": f"${prompt} {msg}"}])\n`;
  const other = 'def tone(t):\n    return client.chat.completions.create(model="gpt-4o", messages=[])\n';
  const base = await ids('worker/drafts.py', head + fn('gpt-4o', 'Reply to') + other);
  assert.equal(base.length, 2);
  assert.deepEqual(await ids('worker/drafts.py', head + fn('gpt-4.1', 'Write a polite reply to') + other), base);
  assert.deepEqual(await ids('worker/drafts.py', head + fn('gpt-4o', 'Reply to').replace('create(model=', 'create(\n            model=').replace(', messages=', ',\n            messages=') + other), base);
  const reordered = await ids('worker/drafts.py', `import os\n${head}\n${other}\n${fn('gpt-4o', 'Reply to')}`);
  assert.deepEqual([reordered[1], reordered[0]], base);
  const pinned = await ids('worker/drafts.py', head + fn('gpt-4o', 'Reply to').replace('        return client', '        # promptshift-id: draft-reply\n        return client') + other);
  assert.deepEqual(pinned, ['draft-reply', base[1]]);
});

test('Go, Java and C#: the model can change and the call can move within its function or method', async () => {
  const go = (model: string, pad: string) => `package p\n\nimport "github.com/openai/openai-go/v3"\n\ntype Svc struct{ c openai.Client }\n\nfunc (s *Svc) Review(doc string) {${pad}\n\ts.c.Chat.Completions.New(ctx, openai.ChatCompletionNewParams{Model: "${model}"})\n}\n`;
  assert.deepEqual(await ids('reviewer/review.go', go('gpt-4.1', '\n\tx := 1\n\t_ = x')), await ids('reviewer/review.go', go('gpt-4o', '')));
  const java = (model: string) => `package a;\nimport com.openai.client.OpenAIClient;\nimport com.openai.models.chat.completions.ChatCompletionCreateParams;\npublic class S {\n  OpenAIClient client;\n  String run() {\n    return client.chat().completions().create(ChatCompletionCreateParams.builder().model("${model}").build()).toString();\n  }\n}\n`;
  const [j1] = await ids('src/S.java', java('gpt-4o'));
  assert.ok(j1);
  assert.deepEqual(await ids('src/S.java', java('gpt-4.1').replace('String run()', '// new comment\n  String run()')), [j1]);
  const cs = (model: string) => `using OpenAI.Chat;\nclass Bot {\n  ChatClient client = new ChatClient(model: "${model}", apiKey: "k");\n  async Task Ask(string q) {\n    var r = await client.CompleteChatAsync(q);\n  }\n}\n`;
  const c1 = await ids('Bot.cs', cs('gpt-4o'));
  assert.equal(c1.length, 1);
  assert.deepEqual(await ids('Bot.cs', cs('gpt-4.1')), c1);
});
