// The C# scanner: the labelled corpus in test/fixtures/scan/csharp, focused cases, and fuzzing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { corpusTests, fuzzTests } from './gjcCorpus';
import { scannerFor, sitesOf } from './gjcSupport';

corpusTests('csharp', 'csharp', '.cs', 12);

fuzzTests('csharp', 'csharp/Services/SummaryService.cs', (depth) =>
  `using OpenAI.Chat;\nclass A { void F() { var x = ${'('.repeat(depth)}1${')'.repeat(depth)}; var y = ${'new X { A = '.repeat(depth)}1${' }'.repeat(depth)}; } }\n`);

const HEAD = 'using OpenAI.Chat;\n\nclass A\n{\n';

test('c#: the model comes from the client; the call site is CompleteChat at its receiver', async () => {
  const [site, ...rest] = await sitesOf('csharp', `${HEAD}    string F(string doc)\n    {\n        ChatClient client = new("gpt-4o", key);\n        return client\n            .CompleteChat(new UserChatMessage($"Sum {doc} up")).Value.Content[0].Text;\n    }\n}\n`);
  assert.equal(rest.length, 0);
  assert.deepEqual([site.line, site.column, site.api, site.model, site.modelResolved], [8, 16, 'openai.chat', null, 'gpt-4o']);
  assert.deepEqual(site.prompt, { messages: [{ role: 'user', content: 'Sum {{doc}} up' }], holes: ['doc'] });
});

test('c#: GetChatClient on an Azure client is azure-openai; a literal in the chain is the model', async () => {
  const [site] = await sitesOf('csharp', `using Azure.AI.OpenAI;\n${HEAD}    string F(AzureOpenAIClient az, string q) => az.GetChatClient("dep-4o").CompleteChat(q).Value.Content[0].Text;\n}\n`);
  assert.deepEqual([site.api, site.model], ['azure-openai', 'dep-4o']);
});

test('c#: Moq setups, fakes and files without an OpenAI using report nothing', async () => {
  assert.deepEqual(await sitesOf('csharp', `${HEAD}    void T() { mock.Setup(c => c.CompleteChat(It.IsAny<ChatMessage[]>())); }\n}\n`), []);
  assert.deepEqual(await sitesOf('csharp', 'class A { void F() { client.CompleteChat("x"); } }\n'), []);
});

test('c#: Anthropic Create<T> is structured output; the tool runner and Anthropic.SDK read their parameters', async () => {
  const head = 'using Anthropic;\nusing Anthropic.Models.Messages;\n\nclass A\n{\n';
  const sites = await sitesOf('csharp', `${head}    async Task F(AnthropicClient client, IReadOnlyList<BetaTool> tools, string q)
    {
        await client.Messages.Create<Ticket>(new MessageCreateParams { Model = Model.ClaudeHaiku4_5, MaxTokens = 10, Messages = [] });
        await client.Messages.Create(new MessageCreateParams { Model = "claude-sonnet-4-5", MaxTokens = 10, Messages = [] });
        client.Beta.Messages.ToolRunner(new MessageCreateParams { Model = "claude-opus-4-1", MaxTokens = 10, Messages = [] }, tools);
    }
}
`);
  assert.deepEqual(sites.map((s) => [s.line, s.model, s.hasSchema]), [[8, 'claude-haiku-4-5', true], [9, 'claude-sonnet-4-5', false], [10, 'claude-opus-4-1', false]]);
});

test('c#: a file-based app\'s #! and #:package lines are no syntax error, and keep their lines', async () => {
  const scanned = (await scannerFor('csharp')).scan('app.cs', '#!/usr/bin/env dotnet\n#:package OpenAI@2.2.0\nusing OpenAI.Chat;\nvar chat = new ChatClient("gpt-4o", "k");\nchat.CompleteChat("hi");\n');
  assert.equal(scanned.error, null);
  assert.deepEqual(scanned.callSites.map((s) => [s.line, s.modelResolved]), [[5, 'gpt-4o']]);
});
