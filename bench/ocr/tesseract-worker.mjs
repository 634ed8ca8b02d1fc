// The peer: tesseract.js with its shipped English LSTM model
// (@tesseract.js-data/eng, 4.0.0_best_int, the model tesseract.js itself
// fetches by default), offline, one worker, on the same images.
//
//   node bench/ocr/tesseract-worker.mjs CORPUS_DIR
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createWorker, OEM } from 'tesseract.js';

const corpus = process.argv[2];
const truth = JSON.parse(readFileSync(join(corpus, 'truth.json'), 'utf8'));
const images = Object.keys(truth);
const require = createRequire(import.meta.url);
const langPath = join(dirname(require.resolve('@tesseract.js-data/eng')), '4.0.0_best_int');

let start = performance.now();
let cpu = process.cpuUsage();
const worker = await createWorker('eng', OEM.LSTM_ONLY, {
  langPath,
  gzip: true,
  cacheMethod: 'none',
});
const loadMs = performance.now() - start;
const cpuMs = (since) => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
};
const loadCpuMs = cpuMs(cpu);

const read = async (name) =>
  (await worker.recognize(readFileSync(join(corpus, 'images', name)))).data.text;

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
await worker.terminate();
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
