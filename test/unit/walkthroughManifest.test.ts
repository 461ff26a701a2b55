// The walkthrough in package.json against src/host/ids.ts: its steps in order, completion events and
// command links that name what the extension contributes, and media that ships and stays small.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Commands, Settings, Views, Walkthrough } from '../../src/host/ids';
import { REPO_ROOT } from './support/paths';

interface Step { id: string; title: string; description: string; completionEvents?: string[]; media: { image?: string; altText?: string } }
interface WalkthroughEntry { id: string; title: string; description: string; steps: Step[] }

const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8'));
const walkthroughs = manifest.contributes.walkthroughs as WalkthroughEntry[];
const steps = () => walkthroughs[0].steps;
/** The VSIX carries every image; a screenshot above this is a sign it was not cropped. */
const MAX_IMAGE_BYTES = 150 * 1024;

test('one walkthrough, with the id and the steps src/host/ids.ts names, in order', () => {
  assert.deepEqual(walkthroughs.map((w) => w.id), [Walkthrough.id]);
  assert.deepEqual(steps().map((s) => s.id), [...Walkthrough.steps]);
  for (const s of steps()) assert.ok(s.title && s.description, `${s.id} has a title and a description`);
});

test('every step completes on events that name a contributed command, view, setting or its own context key', () => {
  const known: Record<string, Set<string>> = {
    onCommand: new Set(Object.values(Commands)),
    onView: new Set(Object.values(Views)),
    onSettingChanged: new Set(Object.entries(Settings).filter(([k]) => k !== 'section').map(([, v]) => v)),
    onContext: new Set(Object.values(Walkthrough.done)),
  };
  for (const s of steps()) {
    assert.ok(s.completionEvents?.length, `${s.id} completes on an event, not only on a click of its first link`);
    for (const e of s.completionEvents ?? []) {
      const [kind, target] = e.split(':');
      assert.ok(known[kind]?.has(target), `${s.id}: ${e} names something the extension contributes`);
    }
  }
});

test('a step that a command the extension runs itself can finish also completes on its context key', () => {
  // onCommand: never fires for those (host/walkthrough.ts); the key is set when the work is done.
  for (const [step, key] of Object.entries(Walkthrough.done)) {
    const found = steps().find((s) => s.id === step);
    assert.ok(found?.completionEvents?.includes(`onContext:${key}`), `${step} completes on onContext:${key}`);
  }
});

test("every step's description has a command button, and its Promptshift commands exist", () => {
  const promptshift = new Set<string>(Object.values(Commands));
  for (const s of steps()) {
    // A link alone on its line is rendered as a button.
    const buttons = s.description.split('\n').filter((l) => /^\[[^\]]+\]\(command:[^)]+\)$/.test(l));
    assert.ok(buttons.length, `${s.id} has a command button`);
    for (const [, id] of s.description.matchAll(/\(command:([\w.]+)/g)) {
      assert.ok(promptshift.has(id) || id.startsWith('workbench.'), `${s.id} links ${id}, a contributed or built-in command`);
    }
  }
});

test('every step shows a small PNG from media/walkthrough/ with alt text, and no image there is unused', () => {
  const used = new Set<string>();
  for (const s of steps()) {
    const image = s.media.image ?? '';
    assert.ok(image.startsWith('media/walkthrough/') && image.endsWith('.png'), `${s.id} shows a PNG from media/walkthrough/`);
    assert.ok((s.media.altText ?? '').length > 20, `${s.id}'s image has alt text`);
    const bytes = statSync(join(REPO_ROOT, image)).size;
    assert.ok(bytes <= MAX_IMAGE_BYTES, `${image} is ${Math.round(bytes / 1024)} KB (at most ${MAX_IMAGE_BYTES / 1024} KB)`);
    used.add(image.slice('media/walkthrough/'.length));
  }
  assert.deepEqual(readdirSync(join(REPO_ROOT, 'media/walkthrough')).filter((f) => !used.has(f)), []);
});
