"""The report's style sheet and its one script, inline so that the file needs nothing else."""

CSS = """
:root{--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--bg:#f6f8fa;--err:#b42318;--warn:#9a6700;--info:#0969da}
*{box-sizing:border-box}body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;
color:var(--fg);background:#fff}main{max-width:1180px;margin:0 auto;padding:24px 28px 64px}
h1{font-size:26px;margin:0}h2{font-size:20px;margin:36px 0 12px;padding-bottom:6px;border-bottom:1px solid var(--line)}
h3{font-size:16px;margin:28px 0 10px;overflow-wrap:anywhere}.sub{color:var(--muted);margin:4px 0 10px}
nav a{margin-right:16px;color:var(--info);text-decoration:none}nav a:hover{text-decoration:underline}
table{border-collapse:collapse;width:100%}th,td{text-align:left;vertical-align:top;padding:8px 10px;
border-bottom:1px solid var(--line)}th{background:var(--bg);font-weight:600;font-size:13px}
td small,.note,figcaption small{color:var(--muted)}.num{text-align:right;font-variant-numeric:tabular-nums}
.docs td:first-child{overflow-wrap:anywhere;max-width:340px}.big{font-weight:600}tr.failed td{color:var(--err)}
.badge{display:inline-block;padding:0 8px;border-radius:10px;font-size:12px;font-weight:600;color:#fff;
white-space:nowrap}.badge.error{background:var(--err)}small.warn{color:#8a5a00}small.partial{color:var(--err);font-weight:600}.badge.warning{background:var(--warn)}
.badge.info{background:var(--info)}.count{font-weight:400}
.finding{border:1px solid var(--line);border-left:4px solid var(--info);border-radius:6px;padding:12px 16px;
margin:12px 0;background:#fff}.finding.error{border-left-color:var(--err)}.finding.warning{border-left-color:var(--warn)}
.finding header{font-size:13px;color:var(--muted)}.finding.dismissed{opacity:.55}.fid{font-size:11px}
.review{font-weight:600;margin-left:6px}.review.confirmed{color:var(--err)}.review.dismissed{color:var(--muted)}.message{margin:6px 0 8px;font-size:15px}
.compare{display:flex;gap:24px;margin:0 0 10px;font-size:13px}.compare dt{color:var(--muted)}.compare dd{margin:0}
.evidence{display:grid;grid-template-columns:repeat(auto-fill,minmax(250px,1fr));gap:10px}
.card{margin:0;background:var(--bg);border-radius:6px;padding:8px 10px;font-size:13px}
.card figcaption{color:var(--muted);font-size:12px}.role{font-weight:600;color:var(--fg);text-transform:uppercase;
font-size:11px;letter-spacing:.03em}.card blockquote{margin:6px 0;padding-left:8px;border-left:3px solid var(--line);
font-family:Georgia,serif;font-size:14px;overflow-wrap:anywhere}.card .meta{color:var(--muted);font-size:12px}
.card .meta strong{color:var(--fg)}mark{background:#fff3b0;padding:0 2px;border-radius:2px}
details summary{cursor:pointer;color:var(--info);font-size:13px;margin:8px 0}
.charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(480px,1fr));gap:16px}
.chart{margin:0;border:1px solid var(--line);border-radius:6px;padding:10px}.chart figcaption{font-size:13px;
margin-bottom:4px}.chart svg{max-width:100%;height:auto}.grid{stroke:#eaeef2;stroke-width:1}
.ylab{font-size:10px;fill:var(--muted);text-anchor:end}.xlab{font-size:10px;fill:var(--muted);text-anchor:middle}
.legend{list-style:none;margin:4px 0 0;padding:0;font-size:12px;display:flex;flex-wrap:wrap;gap:4px 14px}
.swatch{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:5px;vertical-align:-1px}
code{font:12px ui-monospace,SFMono-Regular,Menlo,monospace;background:var(--bg);padding:1px 4px;border-radius:4px}
.filters{display:flex;flex-wrap:wrap;gap:8px;align-items:center;margin:14px 0 0;font-size:13px}
.filters input,.filters select,.filters button{font:inherit;padding:4px 6px;border:1px solid var(--line);
border-radius:6px;background:#fff;max-width:230px}.filters input{min-width:240px}.filters output{color:var(--muted)}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
[hidden]{display:none!important}.up{font-size:12px;font-weight:400;margin-left:8px;color:var(--info)}
.docs a,.fid{color:inherit}.fid{text-decoration:none}
@media print{.filters,nav,.up{display:none}main{max-width:none;padding:0}body{font-size:12px}
a{color:inherit;text-decoration:none}.finding,.card,.chart,tr,h3{break-inside:avoid;page-break-inside:avoid}
h3{break-after:avoid;page-break-after:avoid}.charts{display:block}.chart{margin:0 0 12px}}
"""

#: the filter bar's behaviour: show the elements whose data-* attributes hold every chosen value
#: (an element without an attribute is not narrowed by that facet) and whose text holds the
#: search words; keep the choice in the address; open folded figures before printing
SCRIPT = """
(function () {
  var form = document.getElementById('filters');
  if (!form) return;
  var facets = ['severity', 'check', 'municipality', 'indicator', 'doc'];
  var items = Array.prototype.slice.call(document.querySelectorAll('[data-doc], [data-indicator]'));
  var findings = Array.prototype.slice.call(document.querySelectorAll('article.finding'));
  var groups = Array.prototype.slice.call(document.querySelectorAll('#findings .group'));
  var out = document.getElementById('shown');
  function has(el, facet, want) {
    var value = el.getAttribute('data-' + facet);
    return value === null || value.split('|').indexOf(want) >= 0;
  }
  function apply() {
    var words = form.q.value.trim().toLowerCase().split(/\\s+/).filter(Boolean);
    var params = new URLSearchParams();
    if (words.length) params.set('q', form.q.value.trim());
    facets.forEach(function (f) { if (form[f].value) params.set(f, form[f].value); });
    items.forEach(function (el) {
      var text = words.length ? el.textContent.toLowerCase() : '';
      el.hidden = !(facets.every(function (f) { return !form[f].value || has(el, f, form[f].value); }) &&
                    words.every(function (w) { return text.indexOf(w) >= 0; }));
    });
    groups.forEach(function (g) { g.hidden = !g.querySelector('article.finding:not([hidden])'); });
    var shown = findings.filter(function (el) { return !el.hidden; }).length;
    out.textContent = shown + ' of ' + findings.length + ' findings';
    try {
      var query = params.toString();
      history.replaceState(null, '', location.pathname + (query ? '?' + query : '') + location.hash);
    } catch (e) { /* a browser that keeps file: addresses as they are */ }
  }
  var start = new URLSearchParams(location.search);
  if (start.get('q')) form.q.value = start.get('q');
  facets.forEach(function (f) { if (start.get(f)) form[f].value = start.get(f); });
  form.addEventListener('input', apply);
  form.addEventListener('change', apply);
  form.addEventListener('reset', function () { setTimeout(apply, 0); });
  window.addEventListener('beforeprint', function () {
    Array.prototype.forEach.call(document.querySelectorAll('details'), function (d) { d.open = true; });
  });
  apply();
})();
"""

