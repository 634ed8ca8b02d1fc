#!/usr/bin/env node
// Generates the OCR bench corpus (bench/rows/ocr.mjs): 640×480 images of
// English text — several DejaVu fonts and styles, sizes 14–72 px, text and
// background colours with enough contrast, plain, gradient and textured
// backgrounds, noise, rotation up to ±5°, 1–5 lines — and truth.json (image
// → its exact text, lines top to bottom joined by "\n").
//
// Deterministic: one seeded PRNG drives every choice, so running it again
// writes the same images (given the same sharp/librsvg and fonts).
//
//   node bench/ocr-corpus/generate.mjs [COUNT]      # default 64
import { Buffer } from 'node:buffer';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';

const DIR = fileURLToPath(new URL('.', import.meta.url));
const IMAGES = join(DIR, 'images');
const WIDTH = 640;
const HEIGHT = 480;
const MARGIN = 36;
const SEED = 20261202;
const COUNT = Number(process.argv[2] ?? 64);

/** mulberry32: small, fast, and the same on every machine. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = prng(SEED);
const between = (lo, hi) => lo + random() * (hi - lo);
const int = (lo, hi) => Math.floor(between(lo, hi + 1));
const pick = (list) => list[Math.floor(random() * list.length)];

// Families and the styles this machine has for them (fc-list | grep DejaVu).
// `width` is the mean advance of a character, in ems, used to fit lines.
const FONTS = [
  { family: 'DejaVu Sans', weight: 'normal', style: 'normal', width: 0.62 },
  { family: 'DejaVu Sans', weight: 'bold', style: 'normal', width: 0.7 },
  { family: 'DejaVu Sans', weight: 'normal', style: 'oblique', width: 0.62 },
  { family: 'DejaVu Sans', weight: 'bold', style: 'oblique', width: 0.7 },
  { family: 'DejaVu Sans Condensed', weight: 'normal', style: 'normal', width: 0.56 },
  { family: 'DejaVu Serif', weight: 'normal', style: 'normal', width: 0.62 },
  { family: 'DejaVu Serif', weight: 'bold', style: 'normal', width: 0.7 },
  { family: 'DejaVu Serif', weight: 'normal', style: 'italic', width: 0.6 },
  { family: 'DejaVu Serif', weight: 'bold', style: 'italic', width: 0.68 },
  { family: 'DejaVu Sans Mono', weight: 'normal', style: 'normal', width: 0.61 },
  { family: 'DejaVu Sans Mono', weight: 'bold', style: 'normal', width: 0.61 },
  { family: 'DejaVu Sans Mono', weight: 'normal', style: 'oblique', width: 0.61 },
];

const WORDS = (
  'open closed sale sold rent exit entrance push pull parking office hours daily store market ' +
  'coffee bakery fresh bread pizza hotel station platform north south east west street avenue ' +
  'road main park garden river bridge library museum school police fire emergency danger ' +
  'caution warning stop slow yield left right only one way no entry private keep out welcome ' +
  'thank you please wait here line number total price tax receipt cash card change date time ' +
  'monday tuesday friday weekend december january quality service delivery free special offer ' +
  'new limited today tomorrow night morning apples oranges milk eggs cheese water juice tea ' +
  'room floor level gate door window table chair order ticket invoice customer account balance ' +
  'the and for with from your our all best good great big small red blue green black white'
).split(/\s+/);

/** Numbers a sign or a receipt shows. */
const NUMBERS = [
  () => String(int(1, 999)),
  () => `$${int(1, 99)}.${String(int(0, 99)).padStart(2, '0')}`,
  () => `${int(10, 99)}%`,
  () => `555-${String(int(0, 9999)).padStart(4, '0')}`,
  () => `${int(1, 12)}:${String(int(0, 59)).padStart(2, '0')}`,
  () => `2026-${String(int(1, 12)).padStart(2, '0')}-${String(int(1, 28)).padStart(2, '0')}`,
  () => `#${int(1, 9999)}`,
  () => `${int(1, 24)}/7`,
  () => `No.${int(1, 99)}`,
];
const TRAILING = [',', '.', '!', '?', ':', ';'];

function word() {
  const r = random();
  let w = r < 0.22 ? pick(NUMBERS)() : pick(WORDS);
  const casing = random();
  if (!/^[a-z]/.test(w)) return w;
  if (casing < 0.3) w = w.toUpperCase();
  else if (casing < 0.65) w = w[0].toUpperCase() + w.slice(1);
  if (random() < 0.06) w = `"${w}"`;
  else if (random() < 0.05) w = `(${w})`;
  else if (random() < 0.04) w = `${w}'s`;
  return w;
}

function line(maxChars) {
  const target = Math.max(3, Math.min(maxChars, int(6, 40)));
  const words = [word()];
  for (;;) {
    let next = word();
    if (random() < 0.12) next = `${next}${pick(TRAILING)}`;
    if (random() < 0.05) next = `& ${next}`;
    if (random() < 0.04) next = `- ${next}`;
    const candidate = `${words.join(' ')} ${next}`;
    if (candidate.length > target) break;
    words.push(next);
  }
  let text = words.join(' ');
  if (text.length > maxChars) text = text.slice(0, maxChars).trimEnd();
  return text;
}

/** WCAG relative luminance and contrast ratio. */
function luminance([r, g, b]) {
  const lin = (c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}
function contrast(a, b) {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}
const hex = (rgb) => `#${rgb.map((c) => Math.round(c).toString(16).padStart(2, '0')).join('')}`;
const colour = () => [int(0, 255), int(0, 255), int(0, 255)];
const mix = (a, b, t) => a.map((c, i) => c + (b[i] - c) * t);

/** A text colour and background colours (two for gradients) all at ≥ 4.5:1 against the text. */
function palette() {
  for (;;) {
    const style = random();
    const ink = style < 0.45 ? [int(0, 60), int(0, 60), int(0, 60)] : colour();
    const bgA = style < 0.45 ? [int(200, 255), int(200, 255), int(200, 255)] : colour();
    const bgB = mix(bgA, colour(), between(0.15, 0.5));
    if (contrast(ink, bgA) >= 4.5 && contrast(ink, bgB) >= 4.5) return { ink, bgA, bgB };
  }
}

const escape = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function background(kind, { bgA, bgB }) {
  if (kind === 'plain') return `<rect width="100%" height="100%" fill="${hex(bgA)}"/>`;
  if (kind === 'gradient') {
    const angle = int(0, 359);
    return (
      `<defs><linearGradient id="g" gradientTransform="rotate(${angle} 0.5 0.5)">` +
      `<stop offset="0" stop-color="${hex(bgA)}"/><stop offset="1" stop-color="${hex(bgB)}"/>` +
      `</linearGradient></defs><rect width="100%" height="100%" fill="url(#g)"/>`
    );
  }
  // Textured: low-contrast fractal noise (paper, concrete) between the two colours.
  const frequency = between(0.01, 0.06).toFixed(3);
  const seed = int(1, 9999);
  return (
    `<defs><filter id="t" x="0" y="0" width="100%" height="100%">` +
    `<feTurbulence type="fractalNoise" baseFrequency="${frequency}" numOctaves="3" seed="${seed}"/>` +
    `<feColorMatrix type="matrix" values="0 0 0 0 0  0 0 0 0 0  0 0 0 0 0  0 0 0 0.9 0"/>` +
    `<feComposite in2="SourceGraphic" operator="in"/></filter></defs>` +
    `<rect width="100%" height="100%" fill="${hex(bgA)}"/>` +
    `<rect width="100%" height="100%" fill="${hex(bgB)}" filter="url(#t)"/>`
  );
}

function scene(index) {
  const font = pick(FONTS);
  const lineCount = int(1, 5);
  // Big text gets fewer lines: the block must fit in the frame.
  const maxSize = Math.min(72, Math.floor((HEIGHT - 2 * MARGIN) / (lineCount * 1.45)));
  const size = int(14, Math.max(14, maxSize));
  const maxChars = Math.floor((WIDTH - 2 * MARGIN) / (size * font.width));
  const lines = Array.from({ length: lineCount }, () => line(maxChars));
  const colours = palette();
  const kind = pick(['plain', 'plain', 'gradient', 'textured']);
  const angle = between(-5, 5);
  const leading = size * between(1.3, 1.7);
  const blockHeight = leading * (lineCount - 1) + size;
  const longest = Math.max(...lines.map((l) => l.length)) * size * font.width;
  const left = between(MARGIN, Math.max(MARGIN, WIDTH - MARGIN - longest));
  const top = between(MARGIN, Math.max(MARGIN, HEIGHT - MARGIN - blockHeight));
  const anchor = random() < 0.25 ? 'middle' : 'start';
  const x = anchor === 'middle' ? WIDTH / 2 : left;
  const texts = lines
    .map(
      (text, i) =>
        `<text x="${x.toFixed(1)}" y="${(top + size * 0.8 + i * leading).toFixed(1)}" text-anchor="${anchor}">${escape(text)}</text>`,
    )
    .join('');
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}">` +
    background(kind, colours) +
    `<g transform="rotate(${angle.toFixed(2)} ${WIDTH / 2} ${HEIGHT / 2})" fill="${hex(colours.ink)}" ` +
    `font-family="${font.family}" font-weight="${font.weight}" font-style="${font.style}" font-size="${size}">` +
    texts +
    `</g></svg>`;
  return {
    name: `ocr-${String(index).padStart(3, '0')}.jpg`,
    svg,
    lines,
    noise: random() < 0.6 ? between(3, 14) : 0,
    meta: {
      font: `${font.family} ${font.weight} ${font.style}`,
      size,
      kind,
      angle: +angle.toFixed(2),
    },
  };
}

/** Gaussian pixel noise (Box–Muller), from the same PRNG. */
function addNoise(data, sigma) {
  for (let i = 0; i < data.length; i += 2) {
    const u = Math.max(random(), 1e-12);
    const v = random();
    const r = Math.sqrt(-2 * Math.log(u)) * sigma;
    data[i] = Math.max(0, Math.min(255, data[i] + r * Math.cos(2 * Math.PI * v)));
    if (i + 1 < data.length)
      data[i + 1] = Math.max(0, Math.min(255, data[i + 1] + r * Math.sin(2 * Math.PI * v)));
  }
}

rmSync(IMAGES, { recursive: true, force: true });
mkdirSync(IMAGES, { recursive: true });
const truth = {};
const details = {};
let bytes = 0;
for (let i = 1; i <= COUNT; i++) {
  const s = scene(i);
  const { data, info } = await sharp(Buffer.from(s.svg))
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  if (s.noise > 0) addNoise(data, s.noise);
  const jpeg = await sharp(data, { raw: info }).jpeg({ quality: 85, mozjpeg: false }).toBuffer();
  writeFileSync(join(IMAGES, s.name), jpeg);
  bytes += jpeg.length;
  truth[s.name] = s.lines.join('\n');
  details[s.name] = { ...s.meta, noise: +s.noise.toFixed(1), lines: s.lines.length };
}
writeFileSync(join(DIR, 'truth.json'), `${JSON.stringify(truth, null, 2)}\n`);
writeFileSync(join(DIR, 'details.json'), `${JSON.stringify(details, null, 2)}\n`);
console.log(
  `${readdirSync(IMAGES).length} images, ${(bytes / 1024 / 1024).toFixed(2)} MB, in ${IMAGES}`,
);
