/* flamegraph.js - the script of ctrace's SVG flame graph (report/svg.c).
 * Each frame is a <g class="f"> with its offset and width in sample weight
 * (data-x, data-w), its depth (data-d) and its name as the first line of
 * its <title>. Click zooms (the frame fills the width, its callers stay
 * below it, faded), Search highlights matching names and sums up their
 * CPU time, each path counted once. Text is set with textContent only. */
'use strict';
(function () {
  var svg = document.documentElement;
  var period = Number(svg.getAttribute('data-period'));
  var pad = Number(svg.getAttribute('data-pad'));
  var width = Number(svg.getAttribute('width')) - 2 * pad;
  var frames = [];
  var nodes = document.querySelectorAll('#frames .f');
  for (var i = 0; i < nodes.length; i++) {
    var g = nodes[i];
    frames.push({
      g: g,
      x: Number(g.getAttribute('data-x')),
      w: Number(g.getAttribute('data-w')),
      d: Number(g.getAttribute('data-d')),
      rect: g.querySelector('rect'),
      text: g.querySelector('text'),
      name: g.querySelector('title').textContent.split('\n')[0],
    });
    g.setAttribute('data-i', String(i));
  }
  var root = frames[0]; /* none when the view kept no sample */
  var details = document.getElementById('details');
  var matched = document.getElementById('matched');
  var reset = document.getElementById('reset');
  var hint = details.textContent;

  /* the font's average advance, to fit names into frames */
  var charPx = 6.6;
  if (root && root.text.getComputedTextLength) {
    var probe = root.text.cloneNode(false);
    probe.textContent = 'abcdefghijklmnopqrstuvwxyz_:<>(),0123456789ABCDEFGHIJ';
    svg.appendChild(probe);
    var len = probe.getComputedTextLength();
    if (len > 0) charPx = len / probe.textContent.length;
    svg.removeChild(probe);
  }

  function fmtTime(w) {
    var s = w * period;
    if (!w) return '0';
    if (s >= 100) return s.toFixed(0) + ' s';
    if (s >= 1) return s.toFixed(2) + ' s';
    if (s >= 0.001) return (s * 1e3).toFixed(1) + ' ms';
    return (s * 1e6).toFixed(0) + ' \u00b5s';
  }
  function fmtPct(w) {
    return root && root.w ? ((100 * w) / root.w).toFixed(1) + '%' : '0%';
  }

  function label(f, px) {
    var n = Math.floor((px - 6) / charPx);
    var chars = Array.from(f.name);
    if (n < 3) f.text.textContent = '';
    else if (chars.length > n) f.text.textContent = chars.slice(0, n - 1).join('') + '\u2026';
    else f.text.textContent = f.name;
  }

  function zoom(z) {
    var scale = width / z.w;
    for (var i = 0; i < frames.length; i++) {
      var f = frames[i];
      var inside = f.d >= z.d && f.x >= z.x && f.x + f.w <= z.x + z.w;
      var above = f.d < z.d && f.x <= z.x && f.x + f.w >= z.x + z.w;
      f.g.classList.toggle('hide', !inside && !above);
      f.g.classList.toggle('above', above);
      if (!inside && !above) continue;
      var x = above ? pad : pad + (f.x - z.x) * scale;
      var w = above ? width : f.w * scale;
      f.rect.setAttribute('x', x.toFixed(2));
      f.rect.setAttribute('width', (w > 1.5 ? w - 1 : w).toFixed(2));
      f.text.setAttribute('x', (x + 3).toFixed(2));
      label(f, w);
    }
    reset.classList.toggle('hide', z === root);
  }

  function search(text) {
    var re = null;
    if (text) {
      try {
        re = new RegExp(text, 'i');
      } catch (e) {
        re = new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i');
      }
    }
    var spans = [];
    for (var i = 0; i < frames.length; i++) {
      var hit = re !== null && re.test(frames[i].name);
      frames[i].g.classList.toggle('match', hit);
      if (hit) spans.push([frames[i].x, frames[i].x + frames[i].w]);
    }
    /* a match inside another one is the same time: add up the union */
    spans.sort(function (a, b) { return a[0] - b[0] || b[1] - a[1]; });
    var sum = 0, end = -1;
    for (var k = 0; k < spans.length; k++) {
      var lo = Math.max(spans[k][0], end);
      if (spans[k][1] > lo) sum += spans[k][1] - lo;
      if (spans[k][1] > end) end = spans[k][1];
    }
    matched.textContent = re === null ? ' ' : spans.length
      ? 'Matched ' + fmtPct(sum) + ' (' + fmtTime(sum) + ') \u00b7 click to clear' : 'No match \u00b7 click to clear';
  }

  function frameOf(e) {
    var g = e.target.closest ? e.target.closest('.f') : null;
    return g ? frames[Number(g.getAttribute('data-i'))] : null;
  }

  svg.addEventListener('mouseover', function (e) {
    var f = frameOf(e);
    details.textContent = f ? f.name + ' \u2014 ' + fmtTime(f.w) + ', ' + fmtPct(f.w) : hint;
  });
  svg.addEventListener('click', function (e) {
    var f = frameOf(e);
    if (f) zoom(f);
  });
  reset.addEventListener('click', function (e) {
    e.stopPropagation();
    if (root) zoom(root);
  });
  function searchAsk() {
    var text = window.prompt('Search frames (regular expression, case-insensitive):', '');
    if (text !== null) search(text);
  }
  document.getElementById('search').addEventListener('click', searchAsk);
  matched.addEventListener('click', function () { search(''); });
  document.addEventListener('keydown', function (e) {
    if ((e.ctrlKey || e.metaKey) && e.key === 'f') {
      e.preventDefault();
      searchAsk();
    } else if (e.key === 'Escape' && root) {
      zoom(root);
    }
  });
  if (root) zoom(root);
})();
