#!/usr/bin/env node
/**
 * Builds the browser client into client/dist (served by the server at `/`): one minified bundle
 * per page (pupil player, teacher view) with esbuild, plus the static files in client/public.
 * Prints each bundle's size raw and gzipped, because the player must stay small for old laptops.
 *
 *   node scripts/build-client.js            build once
 *   node scripts/build-client.js --watch    rebuild on change (development)
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');
const esbuild = require('esbuild');

const root = path.resolve(__dirname, '..');
const outdir = path.join(root, 'client', 'dist');
const publicDir = path.join(root, 'client', 'public');

const options = {
  entryPoints: {
    pupil: path.join(root, 'client', 'src', 'pupil', 'main.ts'),
    teacher: path.join(root, 'client', 'src', 'teacher', 'main.ts'),
    // The item bank's authoring screens (authoring.html).
    authoring: path.join(root, 'client', 'src', 'authoring', 'main.ts'),
    // KaTeX, loaded by the pages only for maths the light renderer cannot show.
    maths: path.join(root, 'client', 'src', 'maths', 'main.ts'),
    // The standards manager's cut scores and calibration runs (standards.html).
    standards: path.join(root, 'client', 'src', 'standards', 'main.ts'),
    // Qualification progress, results, transcript and awards (progress.html).
    progress: path.join(root, 'client', 'src', 'progress', 'main.ts'),
    // National sampling: the pupils' sitting (sampling.html) and the administrator's dashboard.
    sampling: path.join(root, 'client', 'src', 'samplingSitting', 'main.ts'),
    'sampling-admin': path.join(root, 'client', 'src', 'samplingAdmin', 'main.ts'),
  },
  outdir,
  bundle: true,
  minify: true,
  sourcemap: 'linked',
  format: 'iife',
  platform: 'browser',
  // ES2019: what the browsers a 2015 school laptop still runs (Chrome/Edge/Firefox from 2019,
  // Safari 13+) understand; esbuild lowers newer syntax such as ?. and ??.
  target: 'es2019',
  legalComments: 'linked',
  logLevel: 'warning',
  define: { 'process.env.NODE_ENV': '"production"' },
};

function copyPublic() {
  fs.mkdirSync(outdir, { recursive: true });
  for (const name of fs.readdirSync(publicDir)) {
    fs.copyFileSync(path.join(publicDir, name), path.join(outdir, name));
  }
  // KaTeX's stylesheet and its WOFF2 fonts (every browser that runs the bundle reads WOFF2; the
  // stylesheet's WOFF/TTF fallbacks are never fetched then).
  const katexDist = path.join(path.dirname(require.resolve('katex/package.json')), 'dist');
  fs.mkdirSync(path.join(outdir, 'katex', 'fonts'), { recursive: true });
  fs.copyFileSync(path.join(katexDist, 'katex.min.css'), path.join(outdir, 'katex', 'katex.min.css'));
  for (const name of fs.readdirSync(path.join(katexDist, 'fonts'))) {
    if (name.endsWith('.woff2')) fs.copyFileSync(path.join(katexDist, 'fonts', name), path.join(outdir, 'katex', 'fonts', name));
  }
}

function report() {
  for (const name of ['pupil.js', 'teacher.js', 'styles.css', 'maths.js']) {
    const file = path.join(outdir, name);
    if (!fs.existsSync(file)) continue;
    const content = fs.readFileSync(file);
    const gzipped = zlib.gzipSync(content, { level: 9 }).length;
    console.log(`client/dist/${name}: ${(content.length / 1024).toFixed(1)} KiB, ${(gzipped / 1024).toFixed(1)} KiB gzipped`);
  }
}

async function main() {
  fs.rmSync(outdir, { recursive: true, force: true });
  copyPublic();
  if (process.argv.includes('--watch')) {
    const context = await esbuild.context(options);
    await context.watch();
    fs.watch(publicDir, () => copyPublic());
    console.log('Watching client/src and client/public…');
    return;
  }
  await esbuild.build(options);
  report();
}

main().catch((error) => {
  console.error(error.message || error);
  process.exit(1);
});
