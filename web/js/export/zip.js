// A tiny zip writer: stored (uncompressed) entries with their CRC-32, a central directory
// and its end record (PKWARE APPNOTE 6.3, the parts every unzip reads). Written here rather
// than taken from a library because the pages load nothing from elsewhere (no bundler, no
// CDN: the server often runs offline in a meeting room) and the slide pack needs only
// this much: SVG compresses well but PNG does not, so deflate would buy little.
// Names are UTF-8 (general purpose bit 11); no zip64, so each file and the whole archive
// stay under 4 GB, far above a slide pack.

let table = null;

/** The CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320) of `bytes`. */
export function crc32(bytes) {
  if (!table) {
    table = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) crc = table[(crc ^ bytes[i]) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** DOS date and time of `when` (the zip's own format, local time, 2-second steps). */
function dosTime(when) {
  const time = (when.getHours() << 11) | (when.getMinutes() << 5) | Math.floor(when.getSeconds() / 2);
  const date = (Math.max(0, when.getFullYear() - 1980) << 9) | ((when.getMonth() + 1) << 5) | when.getDate();
  return { time, date };
}

/**
 * A zip archive of `files` ([{name, data: Uint8Array | string}]) as a Uint8Array.
 * Strings are stored as UTF-8.
 */
export function zipFiles(files, when = new Date()) {
  const encoder = new TextEncoder();
  const { time, date } = dosTime(when);
  const entries = files.map((file) => {
    const data = typeof file.data === 'string' ? encoder.encode(file.data) : file.data;
    return { name: encoder.encode(file.name), data, crc: crc32(data) };
  });
  const size = entries.reduce((n, e) => n + 30 + e.name.length + e.data.length + 46 + e.name.length, 0) + 22;
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  let at = 0;
  const u16 = (v) => { view.setUint16(at, v, true); at += 2; };
  const u32 = (v) => { view.setUint32(at, v >>> 0, true); at += 4; };
  const bytes = (b) => { out.set(b, at); at += b.length; };
  // The fields a local header and a central directory entry share, from "version needed" on.
  const common = (e) => { u16(20); u16(0x0800); u16(0); u16(time); u16(date); u32(e.crc); u32(e.data.length); u32(e.data.length); u16(e.name.length); u16(0); };
  for (const e of entries) {
    e.offset = at;
    u32(0x04034b50); common(e); bytes(e.name); bytes(e.data);
  }
  const directory = at;
  for (const e of entries) {
    u32(0x02014b50); u16(20); common(e); u16(0); u16(0); u16(0); u32(0); u32(e.offset); bytes(e.name);
  }
  const directorySize = at - directory;
  u32(0x06054b50); u16(0); u16(0); u16(entries.length); u16(entries.length); u32(directorySize); u32(directory); u16(0);
  return out;
}
