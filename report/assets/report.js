/* report.js - ctrace's HTML report: reads the data report/html.c embeds (its
 * layout is described there) and draws the header, the flame graph or icicle
 * on a canvas, the bottleneck table, the function panel (callers, callees,
 * source lines) and the call tree, for the threads selected.
 * Strings from the profile reach the page only through textContent and the
 * canvas' fillText, never as markup. */
'use strict';
(function () {
  const D = JSON.parse(document.getElementById('ctrace-data').textContent);
  const $ = (id) => document.getElementById(id);

  /* ---- the data, decoded into typed arrays ---- */

  const NFRAMES = D.frames.length / 6;
  const frameFunc = new Int32Array(NFRAMES), frameName = new Int32Array(NFRAMES);
  const frameFile = new Int32Array(NFRAMES), frameLine = new Int32Array(NFRAMES);
  const frameInlined = new Uint8Array(NFRAMES), frameModule = new Int32Array(NFRAMES);
  for (let f = 0, k = 0; f < NFRAMES; f++, k += 6) {
    frameFunc[f] = D.frames[k];
    frameName[f] = D.frames[k + 1];
    frameFile[f] = D.frames[k + 2];
    frameLine[f] = D.frames[k + 3];
    frameInlined[f] = D.frames[k + 4];
    frameModule[f] = D.frames[k + 5];
  }
  const NFUNCS = D.nfuncs;
  const HIDDEN = NFUNCS; /* the function "[hidden frames]" */
  const NONE = -1;

  const N = D.nodes.length / 2 + 1;
  const parent = new Int32Array(N), depth = new Int32Array(N), label = new Int32Array(N);
  const end = new Int32Array(N); /* a node's subtree is [i, end[i]) */
  const nodeFunc = new Int32Array(N);
  {
    const path = [0];
    parent[0] = -1;
    label[0] = -0x80000000; /* neither a frame nor a label: the root */
    nodeFunc[0] = NONE;
    for (let i = 1, k = 0; i < N; i++, k += 2) {
      const d = depth[i - 1] + 1 - D.nodes[k];
      depth[i] = d;
      parent[i] = path[d - 1];
      path[d] = i;
      const l = D.nodes[k + 1];
      label[i] = l;
      nodeFunc[i] = l >= 0 ? frameFunc[l] : D.label_kinds[-1 - l] === 'hidden' ? HIDDEN : NONE;
    }
    for (let i = N - 1; i >= 0; i--) end[i] = Math.max(end[i], i + 1);
    for (let i = N - 1; i > 0; i--) if (end[i] > end[parent[i]]) end[parent[i]] = end[i];
  }
  /* children, grouped by parent (in the tree's order: hottest first) */
  const childStart = new Int32Array(N + 1);
  const children = new Int32Array(Math.max(N - 1, 1));
  {
    for (let i = 1; i < N; i++) childStart[parent[i] + 1]++;
    for (let i = 0; i < N; i++) childStart[i + 1] += childStart[i];
    const fill = childStart.slice(0, N);
    for (let i = 1; i < N; i++) children[fill[parent[i]]++] = i;
  }
  const threads = D.threads;

  const isControl = /[\u0000-\u001f\u007f]/g;
  const clean = (s) => s.replace(isControl, '?');
  const names = D.names.map(clean);
  const labels = D.labels.map(clean);

  function nodeName(i) {
    if (i === 0) return 'all';
    const l = label[i];
    return l >= 0 ? names[frameName[l]] : labels[-1 - l];
  }
  function nodeSynthetic(i) {
    return i === 0 || (label[i] < 0 && D.label_kinds[-1 - label[i]] !== 'hidden');
  }
  function frameLocation(f) {
    if (f < 0) return '';
    let s = frameFile[f] ? D.files[frameFile[f] - 1] + (frameLine[f] ? ':' + frameLine[f] : '') : '';
    if (!s && frameModule[f] && names[frameName[f]][0] !== '[') s = '[' + D.modules[frameModule[f] - 1] + ']';
    return clean(s);
  }
  function funcName(fn, frame) {
    if (fn === HIDDEN) return '[hidden frames]';
    return names[frameName[frame]];
  }

  /* ---- formatting ---- */

  const PERIOD = D.period_s;
  function fmtTime(w) {
    const s = w * PERIOD;
    if (!w) return '0';
    if (s >= 100) return s.toFixed(0) + ' s';
    if (s >= 1) return s.toFixed(2) + ' s';
    if (s >= 0.001) return (s * 1e3).toFixed(1) + ' ms';
    return (s * 1e6).toFixed(0) + ' \u00b5s';
  }
  function fmtSeconds(s) {
    if (s == null || s < 0) return 'unknown';
    return fmtTime(s / PERIOD);
  }
  function fmtPct(w, of) {
    if (!of || !w) return '0%';
    const p = (100 * w) / of;
    return p < 0.1 ? '<0.1%' : p.toFixed(1) + '%';
  }
  const fmtInt = (n) => Number(n).toLocaleString('en-US');

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }
  function bar(frac) {
    const b = el('div', 'bar');
    const i = el('i');
    i.style.width = Math.max(0, Math.min(100, frac * 100)).toFixed(1) + '%';
    b.appendChild(i);
    return b;
  }

  /* ---- the selection: which threads, and the weights they give ---- */

  const state = {
    sel: null,       /* thread indices, null: all */
    selWeight: 0,    /* the selection's CPU time before --focus: 100% */
    self: new Float64Array(N),
    total: new Float64Array(N),
    order: children, /* children by the selection's total */
    xoff: new Float64Array(N),
    zoom: 0,
    icicle: false,
    search: null,    /* RegExp */
    nodeMatch: null, /* Uint8Array, when searching */
    func: NONE,      /* the function in the details panel */
    funcFrame: NONE,
    rows: [],        /* the bottleneck table */
    sortKey: D.view.sort === 'total' ? 'total' : 'self',
    sortDir: -1,
    tableLimit: 100,
    lineSelf: new Float64Array(NFRAMES),
    lineTotal: new Float64Array(NFRAMES),
    expanded: new Set(),
    showAll: new Set(),
  };

  function selectedThreads() {
    return state.sel || threads.map((_, i) => i);
  }

  function selectionCompute() {
    const self = state.self, total = state.total;
    self.fill(0);
    total.fill(0);
    state.lineSelf.fill(0);
    state.lineTotal.fill(0);
    let weight = 0;
    for (const g of selectedThreads()) {
      weight += threads[g].weight;
      let a = D.self[g], node = 0;
      for (let k = 0; k < a.length; k += 2) {
        node += a[k];
        self[node] += a[k + 1];
      }
      a = D.elided[g];
      node = 0;
      for (let k = 0; k < a.length; k += 2) {
        node += a[k];
        total[node] += a[k + 1];
      }
      a = D.lines[g];
      let f = 0;
      for (let k = 0; k < a.length; k += 3) {
        f += a[k];
        state.lineSelf[f] += a[k + 1];
        state.lineTotal[f] += a[k + 2];
      }
    }
    state.selWeight = state.sel ? weight : D.weight;
    for (let i = N - 1; i > 0; i--) {
      total[i] += self[i];
      total[parent[i]] += total[i];
    }
    total[0] += self[0];
    /* the tree's order is by the total of every thread: re-sort for a part */
    if (state.sel) {
      const order = children.slice();
      for (let i = 0; i < N; i++) {
        const a = childStart[i], b = childStart[i + 1];
        if (b - a > 1) order.subarray(a, b).sort((x, y) => total[y] - total[x] || x - y);
      }
      state.order = order;
    } else {
      state.order = children;
    }
    const xoff = state.xoff, order = state.order;
    xoff[0] = 0;
    for (let i = 0; i < N; i++) {
      let x = xoff[i];
      for (let k = childStart[i]; k < childStart[i + 1]; k++) {
        const c = order[k];
        xoff[c] = x;
        x += total[c];
      }
    }
    tableCompute();
  }

  /* The bottleneck table: each function's self time, and its total counted
   * once per path (recursion). For all threads the view's own table, which
   * also counts what --max-depth and --min-percent cut from the tree. */
  function tableCompute() {
    const rows = [];
    if (!state.sel) {
      for (let k = 0; k < D.funcs.length; k += 3) {
        const frame = D.funcs[k];
        rows.push({ fn: frame >= 0 ? frameFunc[frame] : HIDDEN, frame, self: D.funcs[k + 1], total: D.funcs[k + 2] });
      }
    } else {
      const self = new Float64Array(NFUNCS + 1), tot = new Float64Array(NFUNCS + 1);
      /* a function's line to show: the one of its node with the most self time, else total */
      const best = new Int32Array(NFUNCS + 1).fill(-1);
      const bestSelf = new Float64Array(NFUNCS + 1), bestTotal = new Float64Array(NFUNCS + 1);
      const active = new Int32Array(NFUNCS + 1);
      const stack = [];
      const total = state.total;
      const inverted = D.view.inverted;
      for (let i = 1; i < N; i++) {
        while (stack.length && end[stack[stack.length - 1]] <= i) active[nodeFunc[stack.pop()]]--;
        const fn = nodeFunc[i];
        if (fn === NONE || !total[i]) continue;
        if (!active[fn]) tot[fn] += total[i];
        active[fn]++;
        stack.push(i);
        /* inverted, the first frame under the groups is where time is spent */
        if (inverted) {
          if (nodeFunc[parent[i]] === NONE) self[fn] += total[i];
        } else {
          self[fn] += state.self[i];
        }
        const ws = inverted ? 0 : state.self[i];
        if (best[fn] < 0 || ws > bestSelf[fn] || (ws === bestSelf[fn] && total[i] > bestTotal[fn])) {
          bestSelf[fn] = ws;
          bestTotal[fn] = total[i];
          best[fn] = label[i];
        }
      }
      for (let fn = 0; fn <= NFUNCS; fn++)
        if (tot[fn]) rows.push({ fn, frame: fn === HIDDEN ? -1 : best[fn], self: self[fn], total: tot[fn] });
    }
    for (const r of rows) {
      r.name = funcName(r.fn, r.frame);
      r.loc = frameLocation(r.frame);
    }
    state.rows = rows;
  }

  function lineRows(fn) {
    const rows = [];
    for (let f = 0; f < NFRAMES; f++)
      if (frameFunc[f] === fn && (state.lineSelf[f] || state.lineTotal[f]))
        rows.push({ frame: f, self: state.lineSelf[f], total: state.lineTotal[f] });
    rows.sort((a, b) => b.self - a.self || b.total - a.total || frameLine[a.frame] - frameLine[b.frame]);
    return rows;
  }

  /* ---- search ---- */

  function searchCompile(q) {
    if (!q) return null;
    try {
      return new RegExp(q, 'i');
    } catch (e) {
      return new RegExp(q.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i');
    }
  }

  function searchApply() {
    const re = state.search;
    const info = $('search-info');
    if (!re) {
      state.nodeMatch = null;
      info.textContent = '';
      info.classList.remove('hit');
      return;
    }
    const nameHit = names.map((s) => re.test(s));
    const labelHit = labels.map((s) => re.test(s));
    const m = new Uint8Array(N);
    for (let i = 1; i < N; i++) m[i] = label[i] >= 0 ? nameHit[frameName[label[i]]] : labelHit[-1 - label[i]];
    state.nodeMatch = m;
    /* each path's outermost match, so that recursion counts once */
    let w = 0;
    const total = state.total;
    for (let i = 1; i < N; ) {
      if (m[i]) {
        w += total[i];
        i = end[i];
      } else i++;
    }
    info.textContent = w ? 'Matched ' + fmtPct(w, state.selWeight) + ' \u00b7 ' + fmtTime(w) : 'No match';
    info.classList.toggle('hit', w > 0);
  }

  /* ---- the flame graph ---- */

  const canvas = $('flame'), ctx = canvas.getContext('2d');
  const ROW = 18;
  const MIN_PX = 0.4;
  const FONT = '12px ' + getComputedStyle(document.body).getPropertyValue('--sans');
  const colorCache = new Map();
  let drawn = { nodes: null, rows: 0, width: 0, x0: 0, scale: 1 };

  function hash(s) {
    let h = 2166136261;
    for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
    return h >>> 0;
  }
  /* Warm colors, stable per name: red through orange to amber. */
  function frameColor(i) {
    if (nodeSynthetic(i)) return '#dbe4ff';
    const name = nodeName(i);
    let c = colorCache.get(name);
    if (c) return c;
    if (name[0] === '[') c = '#ced4da';
    else {
      const h = hash(name);
      const hue = 4 + (h % 46);
      const sat = 78 + ((h >>> 8) % 16);
      const light = 56 + ((h >>> 16) % 12);
      c = 'hsl(' + hue + ',' + sat + '%,' + light + '%)';
    }
    colorCache.set(name, c);
    return c;
  }

  function fitText(text, px) {
    const avail = px - 8;
    if (avail < 14) return '';
    if (ctx.measureText(text).width <= avail) return text;
    const avg = ctx.measureText(text).width / text.length;
    let n = Math.floor(avail / avg) - 1;
    while (n > 1 && ctx.measureText(text.slice(0, n) + '\u2026').width > avail) n--;
    return n > 1 ? text.slice(0, n) + '\u2026' : '';
  }

  function isAncestor(a, b) { /* a is b or above it */
    return a <= b && b < end[a];
  }

  function draw() {
    const wrap = $('flame-wrap');
    const W = Math.max(200, wrap.clientWidth);
    const z = state.zoom;
    const total = state.total, xoff = state.xoff, order = state.order;
    const span = total[z] || 1;
    const x0 = xoff[z], scale = W / span;
    const list = [];
    let maxDepth = 0;
    const stack = [0];
    while (stack.length) {
      const i = stack.pop();
      if (!total[i]) continue;
      let x = (xoff[i] - x0) * scale, w = total[i] * scale;
      if (x + w <= 0 || x >= W) continue;
      if (x < 0) { w += x; x = 0; }
      if (x + w > W) w = W - x;
      if (w < MIN_PX) continue;
      list.push(i, x, w);
      if (depth[i] > maxDepth) maxDepth = depth[i];
      for (let k = childStart[i + 1] - 1; k >= childStart[i]; k--) stack.push(order[k]);
    }
    const H = (maxDepth + 1) * ROW + 2;
    const dpr = window.devicePixelRatio || 1;
    canvas.style.height = H + 'px';
    canvas.dataset.row = String(ROW);
    canvas.width = Math.round(W * dpr);
    canvas.height = Math.round(H * dpr);
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, W, H);
    ctx.font = FONT;
    ctx.textBaseline = 'middle';
    const match = state.nodeMatch;
    for (let k = 0; k < list.length; k += 3) {
      const i = list[k], x = list[k + 1], w = list[k + 2];
      const y = state.icicle ? depth[i] * ROW : (maxDepth - depth[i]) * ROW;
      const above = i !== z && isAncestor(i, z);
      const hit = match && match[i];
      ctx.globalAlpha = above ? 0.55 : 1;
      ctx.fillStyle = hit ? '#7048e8' : frameColor(i);
      ctx.fillRect(x, y + 1, w > 1.5 ? w - 1 : w, ROW - 2);
      if (w > 22) {
        const t = fitText(nodeName(i), w);
        if (t) {
          ctx.fillStyle = hit ? '#ffffff' : '#1d2330';
          ctx.fillText(t, x + 4, y + ROW / 2);
        }
      }
    }
    ctx.globalAlpha = 1;
    if (!list.length) {
      ctx.fillStyle = '#667085';
      ctx.fillText('No samples in this view.', 4, ROW / 2);
    }
    drawn = { nodes: list, maxDepth, width: W, x0, scale };
    canvas.setAttribute('aria-label', 'Flame graph of ' + nodeName(z) + ', ' + fmtTime(total[z]) + ' CPU');
    widestUpdate(list);
  }

  /* The canvas has no text for assistive technology: list the widest frames. */
  function widestUpdate(list) {
    const z = state.zoom, items = [];
    for (let k = 0; k < list.length; k += 3) if (list[k] !== z && !isAncestor(list[k], z)) items.push(list[k]);
    items.sort((a, b) => state.total[b] - state.total[a] || a - b);
    const ol = $('widest');
    ol.textContent = '';
    for (const i of items.slice(0, 15)) {
      ol.appendChild(el('li', null, nodeName(i) + ' \u2014 ' + fmtTime(state.total[i]) + ', ' +
        fmtPct(state.total[i], state.selWeight)));
    }
  }

  function nodeAt(px, py) {
    if (!drawn.nodes) return -1;
    const row = Math.floor(py / ROW);
    const d = state.icicle ? row : drawn.maxDepth - row;
    if (d < 0 || d > drawn.maxDepth) return -1;
    const wx = drawn.x0 + px / drawn.scale;
    const total = state.total, xoff = state.xoff, order = state.order;
    let i = 0;
    if (wx < xoff[0] || wx >= xoff[0] + total[0]) return -1;
    while (depth[i] < d) {
      let next = -1;
      for (let k = childStart[i]; k < childStart[i + 1]; k++) {
        const c = order[k];
        if (total[c] && wx >= xoff[c] && wx < xoff[c] + total[c]) { next = c; break; }
      }
      if (next < 0) return -1;
      i = next;
    }
    return total[i] * drawn.scale >= MIN_PX ? i : -1;
  }

  const tooltip = $('tooltip');
  function tooltipShow(i, px, py) {
    tooltip.textContent = '';
    tooltip.appendChild(el('div', 'tt-name', nodeName(i)));
    const r1 = el('div', 'tt-row');
    const b = el('b', null, fmtTime(state.total[i]));
    r1.appendChild(b);
    r1.appendChild(el('span', null, fmtPct(state.total[i], state.selWeight) + ' of the selection'));
    tooltip.appendChild(r1);
    const r2 = el('div', 'tt-row');
    r2.appendChild(el('span', null, 'self ' + fmtTime(state.self[i]) + ' (' + fmtPct(state.self[i], state.selWeight) + ')'));
    if (i !== 0 && state.zoom !== 0 && isAncestor(state.zoom, i))
      r2.appendChild(el('span', null, fmtPct(state.total[i], state.total[state.zoom]) + ' of the zoomed frame'));
    tooltip.appendChild(r2);
    if (label[i] >= 0) {
      const f = label[i];
      let loc = frameLocation(f);
      if (frameModule[f]) loc += (loc ? '  \u00b7  ' : '') + D.modules[frameModule[f] - 1];
      if (frameInlined[f]) loc += '  \u00b7  inlined';
      if (loc) tooltip.appendChild(el('div', 'tt-loc', clean(loc)));
    }
    tooltip.hidden = false;
    const wrapW = $('flame-wrap').clientWidth;
    const tw = tooltip.offsetWidth, th = tooltip.offsetHeight;
    let x = px + 14, y = py + 16;
    if (x + tw > wrapW) x = Math.max(0, px - tw - 14);
    if (y + th > canvas.clientHeight && py - th - 10 >= 0) y = py - th - 10;
    tooltip.style.left = x + 'px';
    tooltip.style.top = y + 'px';
  }

  canvas.addEventListener('mousemove', (e) => {
    const r = canvas.getBoundingClientRect();
    const i = nodeAt(e.clientX - r.left, e.clientY - r.top);
    if (i < 0) tooltip.hidden = true;
    else tooltipShow(i, e.clientX - r.left, e.clientY - r.top);
  });
  canvas.addEventListener('mouseleave', () => { tooltip.hidden = true; });
  canvas.addEventListener('click', (e) => {
    const r = canvas.getBoundingClientRect();
    const i = nodeAt(e.clientX - r.left, e.clientY - r.top);
    if (i < 0) return;
    zoomTo(i);
    if (nodeFunc[i] !== NONE) funcSelect(nodeFunc[i], label[i]);
    tooltip.hidden = true;
  });

  function zoomTo(i) {
    state.zoom = i;
    $('reset-zoom').disabled = i === 0;
    crumbsUpdate();
    draw();
  }

  function crumbsUpdate() {
    const nav = $('crumbs');
    nav.textContent = '';
    const path = [];
    for (let i = state.zoom; i >= 0; i = parent[i]) path.unshift(i);
    const shown = path.length > 8 ? path.slice(0, 2).concat([-1], path.slice(-5)) : path;
    shown.forEach((i, k) => {
      if (k) nav.appendChild(el('span', 'sep', '\u203a'));
      if (i < 0) {
        nav.appendChild(el('span', 'sep', '\u2026'));
        return;
      }
      const b = el('button', null, nodeName(i));
      b.type = 'button';
      b.title = nodeName(i) + ' \u2014 ' + fmtTime(state.total[i]);
      if (i === state.zoom) b.setAttribute('aria-current', 'true');
      b.addEventListener('click', () => zoomTo(i));
      nav.appendChild(b);
    });
  }

  $('reset-zoom').addEventListener('click', () => zoomTo(0));
  function modeSet(icicle) {
    state.icicle = icicle;
    $('mode-flame').setAttribute('aria-pressed', String(!icicle));
    $('mode-icicle').setAttribute('aria-pressed', String(icicle));
    draw();
  }
  $('mode-flame').addEventListener('click', () => modeSet(false));
  $('mode-icicle').addEventListener('click', () => modeSet(true));

  /* ---- the bottleneck table ---- */

  function tableRender() {
    const tbody = $('table').tBodies[0];
    const key = state.sortKey, dir = state.sortDir;
    const q = state.search;
    let rows = q ? state.rows.filter((r) => q.test(r.name)) : state.rows.slice();
    rows.sort((a, b) => {
      let c;
      if (key === 'name') c = a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
      else if (key === 'loc') c = a.loc < b.loc ? -1 : a.loc > b.loc ? 1 : 0;
      else c = a[key] - b[key] || (key === 'self' ? a.total - b.total : a.self - b.self);
      return dir * c || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
    });
    const top = D.view.top;
    if (top && rows.length > top) rows = rows.slice(0, top);
    for (const th of $('table').tHead.rows[0].cells) {
      if (th.dataset.key === key) th.setAttribute('aria-sort', dir < 0 ? 'descending' : 'ascending');
      else th.removeAttribute('aria-sort');
    }
    tbody.textContent = '';
    const all = state.selWeight;
    let maxSelf = 0;
    for (const r of rows) if (r.self > maxSelf) maxSelf = r.self;
    const shown = rows.slice(0, state.tableLimit);
    for (const r of shown) {
      const tr = document.createElement('tr');
      tr.setAttribute('aria-selected', String(r.fn === state.func));
      tr.dataset.fn = String(r.fn);
      tr.appendChild(el('td', 'fn', r.name));
      const s = el('td', 'num', fmtTime(r.self));
      s.appendChild(el('span', 'pct', fmtPct(r.self, all)));
      s.appendChild(bar(all ? r.self / all : 0));
      tr.appendChild(s);
      const t = el('td', 'num', fmtTime(r.total));
      t.appendChild(el('span', 'pct', fmtPct(r.total, all)));
      tr.appendChild(t);
      tr.appendChild(el('td', 'loc', r.loc));
      tr.addEventListener('click', () => funcSelect(r.fn, r.frame));
      tbody.appendChild(tr);
    }
    const more = $('table-more');
    more.hidden = rows.length <= shown.length;
    more.textContent = 'Show all ' + fmtInt(rows.length) + ' functions';
    $('table-note').textContent = fmtInt(rows.length) + (rows.length === 1 ? ' function' : ' functions') +
      (q ? ' matching' : '') + ' \u00b7 % of ' + fmtTime(all) + ' CPU';
  }
  for (const th of $('table').tHead.rows[0].cells) {
    th.querySelector('button').addEventListener('click', () => {
      const key = th.dataset.key;
      if (state.sortKey === key) state.sortDir = -state.sortDir;
      else {
        state.sortKey = key;
        state.sortDir = key === 'name' || key === 'loc' ? 1 : -1;
      }
      tableRender();
    });
  }
  $('table-more').addEventListener('click', () => {
    state.tableLimit = Infinity;
    tableRender();
  });

  /* ---- the function panel ---- */

  function funcSelect(fn, frame) {
    state.func = fn;
    state.funcFrame = frame;
    detailsRender();
    for (const tr of $('table').tBodies[0].rows) tr.setAttribute('aria-selected', String(tr.dataset.fn === String(fn)));
  }

  /* Callers and callees of FN over the selection, from each path's
   * outermost node of FN. */
  function neighbours(fn) {
    const callers = new Map(), callees = new Map();
    const total = state.total;
    const add = (m, i, w) => {
      if (!w) return;
      const key = i === 0 ? 'root' : nodeFunc[i] === NONE ? 'l' + label[i] : 'f' + nodeFunc[i];
      const r = m.get(key);
      if (r) r.w += w;
      else m.set(key, { node: i, w });
    };
    for (let i = 1; i < N; ) {
      if (nodeFunc[i] !== fn || !total[i]) {
        i++;
        continue;
      }
      const up = D.view.inverted ? callees : callers, down = D.view.inverted ? callers : callees;
      add(up, parent[i], total[i]);
      for (let k = childStart[i]; k < childStart[i + 1]; k++) add(down, children[k], total[children[k]]);
      i = end[i];
    }
    const list = (m) => [...m.values()].sort((a, b) => b.w - a.w);
    return { callers: list(callers), callees: list(callees) };
  }

  function miniTable(rows, of, onClick) {
    const t = el('table', 'mini');
    for (const r of rows) {
      const tr = document.createElement('tr');
      tr.appendChild(el('td', 'fn', r.name));
      tr.appendChild(el('td', 'num', fmtTime(r.w)));
      const p = el('td', 'num', fmtPct(r.w, of));
      p.appendChild(bar(of ? r.w / of : 0));
      tr.appendChild(p);
      if (r.click) {
        tr.className = 'link';
        tr.addEventListener('click', r.click);
      }
      t.appendChild(tr);
    }
    return t;
  }

  function detailsRender() {
    const body = $('details-body');
    const fn = state.func;
    body.textContent = '';
    if (fn === NONE) {
      body.appendChild(el('p', 'muted', 'Click a function in the table or a frame in the flame graph.'));
      return;
    }
    const row = state.rows.find((r) => r.fn === fn);
    const frame = row ? row.frame : state.funcFrame;
    const all = state.selWeight;
    body.appendChild(el('p', 'fn-title', funcName(fn, frame)));
    const loc = frameLocation(frame);
    if (loc) body.appendChild(el('div', 'fn-loc', loc));
    const figs = el('div', 'fn-figures');
    for (const [what, w] of [['Self', row ? row.self : 0], ['Total', row ? row.total : 0]]) {
      const d = el('div', null, what + ' \u00b7 ' + fmtPct(w, all));
      d.prepend(el('b', null, fmtTime(w)));
      figs.appendChild(d);
    }
    body.appendChild(figs);

    const nb = neighbours(fn);
    const named = (list) => list.slice(0, 12).map((r) => ({
      name: r.node === 0 ? '(top level)' : nodeName(r.node),
      w: r.w,
      click: nodeFunc[r.node] !== NONE ? () => funcSelect(nodeFunc[r.node], label[r.node]) : null,
    }));
    for (const [title, list] of [['Callers', nb.callers], ['Callees', nb.callees]]) {
      body.appendChild(el('h3', null, title));
      if (list.length) body.appendChild(miniTable(named(list), all));
      else body.appendChild(el('p', 'empty', title === 'Callers' ? 'none: a root of the tree' : 'none: all self time'));
    }
    body.appendChild(el('h3', null, 'Hot source lines'));
    const lines = fn === HIDDEN ? [] : lineRows(fn);
    if (!lines.length) {
      body.appendChild(el('p', 'empty', 'no source lines known'));
    } else {
      const t = el('table', 'mini');
      const head = document.createElement('tr');
      for (const h of ['line', 'self', 'total']) head.appendChild(el('td', h === 'line' ? 'muted' : 'num muted', h));
      t.appendChild(head);
      for (const r of lines.slice(0, 12)) {
        const tr = document.createElement('tr');
        let l = frameLocation(r.frame) || '(unknown line)';
        if (frameInlined[r.frame]) l += '  (inlined)';
        tr.appendChild(el('td', 'fn', l));
        const s = el('td', 'num', fmtTime(r.self));
        s.appendChild(bar(all ? r.self / all : 0));
        tr.appendChild(s);
        tr.appendChild(el('td', 'num', fmtTime(r.total)));
        t.appendChild(tr);
      }
      body.appendChild(t);
    }
  }

  /* ---- the call tree ---- */

  const TREE_CHILDREN = 50;

  function treeExpandHot() {
    state.expanded.clear();
    state.expanded.add(0);
    let i = 0;
    for (let n = 0; n < 40; n++) {
      if (childStart[i] === childStart[i + 1]) break;
      const c = state.order[childStart[i]];
      if (!state.total[c]) break;
      state.expanded.add(c);
      i = c;
    }
  }

  function treeRender() {
    const box = $('tree');
    box.textContent = '';
    const total = state.total, all = state.selWeight;
    const frag = document.createDocumentFragment();
    const visit = (i) => {
      const kids = [];
      for (let k = childStart[i]; k < childStart[i + 1]; k++) if (total[state.order[k]]) kids.push(state.order[k]);
      const limit = state.showAll.has(i) ? kids.length : TREE_CHILDREN;
      for (const c of kids.slice(0, limit)) {
        frag.appendChild(treeRow(c, all));
        if (state.expanded.has(c)) visit(c);
      }
      if (kids.length > limit) {
        const r = el('div', 'tree-row');
        r.appendChild(el('span'));
        r.appendChild(el('span'));
        const b = el('button', 'tree-more', (kids.length - limit) + ' more\u2026');
        b.type = 'button';
        b.style.marginLeft = indent(depth[i] + 1) + 20 + 'px';
        b.addEventListener('click', () => {
          state.showAll.add(i);
          treeRender();
        });
        r.appendChild(b);
        frag.appendChild(r);
      }
    };
    visit(0);
    if (!frag.childNodes.length) frag.appendChild(el('p', 'empty', 'No samples in this view.'));
    box.appendChild(frag);
    $('tree-note').textContent = 'CPU time and % of ' + fmtTime(all) +
      (D.view.inverted ? ' \u00b7 inverted: where time is spent, then its callers' : '');
  }

  const indent = (d) => Math.min(d - 1, 40) * 14;

  function treeRow(i, all) {
    const total = state.total;
    const row = el('div', 'tree-row');
    row.setAttribute('role', 'treeitem');
    row.setAttribute('aria-level', String(depth[i]));
    row.tabIndex = -1;
    row.dataset.node = String(i);
    const tcell = el('span', 't-total');
    tcell.appendChild(bar(all ? total[i] / all : 0));
    tcell.appendChild(el('span', null, fmtTime(total[i])));
    tcell.appendChild(el('span', 't-pct', fmtPct(total[i], all)));
    row.appendChild(tcell);
    row.appendChild(el('span', 't-self', state.self[i] ? fmtTime(state.self[i]) : '–'));
    const name = el('span', 't-name');
    name.style.paddingLeft = indent(depth[i]) + 'px';
    let leaf = true;
    for (let k = childStart[i]; k < childStart[i + 1]; k++) if (total[children[k]]) leaf = false;
    const tog = el('button', 'toggle' + (leaf ? ' leaf' : ''), state.expanded.has(i) ? '\u25bc' : '\u25b6');
    tog.type = 'button';
    tog.setAttribute('aria-label', (state.expanded.has(i) ? 'Collapse ' : 'Expand ') + nodeName(i));
    if (!leaf) {
      row.setAttribute('aria-expanded', String(state.expanded.has(i)));
      tog.addEventListener('click', () => {
        if (state.expanded.has(i)) state.expanded.delete(i);
        else state.expanded.add(i);
        treeRender();
      });
    }
    name.appendChild(tog);
    name.appendChild(el('span', 't-fn' + (nodeSynthetic(i) ? ' synthetic' : ''), nodeName(i)));
    if (label[i] >= 0) {
      const loc = frameLocation(label[i]);
      if (loc) name.appendChild(el('span', 't-loc', loc));
    }
    row.appendChild(name);
    row.addEventListener('dblclick', () => {
      zoomTo(i);
      $('flame-card').scrollIntoView({ behavior: 'smooth' });
    });
    return row;
  }

  /* ---- header and thread selector ---- */

  function headerRender() {
    const s = D.summary;
    const program = clean(s.program || '(unknown program)');
    $('program').textContent = program;
    document.title = program + ' \u2014 ctrace';
    const stats = $('stats');
    const stat = (name, value, sub) => {
      const d = el('div');
      d.appendChild(el('dt', null, name));
      const v = el('dd', null, value);
      if (sub) v.appendChild(el('small', null, sub));
      d.appendChild(v);
      stats.appendChild(d);
    };
    stat('Wall time', fmtSeconds(s.duration_s));
    stat('CPU time', fmtSeconds(s.cpu_s), s.duration_s > 0 && s.cpu_s >= 0
      ? (s.cpu_s / s.duration_s).toFixed(2) + ' CPUs busy on average' : null);
    stat('Samples', fmtInt(s.samples), 'standing for ' + fmtTime(s.weight) + ' CPU');
    if (s.rate_hz > 0)
      stat('Rate', Math.round(s.rate_hz) + ' Hz asked',
        (s.delivered_hz != null ? Math.round(s.delivered_hz) + ' Hz delivered per CPU-second' : 'delivered unknown') +
        (s.engine ? ' \u00b7 ' + clean(s.engine) + ' engine' : ''));
    stat('Threads', fmtInt(s.threads), fmtInt(s.processes) + (s.processes === 1 ? ' process' : ' processes'));
    stat('Dropped', fmtInt(s.dropped), s.dropped_weight ? fmtTime(s.dropped_weight) + ' CPU lost' : 'samples lost to a full ring');
    const warn = [];
    if (s.pc_only) warn.push(fmtInt(s.pc_only) + ' samples of which only the PC was taken (a dlclose or fork held the unwinder back)');
    if (s.unwind_failed) warn.push(fmtInt(s.unwind_failed) + ' samples whose stack could not be unwound');
    if (s.truncated) warn.push(fmtInt(s.truncated) + ' stacks truncated at the recording\u2019s depth limit');
    if (warn.length) {
      $('warnings').textContent = warn.join(' \u00b7 ');
      $('warnings').hidden = false;
    }
    const v = [];
    if (D.view.text) v.push(clean(D.view.text));
    if (D.view.min_percent > 0) v.push('nodes under ' + D.view.min_percent + '% left out');
    if (D.kept !== D.weight) v.push('kept ' + fmtTime(D.kept) + ' (' + fmtPct(D.kept, D.weight) + ')');
    if (v.length) {
      $('view-note').textContent = 'View: ' + v.join(', ');
      $('view-note').hidden = false;
    }
    $('footer').textContent = 'ctrace ' + D.version_ctrace + ' \u00b7 times are CPU time from the samples\u2019 weights (' +
      fmtTime(1) + ' per unit); percentages are of the selected threads\u2019 CPU time.';
  }

  function selectorRender() {
    const sel = $('thread-select');
    const byPid = new Map();
    threads.forEach((t, i) => {
      if (!byPid.has(t.pid)) byPid.set(t.pid, []);
      byPid.get(t.pid).push(i);
    });
    const opt = (value, text) => {
      const o = el('option', null, text);
      o.value = value;
      return o;
    };
    sel.appendChild(opt('all', 'All threads (' + threads.length + ') \u2014 ' + fmtTime(D.weight)));
    for (const [pid, list] of byPid) {
      const t0 = threads[list[0]];
      const group = el('optgroup');
      group.label = clean('process ' + pid + ' (' + t0.exe + ')');
      const pw = list.reduce((a, i) => a + threads[i].weight, 0);
      if (byPid.size > 1)
        group.appendChild(opt('p:' + pid, clean('all of process ' + pid + ' (' + t0.exe + ') \u2014 ' + fmtTime(pw) +
          ', ' + fmtPct(pw, D.weight))));
      list.sort((a, b) => threads[b].weight - threads[a].weight || a - b);
      for (const i of list) {
        const t = threads[i];
        group.appendChild(opt('t:' + i, clean(t.name + ' (' + t.tid + ') \u2014 ' + fmtTime(t.weight) + ', ' +
          fmtPct(t.weight, D.weight))));
      }
      sel.appendChild(group);
    }
    sel.addEventListener('change', () => {
      const v = sel.value;
      if (v === 'all') state.sel = null;
      else if (v.startsWith('p:')) state.sel = threads.map((t, i) => i).filter((i) => String(threads[i].pid) === v.slice(2));
      else state.sel = [Number(v.slice(2))];
      selectionChanged();
    });
  }

  function selectionInfo() {
    const info = $('selection-info');
    if (!state.sel) {
      info.textContent = fmtTime(D.weight) + ' CPU in ' + threads.length + (threads.length === 1 ? ' thread' : ' threads');
      return;
    }
    const what = state.sel.length === 1 ? clean(threads[state.sel[0]].name + ' (' + threads[state.sel[0]].tid + ')')
      : 'process ' + threads[state.sel[0]].pid;
    info.textContent = what + ': ' + fmtTime(state.selWeight) + ', ' + fmtPct(state.selWeight, D.weight) + ' of all CPU time';
  }

  function selectionChanged() {
    selectionCompute();
    if (!state.total[state.zoom]) state.zoom = 0;
    selectionInfo();
    searchApply();
    state.showAll.clear();
    treeExpandHot();
    crumbsUpdate();
    $('reset-zoom').disabled = state.zoom === 0;
    draw();
    tableRender();
    detailsRender();
    treeRender();
  }

  let searchTimer = 0;
  $('search').addEventListener('input', () => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(() => {
      state.search = searchCompile($('search').value.trim());
      searchApply();
      draw();
      tableRender();
    }, 80);
  });
  document.addEventListener('keydown', (e) => {
    if (e.target instanceof HTMLInputElement || e.target instanceof HTMLSelectElement) {
      if (e.key === 'Escape' && e.target.id === 'search') {
        e.target.value = '';
        e.target.dispatchEvent(new Event('input'));
      }
      return;
    }
    if (e.key === '/') {
      e.preventDefault();
      $('search').focus();
    } else if (e.key === 'Escape' && state.zoom) {
      zoomTo(parent[state.zoom] > 0 ? parent[state.zoom] : 0);
    }
  });
  let resizeQueued = false;
  window.addEventListener('resize', () => {
    if (resizeQueued) return;
    resizeQueued = true;
    requestAnimationFrame(() => {
      resizeQueued = false;
      draw();
    });
  });

  headerRender();
  selectorRender();
  selectionChanged();
  if (state.rows.length) {
    const top = state.rows.slice().sort((a, b) => b.self - a.self)[0];
    funcSelect(top.fn, top.frame);
  }
  document.body.dataset.ready = 'true';
})();
