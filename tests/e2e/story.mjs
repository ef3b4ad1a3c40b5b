// Browser walk through `storyline serve` in headless Chromium (playwright-core):
// home -> story (timeline, citations, phone width) -> follow a citation to the article -> screenshot;
// then a hostile article must render its markup as text and run no script.
//
// Usage: node story.mjs BASE_URL OUT_DIR HOSTILE_ARTICLE_ID
import { chromium } from 'playwright-core';

const [base, outDir, hostileId] = process.argv.slice(2);
if (!base || !outDir || !hostileId) {
  console.error('usage: node story.mjs BASE_URL OUT_DIR HOSTILE_ARTICLE_ID');
  process.exit(2);
}
const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';

function check(ok, message) {
  if (!ok) throw new Error(message);
}

const browser = await chromium.launch({
  executablePath,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
         '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
  const dialogs = [];
  page.on('dialog', async (d) => { dialogs.push(d.message()); await d.dismiss(); });
  const violations = [];
  page.on('console', (m) => { if (m.type() === 'error') violations.push(m.text()); });

  await page.goto(base + '/');
  const stories = page.locator('ol.stories a.headline');
  check(await stories.count() >= 1, 'home lists no storylines');
  await stories.first().click();
  await page.waitForURL(/\/stories\//);

  const dots = await page.locator('ol.timeline li.entry .dot').count();
  check(dots >= 3, `timeline has ${dots} dots`);
  const box = await page.locator('ol.timeline').boundingBox();
  check(box && box.width > 300 && box.width <= 390, `timeline is ${JSON.stringify(box)} wide on a phone`);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth);
  check(overflow <= 390, `the story page scrolls sideways on a phone (${overflow}px wide)`);
  const longest = await page.locator('ol.timeline li.entry p').evaluateAll(
    (ps) => Math.max(...ps.map((p) => p.textContent.length)));
  check(longest > 80, `timeline entries are cut short (longest ${longest} characters)`);
  const dotBox = await page.locator('ol.timeline li.entry .dot').first().boundingBox();
  check(dotBox && dotBox.width >= 8, `timeline dots are not drawn (${JSON.stringify(dotBox)})`);
  const cites = page.locator('#summary a.cite');
  check(await cites.count() >= 1, 'summary has no citations');
  const sentences = await page.locator('#summary li').count();
  const cited = await page.locator('#summary li:has(a.cite)').count();
  check(sentences === cited, `${sentences - cited} summary sentences cite nothing`);
  check(await page.locator('#quotes blockquote').count() >= 1, 'no quotes shown');
  check(await page.locator('.mark.wire').count() >= 1, 'no wire-copy marker on the sources');
  await page.screenshot({ path: `${outDir}/story.png`, fullPage: true });

  const href = await cites.first().getAttribute('href');
  await cites.first().click();
  await page.waitForURL(/\/articles\//);
  check(page.url().endsWith(href), `citation went to ${page.url()}, not ${href}`);
  check((await page.locator('article.article h1').textContent()).trim().length > 0, 'article has no title');
  check(await page.locator('.text p').count() >= 2, 'article text has fewer than two paragraphs');
  await page.screenshot({ path: `${outDir}/article.png`, fullPage: true });

  await page.goto(`${base}/articles/${encodeURIComponent(hostileId)}`);
  const title = await page.locator('article.article h1').textContent();
  check(title.includes('<script>'), `hostile title not shown as text: ${title}`);
  check(await page.locator('article.article script, .text img').count() === 0, 'hostile markup became elements');
  const body = await page.locator('.text').textContent();
  check(body.includes('onerror='), 'hostile body not shown as text');
  await page.waitForTimeout(300);
  check(dialogs.length === 0, `a script ran: ${dialogs}`);
  await page.screenshot({ path: `${outDir}/hostile.png`, fullPage: true });
  console.log(JSON.stringify({ dots, citations: await cites.count(), dialogs: dialogs.length, console_errors: violations.length }));
} finally {
  await browser.close();
}
