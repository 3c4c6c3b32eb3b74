import express from 'express';
import { getDistDirectory, renderAltair, renderInitSnippet, type RenderOptions } from 'altair-static';

const BASE = '__PATHWARDEN_IDE_BASE__'; // replaced per request: the router may be mounted under any prefix
const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Altair GraphQL IDE at GET /ide, served only from node_modules/altair-static (no CDN, no calls home). */
export function ideRouter(opts: { endpoint: string; title?: string; initialQuery?: string }): express.Router {
  const altair: RenderOptions = {
    endpointURL: opts.endpoint,
    ...(opts.initialQuery ? { initialQuery: opts.initialQuery } : {}),
    disableAccount: true, // no login / cloud sync against api.altairgraphql.dev
    instanceStorageNamespace: 'pathwarden_ide_', // don't share localStorage with other Altair instances on this origin
    // AltairGraphQL.init(...) goes in /ide/initial_options.js instead of an inline <script>: the CSP below
    // can then be script-src 'self', and a '</script>' inside initialQuery cannot break out of the page.
    serveInitialOptionsInSeperateRequest: 'initial_options.js',
    // persistedSettings are re-applied on every load, so they can't be switched back on in the settings UI.
    persistedSettings: {
      'plugin.list': [], // plugins are fetched from cdn.jsdelivr.net, GitHub or arbitrary URLs
      'alert.disableUpdateNotification': true,
      'banners.disable': true,
      disablePushNotification: true,
    },
  };
  // Rendered once: renderAltair reads dist/index.html synchronously (and throws early if it is missing).
  // `title` only sets the page <title>: Altair's initialName is ignored unless initialWindows is used.
  const page = renderAltair({ ...altair, baseURL: BASE }).replace(
    /<title>[^<]*<\/title>/,
    () => `<title>${esc(opts.title ?? 'PathWarden GraphQL IDE')}</title>`,
  );
  const initSnippet = renderInitSnippet(altair);

  // Browser-enforced backstop: whatever Altair feature we missed, the page can only reach this origin (plus
  // an absolute endpoint's origin). Request scripts run in a local worker; Altair's script iframe is found
  // at /ide/iframe-sandbox/ (it probes sandbox.png) rather than sandbox.altairgraphql.dev.
  const endpointOrigin = /^(https?|wss?):\/\//i.test(opts.endpoint) ? ` ${new URL(opts.endpoint).origin}` : '';
  const csp = [
    "default-src 'self'", "script-src 'self'", "style-src 'self' 'unsafe-inline'", "img-src 'self' data: blob:",
    "font-src 'self' data:", `connect-src 'self'${endpointOrigin}`, "worker-src 'self' blob:", "frame-src 'self'",
    "object-src 'none'", "base-uri 'self'", "form-action 'self'", "frame-ancestors 'self'",
  ].join('; ');

  const router = express.Router();
  router.get(['/ide', '/ide/', '/ide/index.html'], (req, res) => {
    // Absolute <base>: relative asset URLs must resolve under /ide/ whether or not the URL has a trailing slash.
    res.set('Content-Security-Policy', csp).set('Cache-Control', 'no-cache').type('html');
    res.send(page.replace(BASE, () => esc(`${req.baseUrl}/ide/`)));
  });
  router.get('/ide/initial_options.js', (_req, res) => {
    res.set('Cache-Control', 'no-cache').type('text/javascript').send(initSnippet);
  });
  // index: false because dist/index.html has <base href="/"> and no init call; the route above serves the page.
  router.use('/ide', express.static(getDistDirectory(), { index: false }));
  return router;
}
