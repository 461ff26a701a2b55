// The built-in "Local test endpoint (stand-in)" profile: a local OpenAI-compatible server on
// 127.0.0.1 (src/llm/localEndpoint) started on first use and stopped with the extension. Its
// answers are deterministic fakes, and everything that shows them says so.
import type { LocalEndpoint } from '../../llm/localEndpoint/index';

export class LocalStandIn {
  private starting: Promise<LocalEndpoint> | null = null;

  /** The stand-in's base URL (…/v1), starting it if needed. */
  async url(): Promise<string> {
    this.starting ??= import('../../llm/localEndpoint/index').then((m) => m.startLocalEndpoint());
    try {
      return (await this.starting).url;
    } catch (e) {
      this.starting = null;
      throw e;
    }
  }

  dispose(): void {
    const s = this.starting;
    this.starting = null;
    void s?.then((ep) => ep.close()).catch(() => undefined);
  }
}
