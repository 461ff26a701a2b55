// The Go scanner: the labelled corpus in test/fixtures/scan/go, focused cases, and fuzzing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { corpusTests, fuzzTests } from './gjcCorpus';
import { sitesOf } from './gjcSupport';

corpusTests('go', 'go', '.go', 25);

fuzzTests('go', 'go/internal/summarize/summarize.go', (depth) =>
  `package p\nimport "github.com/openai/openai-go"\nfunc f() {\n x := ${'('.repeat(depth)}1${')'.repeat(depth)}\n y := ${'[]any{'.repeat(depth)}${'}'.repeat(depth)}\n}\n`);

const HEAD = 'package p\n\nimport (\n\t"fmt"\n\t"github.com/openai/openai-go/v3"\n)\n\n';

test('go: a call split across lines starts at the receiver; model, prompt and params are read', async () => {
  const [site, ...rest] = await sitesOf('go', `${HEAD}func f(c openai.Client, doc string) {\n\tc.Chat.\n\t\tCompletions.New(ctx, openai.ChatCompletionNewParams{\n\t\tModel: "gpt-4o",\n\t\tMessages: []openai.ChatCompletionMessageParamUnion{openai.UserMessage(fmt.Sprintf("Sum %s up", doc))},\n\t\tTemperature: openai.Float(0),\n\t})\n}\n`);
  assert.equal(rest.length, 0);
  assert.deepEqual([site.line, site.column, site.api, site.model], [9, 2, 'openai.chat', 'gpt-4o']);
  assert.deepEqual(site.modelSpan?.start, { line: 11, column: 10 });
  assert.deepEqual(site.prompt, { messages: [{ role: 'user', content: 'Sum {{doc}} up' }], holes: ['doc'] });
  assert.deepEqual(site.params, { temperature: 0 });
});

test('go: SDK model constants map to ids; unknown constants stay null', async () => {
  const sites = await sitesOf('go', `${HEAD}func f(c openai.Client) {\n\tc.Chat.Completions.New(ctx, openai.ChatCompletionNewParams{Model: openai.ChatModelGPT4_1Mini})\n\tc.Chat.Completions.New(ctx, openai.ChatCompletionNewParams{Model: openai.ChatModelGPT9Ultra})\n}\n`);
  assert.deepEqual(sites.map((s) => [s.model, s.modelExpr]), [['gpt-4.1-mini', 'openai.ChatModelGPT4_1Mini'], [null, 'openai.ChatModelGPT9Ultra']]);
});

test('go: files without an SDK import, comments and strings report nothing', async () => {
  const sites = await sitesOf('go', 'package p\n\nfunc f() {\n\t// c.Chat.Completions.New(ctx, openai.ChatCompletionNewParams{})\n\ts := "c.Chat.Completions.New(ctx, p)"\n\tc.Chat.Completions.New(ctx, p)\n}\n');
  assert.deepEqual(sites, []);
});

test('go: an app method named like the SDK\'s is a call site only when handed an SDK request', async () => {
  const head = 'package p\n\nimport (\n\t"context"\n\topenai "github.com/sashabaranov/go-openai"\n)\n\n';
  const sites = await sitesOf('go', `${head}func f(ctx context.Context, c *Bot, req openai.ChatCompletionRequest, text string) {
\tc.CreateChatCompletion(ctx, text)
\tc.CreateChatCompletion(ctx, "hello " + text)
\tq := "hi"
\tc.CreateChatCompletion(ctx, q)
\tc.CreateChatCompletion(ctx, Prompt{Text: text})
\tc.CreateChatCompletion(ctx, req)
\tc.CreateChatCompletion(ctx, build(text))
}
`);
  assert.deepEqual(sites.map((s) => s.line), [14, 15], 'an SDK-typed parameter and an unknown value are; strings and local structs are not');
});
