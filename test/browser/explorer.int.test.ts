// The explorer page in a real Chromium against the API on the real Neo4j: every view, deep links, the back
// button, the language toggle, keyboard use, a phone-width screen, API problems, and axe-core's checks.
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { createKey } from '../../src/auth/keys.js';
import { GraphDatabase } from '../../src/graph/database.js';
import { createDriver } from '../../src/graph/driver.js';
import { buildExplorer } from '../../tools/build-explorer.js';
import { clearGraph, seedGraph, testConfig } from '../helpers/app.js';
import { axeViolations, launchChromium, screenshot, screenshotOf, watchPage } from './browser.js';

// A Chromium beside the API and Neo4j loads a small CI machine: queries get a minute, not the default 5 s,
// so a slow moment shows up as a slow test rather than a QUERY_TIMEOUT problem on the page.
const config = testConfig({ neo4j: { queryTimeoutMs: 60_000 } });
let db: GraphDatabase;
let server: FastifyInstance;
let base = '';
let browser: Browser;
let context: BrowserContext;
let page: Page;
let watched: { errors: string[] };
let testName = '';

beforeAll(async () => {
  // Fails the suite with an install hint when Chromium is missing: a browser test that skips proves nothing.
  browser = await launchChromium();
  db = new GraphDatabase(createDriver(config.neo4j), config.neo4j.database, config.neo4j.queryTimeoutMs);
  await clearGraph(db);
  await seedGraph(db);
  await buildExplorer();
  // The whole suite is one client on 127.0.0.1 typing into search boxes far faster than a person, next to a
  // Chromium that loads the machine: per-client rate limits and event-loop load shedding (tested in their own
  // suites) are off here so they cannot decide a page's outcome.
  server = await buildApp(
    { ...config, limits: { ...config.limits, lookupMax: 0, heavyMax: 0, maxEventLoopDelayMs: 0 } },
    { logger: false },
  );
  await server.listen({ host: '127.0.0.1', port: 0 });
  base = `http://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await db?.driver.close();
});

beforeEach(async (test) => {
  testName = test.task.name;
  context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
  page.setDefaultTimeout(15_000);
  watched = watchPage(page);
});

afterEach(async () => {
  await screenshot(page, testName).catch(() => undefined);
  await context.close();
  expect(watched.errors, 'script errors or CSP violations in the page').toEqual([]);
});

/** Waits for the page to catch up; generous because CI machines can be slow. */
function poll<T>(read: () => Promise<T> | T) {
  return expect.poll(read, { timeout: 15_000, interval: 100 });
}

/** The API's own reply, for comparing what the page shows with what any client would get. */
async function api<T = any>(path: string): Promise<T> {
  const response = await fetch(`${base}${path}`);
  return (await response.json()) as T;
}

async function open(path: string): Promise<void> {
  await page.goto(`${base}${path}`);
  await ready();
}

/** The view has finished drawing (the router marks <main> once a view's data is on screen). */
async function ready(): Promise<void> {
  await page.waitForSelector('main[data-ready="true"]');
}

async function graphCounts(): Promise<{ nodes: number; edges: number }> {
  await page.waitForFunction(() => (window.conceptGraphExplorer?.cy?.nodes().length ?? 0) > 0);
  return page.evaluate(() => {
    const cy = window.conceptGraphExplorer?.cy;
    return { nodes: cy?.nodes().length ?? -1, edges: cy?.edges().length ?? -1 };
  });
}

async function pickConcept(label: string, text: string, optionName: RegExp): Promise<void> {
  const box = page.getByRole('combobox', { name: label });
  await box.fill('');
  await box.pressSequentially(text, { delay: 20 });
  await page.getByRole('option', { name: optionName }).first().click();
}

// A browser test under a loaded CI machine takes seconds per page; the axe sweep visits fifteen.
describe('explorer page', { timeout: 120_000 }, () => {
  it('search "도커 데몬" suggests it as you type and opens its concept view', async () => {
    await open('/');
    const search = page.getByRole('combobox', { name: 'Search concepts' });
    await search.pressSequentially('도커 데몬', { delay: 30 });
    const option = page.getByRole('option', { name: /도커 데몬/ }).first();
    await poll(() => option.getAttribute('data-concept-id')).toBe('docker-daemon');
    await option.click();
    await ready();
    expect(new URL(page.url()).pathname).toBe('/explore/concept/docker-daemon');

    const detail = await api('/v1/concepts/docker-daemon');
    const heading = await page.getByRole('heading', { level: 1 }).innerText();
    expect(heading).toContain(detail.concept.name.en);
    expect(heading).toContain(detail.concept.name.ko);
    expect(await page.locator('.summary').innerText()).toBe(detail.concept.summary.en);
    expect(await page.locator('.concept-header .category').getAttribute('data-category')).toBe(detail.concept.category);
    expect(await page.locator('.aliases').innerText()).toContain(detail.concept.aliases.en[0]);

    // Relations as sentences, grouped by type, each with a citation and a link to the other end.
    const relations = [...detail.relations.outgoing, ...detail.relations.incoming];
    const types = [...new Set(relations.map((relation: any) => relation.type))].sort();
    const groups = await page.locator('.relation-group').evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-type')));
    expect([...groups].sort()).toEqual(types);
    for (const relation of relations) {
      const item = page.locator(`.relation[data-relation-id="${relation.id}"]`);
      expect(await item.locator('.sentence').innerText()).toBe(relation.sentence.en);
      expect(await item.locator('cite').count()).toBeGreaterThan(0);
      const other = relation.subject.id === 'docker-daemon' ? relation.object.id : relation.subject.id;
      expect(await item.locator(`a[href="/explore/concept/${other}"]`).count()).toBe(1);
    }
  });

  /** A write as a curator's client makes it: a JSON merge patch with If-Match set to the concept's current ETag. */
  async function patchConcept(key: string, id: string, patch: Record<string, unknown>): Promise<void> {
    const url = `${base}/v1/concepts/${id}`;
    const current = await fetch(url);
    await current.arrayBuffer();
    const reply = await fetch(url, {
      method: 'PATCH',
      headers: {
        authorization: `Bearer ${key}`,
        'if-match': String(current.headers.get('etag')),
        'content-type': 'application/merge-patch+json',
      },
      body: JSON.stringify(patch),
    });
    expect(reply.status, await reply.text()).toBe(200);
  }

  it("lists a change made over the API in the concept's history: when, the key's name, the fields changed", async () => {
    const { key } = await createKey(db, { name: 'explorer-teacher', scopes: ['write'] });
    const { concept } = await api('/v1/concepts/dockerfile');
    await patchConcept(key, 'dockerfile', { tags: [...concept.tags, 'history-check'] });
    const history = await api('/v1/concepts/dockerfile/history?limit=20');
    expect(history.items).toHaveLength(1);

    await open('/explore/concept/dockerfile');
    const section = page.getByRole('region', { name: 'History' });
    await page.waitForSelector('.history[data-state="loaded"]');
    const items = section.getByRole('listitem');
    expect(await items.count()).toBe(1);
    const item = items.first();
    expect(await item.getAttribute('data-seq')).toBe(String(history.items[0].seq));
    expect(await item.locator('.revision-what').innerText()).toBe('Changed tags');
    expect(await item.locator('.revision-by').innerText()).toBe('by explorer-teacher');
    expect(await item.locator('time').getAttribute('datetime')).toBe(history.items[0].at);
    expect(await section.getByRole('button').count()).toBe(0);

    await page.locator('.lang-toggle').click();
    await ready();
    await page.waitForSelector('.history[data-state="loaded"]');
    const korean = page.getByRole('region', { name: '변경 기록' }).getByRole('listitem').first();
    expect(await korean.locator('.revision-what').innerText()).toBe('tags 바꿈');
    expect(await korean.locator('.revision-by').innerText()).toBe('작성자 explorer-teacher');
  });

  it('shows older changes with a keyboard-reachable button, a page at a time, then focuses the first older one', async () => {
    const { key } = await createKey(db, { name: 'explorer-editor', scopes: ['write'] });
    const { concept } = await api('/v1/concepts/image-layer');
    // One more change than the page shows at first (20), so exactly one is left for the button.
    for (let i = 0; i <= 20; i += 1) await patchConcept(key, 'image-layer', { tags: [...concept.tags, `step-${i}`] });
    const all = await api('/v1/concepts/image-layer/history?limit=100');
    expect(all.items).toHaveLength(21);

    await open('/explore/concept/image-layer');
    await page.waitForSelector('.history[data-state="loaded"]');
    const section = page.getByRole('region', { name: 'History' });
    const seqs = () => section.getByRole('listitem').evaluateAll((items) => items.map((item) => Number(item.getAttribute('data-seq'))));
    expect(await seqs()).toEqual(all.items.slice(0, 20).map((revision: any) => revision.seq));
    const more = section.getByRole('button', { name: 'Show older changes' });
    await more.focus();
    await page.keyboard.press('Enter');
    await poll(seqs).toEqual(all.items.map((revision: any) => revision.seq));
    expect(await more.count()).toBe(0);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-seq'))).toBe(String(all.items[20].seq));
  });

  it('says a concept never changed over the API is as the seed files define it', async () => {
    expect((await api('/v1/concepts/cgroups/history')).items).toEqual([]);
    await open('/explore/concept/cgroups');
    await page.waitForSelector('.history[data-state="empty"]');
    const section = page.getByRole('region', { name: 'History' });
    expect(await section.locator('.history-empty').innerText()).toBe(
      'No changes made over the API; this concept is as the seed files define it.',
    );
    expect(await section.getByRole('listitem').count()).toBe(0);
  });

  it('keeps the concept view when the history request fails, with a small notice in its place', async () => {
    await page.route('**/v1/concepts/*/history*', (route) =>
      route.fulfill({
        status: 503,
        contentType: 'application/problem+json',
        body: JSON.stringify({ title: 'Service Unavailable', status: 503, code: 'NEO4J_UNAVAILABLE' }),
      }),
    );
    await open('/explore/concept/cgroups');
    await page.waitForSelector('.history[data-state="failed"]');
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toMatch(/^cgroups/);
    expect(await graphCounts()).toEqual(expect.objectContaining({ nodes: expect.any(Number) }));
    expect(await page.getByRole('alert').count()).toBe(0);
    expect(await page.locator('.history-failed').innerText()).toBe('The history could not be loaded (Service Unavailable).');
  });

  it('suggestions tolerate a typo and work in English', async () => {
    await open('/');
    const search = page.getByRole('combobox', { name: 'Search concepts' });
    await search.pressSequentially('contaienrd', { delay: 20 });
    await poll(() => page.locator('[role="option"][data-concept-id="containerd"]').count()).toBeGreaterThan(0);
  });

  it('draws the neighbourhood with Cytoscape: the nodes and edges the API returns, depth 1 and 2, with a legend', async () => {
    await open('/explore/concept/containerd');
    const depth1 = await api('/v1/concepts/containerd/neighborhood?depth=1');
    expect(await graphCounts()).toEqual({ nodes: depth1.nodes.length, edges: depth1.edges.length });
    expect(depth1.edges.length).toBeGreaterThan(0);

    const legendTypes = await page
      .locator('.legend [data-type]')
      .evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-type')));
    expect(legendTypes).toEqual([...new Set(depth1.edges.map((edge: any) => edge.type))].sort());
    const look = await page.evaluate(() => {
      const cy = window.conceptGraphExplorer?.cy;
      const byType = new Map<string, string>();
      for (const edge of cy?.edges() ?? []) byType.set(String(edge.data('type')), `${edge.data('color')} ${edge.data('lineStyle')}`);
      const byCategory = new Map<string, string>();
      for (const node of cy?.nodes() ?? []) byCategory.set(String(node.data('category')), `${node.data('color')} ${node.data('shape')}`);
      return {
        types: byType.size,
        typeLooks: new Set(byType.values()).size,
        categories: byCategory.size,
        categoryLooks: new Set(byCategory.values()).size,
      };
    });
    expect(look.typeLooks).toBe(look.types);
    expect(look.categoryLooks).toBe(look.categories);

    await page.getByRole('radio', { name: '2 hops' }).check();
    const depth2 = await api('/v1/concepts/containerd/neighborhood?depth=2');
    await poll(graphCounts).toEqual({ nodes: depth2.nodes.length, edges: depth2.edges.length });
    expect(depth2.nodes.length).toBeGreaterThan(depth1.nodes.length);
    expect(new URL(page.url()).search).toBe('?depth=2');
  });

  /** The neighbourhood as drawn: each concept's ring, category, shown name and place, and the edges not drawn. */
  async function ringsDrawing() {
    return page.evaluate(() => {
      const cy = window.conceptGraphExplorer!.cy!;
      const centre = cy.nodes('.centre')[0]!.position();
      return {
        size: { width: cy.width(), height: cy.height() },
        nodes: cy.nodes().map((node) => ({
          id: node.id(),
          depth: Number(node.data('depth')),
          category: String(node.data('category')),
          label: String(node.style('label')),
          distance: Math.hypot(node.position().x - centre.x, node.position().y - centre.y),
          angle: Math.atan2(node.position().y - centre.y, node.position().x - centre.x),
          box: node.renderedBoundingBox({ includeLabels: true, includeOverlays: false }),
        })),
        hiddenEdges: cy
          .edges()
          .filter((edge) => !edge.visible())
          .map((edge) => edge.id())
          .sort(),
      };
    });
  }

  for (const lang of ['en', 'ko'] as const) {
    it(`draws depth 2 in rings by hop, names only the first ring without overlaps, hides the learning order until asked (${lang})`, async () => {
      await open('/explore/concept/containerd?depth=2');
      if (lang === 'ko') {
        await page.locator('.lang-toggle').click();
        await ready();
      }
      const hood = await api('/v1/concepts/containerd/neighborhood?depth=2');
      await poll(graphCounts).toEqual({ nodes: hood.nodes.length, edges: hood.edges.length });
      const requires = hood.edges
        .filter((edge: any) => edge.type === 'REQUIRES')
        .map((edge: any) => edge.id)
        .sort();
      expect(requires.length).toBeGreaterThan(0);
      const drawn = await ringsDrawing();

      // Rings by hop: every concept two hops away lies farther from the centre than every concept one hop away.
      const ring = (depth: number) => drawn.nodes.filter((node) => node.depth === depth);
      expect(ring(1).length).toBeGreaterThan(1);
      expect(ring(2).length).toBeGreaterThan(ring(1).length);
      expect(Math.min(...ring(2).map((node) => node.distance))).toBeGreaterThan(Math.max(...ring(1).map((node) => node.distance)));

      // Going round the first ring, each category is one run (a category change per category, counted circularly).
      const round = ring(1)
        .sort((a, b) => a.angle - b.angle)
        .map((node) => node.category);
      const changes = round.filter((category, i) => category !== round[(i + round.length - 1) % round.length]).length;
      expect(new Set(round).size).toBeGreaterThan(1);
      expect(changes).toBe(new Set(round).size);

      // Named at rest: the centre and the first ring, in the page's language; the outer ring is not.
      const names = new Map<string, string>(hood.nodes.map((node: any) => [node.id, node.name[lang]]));
      for (const node of drawn.nodes) expect(node.label, node.id).toBe(node.depth <= 1 ? names.get(node.id) : '');

      // No two named concepts (node and name together, as drawn) overlap, and every name is inside the drawing.
      const named = drawn.nodes.filter((node) => node.label !== '');
      const clashes = named.flatMap((a, i) =>
        named
          .slice(i + 1)
          .filter((b) => a.box.x1 < b.box.x2 && b.box.x1 < a.box.x2 && a.box.y1 < b.box.y2 && b.box.y1 < a.box.y2)
          .map((b) => `${a.id}/${b.id}`),
      );
      expect(clashes).toEqual([]);
      for (const node of named) {
        expect(node.box.x1, node.id).toBeGreaterThanOrEqual(0);
        expect(node.box.y1, node.id).toBeGreaterThanOrEqual(0);
        expect(node.box.x2, node.id).toBeLessThanOrEqual(drawn.size.width);
        expect(node.box.y2, node.id).toBeLessThanOrEqual(drawn.size.height);
      }

      // The learning order (REQUIRES) is not drawn, and the graph's name and the legend say so, until the toggle.
      expect(drawn.hiddenEdges).toEqual(requires);
      const canvas = page.getByRole('application');
      expect(await canvas.getAttribute('aria-label')).toContain(String(requires.length));
      const hiddenNote = page.locator('.legend [data-type="REQUIRES"] .legend-hidden');
      expect(await hiddenNote.isVisible()).toBe(true);
      await screenshotOf(page.locator('.graph-section'), `depth-2 rings ${lang}`);
      const toggle = page.getByRole('checkbox', { name: lang === 'en' ? /Show the learning order/ : /학습 순서 보기/ });
      await toggle.check();
      await poll(async () => (await ringsDrawing()).hiddenEdges).toEqual([]);
      expect(await hiddenNote.isVisible()).toBe(false);
      expect(await canvas.getAttribute('aria-label')).not.toContain(String(requires.length));
      await screenshotOf(page.locator('.graph-section'), `depth-2 rings with learning order ${lang}`);
      // The choice holds when the depth changes.
      await page.getByRole('radio', { name: lang === 'en' ? '1 hop' : '1단계' }).check();
      await poll(graphCounts).toEqual({
        nodes: (await api('/v1/concepts/containerd/neighborhood?depth=1')).nodes.length,
        edges: expect.any(Number),
      });
      expect(await page.getByRole('checkbox', { name: lang === 'en' ? /Show the learning order/ : /학습 순서 보기/ }).isChecked()).toBe(
        true,
      );
      expect((await ringsDrawing()).hiddenEdges).toEqual([]);
    });
  }

  it('names an outer-ring concept when pointed at or stepped to, and the arrow keys skip hidden relations', async () => {
    await open('/explore/concept/containerd?depth=2');
    const hood = await api('/v1/concepts/containerd/neighborhood?depth=2');
    const categories = new Map<string, string>((await api('/v1/categories')).items.map((c: any) => [c.id, c.name.en]));
    await poll(graphCounts).toEqual({ nodes: hood.nodes.length, edges: hood.edges.length });
    const chosenNode = () =>
      page.evaluate(() => {
        const node = window.conceptGraphExplorer!.cy!.nodes(':selected')[0];
        return node ? { id: node.id(), depth: Number(node.data('depth')), label: String(node.style('label')) } : undefined;
      });

    // ↓ steps through the centre, then the first ring, then the outer ring; the one chosen is named, with its hop.
    const canvas = page.getByRole('application');
    await canvas.focus();
    const firstRing = hood.nodes.filter((node: any) => node.depth === 1).length;
    for (let i = 0; i < firstRing + 2; i++) await page.keyboard.press('ArrowDown');
    const chosen = (await chosenNode())!;
    const concept = hood.nodes.find((node: any) => node.id === chosen.id);
    expect(chosen.depth).toBe(2);
    expect(chosen.label).toBe(concept.name.en);
    expect(await page.locator('.graph-readout').innerText()).toBe(`${concept.name.en} — ${categories.get(concept.category)}, 2 hops away`);
    await page.keyboard.press('Escape');
    await poll(async () => (await ringsDrawing()).nodes.find((node) => node.id === chosen.id)?.label).toBe('');

    // ← → read every drawn relation once per round, and never a hidden learning-order one.
    await page.evaluate(() => {
      const read: string[] = [];
      (window as any).readEdges = read;
      window.conceptGraphExplorer!.cy!.on('select', 'edge', (event) => {
        read.push(event.target.id());
      });
    });
    const drawnEdges = hood.edges.filter((edge: any) => edge.type !== 'REQUIRES').map((edge: any) => edge.id);
    for (let i = 0; i < drawnEdges.length; i++) await page.keyboard.press('ArrowRight');
    const read: string[] = await page.evaluate(() => (window as any).readEdges);
    expect([...read].sort()).toEqual([...drawnEdges].sort());

    // Pointing at an outer concept names it and the concepts it links to; moving away takes the names off again.
    await page.keyboard.press('Escape');
    const target = hood.nodes.find((node: any) => node.depth === 2 && node.id !== chosen.id);
    const box = (await canvas.boundingBox())!;
    const point = await page.evaluate((id) => window.conceptGraphExplorer!.cy!.getElementById(id).renderedPosition(), target.id);
    await page.mouse.move(box.x + point.x, box.y + point.y);
    await poll(async () => (await ringsDrawing()).nodes.find((node) => node.id === target.id)?.label).toBe(target.name.en);
    await screenshotOf(page.locator('.graph-stage'), 'depth-2 rings pointing at an outer concept');
    await page.mouse.move(box.x + 2, box.y + 2);
    await poll(async () => (await ringsDrawing()).nodes.find((node) => node.id === target.id)?.label).toBe('');

    // Enter opens the concept chosen with the keyboard, at the same depth.
    await canvas.focus();
    await page.keyboard.press('ArrowDown');
    const next = (await chosenNode())!;
    expect(next.depth).toBe(2);
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.pathname === `/explore/concept/${next.id}` && url.search === '?depth=2');
    await ready();
  });

  it('reads a relation sentence on keyboard focus and on hover, and re-centres on a clicked concept', async () => {
    await open('/explore/concept/containerd');
    await graphCounts();
    const sentences = (await api('/v1/concepts/containerd/neighborhood?depth=1')).edges.map((edge: any) => edge.sentence.en);

    const canvas = page.getByRole('application');
    await canvas.focus();
    await page.keyboard.press('ArrowRight');
    expect(sentences).toContain(await page.locator('.graph-readout').innerText());

    const box = (await canvas.boundingBox())!;
    // Hover the drawn edge whose middle lies farthest from every node, so the pointer is on the edge and not a node.
    const edgeMid = await page.evaluate(() => {
      const cy = window.conceptGraphExplorer!.cy!;
      const clearance = (point: { x: number; y: number }) =>
        Math.min(...cy.nodes().map((node) => Math.hypot(node.renderedPosition().x - point.x, node.renderedPosition().y - point.y)));
      return cy
        .edges(':visible')
        .map((edge) => edge.renderedMidpoint())
        .sort((a, b) => clearance(b) - clearance(a))[0]!;
    });
    await page.mouse.move(box.x + edgeMid.x, box.y + edgeMid.y);
    await poll(() => page.locator('.graph-tooltip').isVisible()).toBe(true);
    expect(sentences).toContain(await page.locator('.graph-tooltip').innerText());

    // Click where runc is once the page and the graph have stopped moving: read the canvas box and the node's
    // position twice, 150 ms apart, until they agree.
    const where = async () => {
      const frame = (await canvas.boundingBox())!;
      const node = await page.evaluate(() => window.conceptGraphExplorer!.cy!.nodes('[id = "runc"]')[0]!.renderedPosition());
      return { x: Math.round(frame.x + node.x), y: Math.round(frame.y + node.y) };
    };
    let target = await where();
    for (let i = 0; i < 20; i++) {
      await page.waitForTimeout(150);
      const again = await where();
      if (again.x === target.x && again.y === target.y) break;
      target = again;
    }
    await page.mouse.move(target.x, target.y);
    await page.mouse.click(target.x, target.y);
    // The old view is still marked ready until the new one starts: wait for the new address first.
    await page.waitForURL('**/explore/concept/runc');
    await ready();
    expect(new URL(page.url()).pathname).toBe('/explore/concept/runc');
    const runc = await api('/v1/concepts/runc/neighborhood?depth=1');
    await poll(() => graphCounts()).toEqual({ nodes: runc.nodes.length, edges: runc.edges.length });
  });

  it('explains how runc and Kubernetes are related as sentences, highlighted on the graph', async () => {
    await open('/explore/path');
    await pickConcept('From', 'runc', /^runc/);
    await pickConcept('To', 'Kubernetes', /^Kubernetes/);
    await page.getByRole('button', { name: 'Show how they relate' }).click();
    await ready();
    expect(new URL(page.url()).search).toBe('?from=runc&to=kubernetes');

    const paths = (await api('/v1/paths?from=runc&to=kubernetes&maxHops=4&limit=3')).items;
    expect(paths.length).toBeGreaterThan(0);
    await page.waitForSelector('.path-explanation');
    const explanations = await page.locator('.path-explanation').allInnerTexts();
    expect(explanations).toEqual(paths.map((path: any) => path.explanation.en));
    const steps = await page
      .locator('.path')
      .first()
      .locator('.path-step')
      .evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-relation-id')));
    expect(steps).toEqual(paths[0].edges.map((edge: any) => edge.id));

    const marked = async () =>
      page.evaluate(() =>
        window
          .conceptGraphExplorer!.cy!.edges('.marked')
          .map((edge) => edge.id())
          .sort(),
      );
    await poll(marked).toEqual(paths[0].edges.map((edge: any) => edge.id).sort());
    if (paths.length > 1) {
      await page.locator('.path').nth(1).getByRole('button', { name: 'Highlight on the graph' }).click();
      expect(await marked()).toEqual(paths[1].edges.map((edge: any) => edge.id).sort());
    }
  });

  it('lists a learning path in order, with why, and leaves out what "I already know…" ticks', async () => {
    await open('/explore/learn');
    await pickConcept('Goal', 'libcontainer', /^libcontainer/);
    await page.getByRole('button', { name: 'Show the path' }).click();
    await ready();
    await page.waitForSelector('.step');
    const full = await api('/v1/learning-path?target=libcontainer');
    const shown = () => page.locator('.step').evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-concept-id')));
    expect(await shown()).toEqual(full.steps.map((step: any) => step.concept.id));
    expect(full.steps.length).toBeGreaterThan(1);
    expect(await page.locator('.step').first().locator('.because li').first().innerText()).toContain(full.steps[0].because[0].sentence.en);

    // Knowing the last prerequisite removes it and whatever it rests on.
    const known = full.steps[full.steps.length - 1].concept;
    await page.getByRole('group', { name: 'I already know…' }).getByRole('checkbox', { name: known.name.en, exact: true }).check();
    const fewer = await api(`/v1/learning-path?target=libcontainer&known=${known.id}`);
    await poll(shown).toEqual(fewer.steps.map((step: any) => step.concept.id));
    expect(fewer.steps.length).toBeLessThan(full.steps.length);
    expect(new URL(page.url()).searchParams.get('known')).toBe(known.id);
  });

  it('marks quiz answers right or wrong and shows the cited fact', async () => {
    await open('/explore/quiz?concept=containerd&seed=browser-test');
    await page.waitForSelector('.question');
    const quiz = await api('/v1/quiz?concept=containerd&count=5&seed=browser-test');
    expect(await page.locator('.question').count()).toBe(quiz.questions.length);

    const answer = async (index: number, correctly: boolean) => {
      const question = quiz.questions[index];
      const card = page.locator('.question').nth(index);
      if (question.kind === 'multiple-choice') {
        const choice = correctly ? question.answer.conceptId : question.choices.find((c: any) => c.id !== question.answer.conceptId).id;
        await card.locator(`input[value="${choice}"]`).check();
      } else if (question.kind === 'true-false') {
        await card.locator(`input[value="${String(correctly ? question.answer.value : !question.answer.value)}"]`).check();
      } else {
        await card.getByRole('textbox').fill(correctly ? question.answer.accepted.en[0] : 'not the answer');
      }
      await card.getByRole('button', { name: 'Check' }).click();
      await poll(() => card.getAttribute('data-result')).toBe(correctly ? 'right' : 'wrong');
      expect(await card.locator('.verdict').innerText()).toContain(correctly ? 'Right' : 'Not quite');
      expect(await card.locator('.fact').innerText()).toBe(question.explanation.sentence.en);
      expect(await card.locator('.feedback cite').count()).toBeGreaterThan(0);
    };
    expect(quiz.questions.length).toBeGreaterThan(1);
    await answer(0, true);
    await answer(1, false);
    expect(await page.locator('.score').innerText()).toBe('1 of 2 right');
  });

  it('switches language with the toggle and remembers the choice', async () => {
    await open('/explore/concept/docker-daemon');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toMatch(/^Docker daemon/);
    await page.getByRole('button', { name: /Show the page in Korean/ }).click();
    await ready();
    expect(await page.locator('html').getAttribute('lang')).toBe('ko');
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toMatch(/^도커 데몬/);
    expect(await page.getByRole('navigation', { name: '주 메뉴' }).innerText()).toContain('학습 경로');
    const korean = (await api('/v1/concepts/docker-daemon')).concept.summary.ko;
    expect(await page.locator('.summary').innerText()).toBe(korean);

    await page.reload();
    await ready();
    expect(await page.locator('html').getAttribute('lang')).toBe('ko');
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toMatch(/^도커 데몬/);
    await page.getByRole('button', { name: /영어로 보기/ }).click();
    await ready();
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toMatch(/^Docker daemon/);
  });

  it('keeps listings, suggestions and the neighbourhood to the chosen source, and remembers the choice', async () => {
    await open('/explore?category=runtime');
    const all = await api('/v1/concepts?category=runtime&limit=100');
    const notes = await api('/v1/concepts?category=runtime&limit=100&source=notes');
    expect(notes.items.length).toBeGreaterThan(0);
    expect(notes.items.length).toBeLessThan(all.items.length);
    const listed = () => page.locator('.concept-card-link').evaluateAll((links) => links.map((link) => link.getAttribute('href')));
    expect(await listed()).toHaveLength(all.items.length);

    // `exact`: the concept view also has "Show the learning order", a checkbox over the graph.
    const requests: string[] = [];
    page.on('request', (request) => {
      if (new URL(request.url()).pathname.startsWith('/v1/')) requests.push(request.url());
    });
    await page.getByLabel('Show', { exact: true }).selectOption({ label: 'Notes only' });
    await poll(listed).toEqual(notes.items.map((concept: any) => `/explore/concept/${concept.id}`));

    const search = page.getByRole('combobox', { name: 'Search concepts' });
    await search.pressSequentially('docker hu', { delay: 20 });
    await poll(() => page.locator('[role="option"][data-concept-id]').count()).toBeGreaterThan(0);
    expect(await page.locator('[role="option"][data-concept-id="docker-hub"]').count()).toBe(0);
    expect(requests.some((url) => url.includes('/v1/search?') && url.includes('source=notes'))).toBe(true);

    await open('/explore/concept/docker-image');
    const hood = await api('/v1/concepts/docker-image/neighborhood?depth=1&source=notes');
    const everything = await api('/v1/concepts/docker-image/neighborhood?depth=1');
    expect(hood.nodes.length).toBeLessThan(everything.nodes.length);
    expect(await graphCounts()).toEqual({ nodes: hood.nodes.length, edges: hood.edges.length });
    expect(await page.getByLabel('Show', { exact: true }).inputValue()).toBe('notes');

    await page.getByLabel('Show', { exact: true }).selectOption({ label: 'All sources' });
    await poll(graphCounts).toEqual({ nodes: everything.nodes.length, edges: everything.edges.length });
  });

  it('a deep link opens the same view, and back and forward move between views', async () => {
    await open('/explore/path?from=runc&to=kubernetes');
    const first = (await api('/v1/paths?from=runc&to=kubernetes&maxHops=4&limit=3')).items[0];
    await page.waitForSelector('.path-explanation');
    expect(await page.locator('.path-explanation').first().innerText()).toBe(first.explanation.en);

    await page.locator('.path').first().locator('a[href="/explore/concept/containerd"]').click();
    await ready();
    expect(new URL(page.url()).pathname).toBe('/explore/concept/containerd');
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toMatch(/^containerd/);

    await page.goBack();
    await ready();
    await page.waitForSelector('.path-explanation');
    expect(new URL(page.url()).pathname).toBe('/explore/path');
    expect(await page.locator('.path-explanation').first().innerText()).toBe(first.explanation.en);

    await page.goForward();
    await ready();
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toMatch(/^containerd/);
  });

  it("shows the API problem's title and detail for an unknown concept, and for a malformed id", async () => {
    await open('/explore/concept/no-such-concept');
    const problem = await api('/v1/concepts/no-such-concept');
    expect(problem.code).toBe('CONCEPT_NOT_FOUND');
    expect(await page.getByRole('alert').locator('.problem-title').innerText()).toBe(problem.title);
    expect(await page.locator('.problem-detail').innerText()).toBe(problem.detail);

    await open('/explore/concept/Not_An_Id');
    const invalid = await api('/v1/concepts/Not_An_Id');
    expect(invalid.code).toBe('VALIDATION_FAILED');
    expect(await page.locator('.problem-title').innerText()).toBe(invalid.title);
    expect(await page.locator('.problem-detail').innerText()).toBe(invalid.detail);
  });

  it('is usable with the keyboard alone: search, arrows, Enter, focus on the new heading', async () => {
    await open('/');
    for (let i = 0; i < 6; i += 1) {
      await page.keyboard.press('Tab');
      if (await page.evaluate(() => document.activeElement?.getAttribute('role') === 'combobox')) break;
    }
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.id)).toBeTruthy();
    await page.keyboard.type('runc', { delay: 30 });
    await page.waitForSelector('[role="option"][data-concept-id="runc"]');
    await page.keyboard.press('ArrowDown');
    const active = await page.evaluate(() => document.activeElement?.getAttribute('aria-activedescendant'));
    expect(active).toBeTruthy();
    await page.keyboard.press('Enter');
    await ready();
    expect(new URL(page.url()).pathname).toBe('/explore/concept/runc');
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('H1');
  });

  it('fits a phone-width screen without sideways scrolling', async () => {
    await page.setViewportSize({ width: 375, height: 740 });
    for (const path of ['/explore/concept/docker-daemon', '/explore/path?from=runc&to=kubernetes', '/explore/learn?target=libcontainer']) {
      await open(path);
      await page.waitForTimeout(200);
      const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, viewport: window.innerWidth }));
      expect(widths.scroll, path).toBeLessThanOrEqual(widths.viewport);
    }
    await open('/explore/concept/docker-daemon');
    expect(await page.getByRole('combobox', { name: 'Search concepts' }).isVisible()).toBe(true);
    const canvas = await page.getByRole('application').boundingBox();
    expect(canvas!.width).toBeLessThanOrEqual(375);
    await screenshot(page, 'phone concept view');
  });

  const axePages = [
    '/',
    '/explore?category=runtime',
    '/explore/concept/containerd?depth=2',
    '/explore/path?from=runc&to=kubernetes',
    '/explore/learn?target=libcontainer',
    '/explore/quiz?concept=containerd&seed=browser-test',
    '/explore/concept/no-such-concept',
  ];

  /** axe-core's serious and critical findings on the page as it is now, one line each. */
  async function seriousViolations(label: string): Promise<string[]> {
    return (await axeViolations(page))
      .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
      .map(
        (violation) =>
          `${label}: ${violation.id} (${violation.impact}) ${violation.help} at ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`,
      );
  }

  for (const lang of ['en', 'ko'] as const) {
    it(`has no serious or critical accessibility violations (axe-core) on any view in ${lang}`, async () => {
      const found: string[] = [];
      for (const path of axePages) {
        await open(path);
        if ((await page.locator('html').getAttribute('lang')) !== lang) {
          await page.locator('.lang-toggle').click();
          await ready();
        }
        found.push(...(await seriousViolations(`${lang} ${path}`)));
      }
      expect(found).toEqual([]);
    });
  }

  it('has no serious or critical accessibility violations with quiz feedback, open suggestions and a phone screen', async () => {
    const found: string[] = [];
    await open('/explore/quiz?concept=containerd&seed=browser-test');
    const card = page.locator('.question:has(input[type="radio"])').first();
    await card.locator('input[type="radio"]').first().check();
    await card.getByRole('button').click();
    await page.waitForSelector('.question .verdict');
    found.push(...(await seriousViolations('quiz feedback')));
    await page.getByRole('combobox').first().pressSequentially('run', { delay: 20 });
    await page.waitForSelector('[role="option"]');
    found.push(...(await seriousViolations('search suggestions')));
    await page.setViewportSize({ width: 375, height: 740 });
    await open('/explore/concept/docker-daemon');
    found.push(...(await seriousViolations('phone concept view')));
    expect(found).toEqual([]);
  });
});
