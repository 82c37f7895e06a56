// Splitting a title into lines by character count, for charts that have no measured layout
// (the matrix's point labels).

/** Splits a title into at most `max` lines of about `width` characters. */
export function wrap(text, width = 20, max = 3) {
  const words = text.split(/\s+/);
  const lines = [];
  let line = '';
  for (const word of words) {
    if (line && (line + ' ' + word).length > width) { lines.push(line); line = word; } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  if (lines.length > max) {
    const kept = lines.slice(0, max);
    kept[max - 1] = `${kept[max - 1]}…`;
    return kept;
  }
  return lines;
}
