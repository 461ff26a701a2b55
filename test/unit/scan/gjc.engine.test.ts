// The Go, Java and C# corpora scanned the way `promptshift scan` and the editor scan them: through
// ScanEngine (extension → language, size, prefilter and minified rules, then the tree-sitter job
// parser), scored with the shared scorer. The engine must cost no call site the scanners find alone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ScanEngine, languageOf, type FileScan, type SourceFile } from '../../../src/core/scan/index';
import { FIXTURES } from '../support/paths';
import { describeScore } from './score';
import { loadGrammar, scoreCorpus, scoreCorpusWith, type FileScanner } from './gjcSupport';

const engine = new ScanEngine(loadGrammar);

async function scanThroughEngine(file: SourceFile): Promise<FileScan> {
  const prepared = engine.prepareFile(file);
  return prepared.job ? engine.parseFile(prepared.job) : prepared.scan;
}

for (const [corpus, ext, language] of [['go', '.go', 'go'], ['java', '.java', 'java'], ['csharp', '.cs', 'cs']] as const) {
  test(`${corpus} corpus through the engine scores as the scanner alone: precision ≥ 0.95, recall ≥ 0.90`, async () => {
    const languages = new Set<string>();
    const unparsed: string[] = [];
    const throughEngine: FileScanner = async (path, content) => {
      const scan = await scanThroughEngine({ path, content });
      if (!scan.parsed) unparsed.push(path);
      for (const site of scan.callSites) languages.add(site.language);
      return scan;
    };
    const viaEngine = await scoreCorpusWith(throughEngine, corpus, ext);
    const alone = await scoreCorpus(corpus, corpus, ext);
    const detail = describeScore(viaEngine.score);
    console.log(`[measure] ${corpus} through ScanEngine: ${detail.split('\n')[0]}`);
    assert.deepEqual(viaEngine.score, alone.score, detail);
    assert.ok(viaEngine.score.precision >= 0.95, detail);
    assert.ok(viaEngine.score.recall >= 0.9, detail);
    assert.ok(viaEngine.score.apiAccuracy >= 0.97, detail);
    assert.ok(viaEngine.score.modelAccuracy >= 0.97, detail);
    assert.deepEqual(viaEngine.errors, []);
    assert.deepEqual([...languages], [language]);
    // The prefilter may skip a file only when it has no labelled call site.
    const labelled = new Set(viaEngine.labels.map((l) => l.path));
    assert.deepEqual(unparsed.filter((p) => labelled.has(p)), []);
  });
}

test('one engine parses Python and Go in any order: the grammars share one tree-sitter runtime', async () => {
  const read = (corpus: string, path: string): SourceFile => ({ path, content: readFileSync(join(FIXTURES, 'scan', corpus, path)) });
  const py = read('py', 'app/api/extract.py');
  const go = read('go', 'internal/summarize/summarize.go');
  const first = await scanThroughEngine(py);
  const goScan = await scanThroughEngine(go);
  const again = await scanThroughEngine(py);
  assert.ok(first.callSites.length > 0 && goScan.callSites.length > 0);
  assert.deepEqual(again, first);
  assert.equal(languageOf(go.path), 'go');
});

test('a Go, Java or C# file that names no SDK is not parsed', async () => {
  for (const path of ['a/main.go', 'A.java', 'A.cs']) {
    const scan = await scanThroughEngine({ path, content: 'package p // c.Chat.Completions.New(ctx, params)\n' });
    assert.deepEqual(scan, { path, callSites: [], error: null, parsed: false });
  }
});
