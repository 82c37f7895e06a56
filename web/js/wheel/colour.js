// WCAG contrast for the wheel's texts: plugin colours are chosen for fills, not for text,
// so the texts use the colour darkened just enough to reach 4.5:1 against their background.

function channels(hex) {
  const value = hex.replace('#', '');
  const full = value.length === 3 ? value.split('').map((c) => c + c).join('') : value;
  return [0, 2, 4].map((i) => parseInt(full.slice(i, i + 2), 16));
}

function luminance(rgb) {
  const [r, g, b] = rgb.map((c) => {
    const v = c / 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

export function contrast(a, b) {
  const [la, lb] = [luminance(channels(a)), luminance(channels(b))].sort((x, y) => y - x);
  return (la + 0.05) / (lb + 0.05);
}

const hex = (rgb) => `#${rgb.map((c) => Math.round(c).toString(16).padStart(2, '0')).join('')}`;

/**
 * `colour` mixed with black in small steps until it reaches `ratio` against `against`
 * (4.6 leaves room for rounding). Colours that already pass come back unchanged.
 */
export function darkenFor(colour, against, ratio = 4.6) {
  if (!/^#[0-9a-f]{3}([0-9a-f]{3})?$/i.test(colour || '')) return '#1a1f27';
  const rgb = channels(colour);
  for (let k = 0; k <= 20; k++) {
    const mixed = rgb.map((c) => c * (1 - k * 0.05));
    if (contrast(hex(mixed), against) >= ratio) return hex(mixed);
  }
  return '#000000';
}
