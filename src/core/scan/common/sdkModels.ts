// Model-id constants of the official SDKs, so `openai.ChatModelGPT4o` (Go), `ChatModel.GPT_4O` (Java)
// and `anthropic.ModelClaudeSonnet4_5` read as the ids they stand for. The ids are those the SDKs
// have declared over their history, read from openai/openai-go shared/shared.go (4e5a07a),
// anthropics/anthropic-sdk-go message.go (b43f0d7), openai/openai-java models/ChatModel.kt (5f499c3)
// and anthropics/anthropic-sdk-java models/messages/Model.kt (8f5861c); the constant names follow
// from the ids by the generators' naming rules (checked against every constant in those files).
// sashabaranov/go-openai (completion.go, 3d58ac5) and liushuangls/go-anthropic (common.go, 0d2726c)
// name their constants freely, so they have tables.

const IDS = `
babbage-002 chatgpt-4o-latest claude-2.0 claude-2.1 claude-3-5-haiku-20241022
claude-3-5-haiku-latest claude-3-5-sonnet-20240620 claude-3-5-sonnet-20241022
claude-3-5-sonnet-latest claude-3-7-sonnet-20250219 claude-3-7-sonnet-latest
claude-3-haiku-20240307 claude-3-haiku-20241022 claude-3-opus-20240229 claude-3-opus-latest
claude-3-sonnet-20240229 claude-4-opus-20250514 claude-4-sonnet-20250514 claude-fable-5
claude-haiku-4-5 claude-haiku-4-5-20251001 claude-instant-1.2 claude-mythos-5
claude-mythos-preview claude-opus-4-0 claude-opus-4-1 claude-opus-4-1-20250805
claude-opus-4-20250514 claude-opus-4-5 claude-opus-4-5-20251101 claude-opus-4-6 claude-opus-4-7
claude-opus-4-8 claude-opus-5 claude-sonnet-4-0 claude-sonnet-4-20250514 claude-sonnet-4-5
claude-sonnet-4-5-20250929 claude-sonnet-4-6 claude-sonnet-5 codex-mini-latest
computer-use-preview computer-use-preview-2025-02-04 computer-use-preview-2025-03-11
davinci-002 gpt-3.5-turbo gpt-3.5-turbo-0125 gpt-3.5-turbo-0301 gpt-3.5-turbo-0613
gpt-3.5-turbo-1106 gpt-3.5-turbo-16k gpt-3.5-turbo-16k-0613 gpt-3.5-turbo-instruct gpt-4
gpt-4-0125-preview gpt-4-0314 gpt-4-0613 gpt-4-1106-preview gpt-4-32k gpt-4-32k-0314
gpt-4-32k-0613 gpt-4-turbo gpt-4-turbo-2024-04-09 gpt-4-turbo-preview gpt-4-vision-preview
gpt-4.1 gpt-4.1-2025-04-14 gpt-4.1-mini gpt-4.1-mini-2025-04-14 gpt-4.1-nano
gpt-4.1-nano-2025-04-14 gpt-4.5-preview gpt-4.5-preview-2025-02-27 gpt-4o gpt-4o-2024-05-13
gpt-4o-2024-08-06 gpt-4o-2024-11-20 gpt-4o-audio-preview gpt-4o-audio-preview-2024-10-01
gpt-4o-audio-preview-2024-12-17 gpt-4o-audio-preview-2025-06-03 gpt-4o-mini
gpt-4o-mini-2024-07-18 gpt-4o-mini-audio-preview gpt-4o-mini-audio-preview-2024-12-17
gpt-4o-mini-search-preview gpt-4o-mini-search-preview-2025-03-11 gpt-4o-realtime-preview
gpt-4o-realtime-preview-2024-10-01 gpt-4o-search-preview gpt-4o-search-preview-2025-03-11 gpt-5
gpt-5-2025-08-07 gpt-5-chat-latest gpt-5-mini gpt-5-mini-2025-08-07 gpt-5-nano
gpt-5-nano-2025-08-07 gpt-5.1 gpt-5.1-2025-11-13 gpt-5.1-chat-latest gpt-5.1-codex gpt-5.1-mini
gpt-5.2 gpt-5.2-2025-12-11 gpt-5.2-chat-latest gpt-5.2-pro gpt-5.2-pro-2025-12-11
gpt-5.3-chat-latest gpt-5.4 gpt-5.4-mini gpt-5.4-mini-2026-03-17 gpt-5.4-nano
gpt-5.4-nano-2026-03-17 gpt-5.5 gpt-5.5-2026-04-23 gpt-5.6-luna gpt-5.6-sol gpt-5.6-terra o1
o1-2024-12-17 o1-mini o1-mini-2024-09-12 o1-preview o1-preview-2024-09-12 o3 o3-2025-04-16
o3-mini o3-mini-2025-01-31 o4-mini o4-mini-2025-04-16
`.trim().split(/\s+/);

const ACRONYMS = new Set(['gpt', 'tts', 'hd']);

/** Go name of an id, as Stainless spells it after the type prefix: `gpt-4.1-mini` → `GPT4_1Mini`. */
function goName(id: string): string {
  let out = '';
  for (const p of id.split(/[-.]/)) {
    if (!p) continue;
    const w = ACRONYMS.has(p) ? p.toUpperCase() : p[0].toUpperCase() + p.slice(1);
    if (/[0-9]$/.test(out) && /^[0-9]/.test(w)) out += '_';
    out += w;
  }
  return out;
}

/** Java (Kotlin) name of an id: `gpt-4.1-mini` → `GPT_4_1_MINI`. */
function javaName(id: string): string {
  return id.toUpperCase().replace(/[-.]/g, '_');
}

// The first anthropic-sdk-go releases spelled a few names with underscores throughout.
const GO_EXTRA: Record<string, string> = {
  Claude_2_0: 'claude-2.0', Claude_2_1: 'claude-2.1', Claude_Instant_1_2: 'claude-instant-1.2',
  Claude_3_Haiku_20240307: 'claude-3-haiku-20240307', Claude_3_Opus_20240229: 'claude-3-opus-20240229',
  Claude_3_Sonnet_20240229: 'claude-3-sonnet-20240229', Claude_3_5_Sonnet_20240620: 'claude-3-5-sonnet-20240620',
};

const GO_OPENAI_COMMUNITY = `
O1Mini=o1-mini O1Mini20240912=o1-mini-2024-09-12 O1Preview=o1-preview
O1Preview20240912=o1-preview-2024-09-12 O1=o1 O120241217=o1-2024-12-17 O3=o3
O320250416=o3-2025-04-16 O3Mini=o3-mini O3Mini20250131=o3-mini-2025-01-31 O3Pro=o3-pro
O3DeepResearch=o3-deep-research O4Mini=o4-mini O4Mini20250416=o4-mini-2025-04-16
O4MiniDeepResearch=o4-mini-deep-research GPT432K0613=gpt-4-32k-0613 GPT432K0314=gpt-4-32k-0314
GPT432K=gpt-4-32k GPT40613=gpt-4-0613 GPT40314=gpt-4-0314 GPT4o=gpt-4o
GPT4o20240513=gpt-4o-2024-05-13 GPT4o20240806=gpt-4o-2024-08-06 GPT4o20241120=gpt-4o-2024-11-20
GPT4oLatest=chatgpt-4o-latest GPT4oMini=gpt-4o-mini GPT4oMini20240718=gpt-4o-mini-2024-07-18
GPT4Turbo=gpt-4-turbo GPT4Turbo20240409=gpt-4-turbo-2024-04-09 GPT4Turbo0125=gpt-4-0125-preview
GPT4Turbo1106=gpt-4-1106-preview GPT4TurboPreview=gpt-4-turbo-preview
GPT4VisionPreview=gpt-4-vision-preview GPT4=gpt-4 GPT4Dot1=gpt-4.1
GPT4Dot120250414=gpt-4.1-2025-04-14 GPT4Dot1Mini=gpt-4.1-mini
GPT4Dot1Mini20250414=gpt-4.1-mini-2025-04-14 GPT4Dot1Nano=gpt-4.1-nano
GPT4Dot1Nano20250414=gpt-4.1-nano-2025-04-14 GPT4Dot5Preview=gpt-4.5-preview
GPT4Dot5Preview20250227=gpt-4.5-preview-2025-02-27 GPT5=gpt-5 GPT5Mini=gpt-5-mini
GPT5Nano=gpt-5-nano GPT5Pro=gpt-5-pro GPT5ChatLatest=gpt-5-chat-latest GPT5Codex=gpt-5-codex
GPT5Dot1=gpt-5.1 GPT5Dot1ChatLatest=gpt-5.1-chat-latest GPT5Dot1Codex=gpt-5.1-codex
GPT5Dot1CodexMini=gpt-5.1-codex-mini GPT5Dot1CodexMax=gpt-5.1-codex-max GPT5Dot2=gpt-5.2
GPT5Dot2ChatLatest=gpt-5.2-chat-latest GPT5Dot2Pro=gpt-5.2-pro GPT5Dot2Codex=gpt-5.2-codex
GPT5Dot3ChatLatest=gpt-5.3-chat-latest GPT5Dot3Codex=gpt-5.3-codex GPT5Dot4=gpt-5.4
GPT5Dot4Mini=gpt-5.4-mini GPT5Dot4Nano=gpt-5.4-nano GPT5Dot4Pro=gpt-5.4-pro GPT5Dot5=gpt-5.5
GPT5Dot5Pro=gpt-5.5-pro GPT5Dot6=gpt-5.6 GPT5Dot6Sol=gpt-5.6-sol GPT5Dot6Terra=gpt-5.6-terra
GPT5Dot6Luna=gpt-5.6-luna GPT3Dot5Turbo0125=gpt-3.5-turbo-0125
GPT3Dot5Turbo1106=gpt-3.5-turbo-1106 GPT3Dot5Turbo0613=gpt-3.5-turbo-0613
GPT3Dot5Turbo0301=gpt-3.5-turbo-0301 GPT3Dot5Turbo16K=gpt-3.5-turbo-16k
GPT3Dot5Turbo16K0613=gpt-3.5-turbo-16k-0613 GPT3Dot5Turbo=gpt-3.5-turbo
GPT3Dot5TurboInstruct=gpt-3.5-turbo-instruct GPT3TextDavinci003=text-davinci-003
GPT3TextDavinci002=text-davinci-002 GPT3TextCurie001=text-curie-001
GPT3TextBabbage001=text-babbage-001 GPT3TextAda001=text-ada-001
GPT3TextDavinci001=text-davinci-001 GPT3DavinciInstructBeta=davinci-instruct-beta
GPT3Davinci=davinci GPT3Davinci002=davinci-002 GPT3CurieInstructBeta=curie-instruct-beta
GPT3Curie=curie GPT3Curie002=curie-002 GPT3Ada=ada GPT3Ada002=ada-002 GPT3Babbage=babbage
GPT3Babbage002=babbage-002 CodexCodeDavinci002=code-davinci-002
CodexCodeCushman001=code-cushman-001 CodexCodeDavinci001=code-davinci-001
`.trim().split(/\s+/);

const GO_ANTHROPIC_COMMUNITY = `
Claude2Dot0=claude-2.0 Claude2Dot1=claude-2.1 Claude3Opus20240229=claude-3-opus-20240229
Claude3Sonnet20240229=claude-3-sonnet-20240229 Claude3Dot5Sonnet20240620=claude-3-5-sonnet-20240620
Claude3Dot5Sonnet20241022=claude-3-5-sonnet-20241022 Claude3Dot5SonnetLatest=claude-3-5-sonnet-latest
Claude3Haiku20240307=claude-3-haiku-20240307 Claude3Dot5HaikuLatest=claude-3-5-haiku-latest
Claude3Dot5Haiku20241022=claude-3-5-haiku-20241022 ClaudeHaiku4Dot5=claude-haiku-4-5
ClaudeHaiku4Dot5V20251001=claude-haiku-4-5-20251001 Claude3Dot7SonnetLatest=claude-3-7-sonnet-latest
Claude3Dot7Sonnet20250219=claude-3-7-sonnet-20250219 ClaudeOpus4Dot0=claude-opus-4-0
ClaudeOpus4V20250514=claude-opus-4-20250514 ClaudeOpus4Dot1=claude-opus-4-1
ClaudeOpus4Dot1V20250805=claude-opus-4-1-20250805 ClaudeSonnet4Dot0=claude-sonnet-4-0
ClaudeSonnet4V20250514=claude-sonnet-4-20250514 ClaudeSonnet4Dot5=claude-sonnet-4-5
ClaudeSonnet4Dot5V20250929=claude-sonnet-4-5-20250929 ClaudeOpus4Dot5=claude-opus-4-5
ClaudeOpus4Dot5V20251101=claude-opus-4-5-20251101 ClaudeSonnet4Dot6=claude-sonnet-4-6 ClaudeOpus4Dot6=claude-opus-4-6
ClaudeOpus4Dot7=claude-opus-4-7 ClaudeOpus4Dot8=claude-opus-4-8 ClaudeSonnet5=claude-sonnet-5
ClaudeFable5=claude-fable-5 ClaudeMythos5=claude-mythos-5
`.trim().split(/\s+/);

/**
 * tghamm/Anthropic.SDK's AnthropicModels (Constants/AnthropicModels.cs, every value the file has
 * held up to 3b798b4). `Claude35Sonnet` meant two ids over the releases, so it is left out.
 */
const CSHARP_ANTHROPIC_COMMUNITY = `
Claude35Haiku=claude-3-5-haiku-20241022 Claude37Sonnet=claude-3-7-sonnet-20250219 Claude3Haiku=claude-3-haiku-20240307
Claude3Opus=claude-3-opus-20240229 Claude3Sonnet=claude-3-sonnet-20240229 Claude41Opus=claude-opus-4-1-20250805
Claude45Haiku=claude-haiku-4-5-20251001 Claude45Opus=claude-opus-4-5-20251101 Claude45Sonnet=claude-sonnet-4-5-20250929
Claude46Opus=claude-opus-4-6 Claude46Sonnet=claude-sonnet-4-6 Claude4Opus=claude-opus-4-20250514
Claude4Sonnet=claude-sonnet-4-20250514 ClaudeInstant_v1=claude-instant-1 ClaudeInstant_v1_1=claude-instant-1.1
ClaudeInstant_v1_2=claude-instant-1.2 Claude_v1=claude-1 Claude_v1_0=claude-1.0 Claude_v1_2=claude-1.2
Claude_v1_3=claude-1.3 Claude_v2=claude-2 Claude_v2_0=claude-2.0 Claude_v2_1=claude-2.1
`.trim().split(/\s+/);

let goTable: Map<string, string> | undefined;
let javaTable: Map<string, string> | undefined;
let communityTable: Map<string, string> | undefined;
let anthropicCommunityTable: Map<string, string> | undefined;
let csharpCommunityTable: Map<string, string> | undefined;

function tableOf(entries: readonly string[]): Map<string, string> {
  const table = new Map<string, string>();
  for (const e of entries) {
    const eq = e.indexOf('=');
    table.set(e.slice(0, eq), e.slice(eq + 1));
  }
  return table;
}

/** `ChatModelGPT4o`, `ModelClaudeSonnet4_5`, `CompletionNewParamsModelGPT3_5TurboInstruct` → id. */
export function goSdkModel(constant: string): string | null {
  if (!goTable) {
    goTable = new Map(Object.entries(GO_EXTRA));
    for (const id of IDS) goTable.set(goName(id), id);
  }
  const m = /(?:^|Model)((?:GPT|O[0-9]|Claude|Chatgpt|Codex|Computer|Davinci|Babbage)[A-Za-z0-9_]*)$/.exec(constant);
  return m ? goTable.get(m[1]) ?? null : null;
}

/** `GPT_4O`, `CLAUDE_SONNET_4_5` → id. */
export function javaSdkModel(constant: string): string | null {
  if (!javaTable) {
    javaTable = new Map();
    for (const id of IDS) javaTable.set(javaName(id), id);
  }
  return javaTable.get(constant) ?? null;
}

/** sashabaranov/go-openai's `openai.GPT4o`, `openai.GPT3Dot5Turbo` → id. */
export function goOpenAICommunityModel(constant: string): string | null {
  communityTable ??= tableOf(GO_OPENAI_COMMUNITY);
  return communityTable.get(constant) ?? null;
}

/**
 * C# model constants: the official Anthropic SDK's `Model.ClaudeSonnet4_5` (Stainless names, as in
 * Go) and tghamm/Anthropic.SDK's `AnthropicModels.Claude45Haiku`.
 */
export function csharpSdkModel(owner: string, constant: string): string | null {
  if (owner === 'AnthropicModels') {
    csharpCommunityTable ??= tableOf(CSHARP_ANTHROPIC_COMMUNITY);
    return csharpCommunityTable.get(constant) ?? null;
  }
  return owner === 'Model' ? goSdkModel(constant) : null;
}

/** liushuangls/go-anthropic's `anthropic.ModelClaude3Dot5HaikuLatest` → id. */
export function goAnthropicCommunityModel(constant: string): string | null {
  anthropicCommunityTable ??= tableOf(GO_ANTHROPIC_COMMUNITY);
  return anthropicCommunityTable.get(constant.replace(/^Model/, '')) ?? null;
}
