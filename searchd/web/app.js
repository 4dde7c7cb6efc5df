// The search page of fss-searchd: plain ES module, no dependencies.
//
// Everything that comes from the API is put into the page as text
// (textContent / text nodes), except the search snippets, which the daemon
// sends as escaped HTML with <mark> tags: those are rebuilt node by node by
// snippetNodes(), which only knows text and <mark>. No innerHTML anywhere,
// no inline styles (the CSP forbids them), no eval.
//
// The address holds the whole state (see readState/writeUrl): q, from, to,
// author*, area*, type, sort, page, size for a search; post (+ comment) for
// the post view, which keeps the search it came from; exact=1 when the
// visitor asked for the literal query after a spelling correction.

const $ = (sel) => document.querySelector(sel);

const el = (tag, props = {}, ...children) => {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') node.className = v;
    else if (k === 'text') node.textContent = v;
    else if (k === 'dataset') Object.assign(node.dataset, v);
    else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children) if (c !== null && c !== undefined && c !== false) node.append(c);
  return node;
};

// ---------------------------------------------------------------- state / URL

const LIST_KEYS = ['author', 'area'];

function readState(search = location.search) {
  const sp = new URLSearchParams(search);
  const int = (k) => {
    const n = Number(sp.get(k));
    return Number.isInteger(n) && n > 0 ? n : null;
  };
  return {
    q: sp.get('q') || '',
    from: sp.get('from') || '',
    to: sp.get('to') || '',
    author: sp.getAll('author').filter(Boolean),
    area: sp.getAll('area').filter(Boolean),
    type: ['post', 'comment'].includes(sp.get('type')) ? sp.get('type') : '',
    sort: sp.get('sort') === 'date' ? 'date' : '',
    page: int('page') || 1,
    size: int('size'),
    exact: sp.get('exact') === '1',
    post: sp.get('post') || '',
    comment: sp.get('comment') || '',
  };
}

function searchParams(s, { api = false } = {}) {
  const sp = new URLSearchParams();
  if (api || s.q) sp.set('q', s.q);
  if (s.from) sp.set('from', s.from);
  if (s.to) sp.set('to', s.to);
  for (const k of LIST_KEYS) for (const v of s[k]) sp.append(k, v);
  if (s.type) sp.set('type', s.type);
  if (s.sort) sp.set('sort', s.sort);
  if (s.page > 1) sp.set('page', String(s.page));
  if (s.size) sp.set('size', String(s.size));
  if (!api && s.exact) sp.set('exact', '1');
  return sp;
}

function urlFor(s) {
  const sp = searchParams(s);
  if (s.post) sp.set('post', s.post);
  if (s.post && s.comment) sp.set('comment', s.comment);
  const qs = sp.toString();
  return location.pathname + (qs ? `?${qs}` : '');
}

const hasFilters = (s) => Boolean(s.from || s.to || s.author.length || s.area.length || s.type);
const hasSearch = (s) => Boolean(s.q.trim()) || hasFilters(s);
const withSearch = (s, changes) => ({ ...s, post: '', comment: '', page: 1, exact: false, ...changes });

// Pushes a new address (unless it is the current one) and renders it.
function navigate(s, opts = {}) {
  const url = urlFor(s);
  const here = location.pathname + location.search;
  if (url !== here) {
    const histState = { fromResults: Boolean(s.post && !readState().post && hasSearch(readState())) };
    if (opts.replace) history.replaceState(histState, '', url);
    else history.pushState(histState, '', url);
  }
  route(opts);
}

// ---------------------------------------------------------------- API

class ApiError extends Error {
  constructor(status, message, code) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

async function getJson(url, signal) {
  let res;
  try {
    res = await fetch(url, { signal, headers: { Accept: 'application/json' } });
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError(0, 'network');
  }
  let body = null;
  try {
    body = await res.json();
  } catch {
    body = null;
  }
  if (!res.ok || body === null) {
    const err = body && body.error ? body.error : {};
    throw new ApiError(res.status, typeof err.message === 'string' ? err.message : res.statusText, err.code);
  }
  return body;
}

// Small cache so that the back button shows the previous answer at once.
const cache = new Map();
async function cachedJson(url, signal) {
  if (cache.has(url)) return cache.get(url);
  const body = await getJson(url, signal);
  cache.set(url, body);
  if (cache.size > 30) cache.delete(cache.keys().next().value);
  return body;
}

let areaNames = new Map();
const areasReady = getJson('api/areas')
  .then((body) => {
    for (const a of body.areas || []) if (a && typeof a.id === 'string') areaNames.set(a.id, String(a.name || a.id));
  })
  .catch(() => { areaNames = new Map(); });
const areaName = (id) => areaNames.get(id) || String(id);

// The daemon's 400 messages are English and for developers ("from: '2024-02-01' is after
// to: …"); a visitor reads what went wrong in Swedish, from the field and the wording.
function badRequestText(message) {
  const m = String(message || '');
  const field = m.split(':')[0];
  const quoted = (m.match(/'([^']*)'/) || [])[1];
  if (/ is after to/.test(m)) return 'Från-datumet ligger efter till-datumet. Byt plats på dem eller ändra ett av dem.';
  if ((field === 'from' || field === 'to') && /not a date/.test(m)) {
    return `${field === 'from' ? 'Från-datumet' : 'Till-datumet'}${quoted ? ` ”${quoted}”` : ''} är inte ett datum. Skriv det som ÅÅÅÅ-MM-DD.`;
  }
  if (field === 'q' && /longer than/.test(m)) return 'Sökfrågan är för lång. Korta den och sök igen.';
  if (/invalid UTF-8|NUL byte/.test(m)) return 'Sökfrågan innehåller tecken som inte går att läsa. Skriv om den och sök igen.';
  if (field === 'page') return 'Sidan finns inte. Gå till första sidan av träfflistan.';
  if (field === 'size') return 'Antalet träffar per sida måste vara mellan 1 och 100.';
  if (field === 'type' || field === 'sort') return 'Adressen innehåller ett val som inte finns. Rensa filtren och sök igen.';
  if (/at most|too long|more than once/.test(m)) return 'Adressen innehåller för många eller för långa filter. Rensa filtren och sök igen.';
  return 'Adressen innehåller ett fel. Rensa filtren och sök igen.';
}

// [title, detail, retry]: Swedish text for each status the API answers with, and whether
// trying again can help (never for the visitor's own input).
function errorText(e) {
  switch (e.status) {
    case 0: return ['Det gick inte att nå söktjänsten.', 'Kontrollera din anslutning och försök igen.', true];
    case 400: return ['Sökningen kunde inte genomföras.', badRequestText(e.message), false];
    case 404: return ['Det du letar efter finns inte.', '', false];
    case 405:
    case 413: return ['Söktjänsten kunde inte ta emot frågan.', 'Ladda om sidan och sök igen.', false];
    case 429: return ['Det har kommit för många sökningar på kort tid.', 'Vänta en halv minut och försök igen.', true];
    case 503: return ['Söktjänsten är tillfälligt otillgänglig.', 'Försök igen om en liten stund.', true];
    default: return ['Något gick fel i söktjänsten.', 'Försök igen om en liten stund.', true];
  }
}

// ---------------------------------------------------------------- formatting

const dateFmt = new Intl.DateTimeFormat('sv-SE', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
function dateNode(iso) {
  if (typeof iso !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(iso)) return null;
  const d = new Date(`${iso}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return null;
  return el('time', { datetime: iso, text: dateFmt.format(d) });
}
const num = (n) => Number(n).toLocaleString('sv-SE');
const hitsWord = (n) => (n === 1 ? 'träff' : 'träffar');
const collator = new Intl.Collator('sv');

const ENTITIES = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };
function decodeEntities(s) {
  return s.replace(/&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-zA-Z]+);/g, (m, e) => {
    if (e[0] === '#') {
      const cp = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return cp > 0 && cp <= 0x10ffff && !(cp >= 0xd800 && cp <= 0xdfff) ? String.fromCodePoint(cp) : m;
    }
    return Object.hasOwn(ENTITIES, e) ? ENTITIES[e] : m;
  });
}

// The snippet is escaped HTML with <mark> tags. Rebuild it from text nodes and
// <mark> elements only: anything else that looks like markup stays visible text.
function snippetNodes(html) {
  const frag = document.createDocumentFragment();
  let mark = null;
  for (const part of String(html ?? '').split(/(<mark>|<\/mark>)/)) {
    if (part === '<mark>') {
      if (!mark) mark = document.createElement('mark');
    } else if (part === '</mark>') {
      if (mark) frag.append(mark);
      mark = null;
    } else if (part) {
      (mark || frag).append(document.createTextNode(decodeEntities(part)));
    }
  }
  if (mark) frag.append(mark);
  return frag;
}

// Plain text body: paragraphs split on blank lines, single newlines kept as <br>.
// `line` as text nodes, with the words `mark` matches in <mark> (null: none).
function marked(line, mark) {
  if (!mark) return [document.createTextNode(line)];
  const out = [];
  let at = 0;
  for (const m of line.matchAll(mark)) {
    if (m.index > at) out.push(document.createTextNode(line.slice(at, m.index)));
    out.push(el('mark', { text: m[0] }));
    at = m.index + m[0].length;
  }
  if (at < line.length) out.push(document.createTextNode(line.slice(at)));
  return out;
}

function paragraphs(text, mark = null) {
  const out = [];
  for (const para of String(text ?? '').replace(/\r\n?/g, '\n').split(/\n\s*\n/)) {
    if (!para.trim()) continue;
    const p = el('p');
    para.trim().split('\n').forEach((line, i) => {
      if (i) p.append(el('br'));
      p.append(...marked(line, mark));
    });
    out.push(p);
  }
  return out;
}

// The words the engine matched for query `q` (its <mark>s in the snippets: the forms,
// compounds and synonyms it found), as one case-insensitive whole-word RegExp; the
// snippets of post `id` and its comments first, else those of every hit. Null when none.
async function matchedWords(q, id) {
  const body = await cachedJson(`api/search?${new URLSearchParams({ q, size: '100' })}`);
  const hits = Array.isArray(body.hits) ? body.hits : [];
  const own = hits.filter((h) => h.id === id || (h.post && h.post.id === id));
  const words = new Set();
  for (const h of own.length ? own : hits) {
    for (const m of String(h.snippet || '').matchAll(/<mark>(.*?)<\/mark>/g)) {
      const w = m[1].replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
      if (w.trim()) words.add(w.toLocaleLowerCase('sv'));
    }
  }
  if (!words.size) return null;
  const alts = [...words].sort((a, b) => b.length - a.length).map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${alts.join('|')})(?![\\p{L}\\p{N}])`, 'giu');
}

// ---------------------------------------------------------------- elements

const ui = {
  form: $('#search-form'),
  q: $('#q'),
  list: $('#suggest-list'),
  suggestStatus: null,
  filters: $('#filters'),
  filtersToggle: $('#filters-toggle'),
  filtersToggleText: $('#filters-toggle-text'),
  filterForm: $('#filter-form'),
  typeOptions: $('#type-options'),
  yearOptions: $('#year-options'),
  areaOptions: $('#area-options'),
  authorOptions: $('#author-options'),
  from: $('#from'),
  to: $('#to'),
  clearFilters: $('#clear-filters'),
  status: $('#status'),
  intro: $('#intro'),
  resultsView: $('#results-view'),
  resultsHeading: $('#results-heading'),
  sort: $('#sort'),
  count: $('#result-count'),
  spelling: $('#spelling'),
  loading: $('#loading'),
  message: $('#message'),
  hits: $('#hits'),
  pager: $('#pager'),
  postView: $('#post-view'),
  backLink: $('#back-link'),
  postLoading: $('#post-loading'),
  postMessage: $('#post-message'),
  post: $('#post'),
  postKicker: $('#post-kicker'),
  postTitle: $('#post-title'),
  postMeta: $('#post-meta'),
  postBody: $('#post-body'),
  commentList: $('#comment-list'),
  commentsHeading: $('#comments-heading'),
  noComments: $('#no-comments'),
};

function announce(text) {
  ui.status.textContent = '';
  // A fresh text node in a later task makes screen readers repeat equal messages.
  setTimeout(() => { ui.status.textContent = text; }, 50);
}

function focusHeading(node) {
  node.focus({ preventScroll: true });
  node.scrollIntoView({ block: 'start' });
}

// ---------------------------------------------------------------- routing

let lastOpened = ''; // id of the hit whose post was opened, to return focus to it

function route(opts = {}) {
  const s = readState();
  syncControls(s);
  if (s.post) {
    showView('post');
    loadPost(s, opts);
  } else if (hasSearch(s)) {
    showView('results');
    runSearch(s, opts);
  } else {
    showView('intro');
    document.title = 'Sök i arkivet – Föreningen Sveriges socialchefer';
  }
}

// Result pages and post views are not for search engines (robots.txt says the same to
// those that do not run scripts): only the start page may be indexed.
function setRobots(view) {
  let meta = document.querySelector('meta[name="robots"]');
  if (!meta) {
    meta = document.createElement('meta');
    meta.name = 'robots';
    document.head.append(meta);
  }
  meta.content = view === 'intro' ? 'index, follow' : 'noindex, follow';
}

function showView(name) {
  setRobots(name);
  ui.intro.hidden = name !== 'intro';
  ui.resultsView.hidden = name !== 'results';
  ui.filters.hidden = name !== 'results';
  ui.postView.hidden = name !== 'post';
  document.body.dataset.view = name;
}

function syncControls(s) {
  if (document.activeElement !== ui.q || ui.q.value.trim() !== s.q.trim()) ui.q.value = s.q;
  ui.sort.value = s.sort || 'relevance';
  if (document.activeElement !== ui.from) ui.from.value = s.from;
  if (document.activeElement !== ui.to) ui.to.value = s.to;
  const active = s.author.length + s.area.length + (s.type ? 1 : 0) + (s.from || s.to ? 1 : 0);
  ui.clearFilters.hidden = active === 0;
  const open = ui.filters.classList.contains('is-open');
  ui.filtersToggleText.textContent = `${open ? 'Dölj filter' : 'Visa filter'}${active ? ` (${active} valda)` : ''}`;
}

// ---------------------------------------------------------------- search

let searchSeq = 0;
let searchAbort = null;
let loadingTimer = 0;

function setLoading(on, box = ui.loading) {
  clearTimeout(loadingTimer);
  ui.resultsView.setAttribute('aria-busy', on ? 'true' : 'false');
  ui.hits.classList.toggle('is-stale', on);
  if (on) loadingTimer = setTimeout(() => { box.hidden = false; }, 120);
  else box.hidden = true;
}

async function runSearch(s, opts) {
  const seq = ++searchSeq;
  if (searchAbort) searchAbort.abort();
  searchAbort = new AbortController();
  const url = `api/search?${searchParams(s, { api: true })}`;
  document.title = `${s.q.trim() ? `”${s.q.trim()}”` : 'Bläddra'} – Sök i arkivet – FSS`;
  setLoading(true);
  let data;
  try {
    [data] = await Promise.all([cachedJson(url, searchAbort.signal), areasReady]);
  } catch (e) {
    if (e.name === 'AbortError' || seq !== searchSeq) return;
    setLoading(false);
    renderSearchError(s, e);
    if (opts.focus) focusHeading(ui.resultsHeading);
    return;
  }
  if (seq !== searchSeq) return;
  setLoading(false);
  renderResults(s, data);
  if (opts.focus) {
    focusHeading(ui.resultsHeading);
  } else if (opts.returning && lastOpened) {
    const link = [...ui.hits.querySelectorAll('a.hit-link')].find((a) => a.dataset.id === lastOpened);
    if (link) link.focus();
  }
}

function clearResults() {
  ui.hits.replaceChildren();
  ui.pager.replaceChildren();
  ui.pager.hidden = true;
  ui.spelling.replaceChildren();
  ui.spelling.hidden = true;
  ui.message.replaceChildren();
  ui.message.hidden = true;
  ui.count.textContent = '';
}

function renderSearchError(s, e) {
  clearResults();
  renderFacets(s, null);
  const [title, detail, retry] = errorText(e);
  ui.message.className = 'message message-error';
  ui.message.append(
    el('p', { class: 'message-title', text: title }),
    detail ? el('p', { text: detail }) : null,
    retry
      ? el('button', { type: 'button', class: 'button', text: 'Försök igen', onclick: () => { cache.clear(); route({ focus: true }); } })
      : (hasFilters(s) ? el('p', {}, searchLink(withSearch(s, { from: '', to: '', author: [], area: [], type: '' }), 'Ta bort alla filter')) : null),
  );
  ui.message.hidden = false;
  announce(`${title} ${detail}`);
}

function searchLink(s, text, focus = 'results') {
  return el('a', { href: urlFor(s), dataset: { nav: '', focus }, text });
}

function renderResults(s, data) {
  clearResults();
  const q = s.q.trim();
  const total = Number(data.total) || 0;
  const hits = Array.isArray(data.hits) ? data.hits : [];
  const suggestion = typeof data.suggestion === 'string' && data.suggestion.trim() ? data.suggestion : null;
  // After a correction the daemon answers for the suggestion; with exact=1 the
  // visitor asked for the literal query, which is known to have no hits.
  const literalEmpty = Boolean(data.suggestion_used && s.exact);

  if (suggestion && data.suggestion_used && !s.exact) {
    ui.spelling.append(
      el('p', {}, 'Visar resultat för ', el('strong', { text: suggestion }), '. '),
      el('p', {}, 'Sök istället efter ', searchLink({ ...withSearch(s, { q }), exact: true }, q), '.'),
    );
    ui.spelling.hidden = false;
  } else if (suggestion) {
    ui.spelling.append(el('p', {}, 'Menade du ', el('a', {
      href: urlFor(withSearch(s, { q: suggestion })), dataset: { nav: '', focus: 'results' }, class: 'suggestion-link',
    }, el('strong', { text: suggestion })), '?'));
    ui.spelling.hidden = false;
  }

  // No post has every word: the daemon answers with those that have most of them.
  if (data.partial && total > 0 && !literalEmpty) {
    ui.spelling.append(el('p', { class: 'partial-note' },
      'Inget inlägg innehåller alla orden. Visar de som innehåller flest av dem.'));
    ui.spelling.hidden = false;
  }

  if (total === 0 || literalEmpty || hits.length === 0) {
    renderEmpty(s, total, hits.length);
    renderFacets(s, literalEmpty ? null : data.facets);
    announce(q ? `Inga träffar för ${q}.` : 'Inga träffar.');
    return;
  }

  const size = Number(data.size) || s.size || 10;
  const page = Number(data.page) || s.page;
  const pages = Math.max(1, Math.ceil(total / size));
  const first = (page - 1) * size + 1;
  const last = first + hits.length - 1;
  ui.count.append(el('strong', { text: `${num(total)} ${hitsWord(total)}` }));
  if (q) ui.count.append(` för ”${data.suggestion_used && suggestion && !s.exact ? suggestion : q}”`);
  if (pages > 1) ui.count.append(el('span', { class: 'muted', text: ` · visar ${num(first)}–${num(last)}, sida ${page} av ${num(pages)}` }));

  ui.hits.start = first;
  for (const hit of hits) ui.hits.append(renderHit(s, hit));
  renderPager(s, page, pages);
  renderFacets(s, data.facets);
  announce(`${num(total)} ${hitsWord(total)}${q ? ` för ${q}` : ''}.${data.partial ? ' Inga träffar med alla orden: visar dem med flest.' : ''}${pages > 1 ? ` Sida ${page} av ${pages}.` : ''}`);
}

function renderEmpty(s, total, shown) {
  const q = s.q.trim();
  ui.message.className = 'message';
  ui.count.append(el('strong', { text: 'Inga träffar' }));
  if (total > 0 && shown === 0) {
    ui.message.append(
      el('p', { class: 'message-title', text: 'Det finns inga fler träffar på den här sidan.' }),
      el('p', {}, searchLink({ ...s, page: 1 }, 'Gå till första sidan')),
    );
  } else {
    ui.message.append(el('p', { class: 'message-title', text: q ? `Inga träffar för ”${q}”.` : 'Inga träffar med de valda filtren.' }));
    const tips = el('ul', { class: 'tips' },
      el('li', { text: 'Kontrollera stavningen.' }),
      el('li', { text: 'Prova färre eller mer allmänna ord.' }));
    if (hasFilters(s)) {
      tips.append(el('li', {}, searchLink(withSearch(s, { from: '', to: '', author: [], area: [], type: '' }), 'Ta bort alla filter och sök igen')));
    }
    ui.message.append(tips);
  }
  ui.message.hidden = false;
}

// The post's address on the site, only when it is an http(s) URL.
function safeSiteUrl(url) {
  return typeof url === 'string' && /^https?:\/\//i.test(url) ? url : '';
}

function renderHit(s, hit) {
  const isComment = hit.type === 'comment';
  const postId = isComment && hit.post && hit.post.id ? hit.post.id : hit.id;
  const title = String((isComment && hit.post && hit.post.title) || hit.title || '(utan rubrik)');
  const target = { ...s, post: String(postId), comment: isComment ? String(hit.id) : '' };
  // A post the site still has: its title leads there, and the archive's view is a link below.
  const siteUrl = safeSiteUrl(hit.url);
  const link = siteUrl
    ? el('a', { href: siteUrl, class: 'hit-link hit-site-link', dataset: { id: String(hit.id) } })
    : el('a', { href: urlFor(target), class: 'hit-link', dataset: { nav: '', focus: 'post', id: String(hit.id) } });
  if (isComment) link.append(el('span', { class: 'hit-prefix', text: 'Kommentar till: ' }));
  link.append(el('span', { class: 'hit-title-text', text: title }));

  const meta = el('p', { class: 'meta' },
    el('span', { class: `badge badge-${isComment ? 'comment' : 'post'}`, text: isComment ? 'Kommentar' : 'Inlägg' }));
  const date = dateNode(hit.date);
  if (date) meta.append(el('span', { class: 'meta-item' }, date));
  if (hit.author) {
    meta.append(el('span', { class: 'meta-item' },
      el('span', { class: 'visually-hidden', text: isComment ? 'Skriven av ' : 'Av ' }),
      el('span', { class: 'hit-author', text: String(hit.author) })));
  }
  const areas = Array.isArray(hit.areas) ? hit.areas : [];
  if (areas.length) {
    meta.append(el('span', { class: 'meta-item hit-areas' },
      el('span', { class: 'visually-hidden', text: 'Fokusområden: ' }),
      areas.map(areaName).join(', ')));
  }
  if (siteUrl) {
    meta.append(el('span', { class: 'meta-item' }, el('a', {
      href: urlFor(target), class: 'hit-archive-link', dataset: { nav: '', focus: 'post', id: String(hit.id) },
      text: 'Läs i arkivet',
    })));
  }
  return el('li', { class: `hit hit-${isComment ? 'comment' : 'post'}`, dataset: { id: String(hit.id), type: isComment ? 'comment' : 'post' } },
    el('article', {},
      el('h3', { class: 'hit-title' }, link),
      meta,
      hit.snippet ? el('p', { class: 'snippet' }, snippetNodes(hit.snippet)) : null));
}

function renderPager(s, page, pages) {
  if (pages <= 1) return;
  const list = el('ul');
  const item = (p, text, label, rel) => {
    if (p < 1 || p > pages) return el('li', {}, el('span', { class: 'pager-disabled', 'aria-disabled': 'true', text }));
    const a = searchLink({ ...s, page: p }, text);
    if (label) a.setAttribute('aria-label', label);
    if (rel) a.setAttribute('rel', rel);
    return el('li', {}, a);
  };
  list.append(item(page - 1, '← Föregående', 'Föregående sida', 'prev'));
  const shown = new Set([1, pages, page - 2, page - 1, page, page + 1, page + 2].filter((p) => p >= 1 && p <= pages));
  let prev = 0;
  for (const p of [...shown].sort((a, b) => a - b)) {
    if (p - prev > 1) list.append(el('li', { class: 'pager-gap', 'aria-hidden': 'true', text: '…' }));
    if (p === page) list.append(el('li', {}, el('span', { class: 'pager-current', 'aria-current': 'page', 'aria-label': `Sida ${p}, nuvarande`, text: String(p) })));
    else list.append(item(p, String(p), `Sida ${p}`));
    prev = p;
  }
  list.append(item(page + 1, 'Nästa →', 'Nästa sida', 'next'));
  ui.pager.append(list);
  ui.pager.hidden = false;
}

// ---------------------------------------------------------------- facets

let showAllAuthors = false;
const AUTHORS_SHOWN = 8;

function facetCounts(facets, key) {
  const f = facets && typeof facets[key] === 'object' && facets[key] ? facets[key] : {};
  return new Map(Object.entries(f).map(([k, v]) => [k, Number(v) || 0]));
}

function countSpan(n) {
  return n === undefined ? null : el('span', { class: 'count', text: `(${num(n)})` });
}

function checkOption(name, value, label, count, checked, idx) {
  const id = `f-${name}-${idx}`;
  return el('div', { class: 'option' },
    el('input', { type: 'checkbox', id, name, value, checked, dataset: { focusKey: `${name}:${value}` } }),
    el('label', { for: id }, el('span', { class: 'option-label', text: label }), ' ', countSpan(count)));
}

function renderFacets(s, facets) {
  const focusKey = document.activeElement && document.activeElement.dataset ? document.activeElement.dataset.focusKey : null;

  // Type: radio buttons.
  const types = facetCounts(facets, 'type');
  ui.typeOptions.replaceChildren(...[['', 'Alla'], ['post', 'Inlägg'], ['comment', 'Kommentarer']].map(([v, label], i) => {
    const id = `f-type-${i}`;
    // Type counts are disjunctive (the API counts them without the type filter): every
    // choice keeps its count, "Alla" the sum.
    const n = v ? types.get(v) || 0 : [...types.values()].reduce((x, y) => x + y, 0);
    return el('div', { class: 'option' },
      el('input', { type: 'radio', id, name: 'type', value: v, checked: s.type === v, dataset: { focusKey: `type:${v}` } }),
      el('label', { for: id }, el('span', { class: 'option-label', text: label }), ' ', countSpan(facets ? n : undefined)));
  }));

  // Years: buttons that set the date range to that year.
  const years = [...facetCounts(facets, 'year')].filter(([y]) => /^\d{4}$/.test(y)).sort((a, b) => b[0].localeCompare(a[0]));
  ui.yearOptions.replaceChildren();
  if (years.length) {
    const list = el('ul', { class: 'year-list', 'aria-label': 'Träffar per år' });
    for (const [y, n] of years) {
      const pressed = s.from === `${y}-01-01` && s.to === `${y}-12-31`;
      list.append(el('li', {}, el('button', {
        type: 'button', class: 'year-button', 'aria-pressed': pressed ? 'true' : 'false',
        'aria-label': `${y}, ${num(n)} ${hitsWord(n)}${pressed ? ', vald' : ''}`,
        dataset: { focusKey: `year:${y}`, year: y },
      }, el('span', { text: y }), ' ', el('span', { class: 'count', text: `(${num(n)})` }))));
    }
    ui.yearOptions.append(el('p', { class: 'facet-sub', 'aria-hidden': 'true', text: 'År' }), list);
  }

  // Focus areas.
  const areaCounts = facetCounts(facets, 'area');
  const areaIds = [...new Set([...s.area, ...areaCounts.keys()])]
    .sort((a, b) => (areaCounts.get(b) || 0) - (areaCounts.get(a) || 0) || collator.compare(areaName(a), areaName(b)));
  ui.areaOptions.replaceChildren(...areaIds.map((id, i) => checkOption('area', id, areaName(id), facets ? areaCounts.get(id) || 0 : undefined, s.area.includes(id), i)));
  if (!areaIds.length && facets) ui.areaOptions.append(el('p', { class: 'muted', text: 'Inga fokusområden bland träffarna.' }));

  // Authors: the selected ones first, then by count.
  const authorCounts = facetCounts(facets, 'author');
  const authors = [...new Set([...s.author, ...authorCounts.keys()])].sort((a, b) =>
    (s.author.includes(b) - s.author.includes(a)) || (authorCounts.get(b) || 0) - (authorCounts.get(a) || 0) || collator.compare(a, b));
  const visible = showAllAuthors ? authors : authors.slice(0, Math.max(AUTHORS_SHOWN, s.author.length));
  ui.authorOptions.replaceChildren(...visible.map((name, i) => checkOption('author', name, name, facets ? authorCounts.get(name) || 0 : undefined, s.author.includes(name), i)));
  if (!authors.length && facets) ui.authorOptions.append(el('p', { class: 'muted', text: 'Inga namngivna skribenter bland träffarna.' }));
  if (authors.length > visible.length || (showAllAuthors && authors.length > AUTHORS_SHOWN)) {
    ui.authorOptions.append(el('button', {
      type: 'button', class: 'link-button', 'aria-expanded': showAllAuthors ? 'true' : 'false',
      dataset: { focusKey: 'authors-more', action: 'authors-more' },
      text: showAllAuthors ? 'Visa färre' : `Visa alla ${num(authors.length)} skribenter`,
    }));
  }

  $('#facet-area').hidden = !areaIds.length;
  $('#facet-author').hidden = !authors.length;

  if (focusKey) {
    const again = [...ui.filters.querySelectorAll('[data-focus-key]')].find((n) => n.dataset.focusKey === focusKey);
    if (again) again.focus();
  }
}

// ---------------------------------------------------------------- post view

let postSeq = 0;

async function loadPost(s, opts) {
  const seq = ++postSeq;
  if (s.comment) lastOpened = s.comment;
  else lastOpened = s.post;
  const back = { ...s, post: '', comment: '' };
  ui.backLink.href = urlFor(back);
  ui.backLink.textContent = hasSearch(back) ? '← Tillbaka till sökresultaten' : '← Till sökningen';
  ui.post.hidden = true;
  ui.postMessage.hidden = true;
  clearTimeout(loadingTimer);
  loadingTimer = setTimeout(() => { ui.postLoading.hidden = false; }, 120);
  let post;
  try {
    post = await cachedJson(`api/posts/${encodeURIComponent(s.post)}`);
    await areasReady;
    // The search terms are marked in the post too; a failure there only leaves them plain.
    post = { ...post, mark: s.q ? await matchedWords(s.q, s.post).catch(() => null) : null };
  } catch (e) {
    if (seq !== postSeq) return;
    clearTimeout(loadingTimer);
    ui.postLoading.hidden = true;
    const [title, detail] = e.status === 404
      ? ['Inlägget finns inte.', 'Det kan ha tagits bort ur arkivet, eller så är länken felaktig.']
      : errorText(e);
    ui.postMessage.className = 'message message-error';
    ui.postMessage.replaceChildren(el('h2', { tabindex: '-1', class: 'message-title', text: title }), detail ? el('p', { text: detail }) : null);
    ui.postMessage.hidden = false;
    document.title = `${title} – FSS arkiv`;
    if (opts.focus) focusHeading(ui.postMessage.firstChild);
    announce(`${title} ${detail}`);
    return;
  }
  if (seq !== postSeq) return;
  clearTimeout(loadingTimer);
  ui.postLoading.hidden = true;
  renderPost(s, post);
  if (opts.focus !== false) {
    focusHeading(ui.postTitle);
    const target = s.comment && document.getElementById(`comment-${s.comment}`);
    if (target) target.scrollIntoView({ block: 'center' });
  }
}

function renderPost(s, post) {
  const title = String(post.title || '(utan rubrik)');
  ui.postKicker.textContent = post.kicker ? String(post.kicker) : '';
  ui.postKicker.hidden = !post.kicker;
  ui.postTitle.textContent = title;
  document.title = `${title} – FSS arkiv`;

  ui.postMeta.replaceChildren();
  const parts = [];
  const date = dateNode(post.date);
  if (date) parts.push(date);
  if (post.author) {
    const who = el('span', {}, el('a', {
      href: urlFor(withSearch(readState(''), { author: [String(post.author)], sort: 'date' })),
      dataset: { nav: '', focus: 'results' }, class: 'post-author', text: String(post.author),
      title: `Fler inlägg och kommentarer av ${post.author}`,
    }));
    if (post.author_role) who.append(`, ${post.author_role}`);
    parts.push(who);
  }
  if (post.region) parts.push(el('span', { text: `Region ${post.region}` }));
  const siteUrl = safeSiteUrl(post.url);
  if (siteUrl) parts.push(el('a', { href: siteUrl, class: 'post-site-link', text: 'Läs inlägget på webbplatsen' }));
  parts.forEach((p, i) => {
    if (i) ui.postMeta.append(el('span', { class: 'sep', 'aria-hidden': 'true', text: ' · ' }));
    ui.postMeta.append(p);
  });
  const areas = Array.isArray(post.areas) ? post.areas : [];
  if (areas.length) {
    ui.postMeta.append(el('span', { class: 'post-areas' },
      el('span', { class: 'visually-hidden', text: 'Fokusområden: ' }),
      ...areas.map((id) => el('a', {
        class: 'tag', href: urlFor(withSearch(readState(''), { area: [String(id)], sort: 'date' })),
        dataset: { nav: '', focus: 'results' }, text: areaName(id),
      }))));
  }

  ui.postBody.replaceChildren(...paragraphs(post.body, post.mark));

  const comments = Array.isArray(post.comments) ? post.comments : [];
  ui.commentsHeading.textContent = comments.length ? `Kommentarer (${comments.length})` : 'Kommentarer';
  ui.commentList.replaceChildren(...comments.map((c) => {
    const isTarget = s.comment && String(c.id) === s.comment;
    const head = el('p', { class: 'comment-head' }, el('span', { class: 'comment-author', text: String(c.author || 'Anonym') }));
    const d = dateNode(c.date);
    if (d) head.append(el('span', { class: 'sep', 'aria-hidden': 'true', text: ' · ' }), d);
    if (isTarget) head.append(el('span', { class: 'badge badge-comment', text: 'Sökträff' }));
    return el('li', { class: `comment${isTarget ? ' is-target' : ''}`, id: `comment-${c.id}` },
      el('article', { 'aria-label': `Kommentar av ${c.author || 'anonym'}` }, head, el('div', { class: 'comment-body' }, ...paragraphs(c.body, post.mark))));
  }));
  ui.commentList.hidden = comments.length === 0;
  ui.noComments.hidden = comments.length !== 0;
  ui.post.hidden = false;
}

// ---------------------------------------------------------------- completions (ARIA combobox)

const suggest = { items: [], active: -1, timer: 0, seq: 0, abort: null };

function closeSuggest() {
  clearTimeout(suggest.timer);
  suggest.seq++;
  suggest.items = [];
  suggest.active = -1;
  ui.list.hidden = true;
  ui.list.replaceChildren();
  ui.q.setAttribute('aria-expanded', 'false');
  ui.q.removeAttribute('aria-activedescendant');
}

function setActive(i) {
  const opts = ui.list.children;
  if (!opts.length) return;
  suggest.active = ((i % opts.length) + opts.length) % opts.length;
  [...opts].forEach((o, j) => o.setAttribute('aria-selected', j === suggest.active ? 'true' : 'false'));
  const cur = opts[suggest.active];
  ui.q.setAttribute('aria-activedescendant', cur.id);
  cur.scrollIntoView({ block: 'nearest' });
}

function renderSuggest(typed, items) {
  suggest.items = items;
  suggest.active = -1;
  ui.q.removeAttribute('aria-activedescendant');
  if (!items.length) {
    closeSuggest();
    return;
  }
  const lower = typed.toLocaleLowerCase('sv');
  ui.list.replaceChildren(...items.map((it, i) => {
    const text = String(it.text);
    const li = el('li', { id: `suggest-${i}`, role: 'option', 'aria-selected': 'false', class: `suggest-option kind-${it.kind === 'title' ? 'title' : 'word'}`, dataset: { index: String(i), kind: it.kind === 'title' ? 'title' : 'word' } });
    if (it.kind === 'title') li.append(el('span', { class: 'suggest-kind', text: 'Inlägg' }), ' ');
    if (text.toLocaleLowerCase('sv').startsWith(lower)) {
      li.append(el('span', { class: 'suggest-typed', text: text.slice(0, typed.length) }), el('span', { class: 'suggest-rest', text: text.slice(typed.length) }));
    } else {
      li.append(el('span', { class: 'suggest-rest', text }));
    }
    return li;
  }));
  ui.list.hidden = false;
  ui.q.setAttribute('aria-expanded', 'true');
}

async function fetchSuggest(typed) {
  const seq = ++suggest.seq;
  if (suggest.abort) suggest.abort.abort();
  suggest.abort = new AbortController();
  try {
    const body = await getJson(`api/suggest?${new URLSearchParams({ q: typed })}`, suggest.abort.signal);
    if (seq !== suggest.seq || ui.q.value.trim() !== typed || document.activeElement !== ui.q) return;
    const items = (Array.isArray(body.suggestions) ? body.suggestions : [])
      .filter((it) => it && typeof it.text === 'string' && it.text.trim())
      .slice(0, 10);
    renderSuggest(typed, items);
  } catch {
    if (seq === suggest.seq) closeSuggest();
  }
}

function chooseSuggestion(item) {
  closeSuggest();
  const s = readState();
  if (item.kind === 'title' && item.id) {
    navigate({ ...s, post: String(item.id), comment: '' }, { focus: true });
    return;
  }
  // A word completes what was typed: the whole box, or its last word.
  const typed = ui.q.value;
  const text = String(item.text);
  const fold = (x) => x.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLocaleLowerCase('sv');
  let q = text;
  if (!fold(text).startsWith(fold(typed.trim())) && /\s/.test(typed.trim())) q = typed.replace(/\S+\s*$/, text);
  ui.q.value = q;
  navigate(withSearch(s, { q }), { focus: true });
}

ui.q.addEventListener('input', () => {
  clearTimeout(suggest.timer);
  const typed = ui.q.value.trim();
  if (typed.length < 2) {
    closeSuggest();
    return;
  }
  suggest.timer = setTimeout(() => fetchSuggest(typed), 150);
});

ui.q.addEventListener('keydown', (ev) => {
  const open = !ui.list.hidden && suggest.items.length > 0;
  if (ev.key === 'ArrowDown') {
    ev.preventDefault();
    if (!open) {
      if (ui.q.value.trim().length >= 2) fetchSuggest(ui.q.value.trim());
      return;
    }
    setActive(suggest.active + 1);
  } else if (ev.key === 'ArrowUp') {
    if (!open) return;
    ev.preventDefault();
    setActive(suggest.active <= 0 ? suggest.items.length - 1 : suggest.active - 1);
  } else if (ev.key === 'Enter') {
    if (open && suggest.active >= 0) {
      ev.preventDefault();
      chooseSuggestion(suggest.items[suggest.active]);
    }
  } else if (ev.key === 'Escape') {
    if (open) {
      ev.preventDefault();
      closeSuggest();
    }
  } else if (ev.key === 'Tab') {
    closeSuggest();
  }
});

ui.q.addEventListener('blur', () => closeSuggest());
// Keep the focus in the box while the pointer picks an option.
ui.list.addEventListener('mousedown', (ev) => ev.preventDefault());
ui.list.addEventListener('click', (ev) => {
  const li = ev.target.closest('[role="option"]');
  if (li) chooseSuggestion(suggest.items[Number(li.dataset.index)]);
});

ui.form.addEventListener('submit', (ev) => {
  ev.preventDefault();
  closeSuggest();
  const q = ui.q.value.trim();
  const s = readState();
  const next = withSearch(s, { q });
  if (!hasSearch(next)) {
    ui.q.focus();
    return;
  }
  // The same search again: run it anyway (the visitor may expect fresh results).
  if (urlFor(next) === location.pathname + location.search) cache.clear();
  navigate(next, { focus: true });
});

// ---------------------------------------------------------------- filters

function filterChanged(changes) {
  navigate(withSearch(readState(), changes), { focus: false });
}

ui.filterForm.addEventListener('change', (ev) => {
  const t = ev.target;
  const s = readState();
  if (t.name === 'type') filterChanged({ type: t.value });
  else if (t.name === 'author' || t.name === 'area') {
    const set = new Set(s[t.name]);
    if (t.checked) set.add(t.value);
    else set.delete(t.value);
    filterChanged({ [t.name]: [...set] });
  }
});

// Date inputs report every keystroke in the year as a change: wait for a pause
// and for a plausible year before searching.
let dateTimer = 0;
for (const input of [ui.from, ui.to]) {
  const apply = () => {
    clearTimeout(dateTimer);
    const v = input.value;
    if (v && !(/^\d{4}-\d{2}-\d{2}$/.test(v) && Number(v.slice(0, 4)) >= 1900)) return;
    const s = readState();
    if (s[input.name] === v) return;
    filterChanged({ [input.name]: v });
  };
  input.addEventListener('change', () => {
    clearTimeout(dateTimer);
    dateTimer = setTimeout(apply, 700);
  });
  input.addEventListener('keydown', (ev) => {
    if (ev.key === 'Enter') {
      ev.preventDefault();
      apply();
    }
  });
  input.addEventListener('blur', () => { if (readState()[input.name] !== input.value) apply(); });
}

ui.filterForm.addEventListener('submit', (ev) => ev.preventDefault());

ui.filterForm.addEventListener('click', (ev) => {
  const btn = ev.target.closest('button');
  if (!btn) return;
  if (btn.dataset.year) {
    const y = btn.dataset.year;
    const pressed = btn.getAttribute('aria-pressed') === 'true';
    filterChanged(pressed ? { from: '', to: '' } : { from: `${y}-01-01`, to: `${y}-12-31` });
  } else if (btn.dataset.action === 'authors-more') {
    showAllAuthors = !showAllAuthors;
    route({ focus: false });
  }
});

ui.clearFilters.addEventListener('click', () => {
  navigate(withSearch(readState(), { from: '', to: '', author: [], area: [], type: '' }), { focus: false });
  ui.q.focus();
});

ui.sort.addEventListener('change', () => {
  filterChanged({ sort: ui.sort.value === 'date' ? 'date' : '' });
});

ui.filtersToggle.addEventListener('click', () => {
  const open = !ui.filters.classList.contains('is-open');
  ui.filters.classList.toggle('is-open', open);
  ui.filtersToggle.setAttribute('aria-expanded', open ? 'true' : 'false');
  syncControls(readState());
});

// ---------------------------------------------------------------- links and history

document.addEventListener('click', (ev) => {
  const a = ev.target.closest('a[data-nav]');
  if (!a || ev.defaultPrevented || ev.button !== 0 || ev.metaKey || ev.ctrlKey || ev.shiftKey || ev.altKey) return;
  ev.preventDefault();
  const next = readState(new URL(a.href, location.href).search);
  navigate(next, { focus: a.dataset.focus === 'post' ? true : a.dataset.focus === 'results' });
});

ui.backLink.addEventListener('click', (ev) => {
  if (ev.button !== 0 || ev.metaKey || ev.ctrlKey || ev.shiftKey || ev.altKey) return;
  ev.preventDefault();
  if (history.state && history.state.fromResults) history.back();
  else navigate({ ...readState(), post: '', comment: '' }, { focus: true });
});

$('#home-link').addEventListener('click', (ev) => {
  if (ev.button !== 0 || ev.metaKey || ev.ctrlKey || ev.shiftKey || ev.altKey) return;
  ev.preventDefault();
  navigate(readState(''), { focus: false });
  ui.q.focus();
});

window.addEventListener('popstate', () => {
  closeSuggest();
  route({ focus: false, returning: true });
});

// The filter panel starts open on wide screens; on a phone it is a disclosure.
const narrow = window.matchMedia('(max-width: 700px)');
function syncFilterPanel() {
  ui.filtersToggle.setAttribute('aria-expanded', ui.filters.classList.contains('is-open') || !narrow.matches ? 'true' : 'false');
}
narrow.addEventListener('change', syncFilterPanel);
syncFilterPanel();

route({ focus: false });
