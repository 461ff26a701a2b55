// The Batch API of the local endpoint: files (multipart upload, content download) and batches that
// move validating → in_progress → completed one step per retrieve, so a polling client is exercised
// through every state without the test waiting on a clock.
import { randomBytes } from 'node:crypto';
import { answerChat, answerResponses, apiError, type Answer } from './answers';
import { hashRequestBody } from './hash';

type Json = Record<string, unknown>;

export interface StoredFile {
  meta: Json;
  content: Buffer;
}

export interface StoredBatch {
  batch: Json;
}

const now = (): number => Math.floor(Date.now() / 1000);
const newId = (prefix: string): string => `${prefix}${randomBytes(12).toString('hex')}`;

/** Parses multipart/form-data into fields (text) and files (bytes). Enough for what the SDK sends. */
export function parseMultipart(body: Buffer, contentType: string): { fields: Record<string, string>; files: Record<string, { filename: string; data: Buffer }> } | null {
  const m = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  if (!m) return null;
  const boundary = Buffer.from(`--${m[1] ?? m[2]}`);
  const fields: Record<string, string> = {};
  const files: Record<string, { filename: string; data: Buffer }> = {};
  let pos = body.indexOf(boundary);
  while (pos !== -1) {
    const start = pos + boundary.length;
    if (body.subarray(start, start + 2).toString() === '--') break;
    const headerEnd = body.indexOf('\r\n\r\n', start);
    if (headerEnd === -1) return null;
    const next = body.indexOf(boundary, headerEnd);
    if (next === -1) return null;
    const headers = body.subarray(start, headerEnd).toString('utf8');
    const data = body.subarray(headerEnd + 4, next - 2); // the part ends with CRLF before the boundary
    const name = /name="([^"]*)"/i.exec(headers)?.[1];
    const filename = /filename="([^"]*)"/i.exec(headers)?.[1];
    if (name !== undefined) {
      if (filename !== undefined) files[name] = { filename, data: Buffer.from(data) };
      else fields[name] = data.toString('utf8');
    }
    pos = next;
  }
  return { fields, files };
}

export class BatchStore {
  readonly files = new Map<string, StoredFile>();
  readonly batches = new Map<string, StoredBatch>();

  addFile(filename: string, purpose: string, content: Buffer): Json {
    const id = newId('file-');
    const meta = { id, object: 'file', bytes: content.length, created_at: now(), filename, purpose, status: 'processed', status_details: null, expires_at: null };
    this.files.set(id, { meta, content });
    return meta;
  }

  createBatch(body: Json): { status: number; body: Json } {
    const input = typeof body.input_file_id === 'string' ? this.files.get(body.input_file_id) : undefined;
    if (!input) return { status: 404, body: apiError(`No such File object: ${String(body.input_file_id)}`, 'invalid_request_error', 'not_found', 'input_file_id') };
    // OpenAI names endpoints /v1/…; Azure leaves the prefix off.
    const endpoint = typeof body.endpoint === 'string' ? body.endpoint.replace(/^\/v1(?=\/)/, '') : body.endpoint;
    if (endpoint !== '/chat/completions' && endpoint !== '/responses') {
      return { status: 400, body: apiError(`unsupported batch endpoint: ${String(endpoint)}`, 'invalid_request_error', 'invalid_value', 'endpoint') };
    }
    const id = newId('batch_');
    const batch: Json = {
      id, object: 'batch', endpoint: body.endpoint, errors: null, input_file_id: body.input_file_id,
      completion_window: body.completion_window ?? '24h', status: 'validating',
      output_file_id: null, error_file_id: null, created_at: now(), in_progress_at: null, expires_at: now() + 86_400,
      finalizing_at: null, completed_at: null, failed_at: null, expired_at: null, cancelling_at: null, cancelled_at: null,
      request_counts: { total: 0, completed: 0, failed: 0 }, metadata: body.metadata ?? null,
    };
    this.batches.set(id, { batch });
    return { status: 200, body: batch };
  }

  /** One retrieve advances one state; the answers are computed when the batch completes. */
  retrieve(id: string, onRequest: (model: string, requestHash: string) => void): Json | null {
    const stored = this.batches.get(id);
    if (!stored) return null;
    const b = stored.batch;
    if (b.status === 'validating') {
      b.status = 'in_progress';
      b.in_progress_at = now();
      b.request_counts = { total: this.lines(b).length, completed: 0, failed: 0 };
    } else if (b.status === 'in_progress') {
      this.complete(b, onRequest);
    } else if (b.status === 'cancelling') {
      b.status = 'cancelled';
      b.cancelled_at = now();
    }
    return b;
  }

  cancel(id: string): Json | null {
    const stored = this.batches.get(id);
    if (!stored) return null;
    const b = stored.batch;
    if (b.status === 'validating' || b.status === 'in_progress') {
      b.status = 'cancelling';
      b.cancelling_at = now();
    }
    return b;
  }

  private lines(b: Json): string[] {
    const file = this.files.get(String(b.input_file_id));
    return file ? file.content.toString('utf8').split('\n').filter((l) => l.trim() !== '') : [];
  }

  private complete(b: Json, onRequest: (model: string, requestHash: string) => void): void {
    const out: string[] = [];
    const errs: string[] = [];
    let completed = 0;
    for (const [i, line] of this.lines(b).entries()) {
      let item: Json;
      try {
        item = JSON.parse(line) as Json;
      } catch {
        errs.push(JSON.stringify({ id: `batch_req_${i}`, custom_id: null, response: null, error: { code: 'invalid_json', message: `line ${i + 1} is not JSON` } }));
        continue;
      }
      const customId = item.custom_id ?? null;
      const body = (item.body ?? {}) as Json;
      if (String(item.url).replace(/^\/v1(?=\/)/, '') !== String(b.endpoint).replace(/^\/v1(?=\/)/, '')) {
        errs.push(JSON.stringify({ id: `batch_req_${i}`, custom_id: customId, response: null, error: { code: 'invalid_url', message: `url ${String(item.url)} does not match the batch endpoint ${String(b.endpoint)}` } }));
        continue;
      }
      const hash = hashRequestBody(body);
      onRequest(String(body.model), hash);
      const ans: Answer = String(b.endpoint).endsWith('/chat/completions') ? answerChat(body, hash) : answerResponses(body, hash);
      if (ans.status === 200) completed++;
      out.push(JSON.stringify({ id: `batch_req_${i}`, custom_id: customId, response: { status_code: ans.status, request_id: `req_${hash}`, body: ans.body }, error: null }));
    }
    b.status = 'completed';
    b.finalizing_at = now();
    b.completed_at = now();
    b.output_file_id = out.length > 0 ? this.addFile(`batch_${String(b.id)}_output.jsonl`, 'batch_output', Buffer.from(out.join('\n') + '\n')).id : null;
    b.error_file_id = errs.length > 0 ? this.addFile(`batch_${String(b.id)}_error.jsonl`, 'batch_output', Buffer.from(errs.join('\n') + '\n')).id : null;
    b.request_counts = { total: out.length + errs.length, completed, failed: out.length + errs.length - completed };
  }
}
