// Draws the add-in's icons (assets/icon-16.png … icon-128.png) with Node built-ins only: a rounded
// tile with three bars in status colours (réalisé, en cours, non commencé), like a tracking table.
//   node tools/make-icons.js
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');

const SIZES = [16, 32, 64, 80, 128];
const TILE = [0x1f, 0x4e, 0x79];
const BARS = [
  [0x00, 0xb0, 0x50],
  [0xff, 0xc0, 0x00],
  [0xff, 0x99, 0x99],
];

function crc32(buf) {
  let c = ~0;
  for (const byte of buf) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c >>> 0;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

function png(size, pixel) {
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    for (let x = 0; x < size; x++) {
      const [r, g, b, a] = pixel(x + 0.5, y + 0.5);
      const o = y * (size * 4 + 1) + 1 + x * 4;
      raw[o] = r;
      raw[o + 1] = g;
      raw[o + 2] = b;
      raw[o + 3] = a;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8;
  ihdr[9] = 6;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function insideRounded(x, y, x0, y0, x1, y1, radius) {
  const cx = Math.min(Math.max(x, x0 + radius), x1 - radius);
  const cy = Math.min(Math.max(y, y0 + radius), y1 - radius);
  return (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2;
}

function icon(size) {
  const s = size / 16;
  return png(size, (x, y) => {
    if (!insideRounded(x, y, 0, 0, size, size, 3 * s)) return [0, 0, 0, 0];
    for (let i = 0; i < BARS.length; i++) {
      const top = (3 + i * 3.7) * s;
      if (y >= top && y < top + 2.6 * s && x >= 3 * s && x < 13 * s) {
        const swatch = x < 5.6 * s;
        return swatch ? [...BARS[i], 255] : [255, 255, 255, 255];
      }
    }
    return [...TILE, 255];
  });
}

const out = path.join(__dirname, '..', 'assets');
fs.mkdirSync(out, { recursive: true });
for (const size of SIZES) fs.writeFileSync(path.join(out, `icon-${size}.png`), icon(size));
console.log(`${SIZES.length} icônes écrites dans assets/`);
