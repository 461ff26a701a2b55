import type { CallSite } from '../../../src/core/callsite';

/** A call site with sensible defaults, for the host's pure helpers. */
export function site(over: Partial<CallSite> = {}): CallSite {
  return {
    id: 'id1', path: 'src/a.ts', line: 10, column: 3, endLine: 14, language: 'ts', api: 'openai.chat',
    model: 'gpt-4o', modelExpr: "'gpt-4o'", modelResolved: null, modelSource: [],
    modelSpan: { start: { line: 11, column: 12 }, end: { line: 11, column: 20 } },
    hasSchema: false, schema: null,
    prompt: { messages: [{ role: 'system', content: 'You summarise.' }, { role: 'user', content: 'Summarise: {{doc}}' }], holes: ['doc'] },
    params: {},
    ...over,
  };
}
