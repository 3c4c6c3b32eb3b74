/**
 * The console's script and style sheet, bundled by esbuild from
 * src/console/page (plain TypeScript, cytoscape from node_modules) when first
 * asked for, then kept in memory: no build step, no committed bundle, and
 * nothing fetched from anywhere but this process.
 */
import path from 'node:path';
import { build } from 'esbuild';

export interface ConsoleAssets {
  script: string;
  style: string;
}

const PAGE = path.join(__dirname, 'page');
let assets: Promise<ConsoleAssets> | null = null;

/** The bundled assets, built once per process (a failed build is retried at the next call). */
export function consoleAssets(): Promise<ConsoleAssets> {
  assets ??= bundle().catch((error) => {
    assets = null;
    throw error;
  });
  return assets;
}

async function bundle(): Promise<ConsoleAssets> {
  const result = await build({
    entryPoints: { app: path.join(PAGE, 'main.ts'), style: path.join(PAGE, 'style.css') },
    bundle: true,
    write: false,
    outdir: '/console',
    format: 'iife',
    platform: 'browser',
    target: ['chrome120', 'firefox120', 'safari17'],
    minify: true,
    legalComments: 'none',
    logLevel: 'silent',
    tsconfig: path.join(PAGE, 'tsconfig.json'),
  });
  const text = (ext: string) => result.outputFiles.find((f) => f.path.endsWith(ext))!.text;
  return { script: text('.js'), style: text('.css') };
}
