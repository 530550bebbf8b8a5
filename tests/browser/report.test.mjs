// report.test.mjs - open kaiji HTML reports in headless Chromium (Debian's
// /usr/bin/chromium via playwright-core) and check what a reviewer and a
// security reviewer need: no dialog, no script, no network, no event-handler
// attributes; the radar SVG, principle bars and every section present; the
// hostile text (and a file name of markup) shown as text, no control
// character on the page. Takes a full-page screenshot of each report.
// Arguments: name=path.html ...; env CHROMIUM, SHOTS, START (test counter).
import { chromium } from 'playwright-core';
import { pathToFileURL } from 'node:url';
import path from 'node:path';

let n = Number(process.env.START || 0);
let failed = 0;
const ok = (name) => console.log(`ok ${++n} - ${name}`);
const notOk = (name, why) => { failed++; console.log(`not ok ${++n} - ${name}`); if (why) console.log(`   ${why}`); };
const check = (cond, name, why) => (cond ? ok(name) : notOk(name, why));

const SECTIONS = ['radar', 'principles', 'findings', 'coverage', 'suggestions', 'stakeholders', 'passages'];

async function checkReport(browser, name, file) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const dialogs = [], requests = [], errors = [];
  page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss().catch(() => {}); });
  page.on('request', (r) => { const u = r.url(); if (!u.startsWith('file:') && !u.startsWith('data:')) requests.push(u); });
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  await page.waitForTimeout(300);
  const facts = await page.evaluate((sections) => {
    const all = [...document.querySelectorAll('*')];
    return {
      scripts: document.scripts.length,
      handlers: all.filter((e) => [...e.attributes].some((a) => /^on/i.test(a.name))).map((e) => e.tagName),
      jsLinks: [...document.querySelectorAll('[href],[src],[action]')].filter((e) =>
        /^\s*javascript:/i.test(e.getAttribute('href') || e.getAttribute('src') || e.getAttribute('action') || '')).length,
      embeds: document.querySelectorAll('iframe,object,embed,img,link,base,form,meta[http-equiv=refresh]').length,
      csp: (document.querySelector('meta[http-equiv="Content-Security-Policy"]') || {}).content || '',
      radarAxes: document.querySelectorAll('svg.radar line.axis').length,
      radarArea: document.querySelectorAll('svg.radar polygon.area').length,
      bars: document.querySelectorAll('svg.bar').length,
      missing: sections.filter((id) => !document.getElementById(id)),
      findings: document.querySelectorAll('#findings tbody tr').length,
      coverageRows: document.querySelectorAll('#coverage tbody tr').length,
      text: document.body.innerText,
      marks: document.querySelectorAll('mark.ev').length,
      topics: document.querySelectorAll('mark.topic[title]').length,
    };
  }, SECTIONS);
  check(dialogs.length === 0, `${name}: no dialog or alert`, dialogs.join(' | '));
  check(facts.scripts === 0 && facts.handlers.length === 0 && facts.jsLinks === 0,
    `${name}: no script, event handler or javascript: link`, JSON.stringify({ s: facts.scripts, h: facts.handlers, j: facts.jsLinks }));
  check(facts.embeds === 0 && requests.length === 0, `${name}: no embedded or network resources`,
    `embeds ${facts.embeds}, requests ${requests.join(' ')}`);
  check(errors.length === 0, `${name}: no page or CSP errors`, errors.join(' | ').slice(0, 400));
  check(/default-src 'none'/.test(facts.csp) && /img-src data:/.test(facts.csp), `${name}: strict CSP meta`, facts.csp);
  check(facts.radarAxes === 10 && facts.radarArea === 1, `${name}: radar chart with ten axes`, `axes ${facts.radarAxes}`);
  check(facts.missing.length === 0, `${name}: all sections present`, `missing ${facts.missing.join(',')}`);
  check(facts.coverageRows === 10, `${name}: coverage table has ten items`, `rows ${facts.coverageRows}`);
  if (name === 'breakout') {
    const title = await page.title();
    check(title.includes('</title><script>alert("title")</script>') &&
      facts.text.includes('<svg onload=alert(12)>') && facts.text.includes('<!-- ]]> </script><b>') && facts.text.includes('javascript:alert(14)') &&
      facts.text.includes('<img src=x onerror=alert(19)>.html'),
      `${name}: text that closes title, script and comments, and a file name of markup, shown as text`,
      `${title} | ${facts.text.slice(0, 300)}`);
    check(!/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/.test(title + facts.text),
      `${name}: no control character on the page`, JSON.stringify(title + facts.text).slice(0, 300));
    check(facts.findings >= 3, `${name}: sensitive findings listed`, `rows ${facts.findings}`);
  } else if (name === 'hostile') {
    check(facts.text.includes('<script>alert(1)</script>') && facts.text.includes('onerror=alert(2)'),
      `${name}: hostile markup shown as text`, facts.text.slice(0, 300));
    check(facts.findings >= 3, `${name}: sensitive findings listed`, `rows ${facts.findings}`);
  } else {
    check(facts.bars >= 5, `${name}: principle bars drawn`, `bars ${facts.bars}`);
    check(facts.topics >= 1, `${name}: the words that make passages about cybersecurity are marked`,
      `topic marks ${facts.topics}`);
    // each passage's "why" opens on a click, without a script, to its shares
    const why = page.locator('details.why').first();
    const closed = await why.locator('table').isVisible();
    await why.locator('summary').click();
    const rows = await why.locator('tr.up, tr.down').count();
    const open = await why.locator('table').isVisible();
    check(!closed && open && rows >= 1, `${name}: a passage's "why" opens to the shares of its item`,
      `closed visible ${closed}, open visible ${open}, rows ${rows}`);
  }
  const shot = path.join(process.env.SHOTS || '.', `report-${name}.png`);
  await page.screenshot({ path: shot, fullPage: true });
  await page.screenshot({ path: shot.replace(/\.png$/, '-top.png') });
  await page.locator('#findings').screenshot({ path: shot.replace(/\.png$/, '-findings.png') });
  await page.locator('#finding-passages').screenshot({ path: shot.replace(/\.png$/, '-passages.png') }).catch(() => {});
  ok(`${name}: screenshot ${shot}`);
  await page.close();
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run'],
});
try {
  for (const arg of process.argv.slice(2)) {
    const i = arg.indexOf('=');
    try { await checkReport(browser, arg.slice(0, i), arg.slice(i + 1)); } catch (e) { notOk(`${arg.slice(0, i)}: report opens`, String(e).slice(0, 300)); }
  }
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);
