import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { barChartSpec, renderPng, type BarPanel } from '../../src/render/chart.js';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function panel(title: string, labels: readonly string[]): BarPanel {
  return {
    title,
    direction: 'horizontal',
    bars: labels.map((label, i) => ({ label, value: i + 1 })),
  };
}

/** Width and height from the PNG's IHDR chunk. */
function pngSize(png: Buffer): { width: number; height: number } {
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

describe('bar charts as PNG', () => {
  it('renders a PNG image', async () => {
    const png = await renderPng(barChartSpec([panel('Papers by category', ['CV', 'LG'])]));
    assert.deepEqual(png.subarray(0, 8), PNG_SIGNATURE);
    const { width, height } = pngSize(png);
    assert.ok(width > 200 && height > 50, `${width}×${height}`);
  });

  // Vega sizes text by character count alone without a canvas, so two labels of equal length
  // lay out identically: the images differ only if glyphs were drawn, from the bundled font.
  it('draws the text with its bundled font, whatever fonts the machine has', async () => {
    const a = await renderPng(barChartSpec([panel('AAAA', ['IIII', 'IIII2'])]));
    const b = await renderPng(barChartSpec([panel('WWWW', ['MMMM', 'MMMM2'])]));
    assert.deepEqual(pngSize(a), pngSize(b));
    assert.notDeepEqual(a, b);
  });

  it('stacks series within a bar and leaves out empty panels', async () => {
    const spec = barChartSpec([
      {
        title: 'Questions a week',
        direction: 'vertical',
        bars: [
          { label: '2026-11-23', value: 3, series: 'answered' },
          { label: '2026-11-23', value: 1, series: 'declined' },
        ],
      },
      panel('Nothing yet', []),
    ]);
    assert.equal('vconcat' in spec && spec.vconcat.length, 1);
    assert.deepEqual((await renderPng(spec)).subarray(0, 8), PNG_SIGNATURE);
  });
});
