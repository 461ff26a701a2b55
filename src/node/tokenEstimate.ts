// A better pre-run token estimate than core's chars/4: js-tiktoken's o200k_base encoding measures
// the characters-per-token ratio of this run's own messages on a sample, and the ratio is applied
// to every request. Encoding all of a 20,000-request run would cost seconds; a sample costs
// milliseconds and is as good for an estimate.
import type { LlmRequest } from '../core/ports';
import { DEFAULT_OUTPUT_TOKENS, maxOutputTokens, type TokenEstimator } from '../core/replay/estimate';

/** Per-message framing tokens of the chat format (role, separators). */
const PER_MESSAGE = 4;

interface Encoder { encode(text: string): number[] }
let encoder: Promise<Encoder> | undefined;

/** Building the o200k encoder takes about half a second: once per process (the editor replays often). */
function o200k(): Promise<Encoder> {
  encoder ??= (async () => {
    const { Tiktoken } = await import('js-tiktoken/lite');
    const ranks = (await import('js-tiktoken/ranks/o200k_base')).default;
    return new Tiktoken(ranks);
  })();
  encoder.catch(() => { encoder = undefined; });
  return encoder;
}

export async function calibratedEstimator(sample: Iterable<LlmRequest>, sampleSize = 64): Promise<TokenEstimator> {
  let ratio = 4;
  try {
    const enc = await o200k();
    let chars = 0;
    let tokens = 0;
    let n = 0;
    for (const req of sample) {
      for (const m of req.messages) {
        chars += m.content.length;
        tokens += enc.encode(m.content).length;
      }
      if (++n >= sampleSize) break;
    }
    if (chars > 0 && tokens > 0) ratio = chars / tokens;
  } catch {
    // No tokenizer (a trimmed install): chars/4 is the fallback rule of thumb.
  }
  return (req) => {
    let chars = 0;
    for (const m of req.messages) chars += m.content.length;
    return { input: Math.ceil(chars / ratio) + PER_MESSAGE * req.messages.length, output: maxOutputTokens(req.params) ?? DEFAULT_OUTPUT_TOKENS };
  };
}
