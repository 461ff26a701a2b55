// Whether a string reads as a model id: used where a value could be a model or something else a
// program names the same way (a task name, a prompt, a registry key).

/** Model families whose names carry no version number (`gpt-4o` has one; `claude-sonnet-latest` may not). */
const MODEL_FAMILY = /(^|[^a-z])(gpt|claude|haiku|sonnet|opus|gemini|gemma|llama|mistral|mixtral|codestral|qwen|deepseek|command|sonar|grok|phi|davinci|kimi|glm|o\d)/i;

/** Model ids carry a version number or a model family's name; task names (`fallback`, `lite`) do not. */
export function readsAsModelId(id: string): boolean {
  if (!id || /\s/.test(id) || id.length > 120) return false;
  return /\d/.test(id) || MODEL_FAMILY.test(id);
}
