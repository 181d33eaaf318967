// Bundles the explorer page (web/) into dist/explorer with esbuild: one script, one stylesheet, one HTML shell.
// `npm run build` and `npm start` (its prestart) run it; the browser tests call buildExplorer() themselves.
import { copyFile, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { brotliCompress, gzip, constants as zlib } from 'node:zlib';
import { build } from 'esbuild';
import { explorerDir } from '../src/plugins/explorer.js';

const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

export interface ExplorerBuild {
  outDir: string;
  files: { name: string; bytes: number; brotliBytes: number }[];
  ms: number;
}

/**
 * Builds web/ into outDir (emptied first), minified. A source map only when asked (`npm run dev`): a
 * production build ships none, so no server hands out the page's whole source.
 */
export async function buildExplorer(
  outDir = path.join(repoRoot, explorerDir),
  options: { sourceMap?: boolean } = {},
): Promise<ExplorerBuild> {
  const started = performance.now();
  const web = path.join(repoRoot, 'web');
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  await build({
    entryPoints: { app: path.join(web, 'src/main.ts'), explorer: path.join(web, 'explorer.css') },
    outdir: outDir,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    // Browsers from 2021 on; nothing older is worth a transpile step for a learning tool.
    target: ['es2021', 'chrome96', 'firefox95', 'safari15'],
    minify: true,
    sourcemap: options.sourceMap ? 'linked' : false,
    legalComments: 'linked',
    logLevel: 'warning',
    tsconfig: path.join(web, 'tsconfig.json'),
  });
  await copyFile(path.join(web, 'index.html'), path.join(outDir, 'index.html'));
  await copyFile(path.join(web, 'favicon.svg'), path.join(outDir, 'favicon.svg'));
  const names = ['index.html', 'app.js', 'explorer.css'];
  // Compressed copies beside each file: @fastify/static sends them to browsers that accept them (preCompressed).
  await Promise.all(
    names.map(async (name) => {
      const file = path.join(outDir, name);
      const content = await readFile(file);
      await writeFile(`${file}.br`, await brotli(content, { params: { [zlib.BROTLI_PARAM_QUALITY]: 9 } }));
      await writeFile(`${file}.gz`, await gzipAsync(content, { level: 9 }));
    }),
  );
  const files = await Promise.all(
    names.map(async (name) => ({
      name,
      bytes: (await stat(path.join(outDir, name))).size,
      brotliBytes: (await stat(path.join(outDir, `${name}.br`))).size,
    })),
  );
  return { outDir, files, ms: performance.now() - started };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const folder = args.find((arg) => !arg.startsWith('--'));
  const result = await buildExplorer(folder ? path.resolve(folder) : undefined, { sourceMap: args.includes('--source-map') });
  const sizes = result.files.map((file) => `${file.name} ${kib(file.bytes)}, ${kib(file.brotliBytes)} brotli`).join('; ');
  process.stdout.write(`explorer: built ${path.relative(process.cwd(), result.outDir) || '.'} in ${result.ms.toFixed(0)} ms (${sizes})\n`);
}
