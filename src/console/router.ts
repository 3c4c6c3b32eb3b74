/**
 * The console at / (the GraphQL IDE stays at /ide): one HTML page, its script
 * and its style sheet, all from this process (bundle.ts). The page is a
 * client of /graphql like any other: it holds the caller's token in the tab's
 * session storage and sends it as a bearer token, so it sees exactly what the
 * API lets that token see.
 *
 * Its Content-Security-Policy allows nothing but this origin: no inline
 * script or style, no other host for scripts, styles, images, fonts or
 * requests, no frames, no plugins, and no framing of the page itself.
 * Cytoscape would add one inline <style> of its own unless an element with
 * its id exists: the style sheet link carries that id, and style.css the rule.
 */
import express from 'express';
import { consoleAssets } from './bundle';

export const CONSOLE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>PathWarden console</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/console/style.css" id="__________cytoscape_stylesheet">
<script src="/console/app.js" defer></script>
</head>
<body>
<noscript>The PathWarden console needs JavaScript. The GraphQL API is at /graphql.</noscript>
</body>
</html>
`;

export function consoleRouter(): express.Router {
  const router = express.Router();
  const secure = (res: express.Response) =>
    res.set({ 'Content-Security-Policy': CONSOLE_CSP, 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer', 'Cache-Control': 'no-cache' });
  router.get('/', (_req, res) => {
    secure(res).type('html').send(PAGE);
  });
  router.get('/console/app.js', async (_req, res, next) => {
    try {
      secure(res).type('text/javascript').send((await consoleAssets()).script);
    } catch (error) {
      next(error);
    }
  });
  router.get('/console/style.css', async (_req, res, next) => {
    try {
      secure(res).type('text/css').send((await consoleAssets()).style);
    } catch (error) {
      next(error);
    }
  });
  return router;
}
