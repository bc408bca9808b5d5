import { createRequire } from 'node:module';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import type { TopLevelSpec } from 'vega-lite';

/**
 * Bar charts as PNG images: Vega-Lite compiles the chart, vega lays it out headless
 * (no canvas, no browser) into SVG, and resvg rasterises it. resvg draws text only with
 * fonts it was given; a server image may have no fonts at all, so the DejaVu Sans files
 * of an npm package are loaded and system fonts are not looked up.
 */

const FONT_FAMILY = 'DejaVu Sans';
const requireFromHere = createRequire(import.meta.url);
const FONT_FILES = ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf'].map((file) =>
  requireFromHere.resolve(`dejavu-fonts-ttf/ttf/${file}`),
);

const PANEL_WIDTH = 520;
const BAR_STEP = 18;
const LABEL_LIMIT = 260;
const COLORS = ['#5865f2', '#ed4245', '#57f287', '#fee75c'];

interface Bar {
  label: string;
  value: number;
  /** Stacked series within one bar ("answered", "declined"); one series when absent. */
  series?: string;
}

export interface BarPanel {
  title: string;
  bars: readonly Bar[];
  /** Vertical bars read as a timeline (years, weeks); horizontal bars fit long labels. */
  direction: 'vertical' | 'horizontal';
}

type PanelSpec = Extract<TopLevelSpec, { vconcat: unknown }>['vconcat'][number];

function panelSpec(panel: BarPanel): PanelSpec {
  const stacked = panel.bars.some((b) => b.series !== undefined);
  const labels = [...new Set(panel.bars.map((b) => b.label))];
  const category = {
    field: 'label',
    type: 'nominal' as const,
    sort: labels,
    title: null,
    axis: { labelLimit: LABEL_LIMIT, labelAngle: panel.direction === 'vertical' ? -45 : 0 },
  };
  const amount = {
    field: 'value',
    type: 'quantitative' as const,
    title: null,
    axis: { tickMinStep: 1 },
  };
  return {
    title: panel.title,
    data: { values: panel.bars.map((b) => ({ ...b, series: b.series ?? panel.title })) },
    mark: { type: 'bar', tooltip: false },
    width: panel.direction === 'vertical' ? PANEL_WIDTH : PANEL_WIDTH - LABEL_LIMIT,
    ...(panel.direction === 'horizontal' ? { height: { step: BAR_STEP } } : { height: 160 }),
    encoding: {
      ...(panel.direction === 'vertical' ? { x: category, y: amount } : { y: category, x: amount }),
      color: stacked
        ? { field: 'series', type: 'nominal' as const, title: null, legend: { orient: 'top' } }
        : { value: COLORS[0] },
    },
  };
}

/** One image of panels stacked top to bottom, each its own bar chart. */
export function barChartSpec(panels: readonly BarPanel[]): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    background: 'white',
    padding: 16,
    config: {
      font: FONT_FAMILY,
      title: { fontSize: 14, anchor: 'start' },
      range: { category: COLORS },
      view: { stroke: null },
    },
    resolve: { scale: { color: 'independent' } },
    vconcat: panels.filter((p) => p.bars.length > 0).map(panelSpec),
  };
}

/**
 * Lays out and rasterises a chart; CPU-bound work, so it runs on the chart thread. The chart
 * libraries are loaded here, on that thread only: once vega-lite is loaded, importing discord.js
 * fails (its bundled inspector chokes on Set.prototype), so the two never share a thread.
 */
async function drawPng(spec: TopLevelSpec): Promise<Buffer> {
  const [{ Resvg }, { parse, View }, { compile }] = await Promise.all([
    import('@resvg/resvg-js'),
    import('vega'),
    import('vega-lite'),
  ]);
  const view = new View(parse(compile(spec).spec), { renderer: 'none' });
  try {
    const svg = await view.toSVG();
    const image = new Resvg(svg, {
      background: 'white',
      fitTo: { mode: 'zoom', value: 2 },
      font: {
        loadSystemFonts: false,
        fontFiles: FONT_FILES,
        defaultFontFamily: FONT_FAMILY,
        sansSerifFamily: FONT_FAMILY,
      },
    });
    return image.render().asPng();
  } finally {
    view.finalize();
  }
}

type ChartJob = { id: number; spec: TopLevelSpec };
type ChartResult = { id: number; png: Uint8Array } | { id: number; error: string };
const CHART_THREAD = 'paperbot-chart';

/**
 * Drawing takes a few hundred milliseconds of CPU; on the bot's own thread it would hold up
 * every other interaction meanwhile. One worker thread (this same module) draws instead, and
 * is let go of while idle so it never keeps a finished process alive.
 */
class ChartThread {
  private worker: Worker | undefined;
  private nextId = 0;
  private readonly pending = new Map<
    number,
    { resolve: (png: Buffer) => void; reject: (error: Error) => void }
  >();

  draw(spec: TopLevelSpec): Promise<Buffer> {
    const worker = this.start();
    const id = (this.nextId += 1);
    const result = new Promise<Buffer>((resolve, reject) =>
      this.pending.set(id, { resolve, reject }),
    );
    worker.ref();
    worker.postMessage({ id, spec } satisfies ChartJob);
    return result;
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(workerScript(), { eval: true, workerData: { role: CHART_THREAD } });
    worker.on('message', (message: ChartResult) => this.settle(message));
    worker.on('error', (error) => this.failAll(error));
    worker.on('exit', () => {
      this.worker = undefined;
      this.failAll(new Error('the chart thread stopped'));
    });
    this.worker = worker;
    return worker;
  }

  private settle(message: ChartResult): void {
    const job = this.pending.get(message.id);
    this.pending.delete(message.id);
    if ('png' in message) job?.resolve(Buffer.from(message.png));
    else job?.reject(new Error(message.error));
    if (this.pending.size === 0) this.worker?.unref();
  }

  private failAll(error: Error): void {
    for (const job of this.pending.values()) job.reject(error);
    this.pending.clear();
  }
}

/**
 * The worker loads this module. Run from TypeScript sources (the tests, through tsx), it must
 * register tsx first: Node 20 does not hand the parent's loader hooks to a worker.
 */
function workerScript(): string {
  const load = `import(${JSON.stringify(import.meta.url)})`;
  return import.meta.url.endsWith('.ts')
    ? `import('tsx/esm/api').then(({ register }) => { register(); return ${load}; });`
    : `${load};`;
}

const chartThread = new ChartThread();

export function renderPng(spec: TopLevelSpec): Promise<Buffer> {
  return chartThread.draw(spec);
}

const chartPort = isMainThread ? null : parentPort;
if (chartPort && (workerData as { role?: unknown } | null)?.role === CHART_THREAD) {
  chartPort.on('message', ({ id, spec }: ChartJob) => {
    drawPng(spec).then(
      (png) => chartPort.postMessage({ id, png } satisfies ChartResult),
      (error: unknown) => chartPort.postMessage({ id, error: String(error) } satisfies ChartResult),
    );
  });
}
