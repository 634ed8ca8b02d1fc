// One process that reads the corpus with vtr-wf's local text reader
// (dist/run/models), called directly: decode, detect, recognise each region,
// reading order. Prints JSON: load time, per-image times and texts, peak RSS.
//
//   node bench/ocr/vtr-worker.mjs CORPUS_DIR
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

const corpus = process.argv[2];
const truth = JSON.parse(readFileSync(join(corpus, 'truth.json'), 'utf8'));
const images = Object.keys(truth);
const dist = (path) => new URL(`../../dist/${path}`, import.meta.url).href;
const { loadTextReader, decodeImage } = await import(dist('run/models/load.js'));
// The contract's reading order, from the same module `run` and `test` use.
const { readingOrder } = await import(dist('run/text-read.js'));

let start = performance.now();
let cpu = process.cpuUsage();
const reader = await loadTextReader();
const loadMs = performance.now() - start;
const cpuMs = (since) => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
};
const loadCpuMs = cpuMs(cpu);

async function read(name) {
  const image = await decodeImage(readFileSync(join(corpus, 'images', name)));
  const regions = await reader.detect(image);
  const read = [];
  for (const region of regions) {
    read.push({ box: region.box, text: (await reader.recognize(image, region.box)).text });
  }
  return readingOrder(read)
    .map((line) => line.map((r) => r.text).join(' '))
    .join('\n');
}

// Warm-up: the first runs pay for lazy initialisation inside onnxruntime.
for (const name of images.slice(0, 2)) await read(name);
const times = {};
const cpuTimes = {};
const texts = {};
for (const name of images) {
  start = performance.now();
  cpu = process.cpuUsage();
  texts[name] = await read(name);
  times[name] = performance.now() - start;
  cpuTimes[name] = cpuMs(cpu);
}
console.log(
  JSON.stringify({
    loadMs,
    loadCpuMs,
    times,
    cpuTimes,
    texts,
    peakRss: process.resourceUsage().maxRSS * 1024,
  }),
);
