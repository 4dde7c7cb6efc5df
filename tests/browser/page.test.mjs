// Drives the fss-searchd search page in headless Chromium.
//
//   FSS_BASE_URL=http://127.0.0.1:8080 node page.test.mjs
//
// Environment:
//   FSS_BASE_URL       the daemon (or mock-server.mjs), required
//   FSS_ARTIFACTS_DIR  where screenshots go (default: ./artifacts beside this file)
//   FSS_QUERY          query typed first            (default "första linjen")
//   FSS_EXPECT_FIRST   title of its first hit       (default "Första linjens socialtjänst har fått luft under vingarna")
//   FSS_PREFIX         prefix typed for completions (default "förs")
//   FSS_MISSPELT       misspelt query for "Menade du" (default "förebygande")
//   FSS_XSS_QUERY      when set, run the escaping checks instead: search it and
//                      make sure nothing from the archive runs as script
//   CHROMIUM           browser binary (default /usr/bin/chromium)
//
// Prints one "ok - …" line per step and "N passed, M failed"; exits non-zero on failure.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const env = process.env;
const BASE = (env.FSS_BASE_URL || '').replace(/\/?$/, '/');
const ARTIFACTS = path.resolve(env.FSS_ARTIFACTS_DIR || path.join(here, 'artifacts'));
const QUERY = env.FSS_QUERY || 'första linjen';
const EXPECT_FIRST = env.FSS_EXPECT_FIRST || 'Första linjens socialtjänst har fått luft under vingarna';
const PREFIX = env.FSS_PREFIX || 'förs';
const MISSPELT = env.FSS_MISSPELT || 'förebygande';
const XSS_QUERY = env.FSS_XSS_QUERY || '';
const STEP_MS = 10_000;
const TOTAL_MS = Number(env.FSS_TEST_TIMEOUT_MS || 60_000);

if (BASE === '/') {
  console.error('FSS_BASE_URL is not set (e.g. http://127.0.0.1:8080)');
  process.exit(2);
}
fs.mkdirSync(ARTIFACTS, { recursive: true });

let passed = 0;
let failed = 0;
let browser;
let page;
const problems = []; // script errors, CSP violations, dialogs

function fail(msg) {
  throw new Error(msg);
}
function expect(cond, msg) {
  if (!cond) fail(msg);
}

async function step(name, fn) {
  try {
    const detail = await fn();
    await checkNoProblems();
    passed++;
    console.log(`ok - ${name}${detail ? ` (${detail})` : ''}`);
  } catch (e) {
    failed++;
    console.log(`not ok - ${name}: ${String(e.message || e).split('\n')[0]}`);
    throw e;
  }
}

const watchdog = setTimeout(async () => {
  console.log(`not ok - overall time limit of ${TOTAL_MS / 1000} s exceeded`);
  console.log(`${passed} passed, ${failed + 1} failed`);
  try { if (page) await page.screenshot({ path: path.join(ARTIFACTS, 'failure.png') }); } catch { /* ignore */ }
  process.exit(1);
}, TOTAL_MS);

// ---- page helpers (selectors are the page's ids and classes, see searchd/web/index.html)

const hitTitles = () => page.$$eval('#hits .hit-title-text', (ns) => ns.map((n) => n.textContent));
const hitIds = () => page.$$eval('#hits .hit', (ns) => ns.map((n) => n.dataset.id));
const params = () => new URL(page.url()).searchParams;

async function waitResults() {
  // Results are shown (hits or a message) and no request is in flight.
  await page.waitForFunction(() => {
    const v = document.querySelector('#results-view');
    return v && !v.hidden && v.getAttribute('aria-busy') === 'false'
      && (document.querySelectorAll('#hits .hit').length > 0 || !document.querySelector('#message').hidden);
  }, null, { timeout: STEP_MS });
}

async function waitPost() {
  await page.waitForFunction(() => {
    const v = document.querySelector('#post-view');
    return v && !v.hidden && (!document.querySelector('#post').hidden || !document.querySelector('#post-message').hidden);
  }, null, { timeout: STEP_MS });
}

async function search(q) {
  const box = page.locator('#q');
  await box.fill('');
  await box.pressSequentially(q, { delay: 15 });
  const before = page.url();
  await box.press('Enter');
  await page.waitForFunction((u) => location.href !== u || document.querySelector('#results-view').getAttribute('aria-busy') === 'false', before, { timeout: STEP_MS });
  await waitResults();
}

async function checkNoProblems() {
  expect(problems.length === 0, problems.join(' | '));
}

async function main() {
  browser = await chromium.launch({
    executablePath: env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'sv-SE' });
  page = await context.newPage();
  page.setDefaultTimeout(STEP_MS);
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console error: ${m.text()}`); });
  page.on('dialog', (d) => { problems.push(`dialog (${d.type()}): ${d.message()}`); d.dismiss().catch(() => {}); });

  await step('loaded the page', async () => {
    const res = await page.goto(BASE, { waitUntil: 'load' });
    expect(res && res.ok(), `GET / answered ${res && res.status()}`);
    await page.locator('#q').waitFor({ state: 'visible' });
    expect(await page.locator('h1').textContent() !== '', 'no h1');
    await page.waitForFunction(() => document.body.dataset.view === 'intro' || document.body.dataset.view === 'results');
    await checkNoProblems();
    return res.headers()['content-security-policy'] ? 'with CSP' : 'WITHOUT a Content-Security-Policy header';
  });

  if (XSS_QUERY) return xssChecks();

  let filteredUrl = '';
  let filteredWasComment = false;

  await step('typed query', async () => {
    await search(QUERY);
    expect(params().get('q') === QUERY, `URL has q=${params().get('q')}, expected ${QUERY}`);
    const n = (await hitTitles()).length;
    expect(n > 0, `no hits for "${QUERY}": ${await page.locator('#message').textContent()}`);
    const focused = await page.evaluate(() => document.activeElement && document.activeElement.id);
    expect(focused === 'results-heading', `focus is on #${focused}, expected the results heading`);
    return `${await page.locator('#result-count').textContent()}`;
  });

  await step('first hit is the expected post', async () => {
    const first = (await hitTitles())[0];
    expect(first === EXPECT_FIRST, `first hit is "${first}", expected "${EXPECT_FIRST}"`);
  });

  await step('applied a filter', async () => {
    const idsBefore = await hitIds();
    const countBefore = await page.locator('#result-count').textContent();
    const urlBefore = page.url();
    const commentRadio = page.locator('#type-options input[value="comment"]');
    const commentCount = await page.locator('#type-options input[value="comment"] + label .count').textContent().catch(() => '(0)');
    let what;
    if (commentCount && commentCount !== '(0)') {
      await commentRadio.check();
      await page.waitForURL((u) => u.searchParams.get('type') === 'comment', { timeout: STEP_MS });
      await waitResults();
      const types = await page.$$eval('#hits .hit', (ns) => ns.map((n) => n.dataset.type));
      expect(types.length > 0 && types.every((t) => t === 'comment'), `hits after type=comment: ${types.join(',')}`);
      filteredWasComment = true;
      what = `type=comment, ${types.length} hits`;
    } else {
      // An author or a focus area that narrows the results (against the real corpus the
      // first author may have written every hit, so checking it would change nothing).
      const api = await fetch(`${BASE}api/search?${new URLSearchParams({ q: QUERY, size: '1' })}`).then((r) => r.json());
      const options = await page.$$eval('#author-options .option, #area-options .option', (ns) => ns.map((n) => {
        const input = n.querySelector('input');
        const count = Number((n.querySelector('.count') || { textContent: '' }).textContent.replace(/\D/g, ''));
        return { name: input.name, value: input.value, count };
      }));
      const pick = options.find((o) => o.count > 0 && o.count < api.total) || options[0];
      expect(pick, 'no author or area filter to apply');
      const param = pick.name === 'area' ? 'area' : 'author';
      await page.locator(`#${param}-options input[type="checkbox"][value="${pick.value.replace(/"/g, '\\"')}"]`).check();
      await page.waitForURL((u) => u.searchParams.getAll(param).includes(pick.value), { timeout: STEP_MS });
      await waitResults();
      if (param === 'author') {
        const authors = await page.$$eval('#hits .hit-author', (ns) => ns.map((n) => n.textContent));
        expect(authors.length > 0 && authors.every((a) => a.toLowerCase() === pick.value.toLowerCase()), `authors after filter: ${authors.join(', ')}`);
      } else {
        const n = (await hitIds()).length;
        expect(n === Math.min(pick.count, 10), `${n} hits after area=${pick.value}, its facet said ${pick.count}`);
      }
      what = `${param}=${pick.value} (${pick.count} of ${api.total})`;
    }
    expect(page.url() !== urlBefore, 'URL did not change');
    expect(params().get('q') === QUERY, 'the query was lost from the URL');
    const changed = (await hitIds()).join() !== idsBefore.join() || (await page.locator('#result-count').textContent()) !== countBefore;
    expect(changed, 'results did not change');
    filteredUrl = page.url();
    await checkNoProblems();
    return what;
  });

  await step('cleared the filters', async () => {
    await page.locator('#clear-filters').click();
    await page.waitForURL((u) => !u.searchParams.has('type') && !u.searchParams.has('author'), { timeout: STEP_MS });
    await waitResults();
    expect(params().get('q') === QUERY, 'the query was lost');
    expect((await hitTitles())[0] === EXPECT_FIRST, 'results differ from the unfiltered search');
  });

  await step('ticked two authors and a type: counts stay (disjunctive facets)', async () => {
    await page.goto(`${BASE}?${new URLSearchParams({ type: 'post' })}`, { waitUntil: 'load' });
    await waitResults();
    const authorCounts = () => page.$$eval('#author-options .option', (ns) => ns.map((n) => ({
      name: n.querySelector('input').value,
      checked: n.querySelector('input').checked,
      count: Number((n.querySelector('.count') || { textContent: '' }).textContent.replace(/\D/g, '')),
    })));
    const typeCount = (v) => page.locator(`#type-options input[value="${v}"] + label .count`).textContent();
    const before = await authorCounts();
    expect(before.length >= 2, `need two authors among the posts, got ${before.length}`);
    const [a, b] = before;
    const tick = async (name, n) => {
      await page.locator(`#author-options input[value="${name.replace(/"/g, '\\"')}"]`).check();
      await page.waitForURL((u) => u.searchParams.getAll('author').length === n, { timeout: STEP_MS });
      await waitResults();
    };
    await tick(a.name, 1);
    const afterOne = await authorCounts();
    const other = afterOne.find((o) => o.name === b.name);
    expect(other && !other.checked && other.count === b.count,
      `after ticking ${a.name}, ${b.name} is ${JSON.stringify(other)}, was ${b.count}`);
    await tick(b.name, 2);
    const afterTwo = await authorCounts();
    const counts = Object.fromEntries(afterTwo.map((o) => [o.name, o.count]));
    expect(counts[a.name] === a.count && counts[b.name] === b.count, `counts changed: ${JSON.stringify(counts)}`);
    expect(afterTwo.filter((o) => o.checked).length === 2, 'both authors ticked');
    const total = Number((await page.locator('#result-count').textContent()).replace(/\s/g, '').match(/\d+/)[0]);
    expect(total === a.count + b.count, `${total} hits for two authors, facets said ${a.count} + ${b.count}`);
    const shown = await page.$$eval('#hits .hit-author', (ns) => ns.map((n) => n.textContent));
    expect(shown.every((x) => x === a.name || x === b.name), `hits by others: ${shown.join(', ')}`);
    const [all, posts, comments] = await Promise.all(['', 'post', 'comment'].map((v) => typeCount(v)));
    const n = (t) => Number(t.replace(/\D/g, ''));
    expect(n(all) === n(posts) + n(comments), `Alla ${all}, Inlägg ${posts}, Kommentarer ${comments}`);
    const postCount = await typeCount('post');
    expect(postCount === `(${total})`, `Inlägg count ${postCount} with ${total} hits`);
    return `${a.name} (${a.count}) + ${b.name} (${b.count}) = ${total}`;
  });

  await step('errors are in Swedish, with a retry only where it can help', async () => {
    // The browser logs every 4xx/5xx answer as a console error: expected here.
    const expected = (p) => /status of (400|429|500|503)/.test(p);
    await page.goto(`${BASE}?${new URLSearchParams({ q: QUERY, from: '2024-02-01', to: '2024-01-01' })}`, { waitUntil: 'load' });
    await waitResults();
    let text = await page.locator('#message').textContent();
    expect(/Från-datumet ligger efter till-datumet/.test(text), `400 reads: ${text}`);
    expect(!/is after|from:|Servern svarade/.test(text), `English in: ${text}`);
    expect(await page.locator('#message button').count() === 0, 'a retry button for an input mistake');
    await page.goto(`${BASE}?${new URLSearchParams({ q: QUERY, from: '2024-13-01' })}`, { waitUntil: 'load' });
    await waitResults();
    text = await page.locator('#message').textContent();
    expect(/Från-datumet ”2024-13-01” är inte ett datum/.test(text), `400 reads: ${text}`);
    const shown = [];
    for (const [status, want] of [[503, 'tillfälligt otillgänglig'], [429, 'för många sökningar'], [500, 'Något gick fel']]) {
      await page.route('**/api/search?**', (r) => r.fulfill({
        status, contentType: 'application/json',
        body: JSON.stringify({ error: { code: 'x', message: 'Too Many Requests' } }),
      }));
      await page.goto(`${BASE}?${new URLSearchParams({ q: `fel ${status}` })}`, { waitUntil: 'load' });
      await waitResults();
      text = await page.locator('#message').textContent();
      expect(text.includes(want) && !text.includes('Too Many'), `${status} reads: ${text}`);
      expect(await page.locator('#message button', { hasText: 'Försök igen' }).count() === 1, `no retry for ${status}`);
      await page.unroute('**/api/search?**');
      shown.push(status);
    }
    for (let i = problems.length - 1; i >= 0; i--) if (expected(problems[i])) problems.splice(i, 1);
    return `400 x2, ${shown.join(', ')}`;
  });

  await step('picked a completion', async () => {
    const box = page.locator('#q');
    await box.fill('');
    await box.pressSequentially(PREFIX, { delay: 40 });
    await page.locator('#suggest-list [role="option"]').first().waitFor({ state: 'visible', timeout: STEP_MS });
    expect(await box.getAttribute('aria-expanded') === 'true', 'combobox not aria-expanded');
    const kinds = await page.$$eval('#suggest-list [role="option"]', (ns) => ns.map((n) => n.dataset.kind));
    const texts = await page.$$eval('#suggest-list [role="option"]', (ns) => ns.map((n) => n.querySelector('.suggest-typed, .suggest-rest') && [...n.querySelectorAll('.suggest-typed, .suggest-rest')].map((x) => x.textContent).join('')));
    let i = kinds.indexOf('word');
    if (i < 0) i = 0;
    for (let k = 0; k <= i; k++) await box.press('ArrowDown');
    const active = await box.getAttribute('aria-activedescendant');
    expect(active === `suggest-${i}`, `aria-activedescendant is ${active}, expected suggest-${i}`);
    await box.press('Enter');
    if (kinds[i] === 'word') {
      await page.waitForURL((u) => u.searchParams.get('q') === texts[i], { timeout: STEP_MS });
      await waitResults();
      expect(await box.inputValue() === texts[i], `box holds "${await box.inputValue()}"`);
      expect((await hitTitles()).length > 0, `no hits for the completion "${texts[i]}"`);
      return `word "${texts[i]}" of ${kinds.length} completions`;
    }
    await waitPost();
    expect(params().get('post'), 'no post= in the URL');
    return `title "${texts[i]}"`;
  });

  await step('followed "Menade du"', async () => {
    await search(MISSPELT);
    const spelling = page.locator('#spelling');
    expect(await spelling.isVisible(), `no spelling suggestion for "${MISSPELT}"`);
    let link = page.locator('#spelling a.suggestion-link');
    let how = 'Menade du';
    if (!(await link.count())) {
      // The daemon already answered with the suggestion's results: go to the
      // literal query, which has none, and take the "Menade du" link from there.
      expect((await spelling.textContent()).includes('Visar resultat för'), `unexpected text: ${await spelling.textContent()}`);
      expect((await hitTitles()).length > 0, 'suggestion_used but no hits');
      await spelling.locator('a').first().click();
      await page.waitForURL((u) => u.searchParams.get('exact') === '1', { timeout: STEP_MS });
      await waitResults();
      expect((await hitTitles()).length === 0, 'the literal query should show no hits');
      link = page.locator('#spelling a.suggestion-link');
      how = 'Visar resultat för → Sök istället efter → Menade du';
    }
    const suggestion = await link.textContent();
    await link.click();
    await page.waitForURL((u) => u.searchParams.get('q') === suggestion, { timeout: STEP_MS });
    await waitResults();
    const n = (await hitTitles()).length;
    expect(n > 0, `no hits for the suggestion "${suggestion}"`);
    expect(await page.locator('#q').inputValue() === suggestion, 'search box not updated');
    return `${how} "${suggestion}", ${n} hits`;
  });

  await step('a question whose words no post has all of says so', async () => {
    await search('vad har vi sagt om första linjen och fotbollsmatchen?');
    const spelling = page.locator('#spelling');
    expect(await spelling.isVisible(), 'no note for a partial answer');
    const text = await spelling.textContent();
    expect(text.includes('Inget inlägg innehåller alla orden'), `unexpected text: ${text}`);
    const n = (await hitTitles()).length;
    expect(n > 0, 'a partial answer without hits');
    return `${n} hits, note: "${text.trim()}"`;
  });

  let opened = {};
  await step('loaded a search URL directly', async () => {
    await page.goto(filteredUrl, { waitUntil: 'load' });
    await waitResults();
    expect(await page.locator('#q').inputValue() === QUERY, 'box does not hold the query from the URL');
    const n = (await hitTitles()).length;
    expect(n > 0, 'no hits');
    if (filteredWasComment) expect(await page.locator('#type-options input[value="comment"]').isChecked(), 'type filter not checked');
    return `${n} hits`;
  });

  await step('opened a post', async () => {
    const first = page.locator('#hits .hit').first();
    opened = { id: await first.getAttribute('data-id'), type: await first.getAttribute('data-type'), title: await first.locator('.hit-title-text').textContent() };
    Object.assign(opened, await first.evaluate((n) => ({
      date: (n.querySelector('time') || {}).dateTime || null,
      author: (n.querySelector('.hit-author') || {}).textContent || null,
    })));
    await first.locator('a.hit-link').click();
    await waitPost();
    expect(params().get('post'), 'no post= in the URL');
    const heading = await page.locator('#post-title').textContent();
    expect(heading === opened.title, `heading "${heading}", expected "${opened.title}"`);
    const focused = await page.evaluate(() => document.activeElement && document.activeElement.id);
    expect(focused === 'post-title', `focus on #${focused}, expected the post heading`);
    const paras = await page.locator('#post-body p').count();
    expect(paras > 0, 'post body has no paragraphs');
    // Issue 18: the search terms are marked in the post too, and it shows its date and author.
    const marks = await page.$$eval('#post-body mark, #comment-list mark', (ns) => ns.map((n) => n.textContent));
    expect(marks.length > 0, `no search term marked in the post (q=${params().get('q')})`);
    if (opened.type === 'post') {
      const meta = await page.$eval('#post-meta', (n) => ({ text: n.textContent, date: (n.querySelector('time') || {}).dateTime || null }));
      expect(meta.date === opened.date, `post date ${meta.date}, the hit said ${opened.date}`);
      expect(!opened.author || meta.text.includes(opened.author), `post meta "${meta.text}" without ${opened.author}`);
    }
    const comments = await page.$$eval('#comment-list .comment', (ns) => ns.map((n) => n.querySelector('.comment-author').textContent));
    if (opened.type === 'comment') {
      expect(comments.length > 0, 'a comment hit opened a post without comments');
      expect(await page.locator(`#comment-list .comment.is-target`).count() === 1, 'the comment hit is not marked');
    }
    expect(comments.every((a) => a && !a.includes('@')), `comment authors look wrong: ${comments.join(', ')}`);
    if (!comments.length) expect(await page.locator('#no-comments').isVisible(), 'neither comments nor "inga kommentarer"');
    await page.screenshot({ path: path.join(ARTIFACTS, 'post.png'), fullPage: true });
    return `"${heading}", ${marks.length} marks, ${paras} paragraphs, ${comments.length} comments${comments.length ? ` by ${[...new Set(comments)].join(', ')}` : ''}`;
  });

  await step('back button shows the results again', async () => {
    await page.goBack();
    await waitResults();
    expect(page.url() === filteredUrl, `URL is ${page.url()}, expected ${filteredUrl}`);
    expect((await hitIds()).includes(opened.id), 'the opened hit is not in the results any more');
    const focused = await page.evaluate(() => document.activeElement && document.activeElement.dataset.id);
    expect(focused === opened.id, 'focus did not return to the opened hit');
  });

  await step('saved screenshots', async () => {
    await page.goto(`${BASE}?${new URLSearchParams({ q: QUERY })}`, { waitUntil: 'load' });
    await waitResults();
    await page.screenshot({ path: path.join(ARTIFACTS, 'page.png'), fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: path.join(ARTIFACTS, 'page-phone.png'), fullPage: false });
    await checkNoProblems();
    return path.join(ARTIFACTS, 'page.png');
  });

  await step('robots.txt keeps crawlers off searches; result pages are noindex', async () => {
    const robots = await fetch(`${BASE}robots.txt`);
    const text = await robots.text();
    expect(robots.ok && /^Disallow: \/api\/$/m.test(text) && /^Disallow: \/\*\?$/m.test(text), `robots.txt: ${robots.status} ${text}`);
    const robotsMeta = () => page.$eval('meta[name="robots"]', (m) => m.content);
    expect(/noindex/.test(await robotsMeta()), `results page robots: ${await robotsMeta()}`);
    await page.goto(BASE, { waitUntil: 'load' });
    await page.waitForFunction(() => document.body.dataset.view === 'intro');
    expect(!/noindex/.test(await robotsMeta()), `start page robots: ${await robotsMeta()}`);
    await page.goto(`${BASE}?${new URLSearchParams({ q: QUERY })}`, { waitUntil: 'load' });
    await waitResults();
    return text.split('\n').filter((l) => l.startsWith('Disallow')).join(', ');
  });

  await step('axe-core finds no violation at 1280 and 375 px', async () => {
    const axeSource = fs.readFileSync(path.join(here, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
    const first = (await page.$$eval('#hits .hit', (ns) => ns.map((n) => n.dataset.type === 'post' && n.dataset.id)))
      .find(Boolean);
    expect(first, 'no post among the hits to open');
    const views = [
      ['start page', '', 'intro'],
      ['results', `?${new URLSearchParams({ q: QUERY })}`, 'results'],
      ['no results', `?${new URLSearchParams({ q: 'qqqzzxy' })}`, 'results'],
      ['post view', `?${new URLSearchParams({ q: QUERY, post: first })}`, 'post'],
    ];
    let checked = 0;
    for (const width of [1280, 375]) {
      await page.setViewportSize({ width, height: 900 });
      for (const [name, query, view] of views) {
        await page.goto(`${BASE}${query}`, { waitUntil: 'load' });
        await page.waitForFunction((v) => document.body.dataset.view === v, view);
        if (view === 'results') await waitResults();
        if (view === 'post') await waitPost();
        // page.evaluate runs outside the page's CSP (an injected <script> would be refused).
        await page.evaluate(`${axeSource}\n;0`);
        const violations = await page.evaluate(async () => (await window.axe.run(document, { resultTypes: ['violations'] })).violations
          .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`));
        expect(violations.length === 0, `${name} at ${width} px: ${violations.join(' | ')}`);
        checked++;
      }
    }
    await page.setViewportSize({ width: 1280, height: 900 });
    return `${checked} views`;
  });
}

async function xssChecks() {
  const noScriptRan = async (where) => {
    const xss = await page.evaluate(() => typeof window.__xss);
    expect(xss === 'undefined', `window.__xss is set ${where}`);
    const injected = await page.evaluate(() => document.querySelectorAll('main script, main img, main svg, main iframe, main [onerror], main [onload], #suggest-list img').length);
    expect(injected === 0, `${injected} injected elements ${where}`);
    await checkNoProblems();
  };

  await step('completions render as text', async () => {
    const box = page.locator('#q');
    await box.pressSequentially(XSS_QUERY.slice(0, 6), { delay: 30 });
    await page.waitForTimeout(600);
    await noScriptRan('after completions');
  });

  await step(`searched "${XSS_QUERY}"`, async () => {
    await search(XSS_QUERY);
    const n = (await hitTitles()).length;
    expect(n > 0, 'no hits for the XSS query');
    await noScriptRan('after the search');
    return `${n} hits`;
  });

  await step('"<script>" shows as text in the results', async () => {
    const text = await page.locator('#results-view').innerText();
    expect(text.includes('<script>'), 'the literal "<script>" is not visible in the results');
    await page.screenshot({ path: path.join(ARTIFACTS, 'xss-results.png'), fullPage: true });
  });

  await step('the post and its comments render as text', async () => {
    await page.locator('#hits a.hit-link').first().click();
    await waitPost();
    await noScriptRan('in the post view');
    const text = await page.locator('#post-view').innerText();
    expect(/<script>|<img|"></.test(text), 'no hostile markup visible as text in the post');
    await page.screenshot({ path: path.join(ARTIFACTS, 'page.png'), fullPage: true });
  });

  await step('back to the results', async () => {
    await page.goBack();
    await waitResults();
    await noScriptRan('after going back');
  });
}

let code = 0;
try {
  await main();
} catch (e) {
  code = 1;
  if (env.FSS_TEST_VERBOSE) console.error(e);
  try { if (page) await page.screenshot({ path: path.join(ARTIFACTS, 'failure.png'), fullPage: true }); } catch { /* ignore */ }
} finally {
  clearTimeout(watchdog);
  if (browser) await browser.close().catch(() => {});
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(code || (failed ? 1 : 0));
