// The one stylesheet of report.html and matrix.html. System fonts only (nothing to fetch); wide
// tables scroll inside their own box so the page itself never scrolls sideways on a phone, and on a
// phone the capability table stacks each capability so its case chips wrap instead of scrolling.
export const PAGE_CSS = `
:root{--fg:#1f2328;--muted:#59636e;--bg:#fff;--card:#f6f8fa;--line:#d1d9e0;--link:#0969da;
--pass:#1a7f37;--pass-bg:#dafbe1;--fail:#cf222e;--fail-bg:#ffebe9;--warn:#9a6700;--warn-bg:#fff8c5;
--skip:#59636e;--skip-bg:#eaeef2;--unsupported:#8250df;--unsupported-bg:#fbefff;--error:#bc4c00;--error-bg:#fff1e5;
--flaky:#953800;--flaky-bg:#fff1e5}
@media (prefers-color-scheme:dark){:root{--fg:#e6edf3;--muted:#9198a1;--bg:#0d1117;--card:#151b23;--line:#3d444d;--link:#4493f8;
--pass:#3fb950;--pass-bg:#12261e;--fail:#f85149;--fail-bg:#2d1214;--warn:#d29922;--warn-bg:#272115;--skip:#9198a1;--skip-bg:#212830;
--unsupported:#ab7df8;--unsupported-bg:#231a33;--error:#db6d28;--error-bg:#2b1a0f;--flaky:#db6d28;--flaky-bg:#2b1a0f}}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--fg);font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif}
main{max-width:72rem;margin:0 auto;padding:1.25rem}
a{color:var(--link)}
code,pre{font:13px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono",monospace}
code{overflow-wrap:anywhere}
pre{margin:.5rem 0;padding:.75rem;background:var(--card);border:1px solid var(--line);border-radius:6px;overflow-x:auto;white-space:pre}
h1{font-size:1.75rem;line-height:1.2;margin:.25rem 0 .5rem}
h2{font-size:1.2rem;margin:2rem 0 .75rem;padding-bottom:.3rem;border-bottom:1px solid var(--line)}
h3{font-size:1rem;margin:1.25rem 0 .5rem}
.muted{color:var(--muted)}
.eyebrow{margin:0;color:var(--muted);font-size:.85rem;text-transform:uppercase;letter-spacing:.06em}
.run-warning{margin:.6rem 0;padding:.5rem .75rem;border:2px solid #b42318;border-radius:6px;background:#fef3f2;color:#7a271a}
.verdict{border:1px solid var(--line);border-left:.5rem solid var(--muted);border-radius:8px;padding:1rem 1.25rem;background:var(--card)}
.verdict.v-compatible{border-left-color:var(--pass)}.verdict.v-partial{border-left-color:var(--warn)}.verdict.v-incompatible{border-left-color:var(--fail)}.verdict.v-not-evaluated{border-left-color:var(--skip)}
.verdict h1 .word{text-transform:uppercase}
.v-compatible h1 .word{color:var(--pass)}.v-partial h1 .word{color:var(--warn)}.v-incompatible h1 .word{color:var(--fail)}.v-not-evaluated h1 .word{color:var(--skip)}
.facts{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem;margin:.75rem 0 0}
.facts dt{color:var(--muted)}.facts dd{margin:0;overflow-wrap:anywhere}
.counts{display:flex;flex-wrap:wrap;gap:.4rem;margin:.75rem 0 0;padding:0;list-style:none}
.chip{display:inline-block;padding:.05rem .5rem;border-radius:999px;font-size:.8rem;font-weight:600;white-space:nowrap;border:1px solid transparent}
.s-pass{color:var(--pass);background:var(--pass-bg)}.s-fail{color:var(--fail);background:var(--fail-bg)}
.s-warn{color:var(--warn);background:var(--warn-bg)}.s-skip{color:var(--skip);background:var(--skip-bg)}
.s-unsupported{color:var(--unsupported);background:var(--unsupported-bg)}.s-error{color:var(--error);background:var(--error-bg)}
.s-flaky{color:var(--flaky);background:var(--flaky-bg);border-color:var(--flaky)}
.s-missing{color:var(--muted)}
.reasons{margin:.5rem 0 0;padding-left:1.25rem}.reasons li{overflow-wrap:anywhere}
.scroll{overflow-x:auto;-webkit-overflow-scrolling:touch;border:1px solid var(--line);border-radius:6px}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;vertical-align:top;padding:.4rem .6rem;border-bottom:1px solid var(--line)}
tr:last-child>td{border-bottom:0}
th{font-size:.8rem;color:var(--muted);font-weight:600;background:var(--card)}
td.num,th.num{text-align:right;white-space:nowrap}
.matrix td .chip{margin:.1rem .2rem .1rem 0}
.matrix a.chip{text-decoration:none}
.grid thead th{vertical-align:bottom}
.grid th.case{padding:.5rem .3rem;text-align:center}
.grid th.case span{writing-mode:vertical-rl;transform:rotate(180deg);white-space:nowrap;font-weight:500}
.grid td.cell{text-align:center;padding:.3rem}
.grid td.cell a{text-decoration:none;display:block}
.grid th.relay{position:sticky;left:0;z-index:1;background:var(--card);min-width:9rem;max-width:18rem}
details.case{border:1px solid var(--line);border-radius:8px;margin:.6rem 0;background:var(--bg)}
details.case>summary{cursor:pointer;padding:.6rem .9rem;list-style:none;display:flex;flex-wrap:wrap;gap:.25rem .6rem;align-items:baseline}
details.case>summary::-webkit-details-marker{display:none}
details.case>summary::before{content:"▸";color:var(--muted)}
details.case[open]>summary::before{content:"▾"}
details.case[open]>summary{border-bottom:1px solid var(--line);background:var(--card);border-radius:8px 8px 0 0}
details.case .case-id{font-weight:600;font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.9rem}
details.case .headline{flex-basis:100%;color:var(--muted);font-size:.9rem;overflow-wrap:anywhere;padding-left:1rem}
.case-body{padding:.25rem .9rem 1rem}
blockquote{margin:.5rem 0;padding:.4rem .8rem;border-left:.25rem solid var(--line);color:var(--muted)}
.check{margin:.75rem 0}
.check-head{display:flex;flex-wrap:wrap;gap:.25rem .5rem;align-items:baseline}
table.failures td:nth-child(2){min-width:10rem}
table.failures td:nth-child(3),table.failures td:nth-child(4){min-width:9rem}
.passed-checks{margin:.5rem 0}
.passed-checks summary{cursor:pointer;color:var(--muted)}
.arrivals{display:block;width:100%;height:auto;max-height:6rem}
.arrivals .track{fill:var(--card);stroke:var(--line)}
.arrivals .tick{fill:var(--link)}.arrivals .ev-delta{fill:var(--muted)}.arrivals .ev-terminal{fill:var(--pass)}.arrivals .ev-failure{fill:var(--fail)}
.arrivals .head{stroke:var(--warn);stroke-width:2}
.arrivals .to-first{stroke:var(--muted);stroke-width:2;stroke-dasharray:6 4}
.arrivals .idle-gap{fill:var(--fail-bg);stroke:var(--fail);stroke-dasharray:4 3}
.arrivals .label{fill:var(--muted);font:16px system-ui,sans-serif}.arrivals .idle-label{fill:var(--fail)}
.axis{display:flex;justify-content:space-between;font-size:.75rem;color:var(--muted);margin-bottom:.5rem}
table.events td.data{max-width:36rem}
tr.ev-failure td{background:var(--fail-bg)}
td.gap-long{color:var(--fail);font-weight:600}
tr:target td{outline:2px solid var(--link);outline-offset:-2px}
.headers{display:grid;grid-template-columns:1fr 1fr;gap:.75rem}
.headers table td:first-child{white-space:nowrap;color:var(--muted);width:1%}
.headers table td{overflow-wrap:anywhere}
footer{margin:2.5rem 0 1rem;color:var(--muted);font-size:.85rem}
@media (max-width:720px){
main{padding:.75rem}
h1{font-size:1.4rem}
.headers{grid-template-columns:1fr}
.facts{grid-template-columns:1fr}.facts dt{margin-top:.35rem}
details.case .headline{padding-left:0}
table.events thead,table.failures thead{display:none}
table.events tr{display:grid;grid-template-columns:2rem 5rem 5rem 1fr;border-bottom:1px solid var(--line)}
table.events td{border:0}
table.events td.data{grid-column:1/-1;padding-top:0}
table.failures tr{display:block;border-bottom:1px solid var(--line);padding:.3rem 0}
table.failures td{display:block;border:0;padding:.1rem .6rem;min-width:0!important;text-align:left}
table.failures td::before{content:attr(data-label);display:inline-block;min-width:5.5rem;color:var(--muted);font-size:.8rem}
table.capabilities thead{display:none}
table.capabilities tr{display:block;border-bottom:1px solid var(--line);padding:.3rem 0}
table.capabilities td{display:block;border:0;padding:.15rem .6rem}
table.capabilities td .chip{white-space:normal;overflow-wrap:anywhere;max-width:100%}
}
`.trim();
