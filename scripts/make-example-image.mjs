#!/usr/bin/env node
/**
 * Renders the example test image of the shipped VTR spec
 * (workflows/images/sold-sign.png): a sign reading "HOUSE FOR SALE" over
 * "SOLD", drawn from SVG by sharp. Deterministic on one machine (fixed size,
 * colours, font stack); the PNG is committed, so nobody needs to run this
 * unless they change the picture. `init` writes the same bytes.
 *
 *   node scripts/make-example-image.mjs [OUT.png]
 */
import { Buffer } from 'node:buffer';
import { writeFileSync } from 'node:fs';
import sharp from 'sharp';

export const EXAMPLE_SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="480" height="240">
  <rect width="480" height="240" fill="#f4f1e8"/>
  <rect x="20" y="20" width="440" height="200" rx="12" fill="#ffffff" stroke="#1d3557" stroke-width="6"/>
  <text x="240" y="95" font-family="DejaVu Sans, Arial, sans-serif" font-size="40" font-weight="bold" fill="#1d3557" text-anchor="middle">HOUSE FOR SALE</text>
  <text x="240" y="180" font-family="DejaVu Sans, Arial, sans-serif" font-size="64" font-weight="bold" fill="#c1121f" text-anchor="middle">SOLD</text>
</svg>`;

const out = process.argv[2] ?? 'workflows/images/sold-sign.png';
const png = await sharp(Buffer.from(EXAMPLE_SVG))
  .png({ compressionLevel: 9, palette: true })
  .toBuffer();
writeFileSync(out, png);
console.log(`${out}: ${png.length} bytes`);
