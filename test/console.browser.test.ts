/**
 * The console (issue 11) in a real browser: Debian's Chromium through
 * playwright-core, one browser and one API for the whole file, on the demo
 * graph. Each view, signed in as each demo role, must show what the API
 * itself answers that role for the same question; Acme's auditor must never
 * see another tenant's name or id anywhere in the page; and no page may log
 * an error, break its Content-Security-Policy, call another host, or have a
 * serious or critical accessibility violation (axe-core).
 */
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import type { IngestInput } from '../src/generated/graphql';
import { demoCallers, demoGraph } from '../src/demo/demo-graph';
import { createApi, type Api } from '../src/server/app';
import { accessibilityProblems, launchBrowser, openPage, ready, signedIn, type WatchedPage } from './support/browser';
import { useHarness } from './support/harness';
import { tokenFor } from './support/security';
import { grant, graph, identity, named, system } from './support/fixtures';

const h = useHarness();
let api: Api;
let base: string;
let browser: Browser;
const tokens: Record<string, string> = {};
const opened: WatchedPage[] = [];

beforeAll(async () => {
  await h.resetTo(demoGraph as IngestInput);
  const { testSecurity } = await import('./support/security');
  api = await createApi(h.exec, { security: testSecurity() });
  await new Promise<void>((resolve) => api.httpServer.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(api.httpServer.address() as AddressInfo).port}`;
  for (const c of demoCallers) tokens[c.role] = await tokenFor(c.role, { sub: c.sub, person: c.person, tenant: c.tenant });
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await api?.stop(1_000);
});

/** A watched page; every test ends by checking that none of its pages saw a problem. */
async function page(): Promise<WatchedPage> {
  const w = await openPage(browser, base);
  opened.push(w);
  return w;
}
afterEach(async () => {
  const problems = opened.flatMap((w) => w.problems);
  for (const w of opened.splice(0)) await w.page.context().close();
  expect(problems).toEqual([]);
});

/** The API's own answer for a role (over HTTP, like the page). */
async function answer<T = any>(role: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const res = await fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[role]}` }, body: JSON.stringify({ query, variables }) });
  const body: any = await res.json();
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data as T;
}

const numbersOf = (w: WatchedPage) =>
  w.page.$$eval('.numbers li', (items) => Object.fromEntries(items.map((li) => [li.getAttribute('data-number'), Number(li.querySelector('.value')!.textContent!.replace(/,/g, ''))])));

const BLAST = `query($from: ID!) { blastRadius(from: $from) { systemCount tenantCount privilegedSystemCount tenants { tenant { id } systemCount } } }`;
const ROLE_STARTS: [string, string][] = [
  ['ADMIN', 'tool:rmm'],
  ['ANALYST', 'tool:rmm'],
  ['OWNER', 'tool:backup'],
  ['TENANT_AUDITOR', 'tool:rmm'],
];

describe('signing in', () => {
  it('takes a pasted token, keeps it in session storage only, and shows who is signed in', async () => {
    const w = await page();
    await w.page.goto(`${base}/`);
    await w.page.fill('#token', tokens.ANALYST);
    await w.page.click('form.signin button[type=submit]');
    await ready(w.page, 'search');
    const stored = await w.page.evaluate(() => ({ session: sessionStorage.getItem('pathwarden.token'), local: localStorage.length, cookie: document.cookie }));
    expect(stored).toEqual({ session: tokens.ANALYST, local: 0, cookie: '' });
    expect(await w.page.textContent('header .who')).toContain('demo-analyst');
  });

  it('refuses a wrong token with the API message and stores nothing', async () => {
    const w = await page();
    await w.page.goto(`${base}/`);
    await w.page.fill('#token', 'not-a-token');
    await w.page.click('form.signin button[type=submit]');
    await w.page.waitForSelector('.message.error');
    expect(await w.page.evaluate(() => sessionStorage.getItem('pathwarden.token'))).toBeNull();
    // The 401 itself is the browser's one console line about it; nothing else may go wrong.
    w.problems.splice(0, w.problems.length, ...w.problems.filter((p) => !/status of 401/.test(p)));
  });

  it('moves the token of a printed console link from the URL into session storage', async () => {
    const w = await page();
    await signedIn(w, base, '?v=blast&from=tool%3Armm', tokens.ANALYST);
    expect(await w.page.evaluate(() => [location.hash, location.search, sessionStorage.getItem('pathwarden.token')])).toEqual(['', '?v=blast&from=tool%3Armm', tokens.ANALYST]);
  });
});

describe('blast radius', () => {
  it.each(ROLE_STARTS)('shows, as %s from %s, the numbers and tenants the API answers', async (role, from) => {
    const { blastRadius: b } = await answer(role, BLAST, { from });
    const w = await page();
    await signedIn(w, base, `?v=blast&from=${encodeURIComponent(from)}`, tokens[role]);
    expect(await numbersOf(w)).toMatchObject({ systems: b.systemCount, tenants: b.tenantCount, privileged: b.privilegedSystemCount });
    const rows = await w.page.$$eval('table[aria-label="Tenants reached"] tbody tr', (trs) => trs.map((tr) => [tr.getAttribute('data-tenant'), Number(tr.children[1].textContent)]));
    expect(rows).toEqual(b.tenants.map((t: any) => [t.tenant.id, t.systemCount]));
    // The picture: one node per tenant reached.
    const drawnTenants = await w.page.evaluate(() => (window as any).cy.nodes('.TENANT').map((n: any) => n.id()).sort());
    expect(drawnTenants).toEqual(b.tenants.map((t: any) => t.tenant.id).sort());
  });

  it('answers as of the picked day (its end, UTC), the same as the API asked with that asOf', async () => {
    const day = '2024-06-30';
    const { blastRadius: then } = await answer('ANALYST', `query($from: ID!, $asOf: DateTime) { blastRadius(from: $from, asOf: $asOf) { systemCount tenantCount privilegedSystemCount } }`, { from: 'person:tom-baker', asOf: `${day}T23:59:59Z` });
    const { blastRadius: now } = await answer('ANALYST', BLAST, { from: 'person:tom-baker' });
    // The demo's history makes the past differ from now, so the picker cannot pass by showing today.
    expect(then.systemCount).not.toBe(now.systemCount);
    const w = await page();
    await signedIn(w, base, '?v=blast&from=person%3Atom-baker', tokens.ANALYST);
    // Filling the date fires its change event: the view re-opens for that day.
    await w.page.fill('.asof input[type=date]', day);
    await w.page.waitForFunction(() => new URL(location.href).searchParams.get('asOf') !== null && document.querySelector('main[data-ready]'));
    expect(new URL(w.page.url()).searchParams.get('asOf')).toBe(day);
    expect(await numbersOf(w)).toMatchObject({ systems: then.systemCount, tenants: then.tenantCount, privileged: then.privilegedSystemCount });
  });

  it('expands a tenant into its systems on a click, and shows its details beside the picture', async () => {
    const w = await page();
    await signedIn(w, base, '?v=blast&from=tool%3Armm', tokens.ANALYST);
    const at = await w.page.evaluate(() => (window as any).cy.getElementById('tenant:acme').renderedPosition());
    const box = (await w.page.locator('.canvas').boundingBox())!;
    await w.page.mouse.click(box.x + at.x, box.y + at.y);
    await w.page.waitForFunction(() => (window as any).cy.nodes('.SYSTEM').length > 0);
    await w.page.waitForSelector('.panel h2');
    const { blastRadius } = await answer('ANALYST', `{ blastRadius(from: "tool:rmm") { tenant(id: "tenant:acme") { systems(first: 200) { edges { node { system { id } } } } } } }`);
    const systems = await w.page.evaluate(() => (window as any).cy.nodes('.SYSTEM').map((n: any) => n.id()).sort());
    expect(systems).toEqual(blastRadius.tenant.systems.edges.map((e: any) => e.node.system.id).sort());
    expect(await w.page.textContent('.panel h2')).toBe('Acme Manufacturing');
    expect(new URL(w.page.url()).searchParams.get('open')).toBe('tenant:acme');
  });
});

describe('who can reach', () => {
  const REACH = `query($target: ID!) { whoCanReach(target: $target) { peopleCount identityCount people(first: 1000) { edges { node { entity { id } through { id } } } } identities(first: 1000) { edges { node { entity { id } through { id } } } } } }`;

  it.each([
    ['ANALYST', 'system:acme-dc01'],
    ['TENANT_AUDITOR', 'tenant:acme'],
    ['OWNER', 'tenant:acme'],
  ])('groups, as %s for %s, exactly the reachers the API answers by what they come through', async (role, target) => {
    const { whoCanReach: r } = await answer(role, REACH, { target });
    const w = await page();
    await signedIn(w, base, `?v=reach&target=${encodeURIComponent(target)}`, tokens[role]);
    expect(await numbersOf(w)).toMatchObject({ people: r.peopleCount, identities: r.identityCount });
    const shown = await w.page.$$eval('section.group', (groups) => groups.flatMap((g) => [...g.querySelectorAll('tbody tr')].map((tr) => `${tr.getAttribute('data-id')} via ${g.getAttribute('data-through')}`)));
    const expected = [...r.people.edges, ...r.identities.edges].map((e: any) => `${e.node.entity.id} via ${e.node.through?.id ?? ''}`);
    expect(shown.sort()).toEqual(expected.sort());
  });
});

describe('path', () => {
  it('lists the paths the API answers, hop by hop, and highlights the one selected', async () => {
    const from = 'person:tom-baker';
    const to = 'system:acme-dc01';
    const { accessPaths } = await answer('ANALYST', `query($from: ID!, $to: ID!) { accessPaths(from: $from, to: $to, first: 5) { steps { access { id } } } }`, { from, to });
    expect(accessPaths.length).toBeGreaterThan(1);
    const w = await page();
    await signedIn(w, base, `?v=path&from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`, tokens.ANALYST);
    const hops = await w.page.$$eval('section.path', (cards) => cards.map((c) => [...c.querySelectorAll('li.hop')].map((li) => li.getAttribute('data-access') || null)));
    expect(hops).toEqual(accessPaths.map((p: any) => p.steps.map((s: any) => s.access?.id ?? null)));
    await w.page.click('section.path[data-path="2"] button.pick');
    expect(new URL(w.page.url()).searchParams.get('sel')).toBe('2');
    const highlighted = await w.page.evaluate(() => (window as any).cy.edges('.hl').map((e: any) => e.id()).sort());
    expect(highlighted).toEqual(accessPaths[1].steps.filter((s: any) => s.access).map((s: any) => `step:${s.access.id}`).sort());
  });
});

describe('findings and gaps', () => {
  it('shows the counts the API answers, and a count opens its list, and a finding its evidence', async () => {
    const { findingSummary: s } = await answer('ANALYST', `{ findingSummary { bySeverity { severity count } } }`);
    const w = await page();
    await signedIn(w, base, '?v=findings', tokens.ANALYST);
    const counts = await w.page.$$eval('a.count[class*="sev-"]', (links) => links.slice(0, 4).map((a) => [new URL((a as HTMLAnchorElement).href).searchParams.get('sev'), Number(a.textContent)]));
    expect(counts).toEqual(s.bySeverity.map((b: any) => [b.severity, b.count]));
    await w.page.click('a.count.sev-CRITICAL');
    await ready(w.page, 'findings');
    const { findings } = await answer('ANALYST', `{ findings(severities: [CRITICAL], first: 200) { edges { node { id } } } }`);
    expect(await w.page.$$eval('tr[data-finding]', (trs) => trs.map((tr) => tr.getAttribute('data-finding')))).toEqual(findings.edges.map((e: any) => e.node.id));
    await w.page.click('tr[data-finding] a');
    await ready(w.page, 'findings');
    await w.page.waitForSelector('.detail h2');
    expect(await w.page.textContent('.detail h2')).toContain('CRITICAL');
  });
});

describe('search', () => {
  it.each(['ANALYST', 'TENANT_AUDITOR', 'OWNER'])('lists, as %s, what searchEntities answers', async (role) => {
    const { searchEntities } = await answer(role, `{ searchEntities(text: "admin", first: 50) { id } }`);
    expect(searchEntities.length).toBeGreaterThan(0);
    const w = await page();
    await signedIn(w, base, '?v=search&q=admin', tokens[role]);
    expect(await w.page.$$eval('tr[data-id]', (trs) => trs.map((tr) => tr.getAttribute('data-id')))).toEqual(searchEntities.map((e: any) => e.id));
  });
});

describe("Acme's auditor", () => {
  it("never sees another tenant's name or id on any view", async () => {
    const { entities } = await answer('ADMIN', `{ entities(kind: TENANT, first: 1000) { edges { node { id name } } } }`);
    const others = entities.edges.map((e: any) => e.node).filter((t: any) => t.id !== 'tenant:acme');
    expect(others.length).toBeGreaterThan(5);
    const w = await page();
    const seen: string[] = [];
    const collect = async () => seen.push(await w.page.evaluate(() => document.documentElement.outerHTML + JSON.stringify((window as any).cy?.json() ?? null)));
    await signedIn(w, base, '?v=reach&target=tenant%3Aacme', tokens.TENANT_AUDITOR);
    await collect();
    for (const view of ['?v=blast&from=tool%3Armm&open=tenant%3Aacme', '?v=search&q=admin', '?v=search&q=a', '?v=findings', '?v=findings&sev=CRITICAL', '?v=findings&reason=NO_OWNER', '?v=path&from=person%3Atom-baker&to=system%3Aacme-dc01', '?v=blast&from=tool%3Avault']) {
      await w.page.goto(`${base}/${view}`);
      await ready(w.page);
      await collect();
    }
    const text = seen.join('\n').toLowerCase();
    const leaks = others.flatMap((t: any) => [t.id, t.name].filter((s: string) => text.includes(s.toLowerCase())));
    expect(leaks).toEqual([]);
    // The scan is not vacuous: Acme itself is on the pages.
    expect(text).toContain("acme manufacturing");
  });
});

describe('my access', () => {
  it('certifies a due record with a note as its owner, and the audit trail shows it to an analyst', async () => {
    const owner = demoCallers.find((c) => c.role === 'OWNER')!;
    const w = await page();
    await signedIn(w, base, '?v=mine', tokens.OWNER);
    const { ownerReach } = await answer('OWNER', `query($p: ID!) { ownerReach(personId: $p) { entity { id } } }`, { p: owner.person });
    expect(await w.page.$$eval('table[aria-label="Owned entities"] tbody tr', (trs) => trs.map((tr) => tr.getAttribute('data-id')))).toEqual(ownerReach.map((o: any) => o.entity.id));
    const accessId = (await w.page.getAttribute('form.certify', 'data-access'))!;
    await w.page.fill(`form.certify[data-access="${accessId}"] input`, 'still needed for the nightly backups');
    await w.page.click(`form.certify[data-access="${accessId}"] button`);
    await w.page.waitForFunction((id) => !document.querySelector(`form.certify[data-access="${id}"]`) && document.querySelector('main[data-ready]'), accessId);
    const { access } = await answer('ANALYST', `query($id: ID!) { access(id: $id) { from { id } lastCertifiedAt certifiedBy { id } certificationNote } }`, { id: accessId });
    expect([access.certifiedBy?.id, access.certificationNote]).toEqual([owner.person, 'still needed for the nightly backups']);

    const analyst = await page();
    await signedIn(analyst, base, `?v=blast&from=${encodeURIComponent(access.from.id)}&sel=${encodeURIComponent(access.from.id)}`, tokens.ANALYST);
    await analyst.page.waitForSelector('.panel .trail li[data-kind="CERTIFIED"]');
    expect(await analyst.page.textContent('.panel .trail li[data-kind="CERTIFIED"]')).toContain(owner.sub);
  });
});

describe('accessibility', () => {
  it.each([
    ['ANALYST', '?v=blast&from=tool%3Armm'],
    ['ANALYST', '?v=reach&target=system%3Aacme-dc01'],
    ['ANALYST', '?v=path&from=person%3Atom-baker&to=system%3Aacme-dc01'],
    ['ANALYST', '?v=findings&sev=HIGH'],
    ['ANALYST', '?v=search&q=acme'],
    ['OWNER', '?v=mine'],
  ])('has no serious or critical axe violations (%s, %s)', async (role, view) => {
    const w = await page();
    await signedIn(w, base, view, tokens[role]);
    expect(await accessibilityProblems(w.page)).toEqual([]);
  });

  it('has none on the sign-in page', async () => {
    const w = await page();
    await w.page.goto(`${base}/`);
    await w.page.waitForSelector('#token');
    expect(await accessibilityProblems(w.page)).toEqual([]);
  });
});

describe('a large column', () => {
  // Last in the file: it adds to the demo graph. zz-big -CAN_ACCESS-> 15 service accounts, each -CAN_ACCESS-> a system of its own in tenant zz.
  const accounts = Array.from({ length: 15 }, (_, i) => `identity:zz-svc-${String(i).padStart(2, '0')}`);
  beforeAll(() =>
    h.load(
      graph({
        tools: [{ id: 'tool:zz-big', name: 'ZZ big tool', category: 'RMM' }],
        identities: accounts.map((id) => identity(id, { identityKind: 'SERVICE_ACCOUNT' })),
        tenants: [named('tenant:zz')],
        systems: accounts.map((_id, i) => system(`system:zz-${i}`, 'tenant:zz')),
        access: accounts.flatMap((id, i) => [grant(`zz-a-${i}`, 'CAN_ACCESS', 'tool:zz-big', id), grant(`zz-b-${i}`, 'CAN_ACCESS', id, `system:zz-${i}`)]),
      }),
    ),
  );

  it('draws more than 12 entities of one kind at one distance as one group node, listed on a click', async () => {
    const w = await page();
    await signedIn(w, base, '?v=blast&from=tool%3Azz-big', tokens.ANALYST);
    const groups = await w.page.evaluate(() => (window as any).cy.nodes('.GROUP').map((n: any) => n.data('label')));
    expect(groups).toEqual(['15 identities (click to list)']);
    const at = await w.page.evaluate(() => (window as any).cy.nodes('.GROUP')[0].renderedPosition());
    const box = (await w.page.locator('.canvas').boundingBox())!;
    await w.page.mouse.click(box.x + at.x, box.y + at.y);
    await w.page.waitForSelector('.panel ul.plain li');
    expect((await w.page.$$eval('.panel ul.plain li', (lis) => lis.map((li) => li.textContent))).sort()).toEqual(accounts);
  });
});

describe('a tool reaching more tenants than are drawn', () => {
  // Last in the file too. zz-wide -CAN_ACCESS-> one service account -CAN_ACCESS-> a system in each of 105 tenants;
  // tenant zw-000 has three systems, zw-001 two, the others one; zw-103 is terminated.
  const tenantIds = Array.from({ length: 105 }, (_, i) => `tenant:zw-${String(i).padStart(3, '0')}`);
  const systemsOf = (i: number) => Array.from({ length: i === 0 ? 3 : i === 1 ? 2 : 1 }, (_, k) => `system:zw-${i}-${k}`);
  beforeAll(() =>
    h.load(
      graph({
        tools: [{ id: 'tool:zz-wide', name: 'ZZ wide tool', category: 'RMM' }],
        identities: [identity('identity:zw-svc', { identityKind: 'SERVICE_ACCOUNT' })],
        tenants: tenantIds.map((id, i) => ({ ...named(id), ...(i === 103 ? { contractStatus: 'TERMINATED' as const } : {}) })),
        systems: tenantIds.flatMap((id, i) => systemsOf(i).map((s) => system(s, id))),
        access: [
          grant('zw-a', 'CAN_ACCESS', 'tool:zz-wide', 'identity:zw-svc'),
          ...tenantIds.flatMap((_id, i) => systemsOf(i).map((s) => grant(`zw-${s}`, 'CAN_ACCESS', 'identity:zw-svc', s))),
        ],
      }),
    ),
  );

  it('draws the 100 with the most systems and the rest as one group node at the foot of the column, its marks counted; the table lists all', async () => {
    const w = await page();
    await signedIn(w, base, '?v=blast&from=tool%3Azz-wide', tokens.ANALYST);
    const drawn = await w.page.evaluate(() => (window as any).cy.nodes('.TENANT').map((n: any) => n.id()));
    // Most systems first, then by name: zw-000, zw-001, then zw-002 ... zw-099; zw-100 to zw-104 are grouped.
    expect(drawn.sort()).toEqual(tenantIds.slice(0, 100));
    const group = await w.page.evaluate(() => {
      const g = (window as any).cy.getElementById('group:tenants');
      const lowest = Math.max(...(window as any).cy.nodes('.TENANT').map((n: any) => n.position('y')));
      return { label: g.data('label'), terminated: g.hasClass('terminated'), gap: g.hasClass('gap'), below: g.position('y') > lowest, edges: g.connectedEdges().length };
    });
    // Nobody owns the tool or the account: every path has a gap.
    expect(group).toEqual({ label: '5 more tenants (click to list)\n5 systems\n1 terminated\n⚠ 5 with a gap on a path', terminated: false, gap: true, below: true, edges: 1 });
    const at = await w.page.evaluate(() => (window as any).cy.getElementById('group:tenants').renderedPosition());
    const box = (await w.page.locator('.canvas').boundingBox())!;
    await w.page.evaluate((y) => (window as any).cy.panBy({ x: 0, y }), box.height / 2 - at.y);
    const moved = await w.page.evaluate(() => (window as any).cy.getElementById('group:tenants').renderedPosition());
    await w.page.mouse.click(box.x + moved.x, box.y + moved.y);
    await w.page.waitForSelector('.panel ul.plain li');
    expect(await w.page.$$eval('.panel ul.plain li a', (as) => as.map((a) => [a.textContent, new URL((a as HTMLAnchorElement).href).searchParams.get('target')]))).toEqual(
      tenantIds.slice(100).map((id) => [`${id} (1 system)`, id]),
    );
    expect((await w.page.$$eval('tr[data-tenant]', (rows) => rows.map((r) => r.getAttribute('data-tenant')))).sort()).toEqual(tenantIds);
  });

  it('draws a grouped tenant that a shared link opens, with its systems, and groups the others', async () => {
    const w = await page();
    await signedIn(w, base, '?v=blast&from=tool%3Azz-wide&open=tenant%3Azw-104', tokens.ANALYST);
    await w.page.waitForFunction(() => (window as any).cy.getElementById('system:zw-104-0').nonempty());
    const drawn = await w.page.evaluate(() => ({
      tenants: (window as any).cy.nodes('.TENANT').length,
      opened: (window as any).cy.getElementById('tenant:zw-104').nonempty(),
      group: (window as any).cy.getElementById('group:tenants').data('label').split('\n')[0],
    }));
    expect(drawn).toEqual({ tenants: 101, opened: true, group: '4 more tenants (click to list)' });
  });
});
