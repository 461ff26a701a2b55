// The HTML report's stylesheet, inline in the page (it loads nothing). Colours are variables with a
// dark set under prefers-color-scheme, in the spirit of GitHub's diff colours; the marks keep
// their meaning without colour too (<del> is struck through, <ins> underlined).
export const REPORT_CSS = `
:root { color-scheme: light dark;
  --bg: #ffffff; --fg: #1f2328; --muted: #59636e; --border: #d1d9e0; --card: #f6f8fa;
  --del-line: #ffebe9; --del-word: #ffcecb; --ins-line: #dafbe1; --ins-word: #aceebb;
  --bad: #cf222e; --bad-bg: #ffebe9; --good: #1a7f37; --good-bg: #dafbe1; --warn-bg: #fff8c5; --warn: #7d4e00; }
@media (prefers-color-scheme: dark) { :root {
  --bg: #0d1117; --fg: #e6edf3; --muted: #9198a1; --border: #3d444d; --card: #151b23;
  --del-line: #2d1317; --del-word: #6e262c; --ins-line: #12261e; --ins-word: #1d5a34;
  --bad: #ff7b72; --bad-bg: #3c1618; --good: #56d364; --good-bg: #12261e; --warn-bg: #3a2d0c; --warn: #e3b341; } }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1200px; padding: 1.5rem; background: var(--bg); color: var(--fg);
  font: 14px/1.5 -apple-system, BlinkMacSystemFont, "Segoe UI", Helvetica, Arial, sans-serif; }
h1 { font-size: 1.5rem; margin: 0 0 .25rem; } h2 { font-size: 1.25rem; margin: 0 0 .25rem; } h3 { font-size: 1rem; margin: 1.5rem 0 .5rem; }
code, .code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12px; }
h2 code { font-size: inherit; }
.meta, .where, .method, .note, footer { color: var(--muted); }
.banner { background: var(--warn-bg); color: var(--warn); border: 1px solid var(--border); border-radius: 6px; padding: .5rem .75rem; }
section.site { border: 1px solid var(--border); border-radius: 8px; padding: 1rem 1.25rem; margin: 1.5rem 0; }
.models { font-weight: normal; }
.verdict { border-radius: 6px; padding: .5rem .75rem; margin: .75rem 0; border: 1px solid var(--border); }
.verdict.bad { background: var(--bad-bg); } .verdict.bad strong { color: var(--bad); }
.verdict.good { background: var(--good-bg); } .verdict.good strong { color: var(--good); }
.verdict ul { margin: .25rem 0; padding-left: 1.25rem; } .verdict .method { margin: .25rem 0 0; font-size: 12px; }
table { border-collapse: collapse; margin: .5rem 0; }
th, td { border: 1px solid var(--border); padding: .25rem .5rem; text-align: left; vertical-align: top; }
thead th { background: var(--card); }
table.metrics td { text-align: right; font-variant-numeric: tabular-nums; }
.badge { display: inline-block; border: 1px solid var(--border); border-radius: 1em; padding: 0 .5em; font-size: 12px; color: var(--muted); }
.badge.bad { color: var(--bad); border-color: var(--bad); } .badge.good { color: var(--good); border-color: var(--good); }
details.case { border: 1px solid var(--border); border-radius: 6px; margin: .5rem 0; padding: .25rem .75rem; }
details.case > summary { cursor: pointer; padding: .25rem 0; }
ul.paths { margin: .25rem 0; padding-left: 1.25rem; }
.scroll { overflow-x: auto; }
table.sbs { width: 100%; table-layout: fixed; }
table.sbs td, table.sbs th { border-left: 0; border-right: 0; }
table.sbs col.ln { width: 3.5em; }
table.sbs .ln { color: var(--muted); text-align: right; user-select: none; background: var(--card); font-family: ui-monospace, monospace; font-size: 12px; }
table.sbs .code { white-space: pre-wrap; word-break: break-word; }
table.sbs .old { background: var(--del-line); } table.sbs .new { background: var(--ins-line); } table.sbs .none { background: var(--card); }
del { background: var(--del-word); text-decoration: line-through; color: inherit; }
ins { background: var(--ins-word); text-decoration: underline; color: inherit; }
tr.gap td { text-align: center; color: var(--muted); background: var(--card); }
q { quotes: "“" "”"; }
footer { margin-top: 2rem; font-size: 12px; }
`;
