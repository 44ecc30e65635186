'use strict';
// The goroutine page: reads the JSON document embedded in #go4j-data, groups goroutines with
// identical stacks, filters them (state, label, free text) and sorts the groups (count, longest
// wait). The DOM is built with textContent only: no data is ever parsed as markup.
// The JSON is read defensively (field names of GoroutineDump's JSON, with fall-backs), so that a
// field added, renamed or missing shows as empty rather than breaking the page.
(function () {
  const MAX_GROUPS = 500;   // groups drawn; the rest are counted in a note
  const MAX_IDS = 40;       // goroutine ids listed per group
  const OPEN_GROUPS = 3;    // groups open when the page is drawn
  const LIBRARY = /^(java\.|javax\.|jdk\.|sun\.|com\.sun\.|io\.go4j\.(internal\.|sync\.|time\.|context\.|errgroup\.|semaphore\.|singleflight\.|(Chan|Select|Go|Recv|RecvChan|SendChan)\.))/;

  const $ = (id) => document.getElementById(id);
  const ui = {
    state: $('state'), label: $('label'), q: $('q'), sort: $('sort'),
    expand: $('expand'), collapse: $('collapse'), clear: $('clear'),
    states: $('states'), summary: $('summary'), error: $('error'), groups: $('groups')
  };

  function str(v) { return v === null || v === undefined ? '' : String(v); }
  function num(v) {
    if (v === null || v === undefined || v === '') return null;
    const n = Number(v);
    return Number.isFinite(n) ? n : null;
  }
  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  }

  // Reading the data

  function frameOf(f) {
    if (typeof f === 'string') return { fn: f, file: '', line: null };
    if (!f || typeof f !== 'object') return { fn: str(f), file: '', line: null };
    let fn = str(f.function !== undefined ? f.function : (f.func !== undefined ? f.func : f.method));
    if (!fn && (f.className || f.methodName)) fn = str(f.className) + '.' + str(f.methodName);
    const file = str(f.file !== undefined ? f.file : f.fileName);
    const line = num(f.line !== undefined ? f.line : f.lineNumber);
    return { fn: fn, file: file, line: line };
  }

  function labelsOf(l) {
    const out = [];
    if (Array.isArray(l)) {
      for (const e of l) {
        if (Array.isArray(e) && e.length >= 2) out.push([str(e[0]), str(e[1])]);
        else if (e && typeof e === 'object') out.push([str(e.key), str(e.value)]);
      }
    } else if (l && typeof l === 'object') {
      for (const k of Object.keys(l)) out.push([k, str(l[k])]);
    }
    out.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    return out;
  }

  function waitOf(g) {
    let s = num(g.waitSeconds);
    if (s === null && num(g.waitNanos) !== null) s = num(g.waitNanos) / 1e9;
    if (s === null && num(g.waitMillis) !== null) s = num(g.waitMillis) / 1e3;
    return s !== null && s >= 0 ? s : null;
  }

  function stateOf(g) {
    // Go's status words: the wait reason when parked in go4j, else the status ("running", ...).
    // A status that carries Go's minutes ("chan receive, 3 minutes") is cut to its words.
    let s = str(g.waitReason) || str(g.status) || str(g.state) || 'unknown';
    s = s.replace(/, \d+ minutes?$/, '');
    if (g.leaked === true && s.indexOf('(leaked)') < 0) s += ' (leaked)';
    return s;
  }

  function goroutineOf(g) {
    if (!g || typeof g !== 'object') return null;
    const rawFrames = Array.isArray(g.frames) ? g.frames : (Array.isArray(g.stack) ? g.stack : []);
    const frames = rawFrames.map(frameOf);
    let createdBy = null;
    if (g.createdBy !== undefined && g.createdBy !== null && g.createdBy !== '') createdBy = frameOf(g.createdBy);
    const labels = labelsOf(g.labels);
    const g2 = {
      id: str(g.id !== undefined ? g.id : g.goid),
      name: str(g.name),
      state: stateOf(g),
      wait: waitOf(g),
      labels: labels,
      frames: frames,
      createdBy: createdBy,
      creatorId: str(g.creatorId !== undefined ? g.creatorId : g.parentId),
      blocker: g.blocker === undefined || g.blocker === null ? '' :
        (typeof g.blocker === 'object' ? JSON.stringify(g.blocker) : str(g.blocker))
    };
    g2.search = [g2.id, g2.name, g2.state, g2.blocker,
      labels.map((l) => l[0] + '=' + l[1]).join(' '),
      frames.map((f) => f.fn + ' ' + f.file + ':' + str(f.line)).join(' '),
      createdBy ? createdBy.fn + ' ' + createdBy.file : ''].join('\n').toLowerCase();
    return g2;
  }

  function readData() {
    const node = $('go4j-data');
    let doc;
    try {
      doc = JSON.parse(node ? node.textContent : 'null');
    } catch (e) {
      return { error: 'The goroutine data is not valid JSON: ' + e.message, goroutines: [] };
    }
    let list = Array.isArray(doc) ? doc : (doc && typeof doc === 'object' ? (doc.goroutines || doc.threads) : null);
    if (!Array.isArray(list)) {
      return { error: 'The goroutine data has no list of goroutines.', goroutines: [] };
    }
    return { error: null, goroutines: list.map(goroutineOf).filter((g) => g !== null) };
  }

  // Classifying, grouping, filtering, sorting

  function stateKind(s) {
    if (s === 'running' || s === 'runnable') return 'k-running';
    if (s.indexOf('chan') === 0) return 'k-chan';
    if (s.indexOf('select') === 0) return 'k-select';
    if (s.indexOf('sync') === 0 || s.indexOf('semacquire') === 0) return 'k-sync';
    if (s.indexOf('sleep') === 0) return 'k-sleep';
    return 'k-other';
  }

  function frameKey(f) { return f.fn + '\u0000' + f.file + ':' + str(f.line); }

  function parseLabelFilter(text) {
    const t = text.trim();
    if (!t) return null;
    const eq = t.indexOf('=');
    return eq < 0 ? { key: t, value: null } : { key: t.slice(0, eq).trim(), value: t.slice(eq + 1).trim() };
  }

  function matches(g, f) {
    if (f.state && g.state !== f.state) return false;
    if (f.label) {
      const hit = g.labels.some((l) => l[0] === f.label.key && (f.label.value === null || l[1] === f.label.value));
      if (!hit) return false;
    }
    if (f.q && g.search.indexOf(f.q) < 0) return false;
    return true;
  }

  function group(goroutines) {
    const byKey = new Map();
    for (const g of goroutines) {
      const key = g.frames.map(frameKey).join('\n') + '\n' + (g.createdBy ? g.createdBy.fn : '');
      let grp = byKey.get(key);
      if (!grp) {
        grp = { key: key, frames: g.frames, createdBy: g.createdBy, creatorIds: new Set(),
          members: [], states: new Map(), labels: new Map(), maxWait: null };
        byKey.set(key, grp);
      }
      grp.members.push(g);
      grp.states.set(g.state, (grp.states.get(g.state) || 0) + 1);
      for (const l of g.labels) {
        const k = l[0] + '=' + l[1];
        grp.labels.set(k, (grp.labels.get(k) || 0) + 1);
      }
      if (g.creatorId) grp.creatorIds.add(g.creatorId);
      if (g.wait !== null && (grp.maxWait === null || g.wait > grp.maxWait)) grp.maxWait = g.wait;
    }
    return Array.from(byKey.values());
  }

  function sortGroups(groups, by) {
    const wait = (g) => (g.maxWait === null ? -1 : g.maxWait);
    groups.sort((a, b) => {
      const d = by === 'wait'
        ? (wait(b) - wait(a)) || (b.members.length - a.members.length)
        : (b.members.length - a.members.length) || (wait(b) - wait(a));
      return d || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
    });
    return groups;
  }

  function byCountDesc(map) {
    return Array.from(map.entries()).sort((a, b) => (b[1] - a[1]) || (a[0] < b[0] ? -1 : 1));
  }

  // Formatting

  function fmtWait(s) {
    if (s === null) return '';
    if (s < 1) return Math.round(s * 1000) + 'ms';
    if (s < 60) return s.toFixed(1) + 's';
    const m = Math.floor(s / 60);
    if (m < 60) return m + 'm ' + Math.floor(s % 60) + 's';
    const h = Math.floor(m / 60);
    if (h < 48) return h + 'h ' + (m % 60) + 'm';
    return Math.floor(h / 24) + 'd ' + (h % 24) + 'h';
  }

  function where(f) {
    if (!f.file) return '';
    return f.file + (f.line !== null && f.line >= 0 ? ':' + f.line : '');
  }

  function topFrame(frames) {
    for (const f of frames) if (f.fn && !LIBRARY.test(f.fn)) return f;
    return frames.length ? frames[0] : { fn: '(no stack)', file: '', line: null };
  }

  // Drawing

  function stateChip(state, count, active) {
    const c = el('span', 'chip state ' + stateKind(state) + (active ? ' active' : ''),
      count === undefined ? state : state + ' \u00d7' + count);
    c.dataset.state = state;
    c.title = 'show only goroutines in state "' + state + '"';
    return c;
  }

  function drawStack(grp) {
    const pre = el('pre', 'stack');
    for (const f of grp.frames) {
      const lib = LIBRARY.test(f.fn) ? ' lib' : '';
      pre.appendChild(el('span', 'fn' + lib, f.fn + '(...)\n'));
      pre.appendChild(el('span', 'file' + lib, '\t' + where(f) + '\n'));
    }
    if (grp.createdBy) {
      const ids = Array.from(grp.creatorIds);
      const inG = ids.length === 1 ? ' in goroutine ' + ids[0] : '';
      pre.appendChild(el('span', 'fn', 'created by ' + grp.createdBy.fn + inG + '\n'));
      const w = where(grp.createdBy);
      if (w) pre.appendChild(el('span', 'file', '\t' + w + '\n'));
    }
    if (!grp.frames.length && !grp.createdBy) pre.appendChild(el('span', 'more', '(no stack: the thread has ended or was not sampled)'));
    return pre;
  }

  function drawGroup(grp, open, filter) {
    const d = el('details', 'group');
    d.open = open;
    d.dataset.count = String(grp.members.length);
    d.dataset.maxWait = grp.maxWait === null ? '' : String(grp.maxWait);
    d.dataset.states = Array.from(grp.states.keys()).join('|');

    const s = el('summary');
    s.appendChild(el('span', 'count', String(grp.members.length)));
    for (const [state, n] of byCountDesc(grp.states)) s.appendChild(stateChip(state, n, filter.state === state));
    const top = topFrame(grp.frames);
    s.appendChild(el('span', 'top', top.fn));
    const w = where(top);
    if (w) s.appendChild(el('span', 'loc', w));
    const wait = el('span', 'wait');
    if (grp.maxWait !== null) {
      wait.appendChild(document.createTextNode('longest wait '));
      wait.appendChild(el('b', null, fmtWait(grp.maxWait)));
    }
    s.appendChild(wait);
    d.appendChild(s);

    const body = el('div', 'body');
    if (grp.labels.size) {
      const m = el('div', 'meta labels', 'labels: ');
      for (const [kv, n] of byCountDesc(grp.labels)) {
        const c = el('span', 'chip label', n === grp.members.length ? kv : kv + ' \u00d7' + n);
        c.dataset.label = kv;
        c.title = 'show only goroutines labelled ' + kv;
        m.appendChild(c);
      }
      body.appendChild(m);
    }
    const ids = grp.members.slice(0, MAX_IDS).map((g) => g.id).join(', ');
    const more = grp.members.length > MAX_IDS ? ' \u2026 and ' + (grp.members.length - MAX_IDS) + ' more' : '';
    body.appendChild(el('div', 'meta ids', (grp.members.length === 1 ? 'goroutine ' : 'goroutines ') + ids + more));
    const blockers = new Set(grp.members.map((g) => g.blocker).filter((b) => b));
    if (blockers.size) {
      body.appendChild(el('div', 'meta blockers', 'waiting on: ' + Array.from(blockers).slice(0, 5).join('; ') +
        (blockers.size > 5 ? ' \u2026' : '')));
    }
    body.appendChild(drawStack(grp));
    d.appendChild(body);
    return d;
  }

  // State

  const data = readData();
  let renders = 0;

  function currentFilter() {
    return {
      state: ui.state.value,
      label: parseLabelFilter(ui.label.value),
      q: ui.q.value.trim().toLowerCase(),
      sort: ui.sort.value === 'wait' ? 'wait' : 'count'
    };
  }

  function fillStates() {
    const counts = new Map();
    for (const g of data.goroutines) counts.set(g.state, (counts.get(g.state) || 0) + 1);
    const wanted = new URLSearchParams(location.search).get('state');
    if (wanted && !counts.has(wanted)) counts.set(wanted, 0);
    for (const [state, n] of byCountDesc(counts)) {
      const o = el('option', null, state + ' (' + n + ')');
      o.value = state;
      ui.state.appendChild(o);
    }
    return counts;
  }

  function drawStatesBar(counts, filter) {
    ui.states.replaceChildren();
    for (const [state, n] of byCountDesc(counts)) {
      if (n > 0) ui.states.appendChild(stateChip(state, n, filter.state === state));
    }
  }

  function syncAddress(filter) {
    const p = new URLSearchParams();
    if (filter.state) p.set('state', filter.state);
    if (ui.label.value.trim()) p.set('label', ui.label.value.trim());
    if (ui.q.value.trim()) p.set('q', ui.q.value.trim());
    if (filter.sort !== 'count') p.set('sort', filter.sort);
    const s = p.toString();
    const url = location.pathname + (s ? '?' + s : '') + location.hash;
    if (url !== location.pathname + location.search + location.hash) history.replaceState(null, '', url);
  }

  let stateCounts = new Map();

  function render() {
    const filter = currentFilter();
    const shown = data.goroutines.filter((g) => matches(g, filter));
    const groups = sortGroups(group(shown), filter.sort);
    drawStatesBar(stateCounts, filter);
    const total = data.goroutines.length;
    const filtered = filter.state || filter.label || filter.q;
    ui.summary.textContent = filtered
      ? shown.length + ' of ' + total + ' goroutines match, in ' + groups.length + (groups.length === 1 ? ' group' : ' groups')
      : total + ' goroutines in ' + groups.length + (groups.length === 1 ? ' group' : ' groups');
    const frag = document.createDocumentFragment();
    groups.slice(0, MAX_GROUPS).forEach((grp, i) => frag.appendChild(drawGroup(grp, i < OPEN_GROUPS, filter)));
    if (groups.length > MAX_GROUPS) {
      frag.appendChild(el('p', 'more', (groups.length - MAX_GROUPS) + ' more groups not drawn: narrow the filter.'));
    }
    if (!groups.length) frag.appendChild(el('p', 'more', total ? 'No goroutine matches the filter.' : 'No goroutines.'));
    ui.groups.replaceChildren(frag);
    syncAddress(filter);
    renders++;
    document.documentElement.dataset.renders = String(renders);
  }

  let pending = 0;
  function renderSoon() {
    clearTimeout(pending);
    pending = setTimeout(render, 120);
  }

  function init() {
    if (data.error) {
      ui.error.textContent = data.error;
      ui.error.hidden = false;
    }
    stateCounts = fillStates();
    const p = new URLSearchParams(location.search);
    ui.state.value = p.get('state') || '';
    ui.label.value = p.get('label') || '';
    ui.q.value = p.get('q') || '';
    ui.sort.value = p.get('sort') === 'wait' ? 'wait' : 'count';

    ui.state.addEventListener('change', render);
    ui.sort.addEventListener('change', render);
    ui.label.addEventListener('input', renderSoon);
    ui.q.addEventListener('input', renderSoon);
    $('filters').addEventListener('submit', (e) => { e.preventDefault(); render(); });
    ui.expand.addEventListener('click', () => { for (const d of ui.groups.querySelectorAll('details')) d.open = true; });
    ui.collapse.addEventListener('click', () => { for (const d of ui.groups.querySelectorAll('details')) d.open = false; });
    ui.clear.addEventListener('click', () => {
      ui.state.value = ''; ui.label.value = ''; ui.q.value = '';
      render();
    });
    document.addEventListener('click', (e) => {
      const t = e.target;
      if (!(t instanceof HTMLElement)) return;
      if (t.dataset.state !== undefined) {
        e.preventDefault();
        ui.state.value = ui.state.value === t.dataset.state ? '' : t.dataset.state;
        render();
      } else if (t.dataset.label !== undefined) {
        e.preventDefault();
        ui.label.value = ui.label.value === t.dataset.label ? '' : t.dataset.label;
        render();
      }
    });
    render();
  }

  init();
})();
