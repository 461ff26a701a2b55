// The Java scanner: the labelled corpus in test/fixtures/scan/java, focused cases, and fuzzing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { corpusTests, fuzzTests } from './gjcCorpus';
import { sitesOf } from './gjcSupport';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES } from '../support/paths';

corpusTests('java', 'java', '.java', 18);

fuzzTests('java', 'java/src/main/java/com/acme/ai/SummaryService.java', (depth) =>
  `import com.openai.client.OpenAIClient;\nclass A { void f() { int x = ${'('.repeat(depth)}1${')'.repeat(depth)}; Object y = ${'a.b('.repeat(depth)}${')'.repeat(depth)}; } }\n`);

const HEAD = 'import com.openai.models.ChatModel;\nimport com.openai.models.chat.completions.ChatCompletionCreateParams;\n\nclass A {\n';

test('java: builder at the call: model, prompt holes and params; the line is the receiver\'s', async () => {
  const [site, ...rest] = await sitesOf('java', `${HEAD}  void f(String doc) {\n    client\n      .chat().completions().create(ChatCompletionCreateParams.builder()\n      .model("gpt-4o")\n      .addUserMessage(String.format("Sum %s up", doc))\n      .temperature(0.5)\n      .build());\n  }\n}\n`);
  assert.equal(rest.length, 0);
  assert.deepEqual([site.line, site.column, site.api, site.model], [6, 5, 'openai.chat', 'gpt-4o']);
  assert.deepEqual(site.prompt, { messages: [{ role: 'user', content: 'Sum {{doc}} up' }], holes: ['doc'] });
  assert.deepEqual(site.params, { temperature: 0.5 });
});

test('java: a builder variable extended by later statements is followed', async () => {
  const [site] = await sitesOf('java', `${HEAD}  void f(String q) {\n    var b = ChatCompletionCreateParams.builder().model(ChatModel.GPT_4O_MINI);\n    b.addSystemMessage("Be brief.");\n    b.addUserMessage(q);\n    client.chat().completions().create(b.build());\n  }\n}\n`);
  assert.equal(site.modelResolved, 'gpt-4o-mini');
  assert.deepEqual(site.prompt?.messages.map((m) => m.role), ['system', 'user']);
});

test('java: Mockito stubs and files without an SDK import report nothing', async () => {
  assert.deepEqual(await sitesOf('java', `${HEAD}  void t() { when(client.chat().completions().create(any())).thenReturn(null); }\n}\n`), []);
  assert.deepEqual(await sitesOf('java', 'class A { void f() { client.chat().completions().create(p); } }\n'), []);
});

test('java: verify(..) lines and calls on mock(..) / @Mock doubles are not call sites', async () => {
  const text = readFileSync(join(FIXTURES, 'scan', 'java', 'src/test/java/com/acme/support/TriageServiceTest.java'), 'utf8');
  assert.deepEqual(await sitesOf('java', text), []);
});

test('java: outputConfig(..) holds a schema when it names a format or is a structured config, not for effort alone', async () => {
  const text = readFileSync(join(FIXTURES, 'scan', 'java', 'src/main/java/com/acme/extract/InvoiceExtractor.java'), 'utf8');
  assert.deepEqual((await sitesOf('java', text)).map((s) => [s.line, s.hasSchema]), [[30, true], [34, true], [46, true], [57, false]]);
});
