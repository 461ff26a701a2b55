// What the editor's scan pool has a new worker parse ahead of a rescan (editorPool.ts), so that the
// rescan finds its scanner loaded and warm: a call site in each kind of file, as users' files hold.
import type { SourceFile } from '../../core/scan/index';

/** What a worker parses to load its scanner and warm it up: a call site, as users' files hold. */
export const WARM_UP: { script: SourceFile; python: SourceFile } = {
  script: {
    path: '.promptshift-warm-up.ts',
    content: "import OpenAI from 'openai';\nconst client = new OpenAI();\nexport const warm = (text: string) => client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: text }] });\n",
  },
  python: {
    path: '.promptshift-warm-up.py',
    content: 'from openai import OpenAI\n\nclient = OpenAI()\n\n\ndef warm(text):\n    return client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": text}])\n',
  },
};
