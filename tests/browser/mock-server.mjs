// A stand-in for fss-searchd while developing the search page: serves
// searchd/web/* at the daemon's routes and answers the JSON API from an archive
// file (the JSON Lines format of spec/archive.md) with a naive matcher.
// It is NOT a reference for ranking or analysis; it only honours the shapes of
// spec/search-api.md, so that the page and its test can run without the daemon.
//
//   node mock-server.mjs [--port 8099] [--archive fixture-archive.jsonl] [--delay-ms 0]
//
// No dependencies beyond node itself.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const webDir = path.resolve(here, '../../searchd/web');

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}
const port = Number(arg('port', process.env.PORT || 8099));
const archiveFile = path.resolve(arg('archive', path.join(here, 'fixture-archive.jsonl')));
const delayMs = Number(arg('delay-ms', process.env.MOCK_DELAY_MS || 0));

// The focus areas: corpus/focus-areas.json when it is there, else the four of 2023.
let AREAS = [
  { id: 'nara-vard', name: 'Nära vård', years: [2023, 2024, 2025, 2026] },
  { id: 'forebyggande-och-tidiga-insatser', name: 'Förebyggande och tidiga insatser för alla målgrupper', years: [2023, 2024, 2025, 2026] },
  { id: 'tillit-till-socialtjansten', name: 'Tillit till socialtjänsten', years: [2023, 2024, 2025, 2026] },
  { id: 'ny-socialtjanstlag', name: 'Ny socialtjänstlag', years: [2023, 2024, 2025, 2026] },
];
try {
  const file = JSON.parse(fs.readFileSync(path.resolve(here, '../../corpus/focus-areas.json'), 'utf8'));
  if (Array.isArray(file.areas)) AREAS = file.areas.map(({ id, name, years }) => ({ id, name, years: years || [] }));
} catch { /* keep the built-in list */ }

// ---- the archive, flattened into documents ----
const posts = new Map();
const docs = [];
for (const line of fs.readFileSync(archiveFile, 'utf8').split('\n')) {
  if (!line.trim()) continue;
  const p = JSON.parse(line);
  posts.set(p.id, p);
  docs.push({ id: p.id, type: 'post', title: p.title, date: p.date, author: p.author,
    areas: p.areas || [], text: p.body, post: null });
  for (const c of p.comments || []) {
    docs.push({ id: c.id, type: 'comment', title: p.title, date: c.date, author: c.author,
      areas: p.areas || [], text: c.body, post: { id: p.id, title: p.title } });
  }
}

const fold = (s) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
const WORD = /[\p{L}\p{N}]+/gu;
const words = (s) => (s || '').match(WORD) || [];

const vocab = new Map(); // folded -> {text, n}
for (const d of docs) {
  for (const w of [...words(d.title), ...words(d.text)]) {
    const f = fold(w);
    const v = vocab.get(f) || { text: w.toLowerCase(), n: 0 };
    v.n++;
    vocab.set(f, v);
  }
}

// A query term matches a word when the word starts with it (a poor man's stemmer).
const termMatches = (term, word) => fold(word).startsWith(term);

function parseQuery(q) {
  const include = [], exclude = [];
  for (const raw of q.replace(/["()*]/g, ' ').split(/\s+/)) {
    if (!raw || raw === 'OR' || raw === 'AND' || raw === 'NOT') continue;
    const neg = raw.startsWith('-');
    const t = words(raw.replace(/^(title|author):/, '')).map(fold);
    (neg ? exclude : include).push(...t);
  }
  return { include, exclude };
}

function score(doc, { include, exclude }) {
  const tw = words(doc.title), bw = [...words(doc.text), ...words(doc.author)];
  let s = 0;
  for (const t of exclude) if ([...tw, ...bw].some((w) => termMatches(t, w))) return 0;
  for (const t of include) {
    const n = tw.filter((w) => termMatches(t, w)).length * 3 + bw.filter((w) => termMatches(t, w)).length;
    if (!n) return 0;
    s += n;
  }
  return include.length ? s : 1;
}

const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function snippet(text, terms) {
  const toks = [...text.matchAll(WORD)];
  let first = toks.findIndex((m) => terms.some((t) => termMatches(t, m[0])));
  if (first < 0) first = 0;
  const lo = Math.max(0, first - 8), hi = Math.min(toks.length, lo + 30);
  if (!toks.length) return esc(text.slice(0, 200));
  const start = lo === 0 ? 0 : toks[lo].index;
  const end = hi === toks.length ? text.length : toks[hi].index;
  let out = lo > 0 ? '… ' : '';
  let pos = start;
  for (let i = lo; i < hi; i++) {
    const m = toks[i];
    out += esc(text.slice(pos, m.index));
    const hit = terms.some((t) => termMatches(t, m[0]));
    out += hit ? `<mark>${esc(m[0])}</mark>` : esc(m[0]);
    pos = m.index + m[0].length;
  }
  out += esc(text.slice(pos, end)).replace(/\s+$/, '');
  return out + (hi < toks.length ? ' …' : '');
}

function lev(a, b) {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
  }
  return d[a.length][b.length];
}

function correct(q) {
  let changed = false;
  const out = q.split(/(\s+)/).map((tok) => {
    const f = fold(tok);
    if (!/^[\p{L}]{4,}$/u.test(f) || vocab.has(f) || [...vocab.keys()].some((k) => k.startsWith(f))) return tok;
    let best = null;
    for (const [k, v] of vocab) {
      const dist = lev(f, k);
      if (dist <= 2 && (!best || dist < best.dist || (dist === best.dist && v.n > best.n))) best = { dist, n: v.n, text: v.text };
    }
    if (!best) return tok;
    changed = true;
    return best.text;
  });
  return changed ? out.join('') : null;
}

class BadRequest extends Error {}

function validDate(s, name) {
  if (s === null) return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  const d = m && new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  if (!m || d.getUTCMonth() !== +m[2] - 1 || d.getUTCDate() !== +m[3]) throw new BadRequest(`${name}: not a date: '${s}'`);
  return s;
}

function intParam(s, name, def, max) {
  if (s === null) return def;
  if (!/^\d+$/.test(s) || +s < 1 || (max && +s > max)) throw new BadRequest(`${name}: out of range: '${s}'`);
  return +s;
}

function runSearch(sp, q) {
  const from = validDate(sp.get('from'), 'from'), to = validDate(sp.get('to'), 'to');
  if (from && to && from > to) throw new BadRequest(`from: '${from}' is after to: '${to}'`);
  const authors = sp.getAll('author').map(fold);
  const areas = sp.getAll('area');
  const type = sp.get('type');
  if (type !== null && type !== 'post' && type !== 'comment') throw new BadRequest(`type: must be post or comment: '${type}'`);
  let sort = sp.get('sort') || 'relevance';
  if (sort !== 'relevance' && sort !== 'date') throw new BadRequest(`sort: must be relevance or date: '${sort}'`);
  const page = intParam(sp.get('page'), 'page', 1, 10000), size = intParam(sp.get('size'), 'size', 10, 100);
  const parsed = parseQuery(q);
  if (!parsed.include.length) sort = 'date';
  // Which filters a document passes, by facet (the daemon's facets are disjunctive: a
  // facet is counted under every filter but its own).
  const passes = (d) => ({
    year: !(from || to) || (Boolean(d.date) && !(from && d.date < from) && !(to && d.date > to)),
    author: !authors.length || Boolean(d.author && authors.includes(fold(d.author))),
    area: !areas.length || d.areas.some((a) => areas.includes(a)),
    type: !type || d.type === type,
  });
  const matches = [];
  const facets = { year: {}, author: {}, area: {}, type: {} };
  const inc = (o, k) => { o[k] = (o[k] || 0) + 1; };
  for (const d of docs) {
    const s = score(d, parsed);
    if (s <= 0) continue;
    const p = passes(d);
    const others = (f) => Object.entries(p).every(([k, ok]) => k === f || ok);
    if (others('year') && d.date) inc(facets.year, d.date.slice(0, 4));
    if (others('author') && d.author) inc(facets.author, d.author);
    if (others('area')) for (const a of d.areas) inc(facets.area, a);
    if (others('type')) inc(facets.type, d.type);
    if (Object.values(p).every(Boolean)) matches.push({ d, s });
  }
  const byDate = (a, b) => (b.d.date || '').localeCompare(a.d.date || '');
  matches.sort(sort === 'date' ? byDate : (a, b) => b.s - a.s || byDate(a, b));
  const hits = matches.slice((page - 1) * size, page * size).map(({ d, s }) => {
    const h = { id: d.id, type: d.type, title: d.title, date: d.date, author: d.author, areas: d.areas,
      snippet: snippet(d.text, parsed.include), score: Math.round(s * 100) / 100 };
    if (d.post) h.post = d.post;
    return h;
  });
  return { query: q, total: matches.length, page, size, took_ms: 0.1, suggestion: null, suggestion_used: false, facets, hits };
}

function apiSearch(sp) {
  const q = sp.get('q') || '';
  if (Buffer.byteLength(q) > 1024) throw new BadRequest('q: longer than 1024 bytes');
  let ans = runSearch(sp, q);
  const suggestion = q.trim() ? correct(q) : null;
  if (suggestion) {
    if (ans.total === 0) {
      const alt = runSearch(sp, suggestion);
      if (alt.total > 0) ans = { ...alt, query: q, suggestion_used: true };
    }
    ans.suggestion = suggestion;
  }
  return ans;
}

function apiSuggest(sp) {
  const q = sp.get('q') || '';
  const f = fold(q.trim());
  const out = [];
  if (f) {
    const ws = [...vocab.entries()].filter(([k]) => k.startsWith(f) && k !== f).sort((a, b) => b[1].n - a[1].n);
    for (const [, v] of ws.slice(0, 6)) out.push({ text: v.text, kind: 'word' });
    for (const p of posts.values()) {
      if (out.length >= 10) break;
      if (fold(p.title).startsWith(f) || words(p.title).some((w) => fold(w).startsWith(f))) out.push({ text: p.title, kind: 'title', id: p.id });
    }
  }
  return { query: q, suggestions: out.slice(0, 10) };
}

function apiAreas() {
  return { areas: AREAS };
}

function apiPost(id) {
  const p = posts.get(id);
  if (!p) return null;
  const { source, ...rest } = p; // eslint-disable-line no-unused-vars
  return rest;
}

const SECURITY_HEADERS = {
  'Content-Security-Policy': "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};
const STATIC = {
  '/': ['index.html', 'text/html; charset=utf-8'],
  '/app.js': ['app.js', 'text/javascript; charset=utf-8'],
  '/style.css': ['style.css', 'text/css; charset=utf-8'],
};

function send(res, status, type, body) {
  res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store', ...SECURITY_HEADERS });
  res.end(body);
}
const sendJson = (res, status, obj) => send(res, status, 'application/json; charset=utf-8', JSON.stringify(obj));
const sendError = (res, status, code, message) => sendJson(res, status, { error: { code, message } });

const server = http.createServer((req, res) => {
  const t0 = Date.now();
  res.on('finish', () => console.log(`${new Date().toISOString()} ${req.method} ${req.url} ${res.statusCode} ${Date.now() - t0}ms`));
  const url = new URL(req.url, 'http://localhost');
  if (req.method !== 'GET' && req.method !== 'HEAD') return sendError(res, 405, 'method_not_allowed', 'only GET');
  const handle = () => {
    try {
      if (STATIC[url.pathname]) {
        const [file, type] = STATIC[url.pathname];
        return send(res, 200, type, fs.readFileSync(path.join(webDir, file)));
      }
      if (url.pathname === '/api/search') return sendJson(res, 200, apiSearch(url.searchParams));
      if (url.pathname === '/api/suggest') return sendJson(res, 200, apiSuggest(url.searchParams));
      if (url.pathname === '/api/areas') return sendJson(res, 200, apiAreas());
      if (url.pathname.startsWith('/api/posts/')) {
        const id = decodeURIComponent(url.pathname.slice('/api/posts/'.length));
        const p = apiPost(id);
        return p ? sendJson(res, 200, p) : sendError(res, 404, 'not_found', `no post with id '${id}'`);
      }
      if (url.pathname === '/healthz') return sendJson(res, 200, { ok: true, documents: docs.length });
      return sendError(res, 404, 'not_found', `no route: ${url.pathname}`);
    } catch (e) {
      if (e instanceof BadRequest) return sendError(res, 400, 'bad_request', e.message);
      console.error(e);
      return sendError(res, 500, 'internal', 'internal error');
    }
  };
  const isApi = url.pathname.startsWith('/api/') && url.pathname !== '/api/suggest';
  if (delayMs && isApi) setTimeout(handle, delayMs); else handle();
});

server.listen(port, '127.0.0.1', () => {
  console.log(`mock fss-searchd on http://127.0.0.1:${server.address().port}/ (${docs.length} documents from ${archiveFile})`);
});
