// The pre-run token estimate has no tokenizer (see core/replay/estimate.ts); these tests hold it to
// the real o200k tokenizer (js-tiktoken, a dev dependency only) on the kinds of text prompts carry.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Tiktoken } from 'js-tiktoken/lite';
import o200k from 'js-tiktoken/ranks/o200k_base';
import { charEstimator, estimateTextTokens } from '../../../src/core/replay/estimate';
import { REPO_ROOT } from '../support/paths';

const enc = new Tiktoken(o200k);
const read = (p: string) => readFileSync(join(REPO_ROOT, p), 'utf8');

const SAMPLES: Record<string, string> = {
  'English prose': read('README.md'),
  'TypeScript': read('src/core/replay/scheduler.ts'),
  'Python': read('examples/sample-workspace/worker/drafts.py'),
  'JSON': read('package.json'),
  'a cases file': read('examples/sample-workspace/.promptshift/cases/triage-b470ff613f.jsonl'),
  'German': 'Nach dem Release 4.2 landen Safari-Nutzer, die sich per SSO anmelden, wieder auf der Anmeldeseite. Das Löschen der Cookies behebt das Problem nur für eine Sitzung. Bitte fassen Sie das Ticket zusammen.',
  'Russian': 'После выпуска версии 4.2 пользователи Safari, входящие через SSO, возвращаются на страницу входа. Очистка файлов cookie помогает только на одну сессию. Пожалуйста, кратко опишите проблему.',
  'Chinese': '我们的客服团队每天处理数百张工单。请将以下工单总结为两句话，供值班工程师参考。登录页面在发布后不断循环，用户无法正常登录。清除缓存后问题暂时解决，但下一次会话又会出现。',
  'Japanese': 'ログインページが自分自身にループします。4.2リリース後、SSOでサインインしたSafariのユーザーはログインページに戻ってしまいます。クッキーを消去すると一回のセッションだけ直ります。',
  'Korean': '4.2 릴리스 이후 SSO로 로그인하는 Safari 사용자가 로그인 페이지로 다시 돌아갑니다. 쿠키를 지우면 한 세션 동안만 해결됩니다. 티켓을 두 문장으로 요약해 주세요.',
};

for (const [kind, text] of Object.entries(SAMPLES)) {
  test(`the token estimate of ${kind} is within 25% of o200k`, () => {
    const real = enc.encode(text).length;
    const est = estimateTextTokens(text);
    const ratio = est / real;
    assert.ok(ratio > 0.75 && ratio < 1.25, `${kind}: estimated ${est}, o200k ${real} (${ratio.toFixed(2)}×)`);
  });
}

test('a request is estimated message by message, with the framing of each message and its output limit', () => {
  const est = charEstimator({ api: 'chat', model: 'gpt-4o', messages: [{ role: 'system', content: 'abcd'.repeat(10) }, { role: 'user', content: '你好世界' }], params: { max_tokens: 77 } });
  assert.deepEqual(est, { input: 10 + 4 + Math.ceil(4 / 1.5) + 4, output: 77 });
  assert.equal(charEstimator({ api: 'chat', model: 'gpt-4o', messages: [], params: {} }).output, 256, 'no limit: the default output allowance');
});
