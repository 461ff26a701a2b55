// Generates a realistic source tree for bench/scan: mostly ordinary TS/JS/Python modules, some of
// which call a model SDK, in nested package folders. Deterministic for a given seed.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

function rng(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

const TS_PLAIN = (n: number) => `import { Router } from 'express';
import { db } from '../db';

export interface Order${n} { id: string; total: number; items: { sku: string; qty: number }[] }

export async function loadOrder${n}(id: string): Promise<Order${n} | null> {
  const row = await db.query('select * from orders where id = $1', [id]);
  if (!row) return null;
  return { id: row.id, total: Number(row.total), items: JSON.parse(row.items) };
}

export function totalOf${n}(o: Order${n}): number {
  return o.items.reduce((sum, it) => sum + it.qty * priceOf(it.sku), 0);
}

function priceOf(sku: string): number {
  let h = 0;
  for (const ch of sku) h = (h * 31 + ch.charCodeAt(0)) | 0;
  return Math.abs(h % 1000) / 10;
}

export const router${n} = Router().get('/orders/:id', async (req, res) => {
  const order = await loadOrder${n}(req.params.id);
  if (!order) return res.status(404).end();
  res.json({ ...order, total: totalOf${n}(order) });
});
`;

const TS_LLM = (n: number) => `import OpenAI from 'openai';

const client = new OpenAI();
const MODEL = process.env.SUMMARY_MODEL ?? 'gpt-4o-mini';

export async function summarise${n}(text: string): Promise<string> {
  const res = await client.chat.completions.create({
    model: MODEL,
    temperature: 0.2,
    messages: [
      { role: 'system', content: 'Summarise the text in one paragraph.' },
      { role: 'user', content: \`Text: \${text}\` },
    ],
  });
  return res.choices[0]?.message?.content ?? '';
}
`;

const PY_PLAIN = (n: number) => `"""Helpers for report ${n}."""
from dataclasses import dataclass
from typing import Iterable


@dataclass
class Row${n}:
    name: str
    value: float


def total_${n}(rows: Iterable[Row${n}]) -> float:
    return sum(r.value for r in rows)


def top_${n}(rows: list[Row${n}], k: int = 5) -> list[Row${n}]:
    return sorted(rows, key=lambda r: r.value, reverse=True)[:k]


def render_${n}(rows: list[Row${n}]) -> str:
    lines = [f"{r.name}: {r.value:.2f}" for r in rows]
    return "\\n".join(lines)
`;

const PY_LLM = (n: number) => `from openai import OpenAI

client = OpenAI()


def classify_${n}(text: str) -> str:
    resp = client.chat.completions.create(
        model="gpt-4o",
        messages=[
            {"role": "system", "content": "Classify the text as positive or negative."},
            {"role": "user", "content": f"Text: {text}"},
        ],
    )
    return resp.choices[0].message.content
`;

export interface TreeStats { files: number; bytes: number; llmFiles: number }

export function generateTree(root: string, targetFiles: number, targetBytes: number, seed = 42): TreeStats {
  const rand = rng(seed);
  const stats: TreeStats = { files: 0, bytes: 0, llmFiles: 0 };
  const perFile = targetBytes / targetFiles;
  for (let i = 0; i < targetFiles; i++) {
    const dir = join(root, `pkg${i % 40}`, `mod${Math.floor(i / 40) % 25}`);
    mkdirSync(dir, { recursive: true });
    const python = rand() < 0.35;
    const llm = rand() < 0.06;
    const base = python ? (llm ? PY_LLM(i) : PY_PLAIN(i)) : (llm ? TS_LLM(i) : TS_PLAIN(i));
    // Pad with ordinary code so the tree reaches the target size, as real modules are longer.
    let text = base;
    const filler = python ? PY_PLAIN(i + 100000) : TS_PLAIN(i + 100000);
    while (text.length < perFile * (0.5 + rand())) text += '\n' + filler.replace(/([A-Za-z_]+)(\d+)/g, `$1$2x${text.length}`);
    const path = join(dir, `file${i}.${python ? 'py' : rand() < 0.8 ? 'ts' : 'js'}`);
    writeFileSync(path, text);
    stats.files++;
    stats.bytes += Buffer.byteLength(text);
    if (llm) stats.llmFiles++;
  }
  return stats;
}

/** A single large file for the rescan measurement: `lines` lines with a few call sites in it. */
export function largeFile(lines: number): string {
  const parts: string[] = [];
  let n = 0;
  while (parts.join('\n').split('\n').length < lines) parts.push(n % 10 === 0 ? TS_LLM(n++) : TS_PLAIN(n++));
  return parts.join('\n').split('\n').slice(0, lines).join('\n');
}
