// A/B of the local text reader between two builds, in one process and the
// same minutes: load each build's reader (dist/run/models), then read the
// OCR corpus with A, B, B, A, A, B… (one whole pass per turn), so machine
// load falls on both alike. Prints, per build, the median over rounds of the
// median time per image (wall and CPU), model load, the images whose text
// differs from A's, and the load average. Bounded: ROUNDS passes each.
// Not a bench row; for deciding whether a change to the reader pays.
//
//   cp -r dist /tmp/dist-before        # before the change
//   npm run build                      # after it
//   node bench/ocr/ab-reader.mjs /tmp/dist-before dist [ROUNDS=3]
//
// A build copied outside the repo must still find node_modules: link it
// beside the copy (ln -s "$PWD/node_modules" /tmp/node_modules).
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';

const [a, b, roundsArg = '3'] = process.argv.slice(2);
if (!a || !b) {
  console.error('usage: node bench/ocr/ab-reader.mjs DIST_A DIST_B [ROUNDS]');
  process.exit(2);
}
const rounds = Math.min(20, Math.max(1, Number(roundsArg)));
const corpus = fileURLToPath(new URL('../ocr-corpus', import.meta.url));
const truth = JSON.parse(readFileSync(join(corpus, 'truth.json'), 'utf8'));
const names = Object.keys(truth);
const bytes = Object.fromEntries(names.map((n) => [n, readFileSync(join(corpus, 'images', n))]));

const median = (values) => {
  const s = [...values].sort((x, y) => x - y);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

async function build(dist) {
  const url = (path) => pathToFileURL(resolve(dist, path)).href;
  const { loadTextReader, decodeImage } = await import(url('run/models/load.js'));
  const { readingOrder } = await import(url('run/text-read.js'));
  const start = performance.now();
  const reader = await loadTextReader();
  const loadMs = performance.now() - start;
  const read = async (name) => {
    const image = await decodeImage(bytes[name]);
    const found = [];
    for (const region of await reader.detect(image)) {
      found.push({ box: region.box, text: (await reader.recognize(image, region.box)).text });
    }
    return readingOrder(found)
      .map((line) => line.map((r) => r.text).join(' '))
      .join('\n');
  };
  for (const name of names.slice(0, 2)) await read(name); // warm-up
  return { dist, read, loadMs, wall: [], cpu: [], texts: {} };
}

const builds = [await build(a), await build(b)];
const loads = [];
for (let round = 0; round < rounds; round++) {
  loads.push(loadavg()[0]);
  for (const x of round % 2 ? [...builds].reverse() : builds) {
    const wall = [];
    const cpu = [];
    for (const name of names) {
      const start = performance.now();
      const before = process.cpuUsage();
      x.texts[name] = await x.read(name);
      wall.push(performance.now() - start);
      const used = process.cpuUsage(before);
      cpu.push((used.user + used.system) / 1000);
    }
    x.wall.push(median(wall));
    x.cpu.push(median(cpu));
  }
}
for (const x of builds) {
  const differ = names.filter((n) => x.texts[n] !== builds[0].texts[n]);
  console.log(
    `${x.dist}: median per image ${median(x.wall).toFixed(1)} ms wall ` +
      `(rounds ${x.wall.map((m) => m.toFixed(0)).join(' ')}), ${median(x.cpu).toFixed(1)} ms CPU; ` +
      `load ${x.loadMs.toFixed(0)} ms; text differs from A on ${differ.length} images` +
      (differ.length ? ` (${differ.slice(0, 8).join(', ')})` : ''),
  );
}
console.log(
  `${names.length} images × ${rounds} rounds; load average ${loads.map((l) => l.toFixed(2)).join(' → ')}`,
);
