// What nodeFetch resolves with: a Fetch `Response` whose body is already in memory. Building a real
// (undici) Response costs a WHATWG ReadableStream, a Headers object filled through WebIDL checks,
// and a stream read back by json() — measured with bench/replay.ts, about 0.1 ms of CPU and 15 KB
// of garbage a request, more than the whole node:http exchange. The body is complete by the time
// nodeFetch resolves, so a plain object over the bytes implements the same contract: status, ok,
// immutable headers, single-use body readers (json, text, arrayBuffer, bytes, blob), a lazily built
// `body` stream for code that wants one, and clone().

/** Fetch's Headers, read-only as a Response's are ("immutable" guard), over parsed raw headers. */
export class ResponseHeaders implements Iterable<[string, string]> {
  // Lower-cased name → value; repeated headers joined with ", " as fetch joins them.
  private readonly map = new Map<string, string>();
  private readonly cookies: string[] = [];

  /** `raw` is node's rawHeaders: name, value, name, value… `skip` names are left out (lower case). */
  constructor(raw: readonly string[], skip?: ReadonlySet<string>) {
    for (let i = 0; i + 1 < raw.length; i += 2) {
      const name = raw[i].toLowerCase();
      if (skip?.has(name)) continue;
      const value = raw[i + 1];
      if (name === 'set-cookie') this.cookies.push(value);
      const prev = this.map.get(name);
      this.map.set(name, prev === undefined ? value : `${prev}, ${value}`);
    }
  }

  get(name: string): string | null {
    return this.map.get(name.toLowerCase()) ?? null;
  }

  has(name: string): boolean {
    return this.map.has(name.toLowerCase());
  }

  getSetCookie(): string[] {
    return [...this.cookies];
  }

  /** Sorted by name, as fetch iterates. */
  *entries(): IterableIterator<[string, string]> {
    const names = [...this.map.keys()].sort();
    for (const n of names) yield [n, this.map.get(n)!];
  }

  *keys(): IterableIterator<string> {
    for (const [k] of this.entries()) yield k;
  }

  *values(): IterableIterator<string> {
    for (const [, v] of this.entries()) yield v;
  }

  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.entries();
  }

  forEach(fn: (value: string, name: string, parent: ResponseHeaders) => void, thisArg?: unknown): void {
    for (const [k, v] of this.entries()) fn.call(thisArg, v, k, this);
  }

  append(): never { throw new TypeError('immutable'); }
  set(): never { throw new TypeError('immutable'); }
  delete(): never { throw new TypeError('immutable'); }
}

export interface BufferedResponseInit {
  status: number;
  statusText: string;
  headers: ResponseHeaders;
  url: string;
}

/**
 * A Response over a body already read (`bytes`), or over a body that failed mid-way (`failure`):
 * reading it then rejects with that error, as fetch's body would.
 */
export class BufferedResponse {
  readonly type = 'basic';
  readonly redirected = false;
  readonly status: number;
  readonly statusText: string;
  readonly headers: ResponseHeaders;
  readonly url: string;
  private used = false;
  private stream: ReadableStream<Uint8Array> | null | undefined;

  constructor(private readonly data: Buffer | null, init: BufferedResponseInit, private readonly failure: unknown = null) {
    this.status = init.status;
    this.statusText = init.statusText;
    this.headers = init.headers;
    this.url = init.url;
  }

  get ok(): boolean {
    return this.status >= 200 && this.status <= 299;
  }

  get bodyUsed(): boolean {
    return this.used;
  }

  get body(): ReadableStream<Uint8Array> | null {
    if (this.stream !== undefined) return this.stream;
    if (this.data === null && this.failure === null) return (this.stream = null);
    // Built only when asked for: reading it consumes the body like the readers below.
    this.stream = new ReadableStream<Uint8Array>({
      pull: (c) => {
        try {
          const b = this.take();
          if (b.length) c.enqueue(new Uint8Array(b));
          c.close();
        } catch (e) {
          c.error(e);
        }
      },
    });
    return this.stream;
  }

  private take(): Buffer {
    if (this.used) throw new TypeError('Body is unusable: Body has already been read');
    this.used = true;
    if (this.failure !== null) throw this.failure;
    return this.data ?? Buffer.alloc(0);
  }

  private read(): Promise<Buffer> {
    try {
      return Promise.resolve(this.take());
    } catch (e) {
      return Promise.reject(e);
    }
  }

  async text(): Promise<string> {
    const s = (await this.read()).toString('utf8');
    // UTF-8 decode as fetch does it: a leading byte order mark is not part of the text.
    return s.charCodeAt(0) === 0xfeff ? s.slice(1) : s;
  }

  async json(): Promise<unknown> {
    return JSON.parse(await this.text());
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    const b = await this.read();
    return b.buffer.slice(b.byteOffset, b.byteOffset + b.length) as ArrayBuffer;
  }

  async bytes(): Promise<Uint8Array> {
    return new Uint8Array(await this.arrayBuffer());
  }

  async blob(): Promise<Blob> {
    return new Blob([await this.arrayBuffer()], { type: this.headers.get('content-type') ?? '' });
  }

  clone(): BufferedResponse {
    if (this.used) throw new TypeError('Response.clone: Body has already been consumed.');
    return new BufferedResponse(this.data, this, this.failure);
  }
}
